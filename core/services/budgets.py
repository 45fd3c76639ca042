"""Weekly or monthly hour budgets per track, such as "5-7 hours per week of DSA"."""

from __future__ import annotations

from datetime import date

from core.db.repositories.counts import CountBudgetRow
from core.db.uow import UnitOfWork
from core.domain import budgets as rules
from core.domain import counts as count_rules
from core.domain.budgets import Period
from core.domain.model import Actor, BudgetRow
from core.errors import InvalidInput, NotFound
from core.services.context import ServiceContext, member_context, membership, short
from core.services.counts import count_views
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
        counted = await uow.counts.budgets(member_id)
        check_room([b.track for b in context.budgets], counted, track, hours=True)
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
        view = await _full_view(
            uow,
            member_id,
            context.membership.cohort.default_weekly_minutes,
            today=context.membership.today(ctx.clock),
        )
        await uow.commit()
    return view.model_copy(update={"headline": _saved(track, skill, unlink, linked)})


def check_room(hour_tracks: list[str], counted: list[CountBudgetRow], track: str, *, hours: bool) -> None:
    """A track is an hour track or a count track, never both; at most MAX_BUDGETS in all."""
    count_tracks = {r.track: r for r in counted}
    if hours and track in count_tracks:
        unit = count_tracks[track].unit
        raise InvalidInput(
            f"{track} already counts {count_rules.plural(unit)}; remove that first with /budget remove "
            f"{track}, or give the hours another track, like {track}-time."
        )
    if not hours and track in hour_tracks:
        raise InvalidInput(
            f"{track} already has an hour budget; remove it first with /budget remove {track}, "
            f"or count on another track, like {track}-count."
        )
    if len(hour_tracks) + len(counted) >= MAX_BUDGETS and track not in {*hour_tracks, *count_tracks}:
        raise InvalidInput(f"You have {MAX_BUDGETS} budgets, the most Stride keeps; remove one first.")


async def set_count_budget(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, track: str, spec: count_rules.CountSpec
) -> BudgetListView:
    """``/budget set reading 1 book every 3 months``: a count budget. Its blocks count from
    this month (or week); changing only the numbers or the unit keeps the blocks."""
    track = rules.parse_track(track)
    count_rules.check_every(spec.every, spec.period)
    async with ctx.uow() as uow:
        context = await member_context(uow, actor, cohort_name, with_budgets=True)
        found = context.membership
        today = found.today(ctx.clock)
        counted = await uow.counts.budgets(found.member.id)
        check_room([b.track for b in context.budgets], counted, track, hours=False)
        old = next((r for r in counted if r.track == track), None)
        anchor = (
            old.anchor
            if old is not None and (old.period, old.every) == (spec.period, spec.every)
            else count_rules.anchor_of(today, spec.period)
        )
        row = CountBudgetRow(track, spec.unit, spec.low, spec.high, spec.period, spec.every, anchor)
        await uow.counts.upsert(found.member.id, row)
        view = await _full_view(uow, found.member.id, found.cohort.default_weekly_minutes, today=today)
        await uow.commit()
    band = count_rules.count_band(spec.low, spec.high, spec.unit)
    headline = f"Budget for {track} saved: {band} {count_rules.every_text(spec.every, spec.period)}."
    return view.model_copy(update={"headline": headline})


async def _full_view(
    uow: UnitOfWork, member_id: int, default_weekly_minutes: int, *, today: date
) -> BudgetListView:
    view = _view(await uow.budgets.for_member(member_id), default_weekly_minutes)
    return view.model_copy(update={"counts": await count_views(uow, member_id, today)})


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
        counted = await uow.counts.remove(found.member.id, track)
        if not counted and not await uow.budgets.remove(found.member.id, track):
            raise NotFound(f"You have no budget for {track}; see yours with /budget show.")
        view = await _full_view(
            uow, found.member.id, found.cohort.default_weekly_minutes, today=found.today(ctx.clock)
        )
        await uow.commit()
    kept = "its tallies are kept" if counted else "its check-ins are kept"
    return view.model_copy(update={"headline": f"Budget for {track} removed; {kept}."})


async def show_budgets(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> BudgetListView:
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        return await _full_view(
            uow, found.member.id, found.cohort.default_weekly_minutes, today=found.today(ctx.clock)
        )


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
