"""Concurrent writers (DESIGN §6, §7): every check-in lands, none is lost or doubled, and no
writer ever sees "database is locked" — on SQLite (WAL + busy timeout + BEGIN IMMEDIATE)
and on PostgreSQL alike."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from functools import partial
from typing import TypeVar

from sqlalchemy import func, select

from core.bootstrap import Stride
from core.db.engine import create_engine
from core.db.tables import checkins
from core.db.uow import UnitOfWork
from core.errors import Conflict
from core.services.checkins import check_in
from core.services.context import ServiceContext
from core.services.progress import progress
from core.views.activity import CheckinView
from tests.integration.helpers import cohort_with, count, person, total, weekly_budget

T = TypeVar("T")

PROF = person("prof")
ALICE = person("alice")
KEY = "discord-interaction-42"


async def gather_all(calls: Sequence[Awaitable[T]]) -> list[T | BaseException]:
    """Run ``calls`` at once and return every outcome, failures included, in order."""
    return list(await asyncio.gather(*calls, return_exceptions=True))


def failures(outcomes: Sequence[object]) -> list[str]:
    return [f"{type(o).__name__}: {o}" for o in outcomes if isinstance(o, BaseException)]


async def test_fifty_concurrent_check_ins_from_one_member_are_all_kept(stride: Stride) -> None:
    ctx = stride.services
    await cohort_with(ctx, "ML-Fall-2026", PROF, (ALICE,))
    await weekly_budget(ctx, ALICE, "dsa", 5, 7)

    outcomes = await gather_all(
        [check_in(ctx, ALICE, None, minutes=minutes, track="dsa") for minutes in range(1, 51)]
    )

    assert failures(outcomes) == []
    assert all(isinstance(o, CheckinView) and not o.duplicate for o in outcomes)
    assert await count(stride.engine, checkins) == 50
    assert await total(stride.engine, checkins, "minutes") == sum(range(1, 51))  # 1275
    # Each reply's week total includes its own check-in (others may still be in flight).
    assert all(isinstance(o, CheckinView) and o.track_week_hours >= o.hours for o in outcomes)
    # Once all are in, the week's progress counts every minute.
    week = await progress(ctx, ALICE, None, "week")
    assert [(t.track, round(t.hours * 60)) for t in week.tracks] == [("dsa", 1275)]


async def test_fifty_concurrent_check_ins_from_ten_members(stride: Stride) -> None:
    ctx = stride.services
    students = tuple(person(f"student{i}") for i in range(10))
    await cohort_with(ctx, "ML-Fall-2026", PROF, students)
    for student in students:
        await weekly_budget(ctx, student, "dsa", 5, 7)
        await weekly_budget(ctx, student, "reading", 1, 2)

    # Student i logs 10*i + 1 .. 10*i + 5 minutes, alternating tracks, all at once.
    calls = [
        check_in(ctx, student, None, minutes=10 * i + k, track="dsa" if k % 2 else "reading")
        for i, student in enumerate(students)
        for k in range(1, 6)
    ]
    outcomes = await gather_all(calls)

    assert failures(outcomes) == []
    assert await count(stride.engine, checkins) == 50
    async with stride.engine.connect() as connection:
        result = await connection.execute(
            select(checkins.c.member_id, func.sum(checkins.c.minutes)).group_by(checkins.c.member_id)
        )
        per_member = {member_id: int(minutes) for member_id, minutes in result.all()}
    # Ten distinct members, each with exactly their own five check-ins.
    assert sorted(per_member.values()) == [sum(10 * i + k for k in range(1, 6)) for i in range(10)]


async def test_one_idempotency_key_sent_ten_times_at_once_is_one_check_in(stride: Stride) -> None:
    ctx = stride.services
    await cohort_with(ctx, "ML-Fall-2026", PROF, (ALICE,))
    await weekly_budget(ctx, ALICE, "dsa", 5, 7)

    outcomes = await gather_all(
        [check_in(ctx, ALICE, None, minutes=90, track="dsa", idempotency_key=KEY) for _ in range(10)]
    )

    # A loser of the race either sees the first row (duplicate) or gets a clean Conflict
    # with a sentence for the user — never an IntegrityError or any other exception.
    unexpected = [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, Conflict)]
    assert unexpected == []
    views = [o for o in outcomes if isinstance(o, CheckinView)]
    assert sum(1 for v in views if not v.duplicate) == 1
    assert all(v.hours == 1.5 and v.track == "dsa" for v in views)
    for conflict in (o for o in outcomes if isinstance(o, Conflict)):
        assert conflict.message.endswith("try again.")
    assert await count(stride.engine, checkins) == 1
    assert await total(stride.engine, checkins, "minutes") == 90

    # And a later retry with the same key is a duplicate, still one row.
    again = await check_in(ctx, ALICE, None, minutes=90, track="dsa", idempotency_key=KEY)
    assert again.duplicate
    assert await count(stride.engine, checkins) == 1


async def test_idempotency_keys_are_per_member(stride: Stride) -> None:
    ctx = stride.services
    bob = person("bob")
    await cohort_with(ctx, "ML-Fall-2026", PROF, (ALICE, bob))
    for who in (ALICE, bob):
        await weekly_budget(ctx, who, "dsa", 5, 7)

    outcomes = await gather_all(
        [check_in(ctx, who, None, minutes=30, track="dsa", idempotency_key="same") for who in (ALICE, bob)]
    )

    assert failures(outcomes) == []
    assert all(isinstance(o, CheckinView) and not o.duplicate for o in outcomes)
    assert await count(stride.engine, checkins) == 2


async def test_two_engines_on_one_database_write_at_once(stride: Stride, database_url: str) -> None:
    """Two bot processes sharing one SQLite file (or one PostgreSQL database)."""
    ctx = stride.services
    await cohort_with(ctx, "ML-Fall-2026", PROF, (ALICE,))
    await weekly_budget(ctx, ALICE, "dsa", 5, 7)

    other_engine = create_engine(database_url)
    try:
        other = ServiceContext(uow=partial(UnitOfWork, other_engine), clock=ctx.clock, defaults=ctx.defaults)
        calls = [
            check_in(other if i % 2 else ctx, ALICE, None, minutes=i, track="dsa", note=f"#{i}")
            for i in range(1, 51)
        ]
        outcomes = await gather_all(calls)
        assert failures(outcomes) == []
        assert other_engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    finally:
        await other_engine.dispose()

    assert await count(stride.engine, checkins) == 50
    assert await total(stride.engine, checkins, "minutes") == sum(range(1, 51))
    assert stride.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
