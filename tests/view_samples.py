"""One view of every kind, built with chosen text, for the renderer tests of every platform."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from core.domain.levels import LEVEL_NAMES, PRIORITY_NAMES, ease_label
from core.views.activity import (
    BudgetListView,
    BudgetRowView,
    CheckinView,
    GoalListView,
    GoalRowView,
    LedgerRowView,
    LedgerView,
    ProgressView,
    StreakView,
    TrackProgressView,
)
from core.views.base import Notice, View
from core.views.group_sessions import (
    GroupSessionListView,
    GroupSessionReminderView,
    GroupSessionRowView,
    SessionAttendanceView,
)
from core.views.member import (
    CohortView,
    HelpEntryView,
    HelpView,
    MeView,
    ScheduledRowView,
    ScheduleEntryView,
    SchedulePreviewView,
)
from core.views.plans import (
    PlanCheckView,
    PlanSlotView,
    PlanView,
    SkillEstimateView,
    SkillListView,
    SkillRowView,
    TargetCutView,
)
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
from core.views.reports import (
    AtRiskView,
    BlockerView,
    BoardBudgetRowView,
    BoardBudgetsView,
    CommitmentRowView,
    DigestStudentView,
    DigestView,
    LeaderboardRowView,
    LeaderboardView,
)
from core.views.roadmaps import RoadmapItemView, RoadmapPhaseView, RoadmapSuggestionView, RoadmapView
from core.views.scheduled import (
    BudgetWeekRowView,
    HoursCheckinView,
    QuickLogView,
    ReassessDueView,
    ReassessmentView,
    ReassessSkillView,
    WeeklyReminderView,
    WeeklyStatusView,
)
from core.views.sessions import SessionStateView, SessionView, TimerDmView

WEEK = (date(2026, 11, 16), date(2026, 11, 22))
CHANNEL_ID = "123456789012345678"


# --- Builders: representative views, with the user-written text as a parameter -----------------
def skill_row(number: int, name: str = "Python", notes: str | None = "Daily katas") -> SkillRowView:
    return SkillRowView(
        number=number,
        name=name,
        kind="general" if number % 2 else "specific",
        priority=1 + number % 3,
        priority_label=PRIORITY_NAMES[1 + number % 3],
        current=1,
        current_label=LEVEL_NAMES[1],
        target=3,
        target_label=LEVEL_NAMES[3],
        gap=2,
        notes=notes,
        ease=None if number % 4 == 0 else 1 + number % 3,
        ease_label=ease_label(None if number % 4 == 0 else 1 + number % 3),
    )


def skill_list(count: int = 10, name: str = "Python", notes: str | None = "Daily katas") -> SkillListView:
    skills = [skill_row(i + 1, f"{name} {i + 1}" if count > 1 else name, notes) for i in range(count)]
    return SkillListView(member="Ada", skills=skills, general=5, specific=5, headline="Added Python.")


def plan_check(name: str = "Python", attainable: bool = False, count: int = 10) -> PlanCheckView:
    skills = [
        SkillEstimateView(
            name=f"{name} {i + 1}" if count > 1 else name,
            kind="general",
            priority=1 + i % 3,
            current=1,
            target=3,
            gap=2,
            hours_needed=55,
            hours_done=12.5 if i % 2 else 0.0,
            hours_left=42.5 if i % 2 else 55.0,
            weeks_to_target=30.5,
            week_reached=31,
        )
        for i in range(count)
    ]
    cuts = [TargetCutView(skill=name, priority=3, from_target=3, to_target=2, hours_saved=40)]
    return PlanCheckView(
        member="Ada",
        complete=attainable,
        missing=[] if attainable else ["plan B: position and industry", "2 more specific skills"],
        skills=skills,
        total_hours=550,
        weekly_hours=6,
        weekly_source="budgets",
        total_weeks=40 if attainable else 92,
        horizon_weeks=52,
        attainable=attainable,
        weekly_hours_needed=None if attainable else 11,
        cuts=[] if attainable else cuts,
        total_weeks_after_cuts=None if attainable else 50,
        quick_wins=[skill.name for skill in skills if skill.priority == 1],
        unrated_ease=count // 4,
    )


def reassess_due(name: str = "SQL") -> ReassessDueView:
    return ReassessDueView(number=2, name=name, current=1, next_level=2, hours_done=16, step_hours=15)


def leaderboard(count: int = 5, name: str = "Grace", metric: str = "hours") -> LeaderboardView:
    rows = [
        LeaderboardRowView(
            rank=i + 1,
            name=f"{name} {i + 1}" if count > 1 else name,
            value=30 - i * 0.01 if metric == "hours" else 10,
        )
        for i in range(count)
    ]
    return LeaderboardView.model_validate(
        {
            "cohort": "CS101",
            "metric": metric,
            "period": "week",
            "label": "week 47 (16–22 Nov)",
            "start": WEEK[0],
            "end": WEEK[1],
            "rows": rows,
            "hidden_count": 2,
        }
    )


def board_budgets(count: int = 5, name: str = "Grace") -> BoardBudgetsView:
    """The private bands behind an hours board: the member's own (count 1) or everyone's."""
    rows = [
        BoardBudgetRowView(
            name=f"{name} {i + 1}" if count > 1 else name,
            hours=30 - i * 0.01,
            budget_min_hours=5,
            budget_max_hours=7 if i % 2 else None,
            status="over",
        )
        for i in range(count)
    ]
    return BoardBudgetsView(
        cohort="CS101", label="week 2026-W47 (Mon 16 Nov – Sun 22 Nov)", mine=count == 1, rows=rows
    )


def digest(count: int = 5, name: str = "Linus") -> DigestView:
    rows = [
        DigestStudentView(
            name=f"{name} {i + 1}" if count > 1 else name,
            hours=3.5,
            budget_min_hours=5,
            budget_max_hours=7,
            status="under",
            streak=2,
            levels_gained=1,
            paused=i == 0,
            plan_hours_done=2.5 if i % 2 else 0.0,
            plan_hours_left=None if i == 1 else 420.0,
        )
        for i in range(count)
    ]
    at_risk = [
        AtRiskView(name=f"{name} {i + 1}" if count > 1 else name, reasons=["no check-in for 2 weeks"])
        for i in range(0, count, 2)
    ]
    return DigestView(
        cohort="CS101",
        week="2026-W47",
        label="week 47 (16–22 Nov)",
        start=WEEK[0],
        end=WEEK[1],
        checked_in=max(count - 1, 0),
        students=count,
        total_hours=3.5 * count,
        rows=rows,
        at_risk=at_risk,
        month="November",
        levels_gained_this_month=count,
        unreachable=1,
        sessions=[
            SessionAttendanceView(title=name, day="Tue 17 Nov", rsvped=9, rsvped_came=7, others_came=2),
            SessionAttendanceView(title=name, day="Thu 19 Nov", rsvped=0, rsvped_came=0, others_came=3),
        ],
    )


def week_rows(track: str = "dsa") -> list[BudgetWeekRowView]:
    return [
        BudgetWeekRowView(track=track, hours=3, min_hours=5, max_hours=7, status="under"),
        BudgetWeekRowView(track="reading", hours=2, min_hours=1, max_hours=2, status="within"),
        BudgetWeekRowView(
            track=track,
            hours=1,
            min_hours=4,
            max_hours=6,
            status="under",
            month_to_date=True,
            due_hours=2.4,
            on_pace=False,
        ),
        BudgetWeekRowView(
            track="all tracks (cohort default)", hours=2, min_hours=6, max_hours=None, status="under"
        ),
    ]


def all_views(text: str = "Python", notes: str = "Daily katas") -> list[View]:
    """One view of every kind, with ``text`` wherever a user writes a name and ``notes`` for prose."""
    return [
        Notice(text=f"Skill {text} added. {notes}"),
        CohortView(
            name=text,
            timezone="Europe/Berlin",
            channel_id=CHANNEL_ID,
            term_start=date(2026, 9, 1),
            term_end=None,
            horizon_weeks=52,
            step_hours=[5, 15, 40, 100, 200],
            default_weekly_hours=6,
            students=24,
            instructors=2,
            your_role="instructor",
            instructor_names=["Prof", text],
            schedule=[ScheduleEntryView(kind="weekly_reminder", enabled=True, cron="0 9 * * mon")],
            focus=notes,
            headline=f"Created cohort {text}; you are its instructor.",
            reflection_questions=[f"Done: What did you do on {text}?", notes],
        ),
        PlanView(
            member=text,
            plans=[
                PlanSlotView(slot="A", position=text, industry="Fintech", rationale=notes),
                PlanSlotView(slot="B", position="Data engineer", industry=text, rationale=None),
            ],
            general_skills=5,
            specific_skills=4,
            headline="Saved plan A.",
        ),
        skill_list(10, text, notes),
        plan_check(text),
        plan_check(text, attainable=True),
        BudgetListView(
            budgets=[
                BudgetRowView(track=text, min_hours=5, max_hours=7, period="week", weekly_min_hours=5),
                BudgetRowView(
                    track="reading", min_hours=4, max_hours=8, period="month", weekly_min_hours=0.92
                ),
            ],
            weekly_hours=5.92,
            uses_default=False,
            headline=f"Budget for {text} saved.",
        ),
        CheckinView(
            hours=1.5,
            track="dsa",
            local_date=date(2026, 11, 18),
            skill=text,
            week="2026-W47",
            track_week_hours=3,
            budget_min_hours=5,
            budget_max_hours=7,
            budget_status="under",
        ),
        LedgerView(
            period="week",
            start=WEEK[0],
            rows=[
                LedgerRowView(
                    number=1, local_date=date(2026, 11, 18), hours=1.5, track="dsa", skill=text, note=notes
                ),
                LedgerRowView(
                    number=2,
                    local_date=date(2026, 11, 17),
                    hours=2,
                    track="dsa",
                    skill=None,
                    note=None,
                    source="voice",
                ),
            ],
            total_hours=3.5,
            headline="Removed check-in 3: 1h of dsa on Mon 16 Nov.",
        ),
        ProgressView(
            member=text,
            period="week",
            label="week 47 (16–22 Nov)",
            start=WEEK[0],
            end=WEEK[1],
            days_left=4,
            tracks=[
                TrackProgressView(track=text, hours=6, min_hours=5, max_hours=7, status="within"),
                TrackProgressView(track="reading", hours=1, min_hours=None, max_hours=None, status=None),
            ],
            total_hours=7,
            streak=3,
            paused_until=None,
            commitments=[CommitmentView(track=text[:32], planned_hours=6, done_hours=6.5)],
        ),
        StreakView(current=3, best=5, this_week_met=False, weekly_target="dsa 5h", paused_until=None),
        GoalListView(
            goals=[
                GoalRowView(
                    number=1,
                    horizon="short",
                    horizon_label="Short term (1–2 years)",
                    text=notes,
                    visibility="private",
                ),
                GoalRowView(
                    number=2,
                    horizon="long",
                    horizon_label="Long term (5+ years)",
                    text=text,
                    visibility="shared",
                    achieved_on=date(2026, 11, 30),
                    tags=[text, "ml"],
                ),
            ],
            headline="Added a short-term goal (private).",
        ),
        MeView(
            display_name=text,
            cohort="CS101",
            role="student",
            timezone="Europe/Berlin",
            timezone_is_cohorts=True,
            dms_enabled=True,
            leaderboard_visible=False,
            paused_until=date(2026, 12, 1),
            headline="Welcome back!",
        ),
        HelpView(
            entries=[
                HelpEntryView(usage="/checkin HOURS TRACK", summary="Log study hours."),
                HelpEntryView(usage='/skill add "NAME" general|specific', summary="Add a skill."),
            ],
            detail=None,
        ),
        WeeklyReminderView(cohort=text, week="2026-W47", term_week=12, focus=notes),
        WeeklyStatusView(
            member=text,
            last_week="week 46",
            rows=week_rows(text),
            this_week="week 47",
            targets=[BudgetRowView(track=text, min_hours=5, max_hours=7, period="week", weekly_min_hours=5)],
            streak=2,
            reassess_due=[reassess_due(text)],
        ),
        HoursCheckinView(
            member=text,
            week="2026-W47",
            rows=week_rows(text),
            quick_log=[QuickLogView(track="dsa", minutes=30, label="30m dsa", command="/checkin 30m dsa")],
            reassess_due=[reassess_due(text)],
            reflection=reflection_prompt(text),
        ),
        ReassessmentView(
            member=text,
            month="November",
            skills=[
                ReassessSkillView(
                    name=text, current=1, current_label=LEVEL_NAMES[1], target=3, target_label=LEVEL_NAMES[3]
                )
            ],
        ),
        leaderboard(5, text),
        leaderboard(5, text, metric="streak"),
        board_budgets(5, text),  # an instructor's: names shown (a member's own has none)
        digest(5, text),
        roadmap(3, text, notes),
        SessionView(
            action="status",
            state=SessionStateView(
                kind="timer",
                track=text,
                skill=notes,
                since="10:00",
                counted_minutes=75,
                planned_minutes=50,
                cycles=4,
                break_minutes=10,
                period=2,
                state="focus",
                period_ends="11:50",
                ends="13:50",
            ),
        ),
        TimerDmView(
            session_id=7, period=4, cycles=4, track=text, period_minutes=50, total_minutes=200, final=True
        ),
        GroupSessionListView(
            cohort=text,
            timezone="Europe/Berlin",
            rows=[
                GroupSessionRowView(
                    number=1,
                    title=text,
                    day="Tue",
                    start="19:00",
                    minutes=90,
                    room=f"<#{CHANNEL_ID}>",
                    next_label="Tue 24 Nov 19:00",
                    going=3,
                    mine=True,
                )
            ],
            headline=f"Planned session 1, {text}.",
        ),
        GroupSessionReminderView(
            cohort=text,
            group_session_id=7,
            number=1,
            occurrence="2026-11-24",
            title=text,
            start="19:00",
            minutes=90,
            room=f"<#{CHANNEL_ID}>",
            going=3,
        ),
        SchedulePreviewView(
            cohort=text,
            start=date(2026, 11, 16),
            days=7,
            rows=[
                ScheduledRowView(kind="weekly_reminder", recipient=text, local_time="09:00", utc_time="08:00")
            ],
        ),
        *reflection_views(text, notes),
    ]


# --- Reflections and reminders (issue 20) -------------------------------------------------------
REFLECTION_WEEK, REFLECTION_LABEL, REFLECTION_UNTIL = "2026-W49", "Mon 30 Nov – Sun 6 Dec", "Mon 7 Dec 08:00"


def reflection_answers(text: str = "Python", notes: str = "Daily katas") -> list[ReflectionAnswerView]:
    return [
        ReflectionAnswerView(
            key="q1", role="done", question="What did you get done this week?", answer=notes
        ),
        ReflectionAnswerView(
            key="q2", role="next", question="What will you do next week?", answer=f"6h {text}"
        ),
        ReflectionAnswerView(key="q3", role="blocked", question="What's blocking you?", answer=notes),
        ReflectionAnswerView(key="q4", question=f"What did you learn about {text}?"[:45], answer=""),
    ]


def reflection_prompt(text: str = "Python", answered: bool = False) -> ReflectionPromptView:
    return ReflectionPromptView(
        week=REFLECTION_WEEK,
        week_label=REFLECTION_LABEL,
        answered=answered,
        editable_until=REFLECTION_UNTIL,
        last_commitments=[CommitmentView(track=text[:32], planned_hours=6, done_hours=4.5)],
        open_blocker=f"{text} setup",
        open_blocker_week="2026-W48",
    )


def reflection_digest(count: int = 5, name: str = "Linus", notes: str = "Daily katas") -> DigestView:
    """A digest with commitments and blockers (``count`` of each)."""
    return digest(count, name).model_copy(
        update={
            "reflections_answered": count - 1,
            "commitments": [
                CommitmentRowView(
                    name=f"{name} {i}",
                    met=i % 2 == 0,
                    commitments=[CommitmentView(track="dsa", planned_hours=6, done_hours=3 + i)] if i else [],
                    text="" if i else notes,
                )
                for i in range(count)
            ],
            "blockers": [
                BlockerView(name=f"{name} {i}", member_id=i + 1, week="2026-W47", text=notes, still=i == 0)
                for i in range(count)
            ],
        }
    )


def nudge(text: str = "Python", lines: int = 2) -> NudgeView:
    return NudgeView(
        member=text,
        week=REFLECTION_WEEK,
        lines=[
            NudgeLineView(
                track="dsa" if n % 2 == 0 else "all tracks",
                done_hours=1,
                min_hours=5,
                max_hours=7 if n % 2 == 0 else None,
                days_left=4,
                session_minutes=25 + 5 * n,
            )
            for n in range(lines)
        ],
    )


def reflection_views(text: str = "Python", notes: str = "Daily katas") -> list[View]:
    """One of every reflection and reminder view, and a digest with its reflection part (the
    check-in DM above carries its reflection prompt)."""
    answers = reflection_answers(text, notes)
    reflection = ReflectionView(
        headline=f"Saved your reflection on {REFLECTION_LABEL}.",
        member=text,
        cohort="CS101",
        week=REFLECTION_WEEK,
        week_label=REFLECTION_LABEL,
        answers=answers,
        commitments=[CommitmentView(track=text[:32], planned_hours=6, done_hours=0)],
        last_commitments=[CommitmentView(track="dsa", planned_hours=6, done_hours=4.5)],
        open_blocker=notes,
        open_blocker_week="2026-W48",
        editable_until=REFLECTION_UNTIL,
    )
    return [
        ReflectionFormView(
            cohort="CS101",
            week=REFLECTION_WEEK,
            week_label=REFLECTION_LABEL,
            questions=answers,
            editable_until=REFLECTION_UNTIL,
            editing=True,
            open_blocker=notes,
        ),
        reflection,
        SharedReflectionView(member=text, week=REFLECTION_WEEK, week_label=REFLECTION_LABEL, answers=answers),
        ReflectionListView(
            cohort="CS101",
            week=REFLECTION_WEEK,
            week_label=REFLECTION_LABEL,
            answered=1,
            students=2,
            rows=[
                ReflectionRowView(
                    name=text, answered=True, answers=answers, commitments=reflection.commitments
                ),
                ReflectionRowView(name="Grace", answered=False),
            ],
        ),
        BlockerReplyView(instructor=text, cohort="CS101", week="2026-W48", blocker=notes, reply=notes),
        ReflectionReminderView(member=text, prompt=reflection_prompt(text)),
        nudge(text),
        reflection_digest(3, text, notes),
    ]


def roadmap(items: int, text: str = "Python", notes: str = "Daily katas") -> RoadmapView:
    """A roadmap of two phases with ``items`` items each, the first ones done."""
    phases = [
        RoadmapPhaseView(
            title=f"{text} phase {p}",
            done=1,
            total=items,
            window="Sep 2026 → Jun 2027" if p == 1 else None,
            items=[
                RoadmapItemView(
                    number=(p - 1) * items + n,
                    text=f"{notes} {n}",
                    done=n == 1,
                    depth=n % 3,
                    section=text if n > items // 2 else None,
                )
                for n in range(1, items + 1)
            ],
        )
        for p in (1, 2)
    ]
    suggestion = RoadmapSuggestionView(
        number=1, kind="budget", text=f"{text}: 5–7 h per week", command="/roadmap accept 1", accepted=False
    )
    return RoadmapView(
        title=text,
        done=2,
        total=2 * items,
        percent=100 // items,
        phases=phases,
        suggestions=[suggestion],
        headline=f"Imported your roadmap: {text}",
        notes=("Stride repaired it.",),
    )


V = TypeVar("V", bound=View)


def of_kind(kind: type[V], text: str = "Python", notes: str = "Daily katas") -> V:
    return next(view for view in all_views(text, notes) if isinstance(view, kind))


def ledger(count: int, note: str = "Daily katas") -> LedgerView:
    """A month's list of ``count`` check-ins, each with a skill and ``note``."""
    rows = [
        LedgerRowView(
            number=n,
            local_date=date(2026, 11, 30 - n % 29),
            hours=0.5 + n % 5,
            track="dsa",
            skill=f"Python {n}",
            note=note,
            source=("typed", "voice", "timer")[n % 3],
        )
        for n in range(1, count + 1)
    ]
    return LedgerView(period="month", start=date(2026, 11, 1), rows=rows, total_hours=100, more=True)
