"""The scheduler's half of the outbox: turn due occurrences into notification rows.

Each tick looks at every cohort and kind between the kind's persisted cursor and now,
inserts one row per (kind, recipient, period) — the unique key makes a repeated tick, a
restart or a second replica insert nothing new — and moves the cursor. Occurrences older
than the kind's grace are written as skipped, so downtime never ends in a late burst.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.db.uow import UnitOfWork
from core.domain.model import Cohort, Member, Pause, Role
from core.domain.schedule import SPECS, Audience, Kind, cohort_schedule, occurrences
from core.services import nudges, reminders
from core.services.context import ServiceContext
from core.services.group_sessions import enqueue_reminders
from core.services.outbox_rows import outbox_row
from core.services.personal_dms import (
    WEEKLY_PERSONAL,
    deliver_at,
    personal_cron,
    reflection_prompt,
    reflection_reminder_row,
    weekly_repeats,
)
from core.services.timer_dms import enqueue_timer_dms
from core.views.base import View
from core.views.scheduled import HoursCheckinView

LOOKBACK = timedelta(days=35)
"""How far back a cohort's first tick looks for missed occurrences."""

Builder = Callable[[UnitOfWork, Cohort, Member | None, date], Awaitable[View | None]]
"""Builds an occurrence's message; None: nothing worth sending (a board nobody has logged
anything on), so the row is written as skipped with :data:`NOTHING_TO_SEND`."""

NOTHING_TO_SEND = "nothing to send: nobody has logged anything for the period"
EMPTY_REASONS = {Kind.NUDGE: nudges.ON_TRACK}
"""Why an occurrence whose builder found nothing worth sending is skipped, where it is not
:data:`NOTHING_TO_SEND`."""


@dataclass(frozen=True)
class Planned:
    """One occurrence for one recipient, before it is written."""

    cohort: Cohort
    kind: Kind
    audience: Audience
    member: Member | None
    at: datetime
    local: datetime
    period: str
    cron: str = ""
    """The cron it came from (a member's own, for a check-in DM on their day and time)."""

    @property
    def recipient_key(self) -> str:
        return f"member:{self.member.id}" if self.member else f"channel:{self.cohort.id}"


@dataclass(frozen=True)
class TickReport:
    new_rows: int
    """Rows this tick added to the outbox (another replica may have added the rest)."""
    late: int
    """Occurrences found past their grace, written as skipped."""
    next_timer_end: datetime | None = None
    """When the next focus period of a running timer ends (a beat worth having then)."""


def _paused(pauses: list[Pause], day: date) -> bool:
    return any(p.start_date <= day <= p.end_date for p in pauses)


def _recipients(members: list[Member], audience: Audience) -> list[Member]:
    role = Role.INSTRUCTOR if audience == "instructor" else Role.STUDENT
    return [m for m in members if m.role is role and m.dms_enabled and not m.unreachable]


async def plan(
    uow: UnitOfWork, cohort: Cohort, kind: Kind, after: datetime, until: datetime
) -> list[Planned]:
    """Every recipient's occurrences of ``kind`` in ``(after, until]``, at their local time."""
    schedule = cohort_schedule(cohort.settings)[kind]
    if not schedule.enabled:
        return []
    planned: list[Planned] = []
    for audience in SPECS[kind].audiences:
        if audience == "channel":
            for occ in occurrences(schedule.cron, ZoneInfo(cohort.timezone), after, until):
                planned.append(Planned(cohort, kind, audience, None, occ.at, occ.local, occ.period))
            continue
        recipients = _recipients(await uow.members.in_cohort(cohort.id), audience)
        pauses = await uow.members.pauses_in_cohort(cohort.id)
        groups: dict[tuple[str, str], list[Member]] = {}
        for member in recipients:
            key = (member.timezone or cohort.timezone, personal_cron(kind, schedule.cron, member))
            groups.setdefault(key, []).append(member)
        for (zone, cron), group in groups.items():
            for occ in occurrences(cron, ZoneInfo(zone), after, until):
                planned += [
                    Planned(cohort, kind, audience, m, occ.at, occ.local, occ.period, cron)
                    for m in group
                    if not _paused(pauses.get(m.id, []), occ.local.date())
                ]
    return sorted(planned, key=lambda p: (p.at, p.recipient_key))


