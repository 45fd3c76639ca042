"""Weekly or monthly hour budgets per track, such as "5-7 hours per week of DSA"."""

from __future__ import annotations

from core.domain import budgets as rules
from core.domain.budgets import Period
from core.domain.model import Actor, BudgetRow
from core.errors import InvalidInput, NotFound
from core.services.context import ServiceContext, member_context, membership, short
from core.services.skills import SKILL_NUMBER, budgets_in_hours, find_skill, lookup_name
from core.views.activity import BudgetListView, BudgetRowView

MAX_BUDGETS = 20
UNLINK = "none"
"""``skill=none`` unlinks a budget from its skill."""


async def set_budget(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    track: str,
    min_minutes: int,
    max_minutes: int,
    period: Period,
    skill: str | None = None,
) -> BudgetListView:
    """Set a track's budget; ``skill`` links it to one of the member's skills by name,
    ``none`` unlinks it, and None keeps the link it had."""
    track = rules.parse_track(track)
    rules.check_budget(min_minutes / 60, max_minutes / 60, period)
    if skill is not None and not skill.strip():
        raise InvalidInput('Name the skill, like skill="Data structures", or write skill=none to unlink it.')
    unlink = skill is not None and skill.strip().casefold() == UNLINK
    async with ctx.uow() as uow:
        context = await member_context(
            uow,
            actor,
            cohort_name,
            with_budgets=True,
            skill_key=lookup_name(skill).casefold() if skill and not unlink else None,
        )
        member_id = context.membership.member.id
        existing = context.budgets
        if len(existing) >= MAX_BUDGETS and track not in {b.track for b in existing}:
            raise InvalidInput(f"You have {MAX_BUDGETS} budgets, the most Stride keeps; remove one first.")
        linked = context.skill
        if skill is not None and not unlink and linked is None:
            if SKILL_NUMBER.fullmatch(skill.strip()) is None:
                raise NotFound(
                    f"You have no skill called '{short(skill)}' to link {track} to; see yours with "
                    f"/skill list, or write skill=none to unlink."
                )
            found = await find_skill(uow, context.membership.member, skill)  # its number in /skill list
            linked = (found.id, found.name)
        skill_id = linked[0] if linked is not None and not unlink else None
        row = BudgetRow(track, min_minutes, max_minutes, period, skill_id)
        await uow.budgets.upsert(member_id, row, link=skill is not None)
        view = _view(
            await uow.budgets.for_member(member_id), context.membership.cohort.default_weekly_minutes
        )
        await uow.commit()
    return view.model_copy(update={"headline": _saved(track, skill, unlink, linked)})


def _saved(track: str, skill: str | None, unlink: bool, linked: tuple[int, str] | None) -> str:
    if skill is None:
        return f"Budget for {track} saved."
    if unlink:
        return f"Budget for {track} saved, linked to no skill."
    assert linked is not None
    return f"Budget for {track} saved; its hours count toward {linked[1]}."


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
                skill=row.skill,
            )
            for b, row in zip(budgets, rows, strict=True)
        ],
        weekly_hours=rules.weekly_hours(budgets, default_weekly_minutes / 60),
        uses_default=not budgets,
    )
