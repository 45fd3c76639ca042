"""Cohort-wide aggregates for leaderboards and instructor digests.

Every method is one query (or one query with common table expressions) over a whole
cohort, grouped in SQL over indexed columns: ``checkins (member_id, local_date)``,
``assessments (skill_id, assessed_at)``, and the per-week sums ``week_totals`` keeps
(``member_id, iso_week, track``), judged against the budgets in SQL (``week_marks``).
Nothing here loads check-in rows one by one.

The statements are built once, at import: SQLAlchemy then compiles each once and keeps it
in its statement cache.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import BindParameter, ColumnElement, Executable, Subquery, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.repositories.board_rows import HOURS, STUDENTS, board_entries, hours_entries
from core.db.repositories.scope import IN_COHORT
from core.db.repositories.skill_hours import minutes_toward_skills
from core.db.repositories.student_summaries import SUMMARIES, student_summaries
from core.db.repositories.week_marks import MARKS_OF_COHORT, MARKS_OF_MEMBERS, week_marks
from core.db.rows import built
from core.db.tables import assessments, budgets, checkins, members, plans, skills
from core.domain.model import BoardEntry, BudgetRow, HoursEntry, Plan, Skill, StudentSummary
from core.domain.streaks import WeekMarks
from core.domain.weeks import week_start_of_key

T = TypeVar("T")

_IDS_PER_STATEMENT = 1000
"""Member ids bound in one ``IN (...)``: well under every driver's parameter limit."""

_MINUTES_BY_MEMBER = (
    select(checkins.c.member_id, func.sum(checkins.c.minutes))
    .where(
        checkins.c.member_id.in_(IN_COHORT),
        checkins.c.local_date >= bindparam("start"),
        checkins.c.local_date <= bindparam("end"),
    )
    .group_by(checkins.c.member_id)
)
_CHECKIN_DATES = select(
    members.c.id,
    *(
        select(aggregate(checkins.c.local_date)).where(checkins.c.member_id == members.c.id).scalar_subquery()
        for aggregate in (func.min, func.max)
    ),
).where(members.c.cohort_id == bindparam("cohort_id"))
_BUDGETS = (
    select(
        budgets.c.member_id, budgets.c.track, budgets.c.min_minutes, budgets.c.max_minutes, budgets.c.period
    )
    .where(budgets.c.member_id.in_(IN_COHORT))
    .order_by(budgets.c.member_id, budgets.c.track)
)
_SKILLS = (
    select(
        skills.c.id,
        skills.c.member_id,
        skills.c.name,
        skills.c.kind,
        skills.c.priority,
        skills.c.current_level,
        skills.c.target_level,
        skills.c.notes,
        skills.c.ease,
    )
    .where(skills.c.member_id.in_(IN_COHORT))
    .order_by(skills.c.member_id, skills.c.id)
)
_MINUTES_TOWARD_SKILLS = minutes_toward_skills(skills.c.member_id.in_(IN_COHORT))
_PLANS = select(
    plans.c.member_id, plans.c.slot, plans.c.position, plans.c.industry, plans.c.rationale, plans.c.updated_at
).where(plans.c.member_id.in_(IN_COHORT))


class ReportRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def minutes_by_member(self, cohort_id: int, start: date, end: date) -> dict[int, int]:
        """Minutes each member logged on local dates ``start..end`` inclusive (members
        without any are absent)."""
        return await self._built(_int_totals, _MINUTES_BY_MEMBER, cohort_id=cohort_id, start=start, end=end)

    async def board_students(self, cohort_id: int) -> list[BoardEntry]:
        """The cohort's students as a board names them (instructors are never ranked)."""
        return await self._built(board_entries, STUDENTS, cohort_id=cohort_id)

    async def hours_board(self, cohort_id: int, start: date, end: date) -> list[HoursEntry]:
        """Each student with the minutes logged on local dates ``start..end`` inclusive and
        their budgets summed per period: one row per student, summed in SQL."""
        return await self._built(hours_entries, HOURS, cohort_id=cohort_id, start=start, end=end)

    async def week_marks(
        self,
        cohort_id: int,
        first_week: str,
        last_week: str,
        default_minutes: int,
        member_ids: Collection[int] | None = None,
        this_month: str = "",
    ) -> dict[int, WeekMarks]:
        """Member → the weeks ``first_week..last_week`` (keys like ``2026-W47`` sort in
        calendar order) that met their budgets and that fell under them, judged in SQL from
        ``week_totals`` (``week_marks.py`` says how), for the whole cohort or only
        ``member_ids``. ``default_minutes`` is the weekly minimum of members without budgets;
        monthly budgets of ``this_month`` (``2026-11``) and later months are not over yet
        (``core.domain.streaks.this_month_of``)."""
        weeks = {
            "first_week": first_week,
            "last_week": last_week,
            "default_minutes": default_minutes,
            "this_month": this_month,
            "month_floor": week_start_of_key(first_week).replace(day=1),
        }
        dialect = self._db.dialect.name
        if member_ids is None:
            return await self._built(week_marks, MARKS_OF_COHORT[dialect], cohort_id=cohort_id, **weeks)
        found: dict[int, WeekMarks] = {}
        ids = sorted(member_ids)
        for start in range(0, len(ids), _IDS_PER_STATEMENT):
            chunk = ids[start : start + _IDS_PER_STATEMENT]
            found.update(await self._built(week_marks, MARKS_OF_MEMBERS[dialect], member_ids=chunk, **weeks))
        return found

    async def checkin_dates(self, cohort_id: int) -> dict[int, tuple[date, date]]:
        """Each member's first and latest check-in dates (members who never checked in are
        absent). Two index probes per member (min and max of ``(member_id, local_date)``),
        not a scan of everyone's history."""
        return await self._built(_date_spans, _CHECKIN_DATES, cohort_id=cohort_id)

    async def budgets(self, cohort_id: int) -> dict[int, list[BudgetRow]]:
        """Every member's budgets, ordered by track (members without any are absent)."""
        return await self._built(_budgets, _BUDGETS, cohort_id=cohort_id)

    async def skills(self, cohort_id: int) -> dict[int, list[Skill]]:
        """Every member's skills in the order they were added: only the columns a ``Skill``
        holds (parsing two timestamps a row was a third of this query's time at scale)."""
        return await self._built(_skills, _SKILLS, cohort_id=cohort_id)

    async def student_summaries(self, cohort_id: int, start: date, end: date) -> list[StudentSummary]:
        """The cohort's students, one row each, as the digest's rules read them, with the
        minutes logged on local dates ``start..end`` inclusive (``student_summaries.py``)."""
        return await self._built(student_summaries, SUMMARIES, cohort_id=cohort_id, start=start, end=end)

    async def minutes_toward_skills(self, cohort_id: int) -> dict[int, list[tuple[int, int, int]]]:
        """Member → (current, target, minutes) of each skill with minutes logged toward it
        since its last assessment (``skill_hours.py``); members without any are absent."""
        found: dict[int, list[tuple[int, int, int]]] = {}
        for row in await self._db.execute(_MINUTES_TOWARD_SKILLS, {"cohort_id": cohort_id}):
            found.setdefault(row.member_id, []).append(
                (row.current_level, row.target_level, int(row.minutes))
            )
        return found

    async def minutes_by_skill(self, cohort_id: int) -> dict[int, int]:
        """Skill id → minutes logged toward it since its last assessment, for the cohort's
        skills that have any."""
        result = await self._db.execute(_MINUTES_TOWARD_SKILLS, {"cohort_id": cohort_id})
        return {row.id: int(row.minutes) for row in result}

    async def plans(self, cohort_id: int) -> dict[int, dict[str, Plan]]:
        """Every member's plans by slot."""
        return await self._built(_plans, _PLANS, cohort_id=cohort_id)

    async def levels_gained(self, cohort_id: int, since: datetime, until: datetime) -> dict[int, int]:
        """Levels each member gained between ``since`` and ``until``, summed over skills.

        Per skill: the latest assessed level up to ``until`` minus the level at ``since`` —
        the last assessment before ``since``, or, for a skill first assessed after it (added
        during the period), its first assessment. A lowered level counts negative. Skills
        without an assessment in the period contribute nothing; members without any
        assessed skill are absent.
        """
        return await self._built(_known_totals, _LEVELS_GAINED, cohort_id=cohort_id, since=since, until=until)

    async def skill_level_changes(self, member_id: int, since: datetime, until: datetime) -> dict[int, int]:
        """Skill id → levels the member's skill gained between ``since`` and ``until``, by the
        same rule as ``levels_gained`` (skills not assessed in the period are absent)."""
        return await self._built(
            _known_totals, _SKILL_LEVEL_CHANGES, member_id=member_id, since=since, until=until
        )

    async def _built(
        self, build: Callable[[Sequence[Sequence[Any]]], T], statement: Executable, **values: Any
    ) -> T:
        """``build`` of the statement's rows (streamed, and built off the event loop)."""
        return await built(self._db, build, statement, values)


