"""Tallies never reach an hour (issue 18, item 6 c), on SQLite and PostgreSQL.

Random check-ins, then random tallies on count budgets: every hour total Stride shows or
stores — week_totals, /progress, /streak, /budget show's weekly hours for the plan, the
digest, the hours and streak boards — reads the same before and after the tallies, and
after /checkin undo took some of them back.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import tallies, week_totals
from core.domain.counts import parse_count_budget
from core.services import budgets, checkins, counts, digests, ledger, progress
from core.services.context import membership
from tests.integration.helpers import board, cohort_with, person, weekly_budget

PROF = person("prof")
ADA = person("ada")
BO = person("bo")
COHORT = "Counts"
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # a Wednesday


async def _hours_everywhere(stride: Stride) -> list[Any]:
    ctx = stride.services
    async with stride.engine.connect() as connection:
        kept = sorted((await connection.execute(select(week_totals))).all())
    seen: list[Any] = [kept]
    for who in (ADA, BO):
        for period in ("week", "month"):
            view = await progress.progress(ctx, who, COHORT, period)
            seen.append(
                (view.total_hours, [t.model_dump() for t in view.tracks], view.streak, view.default_status)
            )
        seen.append((await progress.streak(ctx, who, COHORT)).model_dump())
        seen.append((await budgets.show_budgets(ctx, who, COHORT)).weekly_hours)
    seen.append((await digests.digest(ctx, PROF, COHORT)).model_dump())
    for metric in ("hours", "streak"):
        seen.append((await board(ctx, PROF, COHORT, metric)).model_dump())
    return seen


@pytest.mark.parametrize("seed", range(4))
async def test_tallies_never_change_an_hour_total(stride: Stride, clock: FixedClock, seed: int) -> None:
    rng = random.Random(seed)
    ctx = stride.services
    clock.set(NOW)
    await cohort_with(ctx, COHORT, PROF, (ADA, BO), "UTC")
    for who in (ADA, BO):
        await weekly_budget(ctx, who, "dsa", 2, 4, COHORT)
        await budgets.set_budget(ctx, who, COHORT, "essays", 60, 240, "month")
        await budgets.set_count_budget(
            ctx, who, COHORT, "reading", parse_count_budget("1-2 books every 3 months")
        )
        await budgets.set_count_budget(
            ctx, who, COHORT, "problems", parse_count_budget("10 problems every 2 weeks")
        )
    for n in range(rng.randint(3, 12)):
        who = rng.choice((ADA, BO))
        day = (NOW - timedelta(days=rng.randint(0, 6))).date().isoformat()
        minutes = rng.randint(1, 180)
        track = rng.choice(("dsa", "essays"))
        await checkins.check_in(
            ctx, who, COHORT, minutes=minutes, track=track, when=day, idempotency_key=f"c{n}"
        )
    before = await _hours_everywhere(stride)
    for n in range(rng.randint(1, 10)):
        clock.set(NOW + timedelta(seconds=n + 1))
        who = rng.choice((ADA, BO))
        day = (NOW - timedelta(days=rng.randint(0, 6))).date().isoformat()
        track = rng.choice(("reading", "problems"))
        await counts.log_tally(
            ctx, who, COHORT, track, rng.randint(1, 1000), when=day, idempotency_key=f"t{n}"
        )
    assert await _hours_everywhere(stride) == before
    async with stride.engine.connect() as connection:
        logged = len((await connection.execute(select(tallies.c.id))).all())
    assert logged > 0
    clock.set(NOW + timedelta(minutes=5))
    for who in (ADA, BO):  # a book logged last: /checkin undo takes it back, not hours
        await counts.log_tally(ctx, who, COHORT, "reading", 1)
        undone = await ledger.undo(ctx, who, COHORT)
        assert undone.headline is not None
        assert "1 book of reading" in undone.headline
    assert await _hours_everywhere(stride) == before
    async with stride.engine.connect() as connection:
        assert len((await connection.execute(select(tallies.c.id))).all()) == logged


async def test_export_holds_and_erasure_removes_count_budgets_and_tallies(
    stride: Stride, clock: FixedClock
) -> None:
    ctx = stride.services
    clock.set(NOW)
    await cohort_with(ctx, COHORT, PROF, (ADA,), "UTC")
    await budgets.set_count_budget(ctx, ADA, COHORT, "reading", parse_count_budget("1 book every 3 months"))
    await counts.log_tally(ctx, ADA, COHORT, "reading", 2, note="Dune")
    async with ctx.uow() as uow:
        member_id = (await membership(uow, ADA, COHORT)).member.id
        dumped = await uow.member_data.dump(member_id)
        assert [(r["track"], r["amount"], r["note"]) for r in dumped["tallies"]] == [("reading", 2, "Dune")]
        assert [r["unit"] for r in dumped["count_budgets"]] == ["book"]
        erased = await uow.member_data.erase(member_id)
        await uow.commit()
    assert (erased["tallies"], erased["count_budgets"]) == (1, 1)
    async with stride.engine.connect() as connection:
        assert not (await connection.execute(select(tallies.c.id))).all()


async def test_a_retried_tally_is_counted_once(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    clock.set(NOW)
    await cohort_with(ctx, COHORT, PROF, (ADA,), "UTC")
    await budgets.set_count_budget(ctx, ADA, COHORT, "reading", parse_count_budget("2 books per month"))
    first = await counts.check_in_count(ctx, ADA, COHORT, "1", ["book", "reading"], idempotency_key="k1")
    again = await counts.check_in_count(ctx, ADA, COHORT, "1", ["book", "reading"], idempotency_key="k1")
    assert first is not None
    assert again is not None
    assert (first.duplicate, again.duplicate) == (False, True)
    assert again.budget.done == 1
    assert await counts.check_in_count(ctx, ADA, COHORT, "2", ["dsa", "trees"]) is None  # hours
