"""What the dashboard's cohort overview reads besides the digest: hours per student and
week for the heat map, the class's skills grouped by name, and the change stamp that says
whether a cached overview is still true.

Each is one statement over the whole cohort, aggregated in SQL: the heat map reads the
per-week sums ``week_totals`` keeps (a range of each student's clustered rows), never the
check-ins; the skills read two or three index probes per skill (``gains_per_skill``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.repositories.reports import gains_per_skill
from core.db.repositories.scope import IN_COHORT, STUDENTS_OF_COHORT
from core.db.rows import built
from core.db.tables import (
    budgets,
    checkin_corrections,
    group_sessions,
    members,
    pauses,
    plans,
    reflections,
    skills,
    week_totals,
)

_STUDENT_IDS = select(members.c.id).where(*STUDENTS_OF_COHORT).scalar_subquery()

_WEEK_MINUTES = (
    select(week_totals.c.member_id, week_totals.c.iso_week, func.sum(week_totals.c.minutes))
    .where(
        week_totals.c.member_id.in_(_STUDENT_IDS),
        week_totals.c.iso_week >= bindparam("first_week"),
        week_totals.c.iso_week <= bindparam("last_week"),
    )
    .group_by(week_totals.c.member_id, week_totals.c.iso_week)
)

_GAINS = gains_per_skill(
    skills.c.member_id.in_(_STUDENT_IDS),
    skills.c.name,
    skills.c.name_key,
    skills.c.current_level,
    skills.c.target_level,
)
_SKILLS_BY_NAME = (
    select(
        func.min(_GAINS.c.name),
        func.count(func.distinct(_GAINS.c.member_id)),
        func.coalesce(func.sum(_GAINS.c.gained), 0),
        func.avg(_GAINS.c.current_level),
        func.avg(_GAINS.c.target_level),
    )
    .group_by(_GAINS.c.name_key)
    .order_by(_GAINS.c.name_key)
)
"""One row per skill name, grouped by the casefolded name the skills table keeps
(``name_key``), so "SQL" and "sql" are one skill of the class."""


def _of_cohort(*aggregates: ColumnElement[Any], where: ColumnElement[bool]) -> list[ColumnElement[Any]]:
    return [select(aggregate).where(where).scalar_subquery() for aggregate in aggregates]


_STAMP = select(
    *_of_cohort(
        func.count(),
        func.max(members.c.id),
        func.sum(func.length(members.c.display_name)),
        func.count(members.c.id).filter(members.c.role == "student"),
        func.count(members.c.id).filter(members.c.unreachable),
        where=members.c.cohort_id == bindparam("cohort_id"),
    ),
    *_of_cohort(
        func.count(),
        func.sum(week_totals.c.minutes),
        where=week_totals.c.member_id.in_(IN_COHORT) & (week_totals.c.iso_week >= bindparam("first_week")),
    ),
    *_of_cohort(func.max(checkin_corrections.c.id), where=checkin_corrections.c.member_id.in_(IN_COHORT)),
    *_of_cohort(
        func.count(),
        func.max(reflections.c.updated_at),
        where=reflections.c.member_id.in_(IN_COHORT) & (reflections.c.iso_week >= bindparam("first_week")),
    ),
    *_of_cohort(
        func.count(),
        func.max(skills.c.updated_at),
        func.max(skills.c.last_assessed_at),
        where=skills.c.member_id.in_(IN_COHORT),
    ),
    *_of_cohort(func.count(), func.max(plans.c.updated_at), where=plans.c.member_id.in_(IN_COHORT)),
    *_of_cohort(
        func.count(),
        func.max(budgets.c.id),
        func.sum(budgets.c.min_minutes + budgets.c.max_minutes),
        where=budgets.c.member_id.in_(IN_COHORT),
    ),
    *_of_cohort(func.count(), func.max(pauses.c.id), where=pauses.c.member_id.in_(IN_COHORT)),
    *_of_cohort(
        func.count(),
        func.max(group_sessions.c.id),
        func.count(group_sessions.c.cancelled_at),
        where=group_sessions.c.cohort_id == bindparam("cohort_id"),
    ),
)
"""Counts, largest ids, sums and latest updates of what an overview is built from: any
check-in (the week sums change), correction, reflection, plan, skill or assessment, budget,
pause, membership or group session of the cohort changes at least one of them."""


class SkillAcrossClass(NamedTuple):
    name: str
    students: int
    levels_gained: int
    average_current: float
    average_target: float


class OverviewRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def week_minutes(
        self, cohort_id: int, first_week: str, last_week: str
    ) -> dict[int, dict[str, int]]:
        """Student → ISO week (``first_week..last_week``) → minutes logged; weeks without
        any are absent, and so are students without any."""
        values = {"cohort_id": cohort_id, "first_week": first_week, "last_week": last_week}
        return await built(self._db, _by_member_and_week, _WEEK_MINUTES, values)

    async def skills_across_class(
        self, cohort_id: int, since: datetime, until: datetime
    ) -> list[SkillAcrossClass]:
        """The students' skills grouped by name (any case): how many students have each,
        the levels they gained between ``since`` and ``until`` (``levels_gained``'s rule),
        and their average current and target levels; by name."""
        values = {"cohort_id": cohort_id, "since": since, "until": until}
        return await built(self._db, _skills_across, _SKILLS_BY_NAME, values)

    async def stamp(self, cohort_id: int, first_week: str) -> tuple[Any, ...]:
        """The cohort's change stamp: equal stamps, same overview (``first_week``: the
        oldest week it shows, so only recent weekly sums are read)."""
        result = await self._db.execute(_STAMP, {"cohort_id": cohort_id, "first_week": first_week})
        return tuple(result.one())


def _by_member_and_week(rows: Iterable[Sequence[Any]]) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for member_id, week, minutes in rows:
        found[member_id][week] = int(minutes)
    return dict(found)


def _skills_across(rows: Iterable[Sequence[Any]]) -> list[SkillAcrossClass]:
    return [
        SkillAcrossClass(name, int(students), int(gained), float(current), float(target))
        for name, students, gained, current, target in rows
    ]