def gains_per_skill(which: ColumnElement[bool], *columns: ColumnElement[Any]) -> Subquery:
    """(skill_id, member_id, gained, *columns) for each skill ``which`` picks, between the bound
    instants ``since`` and ``until``; ``gained`` is NULL for a
    skill not assessed in the period (a sum over a member's skills skips it, and is NULL
    when all are: callers drop those in Python, not in SQL).

    Two index probes per skill on ``assessments (skill_id, assessed_at)``, each the top row
    of one ordered lookup: the latest assessment in the period and the last one before it;
    a third, the first in the period, only for a skill with none before (``coalesce``
    stops at its first non-NULL argument). Filtering in SQL costs more probes than it
    saves: a subquery's column named in both WHERE and SELECT runs its lookup twice. A
    window pass over every assessment of the cohort, or a join of three ranked subqueries,
    was far slower (the alternatives and their times are in docs/performance.md).
    """

    def level(*conditions: Any, newest: bool) -> Any:
        order = (assessments.c.assessed_at, assessments.c.id)
        return (
            select(assessments.c.level)
            .where(assessments.c.skill_id == skills.c.id, *conditions)
            .order_by(*(column.desc() if newest else column.asc() for column in order))
            .limit(1)
            .scalar_subquery()
        )

    since: BindParameter[datetime] = bindparam("since")
    until: BindParameter[datetime] = bindparam("until")
    in_period = (assessments.c.assessed_at >= since, assessments.c.assessed_at <= until)
    latest = level(*in_period, newest=True)
    first = level(*in_period, newest=False)
    before = level(assessments.c.assessed_at < since, newest=True)
    return (
        select(
            skills.c.id.label("skill_id"),
            skills.c.member_id,
            (latest - func.coalesce(before, first)).label("gained"),
            *columns,
        )
        .where(which)
        .subquery("gains")
    )


_GAINS_OF_COHORT = gains_per_skill(skills.c.member_id.in_(IN_COHORT))
_LEVELS_GAINED = select(_GAINS_OF_COHORT.c.member_id, func.sum(_GAINS_OF_COHORT.c.gained)).group_by(
    _GAINS_OF_COHORT.c.member_id
)
_GAINS_OF_MEMBER = gains_per_skill(skills.c.member_id == bindparam("member_id"))
_SKILL_LEVEL_CHANGES = select(_GAINS_OF_MEMBER.c.skill_id, _GAINS_OF_MEMBER.c.gained)


def _known_totals(result: Iterable[Sequence[Any]]) -> dict[int, int]:
    """Key → total, leaving out the NULL totals of keys without anything to sum."""
    return {key: int(total) for key, total in result if total is not None}


def _int_totals(result: Iterable[Sequence[Any]]) -> dict[int, int]:
    return {member_id: int(total or 0) for member_id, total in result}


def _pairs(result: Iterable[Sequence[Any]]) -> dict[int, Any]:
    return {member_id: value for member_id, value in result}  # noqa: C416


def _date_spans(result: Iterable[Sequence[Any]]) -> dict[int, tuple[date, date]]:
    return {member_id: (first, last) for member_id, first, last in result if first is not None}


def _budgets(result: Iterable[Sequence[Any]]) -> dict[int, list[BudgetRow]]:
    found: dict[int, list[BudgetRow]] = defaultdict(list)
    for member_id, track, low, high, period in result:
        found[member_id].append(BudgetRow(track, low, high, period))
    return dict(found)


def _skills(result: Iterable[Sequence[Any]]) -> dict[int, list[Skill]]:
    found: dict[int, list[Skill]] = defaultdict(list)
    for row in result:  # the columns of ``_SKILLS`` are a Skill's fields, in order
        found[row[1]].append(Skill(*row))
    return dict(found)


def _plans(result: Iterable[Sequence[Any]]) -> dict[int, dict[str, Plan]]:
    found: dict[int, dict[str, Plan]] = defaultdict(dict)
    for row in result:  # the columns of ``_PLANS`` are a Plan's fields, in order
        found[row[0]][row[1]] = Plan(*row)
    return dict(found)
