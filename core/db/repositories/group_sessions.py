"""Scheduled group sessions, their RSVPs, and attendance read from study sessions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, insert, literal, or_, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.tables import cohorts, group_sessions, members, session_rsvps, study_sessions
from core.domain.group_sessions import ATTENDANCE_MARGIN, TIMER_EARLY, GroupSession, Occurrence

RSVPED, CAME = 0, 1
"""What an attendance row says of a member and an occurrence."""
LONGEST_VOICE = timedelta(hours=24)
"""How far before an occurrence a voice session that still overlaps it may have begun."""


def _session(row: Mapping[Any, Any]) -> GroupSession:
    return GroupSession(
        id=row["id"],
        cohort_id=row["cohort_id"],
        title=row["title"],
        weekday=row["weekday"],
        start_time=row["start_time"],
        minutes=row["minutes"],
        channel_id=row["channel_id"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        cancelled_at=row["cancelled_at"],
    )


class GroupSessionRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def add(
        self,
        cohort_id: int,
        *,
        title: str,
        weekday: int,
        start_time: str,
        minutes: int,
        channel_id: str | None,
        created_by: str,
        now: datetime,
    ) -> GroupSession:
        result = await self._db.execute(
            insert(group_sessions)
            .values(
                cohort_id=cohort_id,
                title=title,
                weekday=weekday,
                start_time=start_time,
                minutes=minutes,
                channel_id=channel_id,
                created_by=created_by,
                created_at=now,
            )
            .returning(*group_sessions.c)
        )
        return _session(result.mappings().one())

    async def planned(self, cohort_id: int) -> list[GroupSession]:
        """The cohort's sessions not called off, in the order they were planned (their numbers)."""
        result = await self._db.execute(
            select(group_sessions)
            .where(group_sessions.c.cohort_id == cohort_id, group_sessions.c.cancelled_at.is_(None))
            .order_by(group_sessions.c.id)
        )
        return [_session(row) for row in result.mappings()]

    async def since(self, cohort_id: int, since: datetime) -> list[GroupSession]:
        """The cohort's sessions planned now or called off after ``since`` (a digest's weeks)."""
        result = await self._db.execute(
            select(group_sessions)
            .where(
                group_sessions.c.cohort_id == cohort_id,
                or_(group_sessions.c.cancelled_at.is_(None), group_sessions.c.cancelled_at > since),
            )
            .order_by(group_sessions.c.id)
        )
        return [_session(row) for row in result.mappings()]

    async def all_planned(self) -> list[tuple[GroupSession, str, str | None]]:
        """Every cohort's planned sessions, with the cohort's time zone and channel (the tick)."""
        result = await self._db.execute(
            select(group_sessions, cohorts.c.timezone.label("zone"), cohorts.c.channel_id.label("post_to"))
            .join(cohorts, cohorts.c.id == group_sessions.c.cohort_id)
            .where(group_sessions.c.cancelled_at.is_(None))
            .order_by(group_sessions.c.id)
        )
        return [(_session(row), row["zone"], row["post_to"]) for row in result.mappings()]

    async def get(self, session_id: int) -> GroupSession | None:
        result = await self._db.execute(select(group_sessions).where(group_sessions.c.id == session_id))
        row = result.mappings().first()
        return _session(row) if row else None

    async def cancel(self, session_id: int, now: datetime) -> bool:
        result = await self._db.execute(
            update(group_sessions)
            .where(group_sessions.c.id == session_id, group_sessions.c.cancelled_at.is_(None))
            .values(cancelled_at=now)
        )
        return result.rowcount == 1

    async def rsvp(self, session_id: int, day: date, member_id: int, now: datetime) -> bool:
        """True when this RSVP is new; a repeat (a second click) writes nothing."""
        dialect = postgresql if self._db.dialect.name == "postgresql" else sqlite
        result = await self._db.execute(
            dialect.insert(session_rsvps)
            .values(group_session_id=session_id, occurrence=day, member_id=member_id, created_at=now)
            .on_conflict_do_nothing(index_elements=["group_session_id", "occurrence", "member_id"])
            .returning(session_rsvps.c.member_id)
        )
        return result.first() is not None

    async def unrsvp(self, session_id: int, day: date, member_id: int) -> bool:
        result = await self._db.execute(
            delete(session_rsvps).where(
                session_rsvps.c.group_session_id == session_id,
                session_rsvps.c.occurrence == day,
                session_rsvps.c.member_id == member_id,
            )
        )
        return result.rowcount == 1

    async def going(self, wanted: Sequence[tuple[int, date]]) -> dict[tuple[int, date], int]:
        """How many RSVPed to each (session, occurrence date)."""
        if not wanted:
            return {}
        result = await self._db.execute(
            select(session_rsvps.c.group_session_id, session_rsvps.c.occurrence, func.count())
            .where(
                or_(
                    *(
                        and_(session_rsvps.c.group_session_id == gs, session_rsvps.c.occurrence == day)
                        for gs, day in wanted
                    )
                )
            )
            .group_by(session_rsvps.c.group_session_id, session_rsvps.c.occurrence)
        )
        return {(gs, day): int(count) for gs, day, count in result.all()}

    async def rsvped(self, member_id: int, wanted: Sequence[tuple[int, date]]) -> set[tuple[int, date]]:
        """Which of these (session, occurrence date) the member RSVPed to."""
        if not wanted:
            return set()
        result = await self._db.execute(
            select(session_rsvps.c.group_session_id, session_rsvps.c.occurrence).where(
                session_rsvps.c.member_id == member_id,
                or_(
                    *(
                        and_(session_rsvps.c.group_session_id == gs, session_rsvps.c.occurrence == day)
                        for gs, day in wanted
                    )
                ),
            )
        )
        return {(int(gs), day) for gs, day in result.all()}

    async def attendance(self, cohort_id: int, found: Sequence[Occurrence]) -> list[tuple[int, int, int]]:
        """(index into ``found``, member id, RSVPED or CAME) for every RSVP to those occurrences
        and every member who attended one, in ONE cohort-wide statement.

        Attended: a voice session in the occurrence's room, begun by 5 minutes before its end
        and lasting until at least 5 minutes after its start; or a focus timer started from
        10 minutes before the start until the end. Discarded sessions do not count."""
        if not found:
            return []
        parts: list[Any] = []
        ended = func.coalesce(study_sessions.c.ended_at, study_sessions.c.heartbeat_at)
        for index, occ in enumerate(found):
            parts.append(
                select(
                    literal(index).label("idx"), session_rsvps.c.member_id, literal(RSVPED).label("what")
                ).where(
                    session_rsvps.c.group_session_id == occ.session.id,
                    session_rsvps.c.occurrence == occ.day,
                )
            )
            voice = and_(
                study_sessions.c.kind == "voice",
                study_sessions.c.channel_id == (occ.session.channel_id or ""),
                study_sessions.c.started_at >= occ.starts - LONGEST_VOICE,
            )
            timer = and_(
                study_sessions.c.kind == "timer",
                study_sessions.c.started_at >= occ.starts - TIMER_EARLY,
                study_sessions.c.started_at < occ.ends,
            )
            parts.append(
                select(literal(index).label("idx"), study_sessions.c.member_id, literal(CAME).label("what"))
                .join(members, members.c.id == study_sessions.c.member_id)
                .where(
                    members.c.cohort_id == cohort_id,
                    study_sessions.c.status != "discarded",
                    study_sessions.c.started_at <= occ.ends - ATTENDANCE_MARGIN,
                    ended >= occ.starts + ATTENDANCE_MARGIN,
                    or_(voice, timer) if occ.session.channel_id else timer,
                )
                .distinct()
            )
        result = await self._db.execute(union_all(*parts))
        return [(int(idx), int(member), int(what)) for idx, member, what in result.all()]
