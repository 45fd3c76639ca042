"""Event-loop lag: how late a 5 ms ticker wakes while big work runs beside it.

Every adapter shares one event loop; work that computes or waits on a write on it stalls
every other person's command (and Discord's heartbeat) for as long. Each scenario prepares
what it needs untimed, then the work runs beside the ticker: a burst of concurrent
check-ins, the big cohort's reports, erasing a member with a long history, importing a
roadmap of the largest size accepted, and charts (drawn in a worker process: what is left
on the loop is querying and handing the picture over).

Every scenario runs twice: with the garbage-collector settings ``core.bootstrap`` applies,
and with Python's defaults, so the run itself shows whether those settings earn their place.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bench import dataset
from bench.scale import NOW, Scale
from bench.stats import Result
from core.bootstrap import Stride
from core.db.tables import checkins, week_totals
from core.domain.weeks import iso_week_key
from core.services import charts, cohorts, digests, exports, leaderboards, roadmaps
from core.services import checkins as checkin_service

TARGET_MS = 20.0
TICK = 0.005
Prepared = Callable[[Stride, Scale], Awaitable[Awaitable[object]]]
"""Prepares a scenario (untimed) and returns the work to time."""
CONCURRENT_CHECKINS = 100
HISTORY = 10_000
ROADMAP_ITEMS = 1_000


async def _checkins(stride: Stride, scale: Scale) -> Awaitable[object]:
    people = [
        dataset.actor(dataset.student_id(c, i)) for c in range(scale.cohorts) for i in range(scale.members)
    ][:CONCURRENT_CHECKINS]
    ctx = stride.services
    return asyncio.gather(
        *(checkin_service.check_in(ctx, who, None, minutes=30, track="dsa") for who in people)
    )


async def _digest(stride: Stride, scale: Scale) -> Awaitable[object]:
    async def work() -> object:
        view = await digests.digest(stride.services, dataset.actor(dataset.instructor_id(None)), None)
        return None if view.follow_up is None else await view.follow_up()

    return work()


async def _hours_board(stride: Stride, scale: Scale) -> Awaitable[object]:
    who = dataset.actor(dataset.big_student_id(0))
    return leaderboards.leaderboard(stride.services, who, None, "hours", "term")


async def _streak_board(stride: Stride, scale: Scale) -> Awaitable[object]:
    who = dataset.actor(dataset.big_student_id(0))
    return leaderboards.leaderboard(stride.services, who, None, "streak", "term")


async def _erase_history(stride: Stride, scale: Scale) -> Awaitable[object]:
    """A new member of the first cohort with ``HISTORY`` check-ins, then ``/me delete``."""
    who = dataset.actor(f"lag-erase-{time.monotonic_ns()}")
    cohort = dataset.cohort_name(0)
    await cohorts.join_cohort(stride.services, who, cohort)
    async with stride.services.uow() as uow:
        found = await uow.memberships.find(who.platform, who.workspace_id, who.user_id, cohort)
    member = found[0].member
    assert member is not None
    member_id = member.id
    days = [(NOW - timedelta(days=n)).date() for n in range(HISTORY // 10)]
    rows = [
        {
            "member_id": member_id,
            "track": "dsa",
            "minutes": 20,
            "local_date": day,
            "iso_week": iso_week_key(day),
            "created_at": NOW,
        }
        for day in days
        for _ in range(10)
    ]
    weeks: dict[str, int] = {}
    for row in rows:
        weeks[str(row["iso_week"])] = weeks.get(str(row["iso_week"]), 0) + 20
    async with stride.engine.begin() as connection:
        await connection.execute(checkins.insert(), rows)
        await connection.execute(
            week_totals.insert(),
            [{"member_id": member_id, "iso_week": w, "track": "dsa", "minutes": m} for w, m in weeks.items()],
        )
    return exports.me_delete(stride.services, who, None, confirm=cohort)


def roadmap_file(items: int = ROADMAP_ITEMS, phases: int = 10) -> bytes:
    lines = ["# My roadmap", ""]
    for phase in range(phases):
        lines += [f"## Phase {phase + 1}: Months {phase}-{phase + 1}", ""]
        lines += [f"- [ ] Study topic {phase}.{n} for 5-7 hours per week" for n in range(items // phases)]
        lines.append("")
    return "\n".join(lines).encode()


async def _roadmap_import(stride: Stride, scale: Scale) -> Awaitable[object]:
    who = dataset.actor(f"lag-roadmap-{time.monotonic_ns()}")
    await cohorts.join_cohort(stride.services, who, dataset.cohort_name(0))
    return roadmaps.import_roadmap(stride.services, who, None, "roadmap.md", roadmap_file(), None)


async def _progress_chart(stride: Stride, scale: Scale) -> Awaitable[object]:
    return charts.progress_chart(stride.services, dataset.actor(dataset.big_student_id(0)), None)


async def _plan_chart(stride: Stride, scale: Scale) -> Awaitable[object]:
    return charts.plan_chart(stride.services, dataset.actor(dataset.big_student_id(0)), None)


def scenarios(scale: Scale) -> dict[str, Prepared]:
    big = f"{scale.big_cohort:,} members"
    return {
        f"{CONCURRENT_CHECKINS} concurrent check-ins": _checkins,
        f"digest with its cohort chart ({big})": _digest,
        f"leaderboard hours ({big})": _hours_board,
        f"leaderboard streak ({big})": _streak_board,
        f"/me delete of {HISTORY:,} check-ins": _erase_history,
        f"roadmap import of {ROADMAP_ITEMS:,} items": _roadmap_import,
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


async def measure(stride: Stride, backend: object, scale: Scale) -> list[Result]:
    results = []
    tuned = gc.get_threshold()
    for name, prepare in scenarios(scale).items():
        await (await prepare(stride, scale))  # warm-up: both timed runs find the caches warm
        lag, seconds = await max_lag(await prepare(stride, scale))
        detail = {"work_seconds": round(seconds, 3), "gc_threshold": tuned}
        results.append(
            Result("loop lag", name, lag, "ms", None, f"<{TARGET_MS:g} ms", lag < TARGET_MS, detail)
        )
        gc.unfreeze()
        gc.set_threshold(700, 10, 10)
        try:
            lag, seconds = await max_lag(await prepare(stride, scale))
        finally:
            gc.set_threshold(*tuned)
            gc.freeze()
        detail = {"work_seconds": round(seconds, 3), "gc_threshold": (700, 10, 10)}
        results.append(Result("loop lag", f"{name}, Python's default gc", lag, "ms", None, "", None, detail))
    return results
