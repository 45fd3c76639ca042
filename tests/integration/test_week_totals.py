"""``week_totals`` and the bounded week loading, against a recomputation from raw check-ins
(SQLite and PostgreSQL).

The table must always equal the check-ins summed per member, ISO week and track, whatever
wrote them (a check-in, a retried one, a refused one, ``/me delete``, the migration's
backfill). The digest and the streak board, which now read it a few weeks at a time, must
say exactly what the plain rules say over each student's whole history of raw check-ins.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.migrate import alembic_config, upgrade
from core.db.tables import checkins, week_totals
from core.domain.budgets import Budget, BudgetStatus, budget_status, month_key
from core.domain.model import BudgetRow, Member, Role
from core.domain.streaks import compute_streak, paused_week_keys, this_month_of
from core.domain.weeks import iso_week_key, local_date, week_start, week_start_of_key
from core.errors import NotFound
from core.services import budgets as budget_service
from core.services import checkins as checkin_service
from core.services import cohorts as cohort_service
from core.services import digests, exports, leaderboards
from core.services.context import membership
from core.services.digests import UNDER_BUDGET_WEEKS, last_complete_weeks
from core.services.recent_weeks import INITIAL_WEEKS
from core.services.skills import budgets_in_hours
from tests.integration.helpers import board, cohort_with, person, weekly_budget

PROF = person("prof")
COHORT = "ML-Fall-2026"
TODAY = date(2026, 11, 18)  # a Wednesday: this week has days before and after it
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
Totals = dict[tuple[int, str, str], int]


async def summed_check_ins(stride: Stride) -> Totals:
    async with stride.engine.connect() as connection:
        result = await connection.execute(
            select(
                checkins.c.member_id, checkins.c.iso_week, checkins.c.track, func.sum(checkins.c.minutes)
            ).group_by(checkins.c.member_id, checkins.c.iso_week, checkins.c.track)
        )
        return {(m, w, t): int(total) for m, w, t, total in result}


async def kept_totals(stride: Stride) -> Totals:
    async with stride.engine.connect() as connection:
        result = await connection.execute(select(week_totals))
        return {(m, w, t): minutes for m, w, t, minutes in result}


async def assert_totals_match(stride: Stride) -> Totals:
    kept = await kept_totals(stride)
    assert kept == await summed_check_ins(stride)
    return kept


# --- every write keeps the table equal to the check-ins summed ------------------------------------


async def test_every_write_path_keeps_week_totals_equal_to_the_check_ins(
    stride: Stride, clock: FixedClock
) -> None:
    ada, bob = person("ada"), person("bob")
    ctx = stride.services
    clock.set(NOW)
    await cohort_with(ctx, COHORT, PROF, (ada, bob))
    for who in (ada, bob):
        await weekly_budget(ctx, who, "dsa", 2, 4)
        await weekly_budget(ctx, who, "ml", 1, 2)

    await checkin_service.check_in(ctx, ada, None, minutes=30, track="dsa")
    await checkin_service.check_in(ctx, ada, None, minutes=45, track="dsa", when="yesterday")
    await checkin_service.check_in(ctx, ada, None, minutes=20, track="ml", when="2026-11-15")  # last week
    await checkin_service.check_in(ctx, bob, None, minutes=60, track="dsa", idempotency_key="k1")
    retried = await checkin_service.check_in(ctx, bob, None, minutes=60, track="dsa", idempotency_key="k1")
    assert retried.duplicate
    with pytest.raises(NotFound):  # refused: no budget on that track; nothing may count
        await checkin_service.check_in(ctx, bob, None, minutes=99, track="reading")
    kept = await assert_totals_match(stride)
    assert sorted(kept.values()) == [20, 60, 75]

    await exports.me_delete(ctx, ada, None, COHORT)
    kept = await assert_totals_match(stride)
    assert list(kept.values()) == [60]


async def test_the_migration_fills_week_totals_from_existing_check_ins(
    stride: Stride, clock: FixedClock
) -> None:
    ada = person("ada")
    ctx = stride.services
    clock.set(NOW)
    await cohort_with(ctx, COHORT, PROF, (ada,))
    await weekly_budget(ctx, ada, "dsa", 2, 4)
    for days_back in (0, 1, 3, 6, 7):
        await checkin_service.check_in(
            ctx,
            ada,
            None,
            minutes=10 + days_back,
            track="dsa",
            when=(TODAY - timedelta(days=days_back)).isoformat(),
        )
    before = await assert_totals_match(stride)

    def step(connection: Connection, down: bool) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        if down:
            command.downgrade(config, "0004")  # to before week_totals
        else:
            command.upgrade(config, "head")

    async with stride.engine.begin() as connection:
        await connection.run_sync(step, True)  # the table goes, the check-ins stay
    try:
        async with stride.engine.begin() as connection:
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
            indexes = await connection.run_sync(
                lambda c: {index["name"] for index in inspect(c).get_indexes("checkins")}
            )
        assert "week_totals" not in tables
        assert "ix_checkins_member_week" in indexes  # what the weekly sums replaced comes back
    finally:
        await upgrade(stride.engine)
    assert await assert_totals_match(stride) == before
    assert len(before) == 2  # this week and last


# --- the reports against the plain rules over whole histories of raw check-ins -----------------


def _history(rng: random.Random) -> tuple[int, list[tuple[int, int]], str]:
    """A current-run length (some far past the first read of ``INITIAL_WEEKS``), pauses as
    (weeks ago it ends, weeks long), and a budget kind: none, weekly on one track or two,
    monthly (its weekly share exactly 2 h), or with no minimum at all."""
    run = rng.choice([0, 0, 1, 2, 5, INITIAL_WEEKS - 1, INITIAL_WEEKS, INITIAL_WEEKS + 3, 30, 45, 70])
    pauses = [(rng.randrange(0, 60), rng.choice([1, 2, 5, 12])) for _ in range(rng.choice([0, 0, 1, 2]))]
    return run, pauses, rng.choice(["none", "dsa", "both", "monthly", "mixed", "free"])


async def _random_cohort(stride: Stride, clock: FixedClock, seed: int) -> None:
    rng = random.Random(seed)
    ctx = stride.services
    students = tuple(person(f"s{seed}x{i:02d}") for i in range(14))
    created = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    clock.set(created)
    await cohort_with(ctx, COHORT, PROF, ())
    for index, who in enumerate(students):
        clock.set(created + timedelta(days=rng.randrange(0, 560) if index else 0))
        await cohort_service.join_cohort(ctx, who, COHORT)
        run, pauses, kind = _history(rng)
        if index == 0:  # last week under budget, away for eleven, and met before: not two weeks running
            run, pauses = 0, []
        if index == 1:  # a run longer than the first two reads (8 and 32 weeks) together
            run = 45
        tracks = {"none": [], "dsa": ["dsa"], "both": ["dsa", "ml"], "mixed": ["dsa", "ml"]}.get(
            kind, ["dsa"]
        )
        if kind == "monthly":  # about four 2 h weeks a month: some months reach it, some fall short
            await budget_service.set_budget(ctx, who, None, "dsa", rng.choice([480, 520, 600]), 1300, "month")
        elif kind == "mixed":  # a weekly budget on one track, a monthly one on the other
            await weekly_budget(ctx, who, "dsa", 2, 5)
            await budget_service.set_budget(ctx, who, None, "ml", rng.choice([480, 520]), 1300, "month")
        elif kind == "free":
            await budget_service.set_budget(ctx, who, None, "dsa", 0, 300, "week")
        else:
            for track in tracks:
                await weekly_budget(ctx, who, track, 2, 5)
        async with ctx.uow() as uow:
            found = await membership(uow, who, COHORT)
            member = found.member
            for ends_ago, weeks in sorted(pauses, reverse=True):
                end = TODAY - timedelta(weeks=ends_ago, days=rng.randrange(7))
                await uow.members.set_pause(member.id, end - timedelta(weeks=weeks), end)
            if index == 0:
                away = week_start(TODAY) - timedelta(weeks=2)
                await uow.members.set_pause(member.id, away - timedelta(weeks=10), away + timedelta(days=6))
            for weeks_ago in range(90):
                monday = week_start(TODAY) - timedelta(weeks=weeks_ago)
                met = weeks_ago <= run and not (weeks_ago == 0 and index % 2)
                if index == 0:
                    met = weeks_ago >= 13
                if not met and rng.random() < 0.45:
                    continue
                for track in tracks or ["dsa"]:
                    need = 2 * 60 if tracks else 6 * 60
                    total = need + rng.randrange(0, 90) if met else rng.randrange(10, need)
                    parts = rng.choice([1, 1, 2, 3])
                    if rng.random() < 0.2:  # exactly on the minimum, or a minute short of it
                        total, parts = need - (0 if met else 1), 1
                    for part in range(parts):
                        day = monday + timedelta(days=rng.randrange(7))
                        day = min(day, TODAY)
                        minutes = max(1, total // parts)
                        await uow.checkins.add(
                            member.id,
                            track=track,
                            minutes=minutes,
                            local_date=day,
                            iso_week=iso_week_key(day),
                            skill_id=None,
                            note=None,
                            idempotency_key=f"{seed}-{index}-{weeks_ago}-{track}-{part}",
                            now=NOW,
                        )
            await uow.commit()
    clock.set(NOW)


async def summed_per_month(stride: Stride) -> dict[int, dict[str, dict[str, float]]]:
    """Member → calendar month → track → hours, from the raw check-ins."""
    async with stride.engine.connect() as connection:
        result = await connection.execute(
            select(checkins.c.member_id, checkins.c.local_date, checkins.c.track, checkins.c.minutes)
        )
        months: dict[int, dict[str, dict[str, float]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(float))
        )
        for member, day, track, minutes in result:
            months[member][month_key(day)][track] += minutes / 60
        return months


async def _whole_histories(stride: Stride) -> tuple[list[Member], dict[int, dict[str, dict[str, int]]], Any]:
    """Students, their raw check-ins summed per week and track up to this week, and a
    unit of work's cohort-wide budgets and pauses."""
    async with stride.services.uow() as uow:
        cohort = await uow.cohorts.by_name("console", "local", COHORT)
        assert cohort is not None
        students = [m for m in await uow.members.in_cohort(cohort.id) if m.role is Role.STUDENT]
        budgets = await uow.reports.budgets(cohort.id)
        pauses = await uow.members.pauses_in_cohort(cohort.id)
    weeks: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for (member, week, track), minutes in (await summed_check_ins(stride)).items():
        if week <= iso_week_key(TODAY):
            weeks[member][week][track] = minutes
    return students, weeks, (cohort, budgets, pauses)


