"""Which weeks met their budgets, for cohort reports, read only as far back as the rules look.

A current streak ends at the first unmet week going back from today, and "under budget two
weeks running" reads the last two complete weeks: for nearly every student a few recent
weeks decide both. So the cohort's last ``INITIAL_WEEKS`` are judged (in SQL, one
statement) and only students whose run (or pause) reaches past them have older weeks
read, ``GROWTH`` times as many each round. Exact by construction: ``current_streak_of``
says when the weeks it was given cannot decide, and a student's weeks are complete once
they reach back to the first check-in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta

from core.db.uow import UnitOfWork
from core.domain.streaks import NO_MARKS, WeekMarks, current_streak_of, this_month_of
from core.domain.weeks import iso_week_key, week_start

INITIAL_WEEKS = 8
"""Today's week and the seven before it: a streak or a pause longer than that is rare."""
GROWTH = 4
"""Each further round reads this many times as many weeks back (8, 32, 128, …)."""


@dataclass(frozen=True, slots=True)
class WeeklyRules:
    """What one student's weekly rules need besides the weeks themselves."""

    paused_weeks: AbstractSet[str]
    needs_from: date | None = None
    """The oldest Monday another rule reads (the under-budget weeks), if any."""


@dataclass(frozen=True)
class RecentWeeks:
    marks: dict[int, WeekMarks]
    """Member → their weeks judged: at least every week the rules read."""
    streaks: dict[int, int]
    """Member → current streak, as ``compute_streak`` counts it over the whole history."""


async def recent_weeks(
    uow: UnitOfWork,
    cohort_id: int,
    rules: Mapping[int, WeeklyRules],
    today: date,
    default_minutes: int,
    floor: date | None = None,
    checkin_dates: Mapping[int, tuple[date, date]] | None = None,
) -> RecentWeeks:
    """Weeks and current streaks of the members in ``rules``, as of ``today``;
    ``default_minutes`` is the weekly minimum of members without budgets.

    ``floor`` is the Monday of the oldest week a streak may count (a board's window); weeks
    before it are neither read nor counted. Otherwise the whole history counts, and a
    member's weeks are complete once they reach the week of their first check-in.
    ``checkin_dates`` (first and last per member) is read here unless the caller has it.
    """
    this_monday = week_start(today)
    dates = checkin_dates if checkin_dates is not None else await uow.reports.checkin_dates(cohort_id)
    span = INITIAL_WEEKS
    oldest = _clamped(this_monday - timedelta(weeks=span - 1), floor)
    this_month = this_month_of(today)
    weeks = await uow.reports.week_marks(
        cohort_id, iso_week_key(oldest), iso_week_key(today), default_minutes, this_month=this_month
    )
    streaks: dict[int, int] = {}
    pending = set(rules)
    while True:
        # Walking 10,000 students' weeks is pure Python: off the event loop.
        pending = await asyncio.to_thread(
            _resolve, pending, weeks, rules, dates, oldest, floor, today, streaks
        )
        if not pending:
            return RecentWeeks(weeks, streaks)
        span *= GROWTH
        older = _clamped(this_monday - timedelta(weeks=span - 1), floor)
        more = await uow.reports.week_marks(
            cohort_id,
            iso_week_key(older),
            iso_week_key(oldest - timedelta(weeks=1)),
            default_minutes,
            member_ids=pending,
            this_month=this_month,
        )
        _merge(weeks, more)
        oldest = older


def _merge(marks: dict[int, WeekMarks], older: Mapping[int, WeekMarks]) -> None:
    for member, found in older.items():
        newer = marks.get(member, NO_MARKS)
        marks[member] = WeekMarks(newer.met | found.met, newer.under | found.under, found.earliest)


def _clamped(monday: date, floor: date | None) -> date:
    return monday if floor is None else max(monday, floor)


def _resolve(
    pending: AbstractSet[int],
    weeks: Mapping[int, WeekMarks],
    rules: Mapping[int, WeeklyRules],
    checkin_dates: Mapping[int, tuple[date, date]],
    oldest: date,
    floor: date | None,
    today: date,
    streaks: dict[int, int],
) -> set[int]:
    """Record in ``streaks`` the current streak of each pending member the weeks from
    ``oldest`` decide (for the other rules too); return the others, who need older weeks."""
    still: set[int] = set()
    for member in pending:
        rule = rules[member]
        first = checkin_dates[member][0] if member in checkin_dates else None
        complete = (floor is not None and oldest <= floor) or first is None or oldest <= week_start(first)
        if not complete and rule.needs_from is not None and rule.needs_from < oldest:
            still.add(member)
            continue
        marks = weeks.get(member, NO_MARKS)
        streak = current_streak_of(
            marks.met, marks.earliest, rule.paused_weeks, today, known_from=None if complete else oldest
        )
        if streak is None:
            still.add(member)
        else:
            streaks[member] = streak
    return still
