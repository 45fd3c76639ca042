"""Event-loop lag: how late a 5 ms ticker wakes while the big cohort's reports are built.

Every adapter shares one event loop; a report that computes for a second on it stalls every
other person's command (and Discord's heartbeat) for that second. Scenarios are plain
async callables, so more plug in. Charts render in a worker process; the chart scenarios
measure what is left on the loop (querying, handing the picture over).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from bench import dataset
from bench.backends import Backend
from bench.commands import with_follow_up
from bench.scale import Scale
from bench.stats import Result
from core.bootstrap import Stride
from core.services import charts, digests, leaderboards
from core.services.context import ServiceContext

TARGET_MS = 50.0
TICK = 0.005
Scenario = Callable[[ServiceContext, Scale], Awaitable[object]]


async def _digest(ctx: ServiceContext, scale: Scale) -> object:
    return await with_follow_up(await digests.digest(ctx, dataset.actor(dataset.instructor_id(None)), None))


async def _hours_board(ctx: ServiceContext, scale: Scale) -> object:
    return await leaderboards.leaderboard(
        ctx, dataset.actor(dataset.big_student_id(0)), None, "hours", "term"
    )


async def _streak_board(ctx: ServiceContext, scale: Scale) -> object:
    return await leaderboards.leaderboard(
        ctx, dataset.actor(dataset.big_student_id(0)), None, "streak", "term"
    )


async def _progress_chart(ctx: ServiceContext, scale: Scale) -> object:
    return await charts.progress_chart(ctx, dataset.actor(dataset.big_student_id(0)), None)


async def _plan_chart(ctx: ServiceContext, scale: Scale) -> object:
    return await charts.plan_chart(ctx, dataset.actor(dataset.big_student_id(0)), None)


SCENARIOS: dict[str, Scenario] = {
    "digest (with its cohort chart)": _digest,
    "leaderboard hours": _hours_board,
    "leaderboard streak": _streak_board,
    "progress chart": _progress_chart,
    "plan chart": _plan_chart,
}


async def max_lag(work: Awaitable[object]) -> tuple[float, float]:
    """Run ``work`` beside a ticker; returns (the ticker's worst lateness, work's seconds)."""
    worst = 0.0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal worst
        while not done.is_set():
            before = time.perf_counter()
            await asyncio.sleep(TICK)
            worst = max(worst, time.perf_counter() - before - TICK)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(TICK)  # the ticker is running before the work starts
    began = time.perf_counter()
    try:
        await work
    finally:
        seconds = time.perf_counter() - began
        done.set()
        await task
    return worst * 1000, seconds


async def measure(stride: Stride, backend: Backend, scale: Scale) -> list[Result]:
    results = []
    for name, scenario in SCENARIOS.items():
        lag, seconds = await max_lag(scenario(stride.services, scale))
        results.append(
            Result(
                "loop lag",
                f"{name} ({scale.big_cohort:,} members)",
                lag,
                "ms",
                None,
                f"<{TARGET_MS:g} ms",
                lag < TARGET_MS,
                {"work_seconds": round(seconds, 3)},
            )
        )
    return results
