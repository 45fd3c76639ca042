"""Command service time (core + storage, in process) against the floor: the same SQL by hand.

Each command is called as the services are by every adapter, for a rotating set of
people; the statements each call sent are recorded once, and the floor replays them on a
bare connection. Stride and floor samples alternate, so both see the same machine.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bench import dataset
from bench.backends import Backend, Statement, is_transaction_control, recording
from bench.scale import Scale
from bench.stats import Result, percentile
from core.bootstrap import Stride
from core.domain.model import Actor
from core.services import checkins, digests, leaderboards, plans, progress
from core.services.context import ServiceContext
from core.views.base import View

Call = Callable[[ServiceContext, Actor], Awaitable[object]]
CLASS_P99_MS = {"sqlite": 30.0, "postgresql": 100.0}
"""A class's commands answer well inside what a student notices, and far inside Discord's
and Slack's 3 seconds; PostgreSQL adds a network round trip per statement."""
DIGEST_P99_MS = {"sqlite": 100.0, "postgresql": 100.0}
BIG_P50_MS = 1000.0
BIG_RATIO = 2.0
"""The big cohort's reports are mostly SQL: Stride should add at most as much again."""
MOST_STATEMENTS = 3
"""Each statement is several thread hops through aiosqlite: the commands a student runs
most (check-in, progress, plan check) make at most this many."""
MORE_SAMPLES = 10
"""The class's commands are timed this many times as often as the digest, so that a p99
is the 20th-worst of 2,000 samples and one stall of the machine does not decide it."""


@dataclass(frozen=True)
class Command:
    name: str
    call: Call
    users: list[str]
    samples: int
    kind: str = "class"
    """``class`` (p99 against the class target), ``digest``, ``big`` (the big cohort's
    reports: p50 and ratio), or ``shown`` (a chart drawn after the reply: no SQL floor
    has a drawing)."""
    counted: bool = False
    """Whether its statements are held to :data:`MOST_STATEMENTS`."""


async def _checkin(ctx: ServiceContext, who: Actor) -> object:
    # Five minutes: a student is timed about fifty times in a run, all on one day, and a
    # day holds at most 24 hours (45 minutes would be refused from the 33rd on).
    return await checkins.check_in(ctx, who, None, minutes=5, track="dsa")


async def _progress(ctx: ServiceContext, who: Actor) -> object:
    return await progress.progress(ctx, who, None, "week")


async def _plan_check(ctx: ServiceContext, who: Actor) -> object:
    return await plans.check_plan(ctx, who, None)


async def _leaderboard(ctx: ServiceContext, who: Actor) -> object:
    return await leaderboards.leaderboard(ctx, who, None, "hours", "week")


async def _streak_board(ctx: ServiceContext, who: Actor) -> object:
    return await leaderboards.leaderboard(ctx, who, None, "streak", "term")


async def _digest(ctx: ServiceContext, who: Actor) -> object:
    """The digest as the instructor first sees it: its cohort chart follows in a message of
    its own (measured below)."""
    return await digests.digest(ctx, who, None)


async def _digest_with_chart(ctx: ServiceContext, who: Actor) -> object:
    """The digest and then its chart, drawn in a worker process: a cost no SQL floor has."""
    return await with_follow_up(await digests.digest(ctx, who, None))


async def with_follow_up(view: View) -> View | None:
    return None if view.follow_up is None else await view.follow_up()


def commands(scale: Scale) -> list[Command]:
    students = [
        dataset.student_id(c, i)
        for i in range(0, scale.members, max(1, scale.members // 4))
        for c in range(scale.cohorts)
    ][:40]
    instructors = [dataset.instructor_id(c) for c in range(scale.cohorts)]
    few = max(3, scale.samples // 20)
    many = scale.samples * MORE_SAMPLES
    big = [dataset.big_student_id(0)]
    big_prof = [dataset.instructor_id(None)]
    size = f"{scale.big_cohort:,}"
    return [
        Command("checkin", _checkin, students, many, counted=True),
        Command("progress", _progress, students, many, counted=True),
        Command("plan check", _plan_check, students, many, counted=True),
        Command("leaderboard", _leaderboard, students, many),
        Command("streak board", _streak_board, students, many),
        Command("digest", _digest, instructors, scale.samples, "digest"),
        Command("digest, then its chart", _digest_with_chart, instructors, scale.samples, "shown"),
        Command(f"leaderboard ({size})", _leaderboard, big, few, "big"),
        Command(f"streak board ({size})", _streak_board, big, few, "big"),
        Command(f"digest ({size})", _digest, big_prof, few, "big"),
        Command(f"digest ({size}), then its chart", _digest_with_chart, big_prof, few, "shown"),
    ]


async def measure(stride: Stride, backend: Backend, scale: Scale) -> list[Result]:
    floor = await backend.floor()
    results: list[Result] = []
    try:
        for command in commands(scale):
            results += await _measure_one(stride, floor.replay, command, backend.name)
    finally:
        await floor.close()
    return results


async def _measure_one(
    stride: Stride,
    replay: Callable[[list[Statement]], Awaitable[None]],
    command: Command,
    backend: str,
) -> list[Result]:
    ctx = stride.services
    people = [dataset.actor(user) for user in command.users]
    recorded: list[list[Statement]] = []
    for who in people:  # warm-up, and the statements the floor will replay
        with recording(stride.engine) as found:
            await command.call(ctx, who)
        recorded.append(found.statements)
    ours: list[float] = []
    floors: list[float] = []
    for index in range(command.samples):
        began = time.perf_counter()
        await command.call(ctx, people[index % len(people)])
        ours.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        await replay(recorded[index % len(recorded)])
        floors.append((time.perf_counter() - began) * 1000)
    p50, p99 = percentile(ours, 50), percentile(ours, 99)
    f50, f99 = percentile(floors, 50), percentile(floors, 99)
    statements = max(sum(1 for sql, _ in r if not is_transaction_control(sql)) for r in recorded)
    detail = {"samples": command.samples, "statements": statements}
    name = command.name
    rows = [
        Result("commands", f"{name} p50", p50, "ms", f50, *_p50_target(command, p50, f50), detail),
        Result("commands", f"{name} p99", p99, "ms", f99, *_p99_target(command, p99, backend), detail),
    ]
    if command.counted:
        most = f"≤{MOST_STATEMENTS}"
        rows.append(
            Result(
                "commands",
                f"{name} statements",
                statements,
                "",
                None,
                most,
                statements <= MOST_STATEMENTS,
                detail,
            )
        )
    return rows


def _p50_target(command: Command, p50: float, floor: float) -> tuple[str, bool | None]:
    if command.kind != "big":
        return "", None
    met = p50 < BIG_P50_MS and p50 <= BIG_RATIO * floor
    return f"<{BIG_P50_MS:g} ms, ≤{BIG_RATIO:g}×", met


def _p99_target(command: Command, p99: float, backend: str) -> tuple[str, bool | None]:
    limits = {"class": CLASS_P99_MS, "digest": DIGEST_P99_MS}
    if command.kind not in limits:
        return "", None
    limit = limits[command.kind][backend]
    return f"<{limit:g} ms", p99 < limit
