"""The ledger of check-ins as a member corrects it: listed newest first, edited, removed,
each correction kept with the values before and after.

Every write here keeps ``week_totals`` equal to the sum of the check-ins in the same
transaction (as ``CheckinRepository.add`` does), and the callers hold the member's lock
(``MembershipRepository.find(lock=True)``), so a correction and a check-in of the same
member never interleave.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.repositories.activity import DAY_MINUTES, add_to_week, checkin_from_row, day_minutes
from core.db.tables import checkin_corrections, checkins, skills, week_totals
from core.domain.model import Checkin, LedgerEntry

LIST_LIMIT = 200
"""At most this many check-ins in one list (a month of several a day)."""

_NEWEST_FIRST = (checkins.c.local_date.desc(), checkins.c.id.desc())
_WITH_SKILL = checkins.outerjoin(skills, skills.c.id == checkins.c.skill_id)
_SINCE = (
    select(*checkins.c, skills.c.name.label("skill_name"))
    .select_from(_WITH_SKILL)
    .where(checkins.c.member_id == bindparam("member_id"), checkins.c.local_date >= bindparam("start"))
    .order_by(*_NEWEST_FIRST)
    .limit(LIST_LIMIT)
)
_NTH = (
    select(*checkins.c, skills.c.name.label("skill_name"))
    .select_from(_WITH_SKILL)
    .where(checkins.c.member_id == bindparam("member_id"))
    .order_by(*_NEWEST_FIRST)
    .limit(1)
    .offset(bindparam("offset"))
)
_LAST_LOGGED = (
    select(*checkins.c, skills.c.name.label("skill_name"))
    .select_from(_WITH_SKILL)
    .where(checkins.c.member_id == bindparam("member_id"))
    .order_by(checkins.c.id.desc())
    .limit(1)
)
_WEEK_ROW = and_(
    week_totals.c.member_id == bindparam("owner"),
    week_totals.c.iso_week == bindparam("week"),
    week_totals.c.track == bindparam("week_track"),
)
_DROP_WEEK = delete(week_totals).where(_WEEK_ROW, week_totals.c.minutes <= bindparam("taken"))
_LOWER_WEEK = update(week_totals).where(_WEEK_ROW).values(minutes=week_totals.c.minutes - bindparam("taken"))
_EDIT = (
    update(checkins)
    .where(
        checkins.c.id == bindparam("checkin_id"),
        day_minutes(bindparam("checkin_id"), member="owner", day="new_date") + bindparam("new_minutes")
        <= DAY_MINUTES,
    )
    .values(
        minutes=bindparam("new_minutes"),
        local_date=bindparam("new_date"),
        iso_week=bindparam("new_week"),
        track=bindparam("new_track"),
    )
    .returning(*checkins.c)
)
_CORRECTION_BY_KEY = select(checkin_corrections).where(
    checkin_corrections.c.member_id == bindparam("member_id"),
    checkin_corrections.c.idempotency_key == bindparam("key"),
)


def _entry(number: int, row: Mapping[Any, Any]) -> LedgerEntry:
    return LedgerEntry(number, checkin_from_row(row), row["iso_week"], row["skill_name"])


class LedgerRepository:
    limit = LIST_LIMIT

    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def since(self, member_id: int, start: date) -> list[LedgerEntry]:
        """The member's check-ins dated ``start`` or later, numbered newest first. Every
        check-in is dated at most today, so these are the first numbers of the whole list:
        number N here is number N for ``nth`` too."""
        result = await self._db.execute(_SINCE, {"member_id": member_id, "start": start})
        return [_entry(number, row) for number, row in enumerate(result.mappings(), 1)]

    async def nth(self, member_id: int, number: int) -> LedgerEntry | None:
        """Check-in number ``number`` (1 = the newest by date, then the last logged)."""
        result = await self._db.execute(_NTH, {"member_id": member_id, "offset": number - 1})
        row = result.mappings().first()
        return _entry(number, row) if row else None

    async def last_logged(self, member_id: int) -> LedgerEntry | None:
        """The check-in logged last, whatever date it is for (what ``undo`` takes back)."""
        result = await self._db.execute(_LAST_LOGGED, {"member_id": member_id})
        row = result.mappings().first()
        return _entry(0, row) if row else None

    async def remove(self, entry: LedgerEntry) -> None:
        found = entry.checkin
        await self._db.execute(delete(checkins).where(checkins.c.id == found.id))
        await self._take_from_week(found.member_id, entry.iso_week, found.track, found.minutes)

    async def edit(
        self, entry: LedgerEntry, *, minutes: int, local_date: date, iso_week: str, track: str
    ) -> Checkin | None:
        """The check-in with its new values; None, and nothing written, when its new day's
        check-ins would pass 24 hours."""
        found = entry.checkin
        result = await self._db.execute(
            _EDIT,
            {
                "checkin_id": found.id,
                "owner": found.member_id,
                "new_date": local_date,
                "new_minutes": minutes,
                "new_week": iso_week,
                "new_track": track,
            },
        )
        row = result.mappings().first()
        if row is None:
            return None
        await self._take_from_week(found.member_id, entry.iso_week, found.track, found.minutes)
        await add_to_week(self._db, found.member_id, iso_week, track, minutes)
        return checkin_from_row(row)

    async def day_minutes(self, member_id: int, day: date, *, without: int | None = None) -> int:
        """Minutes logged on ``day``, leaving out check-in ``without``."""
        statement = select(day_minutes(exclude=without))
        result = await self._db.execute(statement, {"member_id": member_id, "local_date": day})
        return int(result.scalar_one())

    async def _take_from_week(self, member_id: int, iso_week: str, track: str, minutes: int) -> None:
        """The week's row loses the minutes; a row left at zero goes (``week_totals`` keeps
        only weeks with hours)."""
        values = {"owner": member_id, "week": iso_week, "week_track": track, "taken": minutes}
        dropped = await self._db.execute(_DROP_WEEK, values)
        if not dropped.rowcount:
            await self._db.execute(_LOWER_WEEK, values)

    async def add_correction(
        self,
        member_id: int,
        *,
        checkin_id: int,
        action: str,
        corrected_by: str,
        before: dict[str, Any],
        after: dict[str, Any] | None,
        idempotency_key: str | None,
        now: datetime,
    ) -> None:
        await self._db.execute(
            insert(checkin_corrections).values(
                member_id=member_id,
                checkin_id=checkin_id,
                action=action,
                corrected_by=corrected_by,
                before=before,
                after=after,
                idempotency_key=idempotency_key,
                created_at=now,
            )
        )

    async def correction_by_key(self, member_id: int, key: str) -> dict[str, Any] | None:
        """The correction a request with this idempotency key already made, if any."""
        result = await self._db.execute(_CORRECTION_BY_KEY, {"member_id": member_id, "key": key})
        row = result.mappings().first()
        return dict(row) if row else None

    async def latest_corrections(self, member_id: int, limit: int) -> list[dict[str, Any]]:
        """The member's ``limit`` latest corrections, newest first (the dashboard's history)."""
        result = await self._db.execute(
            select(checkin_corrections)
            .where(checkin_corrections.c.member_id == member_id)
            .order_by(checkin_corrections.c.id.desc())
            .limit(limit)
        )
        return [dict(row) for row in result.mappings()]

    async def corrections(self, member_id: int) -> list[dict[str, Any]]:
        """The member's corrections, oldest first."""
        result = await self._db.execute(
            select(checkin_corrections)
            .where(checkin_corrections.c.member_id == member_id)
            .order_by(checkin_corrections.c.id)
        )
        return [dict(row) for row in result.mappings()]
