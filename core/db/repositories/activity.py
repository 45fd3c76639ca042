"""Budgets and check-ins; totals are SQL aggregates over the indexed (member, date) columns,
weekly ones read from ``week_totals``, which every check-in written here keeps up to date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, literal, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.repositories.week_marks import month_of_date
from core.db.tables import budgets, checkins, skills, week_totals
from core.domain.model import BudgetRow, Checkin

# Statements of every check-in and progress report, built once (see cohorts.py).
_BUDGETS_OF_MEMBER = (
    select(
        budgets.c.track,
        budgets.c.min_minutes,
        budgets.c.max_minutes,
        budgets.c.period,
        budgets.c.skill_id,
        skills.c.name,
    )
    .select_from(budgets.outerjoin(skills, skills.c.id == budgets.c.skill_id))
    .where(budgets.c.member_id == bindparam("member_id"))
    .order_by(budgets.c.track)
)
DAY_MINUTES = 24 * 60
"""A member's check-ins of one local date together are at most this."""
_INSERTED = (
    "member_id",
    "track",
    "minutes",
    "local_date",
    "iso_week",
    "skill_id",
    "note",
    "idempotency_key",
    "created_at",
    "source",
)


def day_minutes(exclude: Any = None, member: str = "member_id", day: str = "local_date") -> Any:
    """The minutes the member (bound as ``member``) has logged on the date bound as ``day``,
    as a subquery; without the check-in ``exclude`` (an edit moves it)."""
    where = [checkins.c.member_id == bindparam(member), checkins.c.local_date == bindparam(day)]
    if exclude is not None:
        where.append(checkins.c.id != exclude)
    return select(func.coalesce(func.sum(checkins.c.minutes), 0)).where(*where).scalar_subquery()


# The day's 24 hours are checked by the insert itself: no row comes back when they would be
# passed. The caller holds the member's lock (see MembershipRepository), so two check-ins of
# one member cannot both see the day before the other.
_ADD_CHECKIN = (
    insert(checkins)
    .from_select(
        _INSERTED,
        select(*(bindparam(name, type_=checkins.c[name].type) for name in _INSERTED)).where(
            day_minutes() + bindparam("minutes", type_=checkins.c.minutes.type) <= DAY_MINUTES
        ),
    )
    .returning(*checkins.c)
)
_CHECKIN_BY_KEY = select(checkins).where(
    checkins.c.member_id == bindparam("member_id"), checkins.c.idempotency_key == bindparam("key")
)
_MINUTES_BY_TRACK = (
    select(checkins.c.track, func.sum(checkins.c.minutes))
    .where(
        checkins.c.member_id == bindparam("member_id"),
        checkins.c.local_date >= bindparam("start"),
        checkins.c.local_date <= bindparam("end"),
    )
    .group_by(checkins.c.track)
)
_MINUTES_BY_WEEK = select(week_totals.c.iso_week, week_totals.c.track, week_totals.c.minutes).where(
    week_totals.c.member_id == bindparam("member_id")
)
_MINUTES_BY_MONTH = (
    select(month_of_date(checkins.c.local_date), checkins.c.track, func.sum(checkins.c.minutes))
    .where(checkins.c.member_id == bindparam("member_id"))
    .group_by(month_of_date(checkins.c.local_date), checkins.c.track)
)
_WEEKS_AND_MONTHS = union_all(_MINUTES_BY_WEEK, _MINUTES_BY_MONTH)
"""Week keys read ``2026-W47``, month keys ``2026-11``: told apart by the ``W``."""
_IN_PERIOD = "period"
"""Marks the period's rows in ``_WEEKS_AND_PERIOD`` (an ISO week key never reads so)."""
_WEEKS_AND_PERIOD = union_all(
    _MINUTES_BY_WEEK,
    _MINUTES_BY_MONTH,
    select(literal(_IN_PERIOD), checkins.c.track, func.sum(checkins.c.minutes))
    .where(
        checkins.c.member_id == bindparam("member_id"),
        checkins.c.local_date >= bindparam("start"),
        checkins.c.local_date <= bindparam("end"),
    )
    .group_by(checkins.c.track),
)
Minutes = dict[str, dict[str, int]]
"""Week or month key → track → minutes."""


def _week_upsert(dialect: str) -> Any:
    upsert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(week_totals)
    return upsert.on_conflict_do_update(
        index_elements=[week_totals.c.member_id, week_totals.c.iso_week, week_totals.c.track],
        set_={"minutes": week_totals.c.minutes + upsert.excluded.minutes},
    ).returning(week_totals.c.minutes)


_ADD_TO_WEEK = {dialect: _week_upsert(dialect) for dialect in ("postgresql", "sqlite")}


async def add_to_week(db: AsyncConnection, member_id: int, iso_week: str, track: str, minutes: int) -> int:
    """Keep ``week_totals`` the sum of the check-ins: one upsert, in the check-in's own
    transaction and after its insert, so a refused duplicate (idempotency key) or a
    rollback never counts. Both backends serialise two upserts of one row. Returns the
    week's new total on the track, which the check-in's reply shows."""
    result = await db.execute(
        _ADD_TO_WEEK[db.dialect.name],
        {"member_id": member_id, "iso_week": iso_week, "track": track, "minutes": minutes},
    )
    return int(result.scalar_one())


