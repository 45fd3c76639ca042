"""One row per student with everything the digest's rules read, summed in SQL.

The digest judges every student of a cohort on their week's minutes, check-in dates,
budgets, plan parts, skills and last assessment. Read as rows, that is a member, a few
budgets, two plans, ten skills and their assessments per student — eleven times as many
rows as students, each built into an object only to be counted or added up. Here the
database counts and adds them per student (the skills down to how many climb each level
step, ``planning.step_crossings``), and one short row per student comes back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select

from core.db.repositories.board_rows import BUDGET_SUMS, LOGGED_MINUTES
from core.db.repositories.scope import IN_COHORT, STUDENTS_OF_COHORT
from core.db.tables import checkins, members, plans, skills
from core.domain.budgets import BudgetTotals
from core.domain.completeness import PlanParts
from core.domain.levels import SkillKind
from core.domain.model import StudentSummary
from core.domain.planning import STEP_COUNT


def _count(condition: ColumnElement[bool]) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _any(condition: ColumnElement[bool]) -> Any:
    return func.max(case((condition, 1), else_=0))


_plan_parts = (
    select(
        plans.c.member_id,
        _any(plans.c.slot == "A"),
        _any(and_(plans.c.slot == "A", func.coalesce(plans.c.rationale, "") != "")),
        _any(plans.c.slot == "B"),
    )
    .where(plans.c.member_id.in_(IN_COHORT))
    .group_by(plans.c.member_id)
    .subquery("planned")
)
_skill_counts = (
    select(
        skills.c.member_id,
        func.max(skills.c.last_assessed_at).label("last_assessed_at"),
        _count(skills.c.kind == SkillKind.GENERAL.value),
        _count(skills.c.kind == SkillKind.SPECIFIC.value),
        _count(skills.c.ease.is_(None)),
        *(
            _count(and_(skills.c.current_level <= step, skills.c.target_level > step))
            for step in range(STEP_COUNT)  # step i climbs from level i to i + 1
        ),
    )
    .where(skills.c.member_id.in_(IN_COHORT))
    .group_by(skills.c.member_id)
    .subquery("skilled")
)


def _checkin_date(aggregate: Any) -> Any:
    """The first or latest check-in date: one index probe on ``(member_id, local_date)``."""
    return (
        select(aggregate(checkins.c.local_date)).where(checkins.c.member_id == members.c.id).scalar_subquery()
    )


def _counts(columns: Iterable[Any]) -> list[Any]:
    """Counts and sums, 0 for a student without any rows to count."""
    return [func.coalesce(column, 0) for column in columns]


SUMMARIES = (
    select(
        members.c.id,
        members.c.display_name,
        members.c.joined_at,
        members.c.unreachable,
        LOGGED_MINUTES,
        _checkin_date(func.min),
        _checkin_date(func.max),
        *_counts(list(BUDGET_SUMS.c)[1:]),
        *_counts(list(_plan_parts.c)[1:]),
        *_counts(list(_skill_counts.c)[2:]),
        _skill_counts.c.last_assessed_at,
    )
    .outerjoin(BUDGET_SUMS, BUDGET_SUMS.c.member_id == members.c.id)
    .outerjoin(_plan_parts, _plan_parts.c.member_id == members.c.id)
    .outerjoin(_skill_counts, _skill_counts.c.member_id == members.c.id)
    .where(*STUDENTS_OF_COHORT)
)
"""The cohort's students, with the minutes of local dates ``start..end`` inclusive."""

_BUDGETS = slice(7, 12)
_PLAN = slice(12, 15)
_KINDS = slice(15, 18)
_STEPS = slice(18, 18 + STEP_COUNT)


def student_summaries(result: Iterable[Sequence[Any]]) -> list[StudentSummary]:
    return [
        StudentSummary(
            row[0],
            row[1],
            row[2],
            bool(row[3]),
            int(row[4]),
            None if row[5] is None else (row[5], row[6]),
            BudgetTotals(*map(int, row[_BUDGETS])),
            PlanParts(*map(bool, row[_PLAN]), *map(int, row[_KINDS])),
            tuple(map(int, row[_STEPS])),
            row[-1],
        )
        for row in result
    ]
