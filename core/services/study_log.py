"""Closing a study session: its counted time becomes check-ins, once.

Voice rooms and focus timers both end here. The session is closed first, conditionally
(a session another event or replica closed already writes nothing), then its time is
written as one check-in per local date (source ``voice`` or ``timer``, idempotency key
``session:ID:DATE``), each within its day's 24 hours like a typed check-in. The caller's
unit of work commits both together, so a crash leaves either a live session or a closed
one with its check-ins, never half.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.db.repositories.activity import DAY_MINUTES
from core.db.uow import UnitOfWork
from core.domain.sessions import (
    MIN_MINUTES,
    LoggedSession,
    SessionStatus,
    StudySession,
    idempotency_key,
    minutes_by_local_date,
)
from core.domain.weeks import iso_week_key


async def log_session(
    uow: UnitOfWork,
    session: StudySession,
    *,
    zone: ZoneInfo,
    until: datetime,
    now: datetime,
) -> LoggedSession | None:
    """Close ``session`` at ``until`` and log its counted time; None if it was closed already.

    Less than :data:`MIN_MINUTES` in all logs nothing (the session is closed as discarded,
    ``too_short``); minutes that would pass a day's 24 hours are left out and reported."""
    await uow.sessions.lock_member(session.member_id)
    spans = session.counted(until)
    by_date = minutes_by_local_date(spans, zone)
    if sum(by_date.values()) < MIN_MINUTES:
        closed = await uow.sessions.close(
            session, SessionStatus.DISCARDED, ended_at=until, spans=spans, logged_minutes=0
        )
        return LoggedSession(session, {}, too_short=True) if closed else None
    fits: dict[date, int] = {}
    over = 0
    for day, minutes in by_date.items():
        room = max(DAY_MINUTES - await uow.ledger.day_minutes(session.member_id, day), 0)
        if fit := min(minutes, room):
            fits[day] = fit
        over += minutes - fit
    # Closed first, conditionally: a session closed already (another event, a replica)
    # must not log again. The member's lock keeps the days' room as it was just read.
    closed = await uow.sessions.close(
        session, SessionStatus.LOGGED, ended_at=until, spans=spans, logged_minutes=sum(fits.values())
    )
    if not closed:
        return None
    for day, fit in fits.items():
        await uow.checkins.add(
            session.member_id,
            track=session.track,
            minutes=fit,
            local_date=day,
            iso_week=iso_week_key(day),
            skill_id=session.skill_id,
            note=None,
            idempotency_key=idempotency_key(session.id, day),
            now=now,
            source=session.kind.value,
        )
    return LoggedSession(session, fits, over_day_cap=over)


async def discard_session(uow: UnitOfWork, session: StudySession, *, until: datetime) -> bool:
    """Close ``session`` without logging anything (the member chose *Discard*)."""
    spans = session.counted(until)
    return await uow.sessions.close(
        session, SessionStatus.DISCARDED, ended_at=until, spans=spans, logged_minutes=0
    )


__all__ = ["MIN_MINUTES", "discard_session", "log_session"]
