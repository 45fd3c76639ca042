"""Weekly or monthly hour budgets per track, such as "5-7 hours per week of DSA"."""

from __future__ import annotations

from core.domain import budgets as rules
from core.domain.budgets import Period
from core.domain.model import Actor, BudgetRow
from core.errors import InvalidInput, NotFound
from core.services.context import ServiceContext, membership
from core.services.skills import budgets_in_hours
from core.views.activity import BudgetListView, BudgetRowView

MAX_BUDGETS = 20


async def set_budget(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    track: str,
    min_minutes: int,
    max_minutes: int,
    period: Period,
) -> BudgetListView:
    track = rules.parse_track(track)
    rules.check_budget(min_minutes / 60, max_minutes / 60, period)
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        existing = await uow.budgets.for_member(found.member.id)
        if len(existing) >= MAX_BUDGETS and track not in {b.track for b in existing}:
            raise InvalidInput(f"You have {MAX_BUDGETS} budgets, the most Stride keeps; remove one first.")
        await uow.budgets.upsert(found.member.id, BudgetRow(track, min_minutes, max_minutes, period))
        view = _view(await uow.budgets.for_member(found.member.id), found.cohort.default_weekly_minutes)
        await uow.commit()
    return view.model_copy(update={"headline": f"Budget for {track} saved."})


async def remove_budget(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, track: str
) -> BudgetListView:
    track = rules.parse_track(track, reserved_ok=True)
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        if not await uow.budgets.remove(found.member.id, track):
            raise NotFound(f"You have no budget for {track}; see yours with /budget show.")
        view = _view(await uow.budgets.for_member(found.member.id), found.cohort.default_weekly_minutes)
        await uow.commit()
    return view.model_copy(update={"headline": f"Budget for {track} removed; its check-ins are kept."})


async def show_budgets(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> BudgetListView:
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        return _view(await uow.budgets.for_member(found.member.id), found.cohort.default_weekly_minutes)


def _view(rows: list[BudgetRow], default_weekly_minutes: int) -> BudgetListView:
    budgets = budgets_in_hours(rows)
    return BudgetListView(
        budgets=[
            BudgetRowView(
                track=b.track,
                min_hours=b.min_hours,
                max_hours=b.max_hours,
                period=b.period,
                weekly_min_hours=rules.weekly_minimum(b),
            )
            for b in budgets
        ],
        weekly_hours=rules.weekly_hours(budgets, default_weekly_minutes / 60),
        uses_default=not budgets,
    )