def week_under_budget(
    week: str,
    minutes_by_track: dict[str, int],
    budgets: list[Budget],
    default_weekly_hours: float,
    months: dict[str, dict[str, float]],
) -> bool:
    """The plain rule, week by week: a week's hours fall under any weekly budget's minimum,
    or the week's month (its Monday's) is over and fell under a monthly budget's minimum
    (or, without budgets, the week's total falls under the cohort default)."""
    if not budgets:
        total = sum(minutes_by_track.values()) / 60
        return budget_status(total, default_weekly_hours, math.inf) is BudgetStatus.UNDER
    month = month_key(week_start_of_key(week))
    over = month < this_month_of(TODAY)
    return any(
        budget_status(minutes_by_track.get(b.track, 0) / 60, b.min_hours, b.max_hours) is BudgetStatus.UNDER
        if b.period == "week"
        else over
        and budget_status(months.get(month, {}).get(b.track, 0.0), b.min_hours, b.max_hours)
        is BudgetStatus.UNDER
        for b in budgets
    )


def _streak(
    weeks: dict[str, dict[str, int]],
    budgets: list[BudgetRow],
    pauses: Any,
    default_minutes: int,
    months: dict[str, dict[str, float]],
) -> int:
    hours = {week: {track: m / 60 for track, m in tracks.items()} for week, tracks in weeks.items()}
    paused = paused_week_keys((p.start_date, p.end_date) for p in pauses)
    return compute_streak(
        hours, budgets_in_hours(budgets), default_minutes / 60, paused, TODAY, months
    ).current


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_digest_and_streak_board_match_the_rules_over_raw_check_ins(
    stride: Stride, clock: FixedClock, seed: int
) -> None:
    await _random_cohort(stride, clock, seed)
    await assert_totals_match(stride)
    students, weeks, (cohort, budgets, pauses) = await _whole_histories(stride)
    months = await summed_per_month(stride)
    default = cohort.default_weekly_minutes
    expected_streak = {
        m.display_name: _streak(
            weeks[m.id], budgets.get(m.id, []), pauses.get(m.id, []), default, months[m.id]
        )
        for m in students
    }
    assert max(expected_streak.values()) > 4 * INITIAL_WEEKS  # the walk needed more than two reads
    expected_under = set()
    for m in students:
        paused = paused_week_keys((p.start_date, p.end_date) for p in pauses.get(m.id, []))
        joined = local_date(m.joined_at, ZoneInfo(cohort.timezone))
        keys = last_complete_weeks(TODAY, joined, paused, UNDER_BUDGET_WEEKS)
        hours_budgets = budgets_in_hours(budgets.get(m.id, []))
        if len(keys) == UNDER_BUDGET_WEEKS and all(
            week_under_budget(k, weeks[m.id].get(k, {}), hours_budgets, default / 60, months[m.id])
            for k in keys
        ):
            expected_under.add(m.display_name)

    assert person(f"s{seed}x00").display_name not in expected_under  # judged on a week 13 weeks back
    view = await digests.digest(stride.services, PROF, None)
    assert {row.name: row.streak for row in view.rows} == expected_streak
    flagged = {row.name for row in view.at_risk if any("under budget" in r for r in row.reasons)}
    assert flagged == expected_under

    for period in leaderboards.PERIODS:
        shown = await board(stride.services, PROF, None, "streak", period)
        floor = iso_week_key(shown.start)
        windowed = {
            m.display_name: _streak(
                {w: t for w, t in weeks[m.id].items() if w >= floor},
                budgets.get(m.id, []),
                pauses.get(m.id, []),
                default,
                months[m.id],
            )
            for m in students
        }
        assert {row.name: int(row.value) for row in shown.rows} == windowed, period
