"""Which weeks met a member's budgets and which fell under them, judged in SQL.

The weekly rules (streaks, "under budget two weeks running") read a yes or no per week,
not the minutes per track: so the database judges each ``week_totals`` week against the
member's budgets and hands back one short row per member, with the weeks as two lists,
instead of a row per member, week and track for Python to judge.

The judging is the rules of ``core.domain.streaks`` and ``core.domain.budgets`` in whole
minutes, which is exact: a weekly budget is met by ``minutes >= min_minutes``, a monthly
one (``min × 12 / 52`` a week) by ``13 × minutes >= 3 × min_minutes``, and the cohort
default (without budgets) by the week's total. Rounded hours compare the same way,
because two different multiples of 1/780 h never round to the same six decimals.
``week_totals`` keeps positive minutes only, so every week it has is a week with work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, and_, bindparam, case, func, select
from sqlalchemy.sql.functions import aggregate_strings

from core.db.repositories.scope import IN_COHORT
from core.db.tables import budgets, week_totals
from core.domain.streaks import WeekMarks

_SEPARATOR = ","
"""Between week keys (``2026-W47``) in one aggregated string: no key contains it."""


def _marks(members_of: Callable[[Any], ColumnElement[bool]]) -> Select[Any]:
    """Member, oldest week with work, met weeks and under-budget weeks, between the bound
    ``first_week`` and ``last_week``, for the members ``members_of`` picks."""
    monthly = budgets.c.period == "month"
    minutes = week_totals.c.minutes * case((monthly, 13), else_=1)
    least = budgets.c.min_minutes * case((monthly, 3), else_=1)
    budget_kept = and_(budgets.c.min_minutes > 0, minutes >= least)
    # (member, week): total minutes, and how many of the member's budgets with a minimum
    # the week kept. A budget is unique per (member, track), so the join adds no rows.
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
        .subquery("weeks")
    )
    # Member: how many budgets, and how many of them ask for a minimum at all.
    asked = (
        select(
            budgets.c.member_id,
            func.count().label("budgets"),
            func.sum(case((budgets.c.min_minutes > 0, 1), else_=0)).label("needed"),
        )
        .where(members_of(budgets.c.member_id))
        .group_by(budgets.c.member_id)
        .subquery("asked")
    )
    default = bindparam("default_minutes", type_=Integer)
    has_budgets = func.coalesce(asked.c.budgets, 0) > 0
    needed = func.coalesce(asked.c.needed, 0)
    met = case((has_budgets, weeks.c.kept >= needed), else_=weeks.c.total >= default)
    under = case((has_budgets, weeks.c.kept < needed), else_=weeks.c.total < default)
    return (
        select(
            weeks.c.member_id,
            func.min(weeks.c.iso_week),
            aggregate_strings(case((met, weeks.c.iso_week)), _SEPARATOR),
            aggregate_strings(case((under, weeks.c.iso_week)), _SEPARATOR),
        )
        .select_from(weeks)
        .outerjoin(asked, asked.c.member_id == weeks.c.member_id)
        .group_by(weeks.c.member_id)
    )


MARKS_OF_COHORT = _marks(lambda member_id: member_id.in_(IN_COHORT))
MARKS_OF_MEMBERS = _marks(lambda member_id: member_id.in_(bindparam("member_ids", expanding=True)))


def week_marks(result: Iterable[Sequence[Any]]) -> dict[int, WeekMarks]:
    """Member → their marks (members without a week of work in the range are absent)."""
    return {
        member_id: WeekMarks(_keys(met), _keys(under), earliest) for member_id, earliest, met, under in result
    }


def _keys(joined: str | None) -> frozenset[str]:
    return frozenset(joined.split(_SEPARATOR)) if joined else frozenset()