async def enqueue_due(ctx: ServiceContext, builders: dict[Kind, Builder] | None = None) -> TickReport:
    """Write every occurrence due by now into the outbox, one transaction per cohort.

    The messages are built on a read-only snapshot first (a digest with its chart takes
    seconds) and written afterwards in one short transaction, so the write lock is held for
    the inserts alone. A replica that wrote the same occurrences meanwhile costs nothing:
    the outbox's unique key drops the second copy and the cursor only moves forward.
    Focus timers' period ends are written last (``core.services.timer_dms``)."""
    now = ctx.clock.now()
    builders = builders or default_builders()
    async with ctx.uow(read_only=True) as uow:
        cohorts = await uow.cohorts.all()
    enqueued = skipped = 0
    for cohort in cohorts:
        async with ctx.uow(read_only=True) as uow:
            batches = [await _batch(uow, cohort, kind, now, builders) for kind in Kind]
        due = [batch for batch in batches if batch is not None]
        if not due:
            continue
        async with ctx.uow() as uow:
            for batch in due:
                enqueued += await uow.outbox.enqueue(batch.rows)
                await uow.outbox.set_cursor(cohort.id, batch.kind.value, now)
            await uow.commit()
        skipped += sum(batch.late for batch in due)
    enqueued += await enqueue_reminders(ctx)  # sibling steps: group sessions, then timers
    timers = await enqueue_timer_dms(ctx)
    return TickReport(new_rows=enqueued + timers.new_rows, late=skipped, next_timer_end=timers.next_end)


@dataclass(frozen=True)
class _Batch:
    kind: Kind
    rows: list[dict[str, Any]]
    late: int


async def cursor_start(uow: UnitOfWork, cohort: Cohort, kind: Kind, now: datetime) -> datetime | None:
    """Where the next tick starts looking for ``kind``; None when its cursor is current."""
    start = await uow.outbox.cursor(cohort.id, kind.value)
    if start is None:
        start = max(cohort.created_at or now, now - LOOKBACK)
    return start if start < now else None


async def _batch(
    uow: UnitOfWork, cohort: Cohort, kind: Kind, now: datetime, builders: dict[Kind, Builder]
) -> _Batch | None:
    """The outbox rows of one kind since its cursor, or None when the cursor is current."""
    start = await cursor_start(uow, cohort, kind, now)
    if start is None:
        return None
    rows = []
    late_count = 0
    repeats = await weekly_repeats(uow, cohort, kind, start) if kind in WEEKLY_PERSONAL else None
    for item in await plan(uow, cohort, kind, start, now):
        if repeats is not None and item.member is not None:
            if repeats.repeats(item.member, item.period, item.cron):
                continue
            repeats.add(item.member, item.period)
        late = now > item.at + SPECS[kind].grace
        at = item.at
        if item.audience == "member" and item.member is not None:
            at = deliver_at(item.member, cohort, item.at)  # quiet hours and snooze
        view = None if late else await builders[kind](uow, cohort, item.member, item.local.date())
        if isinstance(view, HoursCheckinView) and item.member is not None:
            view, reminder = await _with_reflection(uow, item.cohort, item.member, view, at, now)
            rows += reminder
        payload = {} if view is None else view.model_dump(mode="json")
        rows.append(_row(item, now, late, payload, not late and view is None, at))
        late_count += late
    return _Batch(kind, rows, late_count)


REPORT_KINDS = frozenset({Kind.LEADERBOARD.value, Kind.DIGEST.value})


