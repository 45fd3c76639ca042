"""One of every reflection and reminder view Slack renders, built with chosen text (the
shared ``tests/view_samples.py`` holds the other views)."""

from __future__ import annotations

from datetime import date

from core.views.base import View
from core.views.reflections import (
    BlockerReplyView,
    CommitmentView,
    NudgeLineView,
    NudgeView,
    ReflectionAnswerView,
    ReflectionFormView,
    ReflectionListView,
    ReflectionPromptView,
    ReflectionReminderView,
    ReflectionRowView,
    ReflectionView,
    SharedReflectionView,
)
from core.views.reports import BlockerView, CommitmentRowView, DigestView
from core.views.scheduled import BudgetWeekRowView, HoursCheckinView, QuickLogView

WEEK, LABEL, UNTIL = "2026-W49", "Mon 30 Nov – Sun 6 Dec", "Mon 7 Dec 08:00"


def answers(text: str) -> list[ReflectionAnswerView]:
    return [
        ReflectionAnswerView(key="q1", role="done", question="What did you get done this week?", answer=text),
        ReflectionAnswerView(key="q2", role="next", question="What will you do next week?", answer="6h dsa"),
        ReflectionAnswerView(key="q3", role="blocked", question="What's blocking you?", answer=text),
        ReflectionAnswerView(key="q4", question=text[:45], answer=""),
    ]


def prompt(text: str = "Graphs", *, answered: bool = False) -> ReflectionPromptView:
    return ReflectionPromptView(
        week=WEEK,
        week_label=LABEL,
        answered=answered,
        editable_until=UNTIL,
        last_commitments=[CommitmentView(track="dsa", planned_hours=6, done_hours=4.5)],
        open_blocker=text,
        open_blocker_week="2026-W48",
    )


def reflection(text: str = "Graphs", **changes: object) -> ReflectionView:
    view = ReflectionView(
        headline="Saved your reflection on week 49.",
        member=text[:100],
        cohort="ML-Fall",
        week=WEEK,
        week_label=LABEL,
        answers=answers(text),
        commitments=[CommitmentView(track="dsa", planned_hours=6, done_hours=0)],
        last_commitments=[CommitmentView(track="dsa", planned_hours=6, done_hours=4.5)],
        open_blocker=text,
        open_blocker_week="2026-W48",
        editable_until=UNTIL,
    )
    return view.model_copy(update=changes)


def nudge(text: str = "dsa", lines: int = 2) -> NudgeView:
    return NudgeView(
        member=text[:100],
        week=WEEK,
        lines=[
            NudgeLineView(
                track=text[:32] if n % 2 == 0 else "all tracks",
                done_hours=1,
                min_hours=5,
                max_hours=7 if n % 2 == 0 else None,
                days_left=4,
                session_minutes=25 if n else 400,
            )
            for n in range(lines)
        ],
    )


def checkin(text: str = "Graphs", reflecting: bool = True) -> HoursCheckinView:
    return HoursCheckinView(
        member=text[:100],
        week=WEEK,
        rows=[BudgetWeekRowView(track="dsa", hours=1, min_hours=5, max_hours=7, status="under")],
        quick_log=[
            QuickLogView(track="dsa", minutes=m, label=f"{m}m dsa", command=f"/checkin {m}m dsa")
            for m in (30, 60)
        ],
        reflection=prompt(text) if reflecting else None,
    )


def digest(text: str = "Graphs", blockers: int = 3) -> DigestView:
    return DigestView(
        cohort="ML-Fall",
        week="2026-W48",
        label="week 48",
        start=date(2026, 11, 23),
        end=date(2026, 11, 29),
        checked_in=3,
        students=4,
        total_hours=12,
        rows=[],
        at_risk=[],
        month="November",
        levels_gained_this_month=1,
        unreachable=0,
        reflections_answered=3,
        commitments=[
            CommitmentRowView(
                name=text[:100],
                met=False,
                commitments=[CommitmentView(track="dsa", planned_hours=6, done_hours=4.5)],
            ),
            CommitmentRowView(
                name="Grace",
                met=True,
                commitments=[CommitmentView(track="ml", planned_hours=2, done_hours=3)],
            ),
        ],
        blockers=[
            BlockerView(
                name=f"{text[:90]} {n}", member_id=n + 1, week="2026-W48", text=text[:200], still=n == 0
            )
            for n in range(blockers)
        ],
    )


def reflection_views(text: str = "Graphs", notes: str = "Daily katas") -> list[View]:
    """One of every reflection view (and the check-in and digest with their new parts)."""
    rows = [
        ReflectionRowView(name=text[:100], answered=True, answers=answers(notes), commitments=[]),
        ReflectionRowView(name="Grace", answered=False),
    ]
    return [
        reflection(notes, member=text[:100]),
        reflection(notes, editable=False, shared=True, open_blocker=None, commitments=[]),
        SharedReflectionView(member=text[:100], week=WEEK, week_label=LABEL, answers=answers(notes)),
        ReflectionListView(cohort="ML-Fall", week=WEEK, week_label=LABEL, answered=1, students=2, rows=rows),
        BlockerReplyView(
            instructor=text[:100], cohort="ML-Fall", week="2026-W48", blocker=notes, reply=notes
        ),
        ReflectionReminderView(member=text[:100], prompt=prompt(notes)),
        ReflectionFormView(
            cohort="ML-Fall",
            week=WEEK,
            week_label=LABEL,
            questions=answers(notes),
            editable_until=UNTIL,
            editing=True,
            open_blocker=notes,
        ),
        nudge(text),
        checkin(notes),
        checkin(notes, reflecting=False),
        digest(notes),
    ]
