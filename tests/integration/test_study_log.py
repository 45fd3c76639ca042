"""Closing a study session on SQLite and PostgreSQL: one check-in per local date, written
once however many times the session is closed, within each day's 24 hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import checkins, study_sessions
from core.domain.sessions import LoggedSession, SessionKind, SessionStatus, Span
from core.errors import Conflict
from core.services import checkins as checkin_service
from core.services.context import membership
from core.services.study_log import log_session
from tests.integration.helpers import cohort_with, person
from tests.integration.test_week_totals import assert_totals_match

PROF, ADA = person("prof"), person("ada")
NOW = datetime(2026, 12, 5, 23, 30, tzinfo=UTC)


async def _member_id(stride: Stride) -> int:
    async with stride.services.uow(read_only=True) as uow:
        return (await membership(uow, ADA, None)).member.id


async def _open(
    stride: Stride, member_id: int, since: datetime, kind: SessionKind = SessionKind.VOICE
) -> int:
    async with stride.services.uow() as uow:
        session = await uow.sessions.open(
            member_id, kind, "dsa", now=since, counting_since=since, channel_id="9"
        )
        await uow.commit()
    return session.id


async def _close(
    stride: Stride, session_id: int, until: datetime, zone: str = "Europe/Paris"
) -> LoggedSession | None:
    async with stride.services.uow() as uow:
        session = await uow.sessions.get(session_id)
        assert session is not None
        logged = await log_session(uow, session, zone=ZoneInfo(zone), until=until, now=until)
        await uow.commit()
    return logged


async def _rows(stride: Stride) -> list[tuple[str, int, date, str, str | None]]:
    async with stride.engine.connect() as connection:
        result = await connection.execute(
            select(
                checkins.c.track,
                checkins.c.minutes,
                checkins.c.local_date,
                checkins.c.source,
                checkins.c.idempotency_key,
            ).order_by(checkins.c.local_date)
        )
        return [tuple(row) for row in result]


async def test_a_session_across_midnight_is_two_check_ins_logged_once(
    stride: Stride, clock: FixedClock
) -> None:
    clock.set(NOW)
    await cohort_with(stride.services, "Cohort", PROF, (ADA,), "Europe/Paris")
    member_id = await _member_id(stride)
    session_id = await _open(stride, member_id, datetime(2026, 12, 5, 22, 0, tzinfo=UTC))  # 23:00 Paris
    logged = await _close(stride, session_id, datetime(2026, 12, 5, 23, 40, tzinfo=UTC))  # 00:40 Paris
    assert logged is not None
    assert logged.by_date == {date(2026, 12, 5): 60, date(2026, 12, 6): 40}
    assert await _close(stride, session_id, datetime(2026, 12, 6, 2, 0, tzinfo=UTC)) is None
    assert await _rows(stride) == [
        ("dsa", 60, date(2026, 12, 5), "voice", f"session:{session_id}:2026-12-05"),
        ("dsa", 40, date(2026, 12, 6), "voice", f"session:{session_id}:2026-12-06"),
    ]
    await assert_totals_match(stride)
    async with stride.engine.connect() as connection:
        status = (await connection.execute(select(study_sessions.c.status))).scalar_one()
    assert status == SessionStatus.LOGGED


async def test_under_five_minutes_logs_nothing_and_the_day_cap_holds(
    stride: Stride, clock: FixedClock
) -> None:
    clock.set(NOW)
    await cohort_with(stride.services, "Cohort", PROF, (ADA,), "UTC")
    member_id = await _member_id(stride)
    short = await _open(stride, member_id, NOW - timedelta(minutes=4, seconds=59))
    logged = await _close(stride, short, NOW, "UTC")
    assert logged is not None
    assert logged.too_short
    assert await _rows(stride) == []

    await checkin_service.check_in(
        stride.services, ADA, None, minutes=23 * 60, track="dsa", when="2026-12-05"
    )
    long = await _open(stride, member_id, NOW - timedelta(hours=2))
    logged = await _close(stride, long, NOW, "UTC")
    assert logged is not None
    assert logged.by_date == {date(2026, 12, 5): 60}
    assert logged.over_day_cap == 60
    assert sum(row[1] for row in await _rows(stride)) == 24 * 60


async def test_a_member_has_one_live_session(stride: Stride, clock: FixedClock) -> None:
    clock.set(NOW)
    await cohort_with(stride.services, "Cohort", PROF, (ADA,), "UTC")
    member_id = await _member_id(stride)
    await _open(stride, member_id, NOW)
    with pytest.raises(Conflict):
        await _open(stride, member_id, NOW, SessionKind.TIMER)
    async with stride.services.uow(read_only=True) as uow:
        live = await uow.sessions.live(member_id)
    assert live is not None
    assert live.kind is SessionKind.VOICE
    assert live.spans == ()
    assert live.counted(NOW + timedelta(minutes=30)) == [Span(NOW, NOW + timedelta(minutes=30))]