def checkin_from_row(row: Mapping[Any, Any]) -> Checkin:
    return Checkin(
        id=row["id"],
        member_id=row["member_id"],
        track=row["track"],
        minutes=row["minutes"],
        local_date=row["local_date"],
        skill_id=row["skill_id"],
        note=row["note"],
        created_at=row["created_at"],
        source=row["source"],
    )


class BudgetRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def for_member(self, member_id: int) -> list[BudgetRow]:
        result = await self._db.execute(_BUDGETS_OF_MEMBER, {"member_id": member_id})
        return [BudgetRow(*row) for row in result.all()]

    async def upsert(self, member_id: int, budget: BudgetRow, *, link: bool = False) -> None:
        """Write the budget's range and period; its skill link too when ``link`` (else an
        existing budget keeps the skill it was linked to)."""
        values: dict[str, Any] = {
            "min_minutes": budget.min_minutes,
            "max_minutes": budget.max_minutes,
            "period": budget.period,
        }
        if link:
            values["skill_id"] = budget.skill_id
        result = await self._db.execute(
            update(budgets)
            .where(budgets.c.member_id == member_id, budgets.c.track == budget.track)
            .values(**values)
        )
        if result.rowcount == 0:
            await self._db.execute(insert(budgets).values(member_id=member_id, track=budget.track, **values))

    async def remove(self, member_id: int, track: str) -> bool:
        result = await self._db.execute(
            delete(budgets).where(budgets.c.member_id == member_id, budgets.c.track == track)
        )
        return result.rowcount > 0


class CheckinRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def add(
        self,
        member_id: int,
        *,
        track: str,
        minutes: int,
        local_date: date,
        iso_week: str,
        skill_id: int | None,
        note: str | None,
        idempotency_key: str | None,
        now: datetime,
        source: str = "typed",
    ) -> tuple[Checkin, int] | None:
        """The check-in, and its ISO week's minutes on its track now (this one included);
        None, and nothing written, when the day's check-ins would pass 24 hours."""
        result = await self._db.execute(
            _ADD_CHECKIN,
            {
                "member_id": member_id,
                "track": track,
                "minutes": minutes,
                "local_date": local_date,
                "iso_week": iso_week,
                "skill_id": skill_id,
                "note": note,
                "idempotency_key": idempotency_key,
                "created_at": now,
                "source": source,
            },
        )
        row = result.mappings().first()
        if row is None:
            return None
        added = checkin_from_row(row)
        return added, await add_to_week(self._db, member_id, iso_week, track, minutes)

    async def by_idempotency_key(self, member_id: int, key: str) -> Checkin | None:
        result = await self._db.execute(_CHECKIN_BY_KEY, {"member_id": member_id, "key": key})
        row = result.mappings().first()
        return checkin_from_row(row) if row else None

    async def minutes_by_track(self, member_id: int, start: date, end: date) -> dict[str, int]:
        """Minutes per track logged on local dates ``start..end`` inclusive."""
        result = await self._db.execute(
            _MINUTES_BY_TRACK, {"member_id": member_id, "start": start, "end": end}
        )
        return {track: int(total) for track, total in result.all()}

    async def minutes_by_week(self, member_id: int) -> dict[str, dict[str, int]]:
        """ISO week key → track → minutes, over the member's whole history (from the
        per-week sums, a row a week and track rather than every check-in)."""
        result = await self._db.execute(_MINUTES_BY_WEEK, {"member_id": member_id})
        weeks: dict[str, dict[str, int]] = defaultdict(dict)
        for week, track, total in result.all():
            weeks[week][track] = int(total)
        return dict(weeks)

    async def weeks_and_months(self, member_id: int) -> tuple[Minutes, Minutes]:
        """``minutes_by_week``, and month (``2026-11``) → track → minutes of the check-ins
        on that calendar month's local dates, in one round trip."""
        result = await self._db.execute(_WEEKS_AND_MONTHS, {"member_id": member_id})
        weeks: Minutes = defaultdict(dict)
        months: Minutes = defaultdict(dict)
        for key, track, total in result.all():
            (weeks if "W" in key else months)[key][track] = int(total)
        return dict(weeks), dict(months)

    async def weeks_and_period(
        self, member_id: int, start: date, end: date
    ) -> tuple[Minutes, Minutes, dict[str, int]]:
        """``weeks_and_months`` and ``minutes_by_track(start, end)`` in one round trip."""
        result = await self._db.execute(
            _WEEKS_AND_PERIOD, {"member_id": member_id, "start": start, "end": end}
        )
        weeks: Minutes = defaultdict(dict)
        months: Minutes = defaultdict(dict)
        period: dict[str, int] = {}
        for key, track, total in result.all():
            if key == _IN_PERIOD:
                period[track] = int(total)
            else:
                (weeks if "W" in key else months)[key][track] = int(total)
        return dict(weeks), dict(months), period

    async def count(self, member_id: int) -> int:
        result = await self._db.execute(
            select(func.count()).select_from(checkins).where(checkins.c.member_id == member_id)
        )
        return int(result.scalar_one())

    async def last_date(self, member_id: int) -> date | None:
        result = await self._db.execute(
            select(func.max(checkins.c.local_date)).where(checkins.c.member_id == member_id)
        )
        value: date | None = result.scalar_one()
        return value
