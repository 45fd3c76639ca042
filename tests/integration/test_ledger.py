"""The ledger on SQLite and PostgreSQL: corrections keep ``week_totals`` the sum of the
check-ins, every report follows them, a day never passes 24 hours (also under concurrent
check-ins), every correction is kept once, and a retried correction changes nothing more."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import checkin_corrections, checkins
from core.errors import InvalidInput, NotFound, StrideError
from core.services import checkins as checkin_service
from core.services import cohorts, digests, leaderboards, ledger, progress
from core.views.reports import LeaderboardView
from tests.integration.helpers import cohort_with, person, weekly_budget
from tests.integration.test_week_totals import assert_totals_match

PROF = person("prof")
ADA = person("ada")
COHORT = "ML-Fall-2026"
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # Wed 18 Nov 2026 (UTC cohort)
TODAY = date(2026, 11, 18)


async def _class(stride: Stride, clock: FixedClock) -> None:
    clock.set(NOW)
    await cohort_with(stride.services, COHORT, PROF, (ADA,), "UTC")
    await weekly_budget(stride.services, ADA, "dsa", 5, 7)
    await weekly_budget(stride.services, ADA, "ml", 1, 3)


async def _log(stride: Stride, minutes: int, day: date, track: str = "dsa", key: str | None = None) -> None:
    await checkin_service.check_in(
        stride.services, ADA, None, minutes=minutes, track=track, when=day.isoformat(), idempotency_key=key
    )


async def _day_totals(stride: Stride) -> dict[tuple[int, date], int]:
    async with stride.engine.connect() as connection:
        rows = await connection.execute(
            select(checkins.c.member_id, checkins.c.local_date, func.sum(checkins.c.minutes)).group_by(
                checkins.c.member_id, checkins.c.local_date
            )
        )
        return {(m, d): int(total) for m, d, total in rows}


async def _corrections(stride: Stride) -> list[Any]:
    async with stride.engine.connect() as connection:
        return list((await connection.execute(select(checkin_corrections))).mappings())


# --- every report follows a correction ------------------------------------------------------------


async def _numbers(stride: Stride) -> tuple[float, int, float, float]:
    """Ada's week on /progress, her /streak, her hours on the board and in the digest."""
    ctx = stride.services
    week = await progress.progress(ctx, ADA, None)
    streak = await progress.streak(ctx, ADA, None)
    board = await leaderboards.leaderboard(ctx, ADA, None, "hours", "week")
    digest = await digests.digest(ctx, PROF, None)
    rows = board.rows if isinstance(board, LeaderboardView) else []  # an empty board is a sentence
    [on_board] = [row.value for row in rows if row.name == "Ada"] or [0.0]
    [in_digest] = [row.hours for row in digest.rows if row.name == "Ada"]
    return week.total_hours, streak.current, on_board, in_digest


async def test_progress_streak_board_and_digest_follow_every_correction(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock)
    await _log(stride, 6 * 60, TODAY - timedelta(days=5))  # last week: dsa met
    await _log(stride, 60, TODAY - timedelta(days=4), "ml")  # last week: ml met
    await _log(stride, 3 * 60, TODAY)
    await _log(stride, 60, TODAY, "ml")
    assert await _numbers(stride) == (4.0, 1, 4.0, 4.0)
    ctx = stride.services
    await ledger.edit(ctx, ADA, None, 1, minutes=2 * 60)  # today's ml: 1h → 2h
    assert await _numbers(stride) == (5.0, 1, 5.0, 5.0)
    await ledger.remove(ctx, ADA, None, 2)  # today's 3h of dsa
    assert await _numbers(stride) == (2.0, 1, 2.0, 2.0)
    await ledger.edit(ctx, ADA, None, 3, minutes=60)  # last week's dsa: 6h → 1h, under budget
    assert (await _numbers(stride))[1] == 0
    await ledger.edit(ctx, ADA, None, 3, when=TODAY.isoformat())  # moved into this week
    assert await _numbers(stride) == (3.0, 0, 3.0, 3.0)
    await ledger.undo(ctx, ADA, None)  # the last logged: today's ml (edited before)
    assert await _numbers(stride) == (1.0, 0, 1.0, 1.0)
    await assert_totals_match(stride)


# --- the day's 24 hours ---------------------------------------------------------------------------


async def test_two_concurrent_check_ins_cannot_pass_24_hours(stride: Stride, clock: FixedClock) -> None:
    await _class(stride, clock)
    results = await asyncio.gather(
        *(_log(stride, 13 * 60, TODAY, key=f"k{n}") for n in range(4)), return_exceptions=True
    )
    refused = [r for r in results if isinstance(r, InvalidInput)]
    assert len(refused) == 3, results
    assert all("at most 24h a day fits" in r.message for r in refused)
    assert max((await _day_totals(stride)).values()) == 13 * 60
    await assert_totals_match(stride)


async def test_concurrent_edits_cannot_pass_24_hours(stride: Stride, clock: FixedClock) -> None:
    await _class(stride, clock)
    for _ in range(3):
        await _log(stride, 4 * 60, TODAY - timedelta(days=1))  # 12 h yesterday
    await _log(stride, 8 * 60, TODAY)
    edits = [ledger.edit(stride.services, ADA, None, n, minutes=11 * 60) for n in (2, 3, 4)]
    results = await asyncio.gather(*edits, return_exceptions=True)
    assert sum(1 for r in results if not isinstance(r, BaseException)) == 1, results  # 19 h; a second: 26 h
    assert max((await _day_totals(stride)).values()) == 19 * 60
    await assert_totals_match(stride)


