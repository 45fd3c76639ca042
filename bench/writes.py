"""Write throughput: check-ins per second from many concurrent writers, and none lost.

Every writer logs its check-ins through the real service with its own idempotency keys,
so afterwards each one can be looked for: a check-in that raised or that is missing from
the table is lost. The floor replays the SQL of one check-in back to back on one bare
connection: the rate the database itself allows for that transaction.
"""

from __future__ import annotations

import asyncio
import time
import uuid

from sqlalchemy import func, select

from bench import dataset
from bench.backends import Backend, recording
from bench.scale import Scale
from bench.stats import Result
from core.bootstrap import Stride
from core.db.tables import checkins
from core.services.checkins import check_in

TARGET_PER_SECOND = 1000.0


async def measure(stride: Stride, backend: Backend, scale: Scale) -> list[Result]:
    ctx = stride.services
    run = uuid.uuid4().hex[:8]
    users = [dataset.student_id(c, i) for c in range(scale.cohorts) for i in range(scale.members)][
        : scale.writers
    ]
    failures: list[str] = []

    async def writer(number: int) -> None:
        who = dataset.actor(users[number % len(users)])
        for index in range(scale.writes_per_writer):
            try:
                await check_in(
                    ctx, who, None, minutes=30, track="ml", idempotency_key=f"{run}-{number}-{index}"
                )
            except Exception as error:  # a lost write is what is being counted
                failures.append(f"{type(error).__name__}: {error}"[:200])

    began = time.perf_counter()
    await asyncio.gather(*(writer(n) for n in range(scale.writers)))
    seconds = time.perf_counter() - began
    expected = scale.writers * scale.writes_per_writer
    async with stride.engine.connect() as connection:
        stored = await connection.scalar(
            select(func.count()).select_from(checkins).where(checkins.c.idempotency_key.like(f"{run}-%"))
        )
    lost = expected - int(stored or 0)
    rate = expected / seconds
    floor_rate = await _floor_rate(stride, backend, users[0], expected)
    detail = {"writers": scale.writers, "checkins": expected, "stored": stored, "errors": failures[:5]}
    return [
        Result(
            "writes",
            f"checkins/s, {scale.writers} writers",
            rate,
            "/s",
            floor_rate,
            f"≥{TARGET_PER_SECOND:,.0f}/s (SQLite)",
            rate >= TARGET_PER_SECOND if backend.name == "sqlite" else None,
            detail,
        ),
        Result(
            "writes", "check-ins lost", float(lost + len(failures)), "", None, "0", lost + len(failures) == 0
        ),
    ]


async def _floor_rate(stride: Stride, backend: Backend, user: str, count: int) -> float:
    with recording(stride.engine) as found:
        await check_in(stride.services, dataset.actor(user), None, minutes=30, track="ml")
    floor = await backend.floor()
    try:
        began = time.perf_counter()
        for _ in range(count):
            await floor.replay(found.statements)
        return count / (time.perf_counter() - began)
    finally:
        await floor.close()
