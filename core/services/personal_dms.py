"""How the scheduler treats a member's own DMs (issue 20): when they come (quiet hours,
snooze), the weekly check-in DM at most once an ISO week whatever the member's changes of
day or time, and the reflection it carries with its one reminder.

Every rule here moves *when* a row is delivered, never its period key, so the outbox's
unique key still holds each occurrence to one message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.db.uow import UnitOfWork
from core.domain.model import Cohort, Member
from core.domain.reflections import (
    ReflectionWeek,
    instant_label,
    open_week,
    reflection_week,
    reflections_enabled,
    week_label,
)
from core.domain.reminders import DAYS, LOCK_MARGIN, member_cron, place, quiet_hours, reflection_reminder_at
from core.domain.schedule import Kind
from core.domain.weeks import iso_week_key, week_start_of_key
from core.errors import InvalidInput
from core.services.outbox_rows import outbox_row
from core.services.reflection_history import history, last_commitments, open_blocker
from core.services.timer_dms import KIND as TIMER_KIND
from core.views.reflections import ReflectionPromptView, ReflectionReminderView

EXEMPT_KINDS = (TIMER_KIND,)
"""Member DMs that quiet hours and snooze leave alone: a focus timer the member started."""
REPLY_KIND = "blocker_reply"
NOT_SNOOZED_KINDS = (*EXEMPT_KINDS, REPLY_KIND)
"""Member DMs a snooze leaves alone: a snooze holds reminders, not an instructor's reply
(which still waits for the end of quiet hours)."""
REFLECTION_REMINDER = "reflection_reminder"
ASKING_KINDS = (Kind.HOURS_CHECKIN.value, REFLECTION_REMINDER, Kind.NUDGE.value)
"""The DMs that ask something, which a snooze (or *Remind me later*) brings back once."""
REMINDER_KEEP = timedelta(hours=12)
"""How long a reflection reminder may wait to be delivered (never past the week's lock)."""
REPEAT_LOOKBACK = timedelta(days=9)
"""How far back the per-week check reads a member's check-in rows (a week and its edges)."""


def reminder_deadline(kind: str, period_key: str, cohort: Cohort) -> datetime | None:
    """The latest a reflection reminder (or a snooze's repeat of one) may come: 30 minutes
    before its week's reflection closes; None for every other kind."""
    if kind != REFLECTION_REMINDER:
        return None
    try:
        monday = week_start_of_key(period_key.split("~", 1)[0])
    except InvalidInput:
        return None
    return reflection_week(monday, cohort).locks_at - LOCK_MARGIN


def zone_of(member: Member, cohort: Cohort) -> ZoneInfo:
    return ZoneInfo(member.timezone or cohort.timezone)


def deliver_at(member: Member, cohort: Cohort, at: datetime) -> datetime:
    """When a personal DM planned for ``at`` comes: after the member's snooze and outside
    their quiet hours."""
    return place(at, zone_of(member, cohort), quiet_hours(member.quiet_hours), member.snoozed_until)


def placed(row: dict[str, Any], member: Member, cohort: Cohort) -> dict[str, Any]:
    """An outbox row for ``member`` moved by their quiet hours and snooze (its expiry moved
    with it). Use it for every member DM written outside the scheduler's kinds (a reply to
    a blocker), except focus-timer DMs."""
    if row["kind"] in EXEMPT_KINDS or row["status"] != "pending":
        return row
    if row["kind"] in NOT_SNOOZED_KINDS:
        to = place(row["next_attempt_at"], zone_of(member, cohort), quiet_hours(member.quiet_hours), None)
    else:
        to = deliver_at(member, cohort, row["next_attempt_at"])
    shift = to - row["next_attempt_at"]
    return {**row, "due_at": to, "next_attempt_at": to, "expires_at": row["expires_at"] + shift}


def personal_cron(kind: Kind, cron: str, member: Member) -> str:
    """The member's own cron for ``kind``: the check-in DM on their day and time, the
    nudge at their time; every other kind the cohort's."""
    if kind is Kind.HOURS_CHECKIN:
        return member_cron(cron, member.reminder_day, member.reminder_time)
    if kind is Kind.NUDGE:
        return member_cron(cron, None, member.reminder_time)
    return cron


def _weekly(cron: str) -> bool:
    """The cron fires on one weekday (so "once a week" is its rule, not "once a day")."""
    fields = cron.split()
    return fields[2] == "*" and fields[3] == "*" and fields[4].lower() in (*DAYS, *"0123456")


def _span(period: str, weekly: bool) -> str | None:
    """The week (or day) a check-in period key falls in; None for a key of another shape."""
    try:
        day = date.fromisoformat(period[:10])
    except ValueError:
        return None
    return iso_week_key(day) if weekly else day.isoformat()


class CheckinRepeats:
    """The member's check-in (or nudge) rows already written, by week: a change of day or
    time never brings a second one that week."""

    def __init__(self, existing: Mapping[int, list[str]]) -> None:
        self._existing = {member_id: list(periods) for member_id, periods in existing.items()}

    def repeats(self, member: Member, period: str, cron: str) -> bool:
        """Another occurrence of the member's check-in is already written for that week
        (or day, for a cohort whose check-in is not weekly)."""
        weekly = _weekly(cron)
        span = _span(period, weekly)
        return span is not None and any(
            other.split("~")[0] != period and _span(other, weekly) == span
            for other in self._existing.get(member.id, [])
        )

    def add(self, member: Member, period: str) -> None:
        self._existing.setdefault(member.id, []).append(period)


WEEKLY_PERSONAL = (Kind.HOURS_CHECKIN, Kind.NUDGE)
"""The kinds a member's own time moves, held to one a week whatever they change."""


async def weekly_repeats(uow: UnitOfWork, cohort: Cohort, kind: Kind, since: datetime) -> CheckinRepeats:
    """One query for the cohort's rows of ``kind`` since a little before ``since``."""
    return CheckinRepeats(await uow.personal_dms.periods(cohort.id, kind.value, since - REPEAT_LOOKBACK))


async def checkin_came_this_week(uow: UnitOfWork, cohort: Cohort, member: Member, now: datetime) -> bool:
    """The member's check-in DM of this ISO week (their clock) is written already."""
    this_week = iso_week_key(now.astimezone(zone_of(member, cohort)).date())
    since = now - timedelta(days=7)
    periods = await uow.personal_dms.periods(cohort.id, Kind.HOURS_CHECKIN.value, since, member_id=member.id)
    return any(_span(period, True) == this_week for period in periods.get(member.id, []))


# --- the reflection the check-in DM carries ----------------------------------------------


@dataclass(frozen=True)
class Prompt:
    view: ReflectionPromptView
    week: ReflectionWeek


async def reflection_prompt(uow: UnitOfWork, cohort: Cohort, member: Member, at: datetime) -> Prompt | None:
    """What the DM sent at ``at`` asks about the open week's reflection; None when the
    cohort has reflections off."""
    if not reflections_enabled(cohort.settings):
        return None
    zone = zone_of(member, cohort)
    week = open_week(at, zone, cohort)
    past = await history(uow, member.id, week.key)
    blocker = open_blocker(past.previous)
    view = ReflectionPromptView(
        week=week.key,
        week_label=week_label(week.monday),
        answered=past.own is not None,
        editable_until=instant_label(week.locks_at, zone),
        last_commitments=await last_commitments(uow, member.id, week.key, past),
        open_blocker=blocker.blocked if blocker else None,
        open_blocker_week=blocker.iso_week if blocker else None,
    )
    return Prompt(view, week)


def reflection_reminder_row(
    cohort: Cohort, member: Member, prompt: Prompt, checkin_at: datetime, now: datetime
) -> dict[str, Any] | None:
    """The week's one reflection reminder, written with the check-in row it follows; None
    when the reflection is answered or the reminder would come too near the lock."""
    if prompt.view.answered:
        return None
    zone = zone_of(member, cohort)
    locks_at = prompt.week.locks_at
    due = reflection_reminder_at(checkin_at, zone, quiet_hours(member.quiet_hours), locks_at)
    if due is None:
        return None
    due = deliver_at(member, cohort, due)
    if due > locks_at - timedelta(minutes=30):
        return None
    view = ReflectionReminderView(member=member.display_name, prompt=prompt.view)
    return outbox_row(
        cohort_id=cohort.id,
        kind=REFLECTION_REMINDER,
        member_id=member.id,
        period_key=prompt.view.week,
        due_at=due,
        expires_at=min(due + REMINDER_KEEP, locks_at),
        payload=view.model_dump(mode="json"),
        now=now,
    )
