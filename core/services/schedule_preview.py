"""What the scheduler would send, without writing anything: ``stride schedule preview`` and
the operator's "what is due now" (``stride tick --dry-run``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.domain.model import Cohort
from core.domain.schedule import SPECS, Kind
from core.errors import InvalidInput, NotFound
from core.services.context import ServiceContext
from core.services.notifications import cursor_start, plan
from core.views.member import ScheduledRowView, SchedulePreviewView

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
                start = await cursor_start(uow, cohort, kind, now)
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