async def test_a_retried_check_in_on_a_full_day_answers_with_the_first(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock)
    await _log(stride, 20 * 60, TODAY, key="slack:t-1")
    again = await checkin_service.check_in(
        stride.services, ADA, None, minutes=20 * 60, track="dsa", idempotency_key="slack:t-1"
    )
    assert again.duplicate
    assert list((await _day_totals(stride)).values()) == [20 * 60]


# --- retries --------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["undo", "remove", "edit"])
async def test_a_retried_correction_changes_nothing_more(
    stride: Stride, clock: FixedClock, action: str
) -> None:
    await _class(stride, clock)
    for hours in (1, 2, 3):
        await _log(stride, hours * 60, TODAY - timedelta(days=hours))
    ctx = stride.services

    async def once() -> str:
        if action == "undo":
            view = await ledger.undo(ctx, ADA, None, idempotency_key="discord:42")
        elif action == "remove":
            view = await ledger.remove(ctx, ADA, None, 1, idempotency_key="discord:42")
        else:
            view = await ledger.edit(ctx, ADA, None, 1, minutes=30, idempotency_key="discord:42")
        return view.headline or ""

    first = await once()
    results = await asyncio.gather(once(), once())  # two retries, at the same moment
    assert all(r.startswith("Already") for r in results), results
    assert not first.startswith("Already")
    listed = await ledger.list_checkins(ctx, ADA, None, "month")
    assert len(listed.rows) == (3 if action == "edit" else 2)
    assert len(await _corrections(stride)) == 1
    await assert_totals_match(stride)


async def test_a_removed_check_ins_values_survive_in_the_history(stride: Stride, clock: FixedClock) -> None:
    await _class(stride, clock)
    await checkin_service.check_in(stride.services, ADA, None, minutes=90, track="ml", note="trees")
    await ledger.remove(stride.services, ADA, None, 1)
    [kept] = await _corrections(stride)
    assert kept["action"] == "remove"
    assert kept["corrected_by"] == "ada"
    assert kept["before"] == {
        "date": "2026-11-18",
        "minutes": 90,
        "track": "ml",
        "skill": None,
        "note": "trees",
    }
    assert kept["after"] is None
    assert kept["created_at"] == NOW


# --- property: random sequences of corrections ------------------------------------------------------


@dataclass(frozen=True)
class Step:
    kind: str
    number: int = 1
    minutes: int | None = None
    days_back: int | None = None
    track: str | None = None


_minutes = st.one_of(st.integers(1, 1440), st.sampled_from([60, 600, 720, 1380, 1440]))
_steps = st.lists(
    st.one_of(
        st.builds(
            Step, st.just("add"), st.just(1), _minutes, st.integers(0, 7), st.sampled_from(["dsa", "ml"])
        ),
        st.builds(
            Step,
            st.just("edit"),
            st.integers(1, 6),
            st.none() | _minutes,
            st.none() | st.integers(0, 7),
            st.none() | st.sampled_from(["dsa", "ml"]),
        ),
        st.builds(Step, st.just("remove"), st.integers(1, 6)),
        st.builds(Step, st.just("undo")),
    ),
    max_size=12,
)
_people = itertools.count()


async def _apply(stride: Stride, who: Any, step: Step) -> bool:
    """Run one step; True when it made a correction."""
    ctx = stride.services
    day = None if step.days_back is None else (TODAY - timedelta(days=step.days_back)).isoformat()
    try:
        if step.kind == "add":
            assert step.minutes is not None
            assert step.track is not None
            await checkin_service.check_in(ctx, who, None, minutes=step.minutes, track=step.track, when=day)
            return False
        if step.kind == "undo":
            await ledger.undo(ctx, who, None)
        elif step.kind == "remove":
            await ledger.remove(ctx, who, None, step.number)
        else:
            await ledger.edit(ctx, who, None, step.number, minutes=step.minutes, when=day, track=step.track)
    except (InvalidInput, NotFound):
        return False
    return True


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(steps=_steps)
async def test_any_sequence_keeps_totals_days_and_history_right(
    stride: Stride, clock: FixedClock, steps: list[Step]
) -> None:
    clock.set(NOW)
    with contextlib.suppress(StrideError):  # made by an earlier example on this database
        await cohort_with(stride.services, COHORT, PROF, (), "UTC")
    who = person(f"p{next(_people)}")
    await cohorts.join_cohort(stride.services, who, COHORT)
    await weekly_budget(stride.services, who, "dsa", 5, 7)
    await weekly_budget(stride.services, who, "ml", 1, 3)
    before = len(await _corrections(stride))
    made = 0
    for step in steps:
        made += await _apply(stride, who, step)
    await assert_totals_match(stride)
    assert all(total <= 24 * 60 for total in (await _day_totals(stride)).values())
    assert len(await _corrections(stride)) - before == made


@pytest.mark.parametrize("number", [0, -1, 10**12])
async def test_a_number_out_of_range_is_refused_by_the_service_too(
    stride: Stride, clock: FixedClock, number: int
) -> None:
    """A platform's integer option (Discord's) can be forged past its range: SQLite reads a
    negative OFFSET as 0, which would have taken number 1."""
    await _class(stride, clock)
    await _log(stride, 60, TODAY)
    with pytest.raises(InvalidInput, match="must be from 1 to 100000"):
        await ledger.remove(stride.services, ADA, None, number)
    with pytest.raises(InvalidInput, match="must be from 1 to 100000"):
        await ledger.edit(stride.services, ADA, None, number, minutes=30)
    assert len((await ledger.list_checkins(stride.services, ADA, None)).rows) == 1
