"""What the reflection services share: the week a command is about, and stored reflections
turned into the views every adapter renders."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.db.uow import UnitOfWork
from core.domain.model import Cohort
from core.domain.reflections import (
    Answer,
    Question,
    Reflection,
    ReflectionWeek,
    cohort_questions,
    instant_label,
    open_week,
    reflection_week,
    reflections_enabled,
    week_label,
    week_number,
)
from core.domain.weeks import local_date, resolve_week, week_start
from core.errors import InvalidInput
from core.services.context import Membership
from core.services.leaderboards import cohort_began
from core.services.reflection_history import (
    History,
    commitment_views,
    last_commitments,
    open_blocker,
)
from core.views.reflections import ReflectionAnswerView, ReflectionView

REMINDER_KIND = "reflection_reminder"
SHARE_KIND = "reflection_share"
ANSWERED = "answered"
"""Why a reflection reminder was skipped: the member answered before it went out."""
TRACK_WEEKS = 8
"""Tracks logged this many weeks back count as the member's for the commitment parser."""
REFLECT_EXAMPLE = '/reflect done="two graph problems" next="6h dsa" blocked="nothing"'


def require_enabled(cohort: Cohort) -> None:
    if not reflections_enabled(cohort.settings):
        raise InvalidInput(
            f"Weekly reflections are off in {cohort.name}; ask an instructor to turn them on "
            "with /cohort reflection on."
        )


def closed_message(week: ReflectionWeek, now_open: ReflectionWeek, zone: ZoneInfo, today: date) -> str:
    """``Week 49's reflection closed when its digest went out on Mon 7 Dec 08:00; this
    week's is open: /reflect …``."""
    mine = now_open.monday == week_start(today)
    which = "this week's" if mine else f"week {week_number(now_open.key)}'s"
    return (
        f"Week {week_number(week.key)}'s reflection closed when its digest went out on "
        f"{instant_label(week.locks_at, zone)}; {which} is open: /reflect …"
    )


def chosen_week(found: Membership, now: datetime, week: str | None) -> ReflectionWeek:
    """The week a command names (``last``, ``this`` or ``YYYY-Www``), else the open one."""
    if week is None or not week.strip():
        return open_week(now, found.timezone, found.cohort)
    today = local_date(now, found.timezone)
    monday = resolve_week(week, today, cohort_began(found.cohort, today))
    return reflection_week(monday, found.cohort, found.timezone)


def questions_as_answers(questions: Sequence[Question]) -> tuple[Answer, ...]:
    return tuple(Answer(q.key, q.role, q.text, "") for q in questions)


def asked(cohort: Cohort, own: Reflection | None) -> tuple[Answer, ...]:
    """The questions of a week: as they were asked when it was first answered, else the
    cohort's now."""
    return own.answers if own is not None else questions_as_answers(cohort_questions(cohort.settings))


def answer_views(answers: Sequence[Answer]) -> list[ReflectionAnswerView]:
    return [
        ReflectionAnswerView(key=a.key, role=a.role, question=a.question, answer=a.answer) for a in answers
    ]


async def reflection_view(
    uow: UnitOfWork,
    found: Membership,
    week: ReflectionWeek,
    past: History,
    now: datetime,
    headline: str | None = None,
) -> ReflectionView:
    """The reply to /reflect and /reflect show: the answers, the commitment read from them,
    last week's commitment against what was logged this week, and an open blocker."""
    own = past.own
    blocker = open_blocker(past.previous)
    return ReflectionView(
        headline=headline,
        member=found.member.display_name,
        cohort=found.cohort.name,
        week=week.key,
        week_label=week_label(week.monday),
        answers=answer_views(asked(found.cohort, own)),
        commitments=commitment_views(own.commitments, {}) if own else [],
        last_commitments=await last_commitments(uow, found.member.id, week.key, past),
        open_blocker=blocker.blocked if blocker else None,
        open_blocker_week=blocker.iso_week if blocker else None,
        editable=now < week.locks_at,
        editable_until=instant_label(week.locks_at, found.timezone),
        shared=bool(own and own.shared_at),
    )
