"""Study sessions (voice rooms, focus timers) as rows: opened, moved on, closed once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.tables import cohorts, members, skills, study_sessions
from core.domain.sessions import (
    LIVE,
    SessionKind,
    SessionStatus,
    Span,
    StudySession,
    spans_from_json,
    spans_to_json,
)

_LIVE = study_sessions.c.status.in_([status.value for status in LIVE])


def session_from_row(row: Mapping[Any, Any]) -> StudySession:
    return StudySession(
        id=row["id"],
        member_id=row["member_id"],
        kind=SessionKind(row["kind"]),
        track=row["track"],
        skill_id=row["skill_id"],
        channel_id=row["channel_id"],
        started_at=row["started_at"],
        spans=tuple(spans_from_json(row["spans"] or [])),
        counting_since=row["counting_since"],
        heartbeat_at=row["heartbeat_at"],
        ended_at=row["ended_at"],
        status=SessionStatus(row["status"]),
        planned_minutes=row["planned_minutes"],
        cycles=row["cycles"],
        break_minutes=row["break_minutes"],
        logged_minutes=row["logged_minutes"],
    )


class SessionRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def lock_member(self, member_id: int) -> bool:
        """Hold the member's row until the transaction ends (PostgreSQL; SQLite's writer
        lock already serialises writes), as a check-in does: a session's check-ins and the
        member's own never both see the day's 24 hours before the other."""
        result = await self._db.execute(
            select(members.c.id).where(members.c.id == member_id).with_for_update()
        )
        return result.first() is not None

    async def live(self, member_id: int) -> StudySession | None:
        """The member's session under way (counting, or a timer waiting for an answer)."""
        result = await self._db.execute(
            select(study_sessions).where(study_sessions.c.member_id == member_id, _LIVE)
        )
        row = result.mappings().first()
        return session_from_row(row) if row else None

    async def skill_name(self, session: StudySession) -> str | None:
        """The name of the skill the session's time counts toward (None without one)."""
        if session.skill_id is None:
            return None
        result = await self._db.execute(select(skills.c.name).where(skills.c.id == session.skill_id))
        name: str | None = result.scalar_one_or_none()
        return name

    async def get(self, session_id: int) -> StudySession | None:
        result = await self._db.execute(select(study_sessions).where(study_sessions.c.id == session_id))
        row = result.mappings().first()
        return session_from_row(row) if row else None

    async def open(
        self,
        member_id: int,
        kind: SessionKind,
        track: str,
        *,
        now: datetime,
        counting_since: datetime | None,
        skill_id: int | None = None,
        channel_id: str | None = None,
        planned_minutes: int | None = None,
        cycles: int | None = None,
        break_minutes: int | None = None,
    ) -> StudySession:
        """A new live session. A member has one at most: a second breaks the partial unique
        index ``ix_study_sessions_live`` (the unit of work's ``Conflict``)."""
        result = await self._db.execute(
            insert(study_sessions)
            .values(
                member_id=member_id,
                kind=kind.value,
                track=track,
                skill_id=skill_id,
                channel_id=channel_id,
                started_at=now,
                spans=[],
                counting_since=counting_since,
                heartbeat_at=now,
                status=SessionStatus.OPEN.value,
                planned_minutes=planned_minutes,
                cycles=cycles,
                break_minutes=break_minutes,
            )
            .returning(*study_sessions.c)
        )
        return session_from_row(result.mappings().one())

    async def change(
        self,
        session: StudySession,
        *,
        spans: Iterable[Span] | None = None,
        counting_since: datetime | None = None,
        keep_counting_since: bool = False,
        **values: Any,
    ) -> StudySession | None:
        """Write new values on a live session; None if it is no longer live (closed by
        another replica or an earlier event), and nothing written."""
        if spans is not None:
            values["spans"] = spans_to_json(spans)
        if not keep_counting_since:
            values["counting_since"] = counting_since
        result = await self._db.execute(
            update(study_sessions)
            .where(study_sessions.c.id == session.id, _LIVE)
            .values(**values)
            .returning(*study_sessions.c)
        )
        row = result.mappings().first()
        return session_from_row(row) if row else None

    async def close(
        self,
        session: StudySession,
        status: SessionStatus,
        *,
        ended_at: datetime,
        spans: Iterable[Span],
        logged_minutes: int,
    ) -> bool:
        """Close a live session for good; False if it was closed already (so its check-ins
        are never written twice)."""
        result = await self._db.execute(
            update(study_sessions)
            .where(study_sessions.c.id == session.id, _LIVE)
            .values(
                status=status.value,
                ended_at=ended_at,
                spans=spans_to_json(spans),
                counting_since=None,
                logged_minutes=logged_minutes,
            )
        )
        return result.rowcount == 1

    async def heartbeat(self, session_ids: Iterable[int], now: datetime) -> int:
        """Record that these live sessions were seen going at ``now``."""
        ids = list(session_ids)
        if not ids:
            return 0
        result = await self._db.execute(
            update(study_sessions).where(study_sessions.c.id.in_(ids), _LIVE).values(heartbeat_at=now)
        )
        return int(result.rowcount)

    async def running_timers(self) -> list[tuple[int, StudySession]]:
        """Every focus timer still counting, in every cohort, with its cohort's id: what
        each scheduler tick looks at, in one statement however many cohorts there are."""
        result = await self._db.execute(
            select(study_sessions, members.c.cohort_id.label("cohort_of"))
            .join(members, members.c.id == study_sessions.c.member_id)
            .where(
                study_sessions.c.kind == SessionKind.TIMER.value,
                study_sessions.c.status == SessionStatus.OPEN.value,
            )
            .order_by(study_sessions.c.id)
        )
        return [(row["cohort_of"], session_from_row(row)) for row in result.mappings()]

    async def live_voice_in_workspace(self, platform: str, workspace_id: str) -> list[LiveVoice]:
        """The live voice sessions of every cohort of a workspace, with who and which zone
        (what start-up and the heartbeat compare with the voice states a server reports)."""
        zone = func.coalesce(members.c.timezone, cohorts.c.timezone).label("zone")
        result = await self._db.execute(
            select(study_sessions, members.c.user_id.label("member_user_id"), zone)
            .join(members, members.c.id == study_sessions.c.member_id)
            .join(cohorts, cohorts.c.id == members.c.cohort_id)
            .where(
                cohorts.c.platform == platform,
                cohorts.c.workspace_id == workspace_id,
                study_sessions.c.kind == SessionKind.VOICE.value,
                _LIVE,
            )
            .order_by(study_sessions.c.id)
        )
        return [
            LiveVoice(session_from_row(row), row["member_user_id"], row["zone"]) for row in result.mappings()
        ]


@dataclass(frozen=True)
class LiveVoice:
    session: StudySession
    user_id: str
    zone: str
