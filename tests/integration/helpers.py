"""Small builders shared by the integration tests: people, cohorts, budgets and row counts,
all made through the real services so every test starts from states a user can reach."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.domain.model import Actor
from core.services import budgets as budget_service
from core.services import cohorts as cohort_service
from core.services import leaderboards
from core.services.context import ServiceContext
from core.views.reports import LeaderboardMetric, LeaderboardPeriod, LeaderboardView

T = TypeVar("T")
PLATFORM = "console"
WORKSPACE = "local"


def person(user_id: str, workspace: str = WORKSPACE) -> Actor:
    return Actor(PLATFORM, workspace, user_id, user_id.capitalize())


async def cohort_with(
    ctx: ServiceContext,
    name: str,
    instructor: Actor,
    students: tuple[Actor, ...] = (),
    timezone: str | None = None,
) -> None:
    """Create ``name`` (``instructor`` becomes its instructor) and let ``students`` join."""
    await cohort_service.create_cohort(ctx, instructor, name, timezone)
    for student in students:
        await cohort_service.join_cohort(ctx, student, name)


async def weekly_budget(
    ctx: ServiceContext,
    actor: Actor,
    track: str,
    min_hours: float,
    max_hours: float,
    cohort: str | None = None,
) -> None:
    await budget_service.set_budget(
        ctx, actor, cohort, track, round(min_hours * 60), round(max_hours * 60), "week"
    )


async def count(engine: AsyncEngine, table: Table) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(select(func.count()).select_from(table))).scalar_one())


async def total(engine: AsyncEngine, table: Table, column: str) -> int:
    async with engine.connect() as connection:
        value = (await connection.execute(select(func.sum(table.c[column])))).scalar_one()
    return int(value or 0)


async def board(
    ctx: ServiceContext,
    who: Actor,
    cohort: str | None = None,
    metric: LeaderboardMetric = "hours",
    period: LeaderboardPeriod | None = None,
    week: str | None = None,
) -> LeaderboardView:
    """``/leaderboard`` when there is a board to show (not the sentence saying nobody logged)."""
    view = await leaderboards.leaderboard(ctx, who, cohort, metric, period, week)
    assert isinstance(view, LeaderboardView), view
    return view
