"""The rows a leaderboard is ranked from: one per student, with what the board shows.

A board of a big cohort needs, per student, a name, the consent to be named and, for
hours, the minutes in the window and the budget range: so the minutes are summed and the
budgets added up per period in SQL, one statement, instead of building a ``Member`` and a
list of budgets for each student in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, case, func, select

from core.db.repositories.scope import IN_COHORT, STUDENTS_OF_COHORT
from core.db.tables import budgets, checkins, members
from core.domain.budgets import BudgetTotals
from core.domain.model import BoardEntry, HoursEntry

STUDENTS = select(members.c.id, members.c.display_name, members.c.leaderboard_visible).where(
    *STUDENTS_OF_COHORT
)

LOGGED_MINUTES = func.coalesce(
    select(func.sum(checkins.c.minutes))
    .where(
        checkins.c.member_id == members.c.id,
        checkins.c.local_date >= bindparam("start"),
        checkins.c.local_date <= bindparam("end"),
    )
    .scalar_subquery(),
    0,
)
"""The minutes a member (of the enclosing query on ``members``) logged on local dates
``start..end`` inclusive: a range probe of ``checkins (member_id, local_date)`` each. A
grouped sum over the cohort made PostgreSQL scan every check-in for the dates."""


def _summed(column: Any, period: str) -> Any:
    return func.coalesce(func.sum(case((budgets.c.period == period, column), else_=0)), 0)


BUDGET_SUMS = (
    select(
        budgets.c.member_id,
        func.count().label("budget_count"),
        _summed(budgets.c.min_minutes, "week").label("week_min"),
        _summed(budgets.c.max_minutes, "week").label("week_max"),
        _summed(budgets.c.min_minutes, "month").label("month_min"),
        _summed(budgets.c.max_minutes, "month").label("month_max"),
    )
    .where(budgets.c.member_id.in_(IN_COHORT))
    .group_by(budgets.c.member_id)
    .subquery("budgeted")
)
"""Member → how many budgets, and their minimums and maximums summed per period
(the fields of ``BudgetTotals``)."""

HOURS = (
    select(
        members.c.id,
        members.c.display_name,
        members.c.leaderboard_visible,
        LOGGED_MINUTES,
        *(func.coalesce(column, 0) for column in list(BUDGET_SUMS.c)[1:]),
    )
    .outerjoin(BUDGET_SUMS, BUDGET_SUMS.c.member_id == members.c.id)
    .where(*STUDENTS_OF_COHORT)
)


def board_entries(result: Iterable[Sequence[Any]]) -> list[BoardEntry]:
    return [BoardEntry(member_id, name, bool(visible)) for member_id, name, visible in result]


def hours_entries(result: Iterable[Sequence[Any]]) -> list[HoursEntry]:
    return [
        HoursEntry(row[0], row[1], bool(row[2]), int(row[3]), BudgetTotals(*map(int, row[4:])))
        for row in result
    ]
