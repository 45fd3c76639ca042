"""Which weeks met a member's budgets and which fell under them, judged in SQL.

The weekly rules (streaks, "under budget two weeks running") read a yes or no per week,
not the minutes per track: so the database judges each ``week_totals`` week against the
member's budgets and hands back one short row per member, with the weeks as two lists,
instead of a row per member, week and track for Python to judge.

The judging is the rules of ``core.domain.streaks`` and ``core.domain.budgets`` in whole
minutes, which is exact: a weekly budget is met by ``minutes >= min_minutes`` on the
week's track; a monthly one by its calendar month — the week keeps it when the check-ins
of the month its Monday is in reach ``min_minutes`` on the track, or while that month is
the bound ``this_month`` or later (not over yet) — and the cohort default (without
budgets) by the week's total. Rounded hours compare the same way, because two different
multiples of 1/60 h never round to the same six decimals. ``week_totals`` keeps positive
minutes only, so every week it has is a week with work.

A week key's Monday is worked out by each database its own way (``_MONDAYS_MONTH``), so
the statements come in one version per dialect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    not_,
    select,
)
from sqlalchemy.sql.functions import aggregate_strings

from core.db.repositories.scope import IN_COHORT
from core.db.tables import budgets, checkins, week_totals
from core.domain.streaks import WeekMarks

_SEPARATOR = ","
"""Between week keys (``2026-W47``) in one aggregated string: no key contains it."""


def month_of_date(day: ColumnElement[Any]) -> ColumnElement[str]:
    """``2026-11`` of a local date column, on both backends (a date's text is ISO)."""
    # Inline constants, so that a GROUP BY of this repeats the SELECT's text exactly.
    return func.substr(cast(day, String), literal_column("1"), literal_column("7"))


def _sqlite_mondays_month(key: ColumnElement[str]) -> ColumnElement[str]:
    """SQLite: the Monday of week 1 (the week of 4 January) plus 7 days a week after it."""
    jan4 = func.substr(key, 1, 4).op("||")("-01-04")
    weekday = (cast(func.strftime("%w", jan4), Integer) + 6) % 7
    back = literal("-").op("||")(cast(weekday, String)).op("||")(" days")
    weeks = cast(func.substr(key, 7), Integer) - 1
    forward = literal("+").op("||")(cast(7 * weeks, String)).op("||")(" days")
    return func.substr(func.date(jan4, back, forward), 1, 7)


def _postgresql_mondays_month(key: ColumnElement[str]) -> ColumnElement[str]:
    """PostgreSQL: ``to_date`` reads ISO week-numbering years and weeks (day 1: Monday)."""
    return func.to_char(func.to_date(key, literal('IYYY-"W"IW')), literal("YYYY-MM"))


_MONDAYS_MONTH: Mapping[str, Callable[[ColumnElement[str]], ColumnElement[str]]] = {
    "sqlite": _sqlite_mondays_month,
    "postgresql": _postgresql_mondays_month,
}


def _marks(members_of: Callable[[Any], ColumnElement[bool]], dialect: str) -> Select[Any]:
    """Member, oldest week with work, met weeks and under-budget weeks, between the bound
    ``first_week`` and ``last_week``, for the members ``members_of`` picks; monthly budgets
    of months from the bound ``this_month`` on are not over yet."""
    weekly = budgets.c.period == "week"
    budget_kept = and_(weekly, budgets.c.min_minutes > 0, week_totals.c.minutes >= budgets.c.min_minutes)
    # (member, week): total minutes, and how many of the member's weekly budgets with a
    # minimum the week kept. A budget is unique per (member, track), so the join adds no rows.
    weeks = (
        select(
            week_totals.c.member_id,
            week_totals.c.iso_week,
            func.sum(week_totals.c.minutes).label("total"),
            func.sum(case((budget_kept, 1), else_=0)).label("kept"),
        )
        .outerjoin(
            budgets,
            and_(budgets.c.member_id == week_totals.c.member_id, budgets.c.track == week_totals.c.track),
        )
        .where(
            members_of(week_totals.c.member_id),
            week_totals.c.iso_week >= bindparam("first_week"),
            week_totals.c.iso_week <= bindparam("last_week"),
        )
        .group_by(week_totals.c.member_id, week_totals.c.iso_week)
        .cte("weeks")  # read twice below: a CTE sums the weeks once
    )
    # Member: how many budgets, and how many weekly ones ask for a minimum at all.
    asked = (
        select(
            budgets.c.member_id,
            func.count().label("budgets"),
            func.sum(case((and_(weekly, budgets.c.min_minutes > 0), 1), else_=0)).label("needed"),
        )
        .where(members_of(budgets.c.member_id))
        .group_by(budgets.c.member_id)
        .subquery("asked")
    )
    # Minutes per member, monthly budget and calendar month, from the bound ``month_floor``
    # (the first day of the first week's month) on: one aggregate, not one a week.
    monthly = and_(budgets.c.period == "month", budgets.c.min_minutes > 0)
    month_of_checkin = month_of_date(checkins.c.local_date)
    month_totals = (
        select(
            checkins.c.member_id,
            checkins.c.track,
            month_of_checkin.label("month"),
            func.sum(checkins.c.minutes).label("minutes"),
        )
        .join(budgets, and_(budgets.c.member_id == checkins.c.member_id, budgets.c.track == checkins.c.track))
        .where(members_of(checkins.c.member_id), monthly, checkins.c.local_date >= bindparam("month_floor"))
        .group_by(checkins.c.member_id, checkins.c.track, month_of_checkin)
        .subquery("month_totals")
    )
    # (member, week): the monthly budgets whose month (that of the week's Monday) is over
    # and fell short of their minimum.
    month = _MONDAYS_MONTH[dialect](weeks.c.iso_week)
    short_months = (
        select(weeks.c.member_id, weeks.c.iso_week, func.count().label("missed"))
        .select_from(
            weeks.join(budgets, and_(budgets.c.member_id == weeks.c.member_id, monthly)).outerjoin(
                month_totals,
                and_(
                    month_totals.c.member_id == budgets.c.member_id,
                    month_totals.c.track == budgets.c.track,
                    month_totals.c.month == month,
                ),
            )
        )
        .where(
            month < bindparam("this_month"), func.coalesce(month_totals.c.minutes, 0) < budgets.c.min_minutes
        )
        .group_by(weeks.c.member_id, weeks.c.iso_week)
        .subquery("short_months")
    )
    default = bindparam("default_minutes", type_=Integer)
    has_budgets = func.coalesce(asked.c.budgets, 0) > 0
    needed = func.coalesce(asked.c.needed, 0)
    kept_all = and_(weeks.c.kept >= needed, short_months.c.missed.is_(None))
    # Each week judged once; a week (always with work) under budget is one not met.
    judged = (
        select(
            weeks.c.member_id,
            weeks.c.iso_week,
            case((has_budgets, kept_all), else_=weeks.c.total >= default).label("met"),
        )
        .select_from(weeks)
        .outerjoin(asked, asked.c.member_id == weeks.c.member_id)
        .outerjoin(
            short_months,
            and_(short_months.c.member_id == weeks.c.member_id, short_months.c.iso_week == weeks.c.iso_week),
        )
        .subquery("judged")
    )
    met = judged.c.met == literal(True)
    return select(
        judged.c.member_id,
        func.min(judged.c.iso_week),
        aggregate_strings(case((met, judged.c.iso_week)), _SEPARATOR),
        aggregate_strings(case((not_(met), judged.c.iso_week)), _SEPARATOR),
    ).group_by(judged.c.member_id)


MARKS_OF_COHORT = {d: _marks(lambda member_id: member_id.in_(IN_COHORT), d) for d in _MONDAYS_MONTH}
MARKS_OF_MEMBERS = {
    d: _marks(lambda member_id: member_id.in_(bindparam("member_ids", expanding=True)), d)
    for d in _MONDAYS_MONTH
}


def week_marks(result: Iterable[Sequence[Any]]) -> dict[int, WeekMarks]:
    """Member → their marks (members without a week of work in the range are absent)."""
    return {
        member_id: WeekMarks(_keys(met), _keys(under), earliest) for member_id, earliest, met, under in result
    }


def _keys(joined: str | None) -> frozenset[str]:
    return frozenset(joined.split(_SEPARATOR)) if joined else frozenset()
