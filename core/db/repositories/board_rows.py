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

from core.db.tables import budgets, checkins, members
from core.domain.budgets import BudgetTotals
from core.domain.model import BoardEntry, HoursEntry, Role

_STUDENT = (members.c.cohort_id == bindparam("cohort_id"), members.c.role == Role.STUDENT.value)
_IN_COHORT = select(members.c.id).where(members.c.cohort_id == bindparam("cohort_id")).scalar_subquery()

STUDENTS = select(members.c.id, members.c.display_name, members.c.leaderboard_visible).where(*_STUDENT)

_minutes = (
    select(checkins.c.member_id, func.sum(checkins.c.minutes).label("minutes"))
    .where(
        checkins.c.member_id.in_(_IN_COHORT),
        checkins.c.local_date >= bindparam("start"),
        checkins.c.local_date <= bindparam("end"),
    )
    .group_by(checkins.c.member_id)
    .subquery("logged")
)


def _summed(column: Any, period: str) -> Any:
    return func.coalesce(func.sum(case((budgets.c.period == period, column), else_=0)), 0)


_budgets = (
    select(
        budgets.c.member_id,
        func.count().label("budget_count"),
        _summed(budgets.c.min_minutes, "week").label("week_min"),
        _summed(budgets.c.max_minutes, "week").label("week_max"),
        _summed(budgets.c.min_minutes, "month").label("month_min"),
        _summed(budgets.c.max_minutes, "month").label("month_max"),
    )
    .where(budgets.c.member_id.in_(_IN_COHORT))
    .group_by(budgets.c.member_id)
    .subquery("budgeted")
)

HOURS = (
    select(
        members.c.id,
        members.c.display_name,
        members.c.leaderboard_visible,
        func.coalesce(_minutes.c.minutes, 0),
        *(func.coalesce(column, 0) for column in list(_budgets.c)[1:]),
    )
    .outerjoin(_minutes, _minutes.c.member_id == members.c.id)
    .outerjoin(_budgets, _budgets.c.member_id == members.c.id)
    .where(*_STUDENT)
)


def board_entries(result: Iterable[Sequence[Any]]) -> list[BoardEntry]:
    return [BoardEntry(member_id, name, bool(visible)) for member_id, name, visible in result]


def hours_entries(result: Iterable[Sequence[Any]]) -> list[HoursEntry]:
    return [
        HoursEntry(row[0], row[1], bool(row[2]), int(row[3]), BudgetTotals(*map(int, row[4:])))
        for row in result
    ]
