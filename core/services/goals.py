"""Long-term goals by horizon; private unless the member shares them."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from core.commands import check_text
from core.db.uow import UnitOfWork
from core.domain import limits
from core.domain.goals_doc import parse_goals
from core.domain.model import HORIZON_LABELS, Actor, Goal, Horizon
from core.domain.textfile import decode_upload
from core.domain.weeks import local_date
from core.errors import Conflict, InvalidInput, NotFound
from core.formatting import plural
from core.services.context import Membership, ServiceContext, membership, short
from core.views.activity import GoalListView, GoalRowView

GOAL_CHARS = limits.GOAL
MAX_GOALS = 100


def parse_horizon(text: str) -> Horizon:
    value = text.strip().lower()
    aliases = {
        "short": Horizon.SHORT,
        "medium": Horizon.MEDIUM,
        "long": Horizon.LONG,
        "mid": Horizon.MEDIUM,
    }
    if value in aliases:
        return aliases[value]
    raise InvalidInput(
        f"'{short(value, 20)}' is not a horizon; say short (1–2 years), medium (3–5) or long (5+), "
        'like /goal add short "Lead an ML project end to end".'
    )


async def add_goal(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, horizon: Horizon, text: str
) -> GoalListView:
    text = check_text(text, "The goal", GOAL_CHARS)
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        if len(await uow.goals.for_member(found.member.id)) >= MAX_GOALS:
            raise InvalidInput(f"You have {MAX_GOALS} goals, the most Stride keeps; remove one first.")
        await uow.goals.add(
            found.member.id, horizon=horizon, text=text, visibility="private", now=ctx.clock.now()
        )
        view = await _view(uow, found)
        await uow.commit()
    return view.model_copy(update={"headline": f"Added a {horizon.value}-term goal (private)."})


async def import_goals(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, filename: str, data: bytes
) -> GoalListView:
    """Goals from a document; ones already kept (same horizon and text) are not added twice."""
    document = await asyncio.to_thread(lambda: parse_goals(decode_upload(data, filename)))
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        existing = await uow.goals.for_member(found.member.id)
        known = {(g.horizon, " ".join(g.text.lower().split())) for g in existing}
        new = [g for g in document.goals if (g.horizon, " ".join(g.text.lower().split())) not in known]
        new = list({(g.horizon, g.text.lower()): g for g in new}.values())
        if len(existing) + len(new) > MAX_GOALS:
            raise InvalidInput(
                f"That would make {len(existing) + len(new)} goals, more than the {MAX_GOALS} Stride keeps; "
                "remove some with /goal remove N first."
            )
        for goal in new:
            await uow.goals.add(
                found.member.id,
                horizon=goal.horizon,
                text=goal.text,
                visibility=document.visibility,
                now=ctx.clock.now(),
                tags=document.tags,
            )
        view = await _view(uow, found)
        await uow.commit()
    counts = ", ".join(
        f"{sum(1 for g in new if g.horizon == h)} {h.value}-term"
        for h in (Horizon.SHORT, Horizon.MEDIUM, Horizon.LONG)
    )
    skipped = len(document.goals) - len(new)
    again = f"; {skipped} you already had were skipped" if skipped else ""
    title = f" from {short(document.title, 40)}" if document.title else ""
    if document.updated:
        title += f" (updated {document.updated.isoformat()})"
    tagged = f"tagged {short(', '.join(document.tags), 80)}, " if document.tags and new else ""
    return view.model_copy(
        update={
            "headline": f"Imported {plural(len(new), 'goal')}{title} ({counts}), "
            f"{tagged}kept {document.visibility}{again}."
        }
    )


async def list_goals(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> GoalListView:
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        return await _view(uow, found)


async def remove_goal(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, number: int
) -> GoalListView:
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        goal = _numbered(await uow.goals.for_member(found.member.id), number)
        await uow.goals.remove(goal.id)
        view = await _view(uow, found)
        await uow.commit()
    return view.model_copy(update={"headline": f"Removed goal {number}."})


async def mark_goal(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, number: int, achieved: bool
) -> GoalListView:
    """``/goal done N`` keeps goal N as achieved (now); ``/goal undo N`` takes that back."""
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        goal = _numbered(await uow.goals.for_member(found.member.id), number)
        if achieved and goal.achieved_at is not None:
            on = local_date(goal.achieved_at, found.timezone).isoformat()
            raise Conflict(
                f"Goal {number} is already marked achieved (on {on}); /goal undo {number} takes that back."
            )
        if not achieved and goal.achieved_at is None:
            raise Conflict(f"Goal {number} is not marked achieved; use /goal done {number} to mark it.")
        await uow.goals.set_achieved(goal.id, ctx.clock.now() if achieved else None)
        view = await _view(uow, found)
        await uow.commit()
    headline = (
        f"Goal {number} achieved — well done! It stays in /goal list, marked achieved."
        if achieved
        else f"Goal {number} is open again."
    )
    return view.model_copy(update={"headline": headline})


def _numbered(goals: Sequence[Goal], number: int) -> Goal:
    """Goal ``number`` as /goal list counts them, or the sentence saying which numbers there are."""
    if not goals:
        raise NotFound('You have no goals yet; add one with /goal add short "…".')
    if not 1 <= number <= len(goals):
        raise NotFound(
            f"You have no goal number {number}; your goals are numbered 1 to {len(goals)} (see /goal list)."
        )
    return goals[number - 1]


async def _view(uow: UnitOfWork, found: Membership) -> GoalListView:
    """Goals numbered in the order they were added, which is what /goal remove N counts."""
    goals = await uow.goals.for_member(found.member.id)
    return GoalListView(
        goals=[
            GoalRowView(
                number=index,
                horizon=goal.horizon.value,
                horizon_label=HORIZON_LABELS[goal.horizon],
                text=goal.text,
                visibility=goal.visibility,
                achieved_on=local_date(goal.achieved_at, found.timezone) if goal.achieved_at else None,
                tags=list(goal.tags),
            )
            for index, goal in enumerate(goals, 1)
        ]
    )