async def rebuild_pending_reports(
    ctx: ServiceContext, cohort_id: int, builders: dict[Kind, Builder] | None = None
) -> int:
    """The cohort's boards and digests not yet sent, built again from what is stored now:
    after ``/me delete`` they must neither name nor count the member who left. Built outside
    the write transaction (a big cohort's report is built in another process, which reads
    committed rows); a row a deliverer claimed meanwhile keeps its redacted payload."""
    builders = builders or default_builders()
    async with ctx.uow(read_only=True) as uow:
        cohort = await uow.cohorts.get(cohort_id)
        pending = await uow.outbox.listing(cohort_id=cohort_id, status="pending")
        people = {member.id: member for member in await uow.members.in_cohort(cohort_id)}
        rebuilt = []
        for row in pending:
            if row.kind not in REPORT_KINDS or not row.payload:
                continue
            member = people.get(row.member_id) if row.member_id is not None else None
            zone = ZoneInfo((member.timezone if member else None) or cohort.timezone)
            view = await builders[Kind(row.kind)](uow, cohort, member, row.due_at.astimezone(zone).date())
            rebuilt.append((row.id, None if view is None else view.model_dump(mode="json")))
    async with ctx.uow() as uow:
        for notification_id, payload in rebuilt:
            if payload is None:  # nothing left worth sending once the member is gone
                await uow.outbox.skip_unclaimed(notification_id, NOTHING_TO_SEND)
            else:
                await uow.outbox.replace_unclaimed_payload(notification_id, payload)
        await uow.commit()
    return len(rebuilt)


async def _with_reflection(
    uow: UnitOfWork, cohort: Cohort, member: Member, view: HoursCheckinView, at: datetime, now: datetime
) -> tuple[HoursCheckinView, list[dict[str, Any]]]:
    """The check-in DM with its reflection (the week open when it is delivered, at ``at``),
    and the week's one reflection reminder row when the reflection is not answered."""
    prompt = await reflection_prompt(uow, cohort, member, at)
    if prompt is None:
        return view, []
    reminder = reflection_reminder_row(cohort, member, prompt, at, now)
    return view.model_copy(update={"reflection": prompt.view}), [] if reminder is None else [reminder]


def _row(
    item: Planned,
    now: datetime,
    late: bool,
    payload: dict[str, Any],
    empty: bool = False,
    at: datetime | None = None,
) -> dict[str, Any]:
    """The occurrence's outbox row, delivered at ``at`` (moved by quiet hours or a snooze:
    same period key, its grace moved with it)."""
    at = at or item.at
    reason = EMPTY_REASONS.get(item.kind, NOTHING_TO_SEND)
    return outbox_row(
        cohort_id=item.cohort.id,
        kind=item.kind.value,
        audience=item.audience,
        member_id=item.member.id if item.member else None,
        channel_id=item.cohort.channel_id,
        period_key=item.period,
        due_at=at,
        expires_at=at + SPECS[item.kind].grace,
        payload=payload,
        now=now,
        skipped="missed its grace period" if late else reason if empty else None,
    )


async def _weekly(uow: UnitOfWork, cohort: Cohort, member: Member | None, day: date) -> View:
    if member is None:
        return reminders.weekly_reminder(cohort, day)
    return await reminders.weekly_status(uow, cohort, member, day)


async def _checkin(uow: UnitOfWork, cohort: Cohort, member: Member | None, day: date) -> View:
    assert member is not None
    return await reminders.hours_checkin(uow, cohort, member, day)


async def _reassess(uow: UnitOfWork, cohort: Cohort, member: Member | None, day: date) -> View:
    assert member is not None
    return await reminders.reassessment(uow, member, day)


def default_builders() -> dict[Kind, Builder]:
    from core.services import digests, leaderboards

    return {
        Kind.WEEKLY_REMINDER: _weekly,
        Kind.HOURS_CHECKIN: _checkin,
        Kind.REASSESSMENT: _reassess,
        Kind.LEADERBOARD: leaderboards.scheduled_post,
        Kind.DIGEST: digests.scheduled_digest,
        Kind.NUDGE: nudges.nudge,
    }
