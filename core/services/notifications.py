"""The scheduler's half of the outbox: turn due occurrences into notification rows.

Each tick looks at every cohort and kind between the kind's persisted cursor and now,
inserts one row per (kind, recipient, period) — the unique key makes a repeated tick, a
restart or a second replica insert nothing new — and moves the cursor. Occurrences older
than the kind's grace are written as skipped, so downtime never ends in a late burst.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.db.uow import UnitOfWork
from core.domain.model import Cohort, Member, Pause, Role
from core.domain.schedule import SPECS, Audience, Kind, cohort_schedule, occurrences
from core.errors import InvalidInput, NotFound
from core.services import reminders
from core.services.context import ServiceContext
from core.services.group_sessions import enqueue_reminders
from core.services.timer_dms import enqueue_timer_dms
from core.views.base import View
from core.views.member import ScheduledRowView, SchedulePreviewView

LOOKBACK = timedelta(days=35)
"""How far back a cohort's first tick looks for missed occurrences."""

Builder = Callable[[UnitOfWork, Cohort, Member | None, date], Awaitable[View | None]]
"""Builds an occurrence's message; None: nothing worth sending (a board nobody has logged
anything on), so the row is written as skipped with :data:`NOTHING_TO_SEND`."""

NOTHING_TO_SEND = "nothing to send: nobody has logged anything for the period"


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
        by_zone: dict[str, list[Member]] = {}
        for member in recipients:
            by_zone.setdefault(member.timezone or cohort.timezone, []).append(member)
        for zone, group in by_zone.items():
            for occ in occurrences(schedule.cron, ZoneInfo(zone), after, until):
                planned += [
                    Planned(cohort, kind, audience, m, occ.at, occ.local, occ.period)
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


async def _since(uow: UnitOfWork, cohort: Cohort, kind: Kind, now: datetime) -> datetime | None:
    """Where the next tick starts looking for ``kind``; None when its cursor is current."""
    start = await uow.outbox.cursor(cohort.id, kind.value)
    if start is None:
        start = max(cohort.created_at or now, now - LOOKBACK)
    return start if start < now else None


async def _batch(
    uow: UnitOfWork, cohort: Cohort, kind: Kind, now: datetime, builders: dict[Kind, Builder]
) -> _Batch | None:
    """The outbox rows of one kind since its cursor, or None when the cursor is current."""
    start = await _since(uow, cohort, kind, now)
    if start is None:
        return None
    rows = []
    late_count = 0
    for item in await plan(uow, cohort, kind, start, now):
        late = now > item.at + SPECS[kind].grace
        payload: dict[str, Any] = {}
        empty = False
        if not late:
            view = await builders[kind](uow, cohort, item.member, item.local.date())
            empty = view is None
            payload = {} if view is None else view.model_dump(mode="json")
        rows.append(_row(item, now, late, payload, empty))
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


MAX_PREVIEW_DAYS = 366


async def preview(
    ctx: ServiceContext, cohort_name: str | None, start: date, days: int
) -> list[SchedulePreviewView]:
    """What would be sent from ``start`` (UTC midnight) for ``days`` days; writes nothing."""
    if not 1 <= days <= MAX_PREVIEW_DAYS:
        raise InvalidInput(f"Preview between 1 and {MAX_PREVIEW_DAYS} days; you asked for {days}.")
    begin = datetime.combine(start, time(0), tzinfo=UTC)
    end = begin + timedelta(days=days)
    async with ctx.uow(read_only=True) as uow:
        cohorts = await uow.cohorts.named(cohort_name) if cohort_name else await uow.cohorts.all()
        if cohort_name and not cohorts:
            raise NotFound(f"There is no cohort called '{cohort_name[:40]}'.")
        views = []
        for cohort in cohorts:
            planned = [item for kind in Kind for item in await plan(uow, cohort, kind, begin, end)]
            planned.sort(key=lambda p: (p.at, p.kind.value, p.recipient_key))
            rows = [
                _scheduled(item.kind.value, item.member.user_id if item.member else None, cohort, item.local)
                for item in planned
            ]
            views.append(SchedulePreviewView(cohort=cohort.name, start=start, days=days, rows=rows))
    return views


async def due_now(ctx: ServiceContext) -> list[SchedulePreviewView]:
    """What a tick at this instant would find, for every platform; writes nothing: rows
    waiting in the outbox, and occurrences since each cursor not yet written (new, or too
    late and to be skipped). One view per cohort with anything due."""
    now = ctx.clock.now()
    views = []
    async with ctx.uow(read_only=True) as uow:
        waiting = await uow.outbox.pending_due(now)
        for cohort in await uow.cohorts.all():
            rows = [
                _scheduled(n.kind, n.user_id, cohort, n.due_at.astimezone(ZoneInfo(n.timezone)), "waiting")
                for n in waiting
                if n.cohort_id == cohort.id
            ]
            for kind in Kind:
                start = await _since(uow, cohort, kind, now)
                for item in await plan(uow, cohort, kind, start, now) if start else []:
                    state = "too late" if now > item.at + SPECS[kind].grace else "new"
                    member = item.member.user_id if item.member else None
                    rows.append(_scheduled(kind.value, member, cohort, item.local, state))
            if rows:
                rows.sort(key=lambda row: (row.utc_time, row.kind, row.recipient))
                due_by = now.strftime("%Y-%m-%d %H:%M UTC")
                view = SchedulePreviewView(cohort=cohort.name, start=now.date(), days=0, rows=rows)
                views.append(view.model_copy(update={"platform": cohort.platform, "due_by": due_by}))
    return views


def _scheduled(
    kind: str, user_id: str | None, cohort: Cohort, local: datetime, state: str | None = None
) -> ScheduledRowView:
    return ScheduledRowView(
        kind=kind,
        recipient=f"@{user_id}" if user_id else f"#{cohort.channel_id or 'channel'}",
        local_time=local.strftime("%a %Y-%m-%d %H:%M %Z"),
        utc_time=local.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        state=state,
    )


def _row(
    item: Planned, now: datetime, late: bool, payload: dict[str, Any], empty: bool = False
) -> dict[str, Any]:
    return {
        "cohort_id": item.cohort.id,
        "kind": item.kind.value,
        "audience": item.audience,
        "recipient_key": item.recipient_key,
        "member_id": item.member.id if item.member else None,
        "channel_id": item.cohort.channel_id if item.member is None else None,
        "period_key": item.period,
        "due_at": item.at,
        "expires_at": item.at + SPECS[item.kind].grace,
        "status": "skipped" if late or empty else "pending",
        "attempts": 0,
        "next_attempt_at": item.at,
        "payload": payload,
        "last_error": "missed its grace period" if late else NOTHING_TO_SEND if empty else None,
        "created_at": now,
    }


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
    }
