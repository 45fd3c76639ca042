"""Focus timers: a study session of planned focus periods, with breaks between them.

A timer is a ``study_sessions`` row of kind ``timer``: ``planned_minutes`` is the length of
one focus period, ``cycles`` how many periods it holds (1 for a plain timer; *Keep going*
adds one), ``break_minutes`` the break between two periods. Only focus time counts.

The row keeps its schedule, not a running clock:

* ``spans`` — the focus periods finished before the current run (empty at the start; every
  period once the timer has ended);
* ``counting_since`` — when the current run of the remaining periods began (the start, or
  the moment the member chose *Keep going*); None once the timer has ended;
* ``heartbeat_at`` — how far the scheduler has looked at the timer: a period that ended
  after it has not had its direct message yet.

So every period's start and end follows from the row alone, and a restarted process (or a
second replica) computes the same ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from core.domain.sessions import SessionStatus, Span, StudySession

DEFAULT_MINUTES = 50
MIN_FOCUS, MAX_FOCUS = 5, 4 * 60
MIN_BREAK, MAX_BREAK = 1, 60
DEFAULT_BREAK = 10
MAX_CYCLES = 12


@dataclass(frozen=True)
class Period:
    number: int
    """1 for the first focus period."""
    start: datetime
    end: datetime


def periods(session: StudySession) -> list[Period]:
    """Every focus period of a timer, finished or to come, in order."""
    length = timedelta(minutes=session.planned_minutes or 0)
    pause = timedelta(minutes=session.break_minutes or 0)
    done = [Period(n, span.start, span.end) for n, span in enumerate(session.spans, start=1)]
    if session.counting_since is None:
        return done
    start = session.counting_since
    rest = max((session.cycles or 1) - len(done), 0)
    return done + [
        Period(len(done) + j + 1, start + j * (length + pause), start + j * (length + pause) + length)
        for j in range(rest)
    ]


def planned_end(session: StudySession) -> datetime:
    """When the last focus period ends."""
    found = periods(session)
    return found[-1].end if found else session.started_at


def is_over(session: StudySession, now: datetime) -> bool:
    """The timer has run its length: ended (the scheduler saw it) or past its last period."""
    return session.status is SessionStatus.ENDED or planned_end(session) <= now


def focus_until(session: StudySession, until: datetime) -> list[Span]:
    """The focus time up to ``until``: each period cut there, breaks left out."""
    return [Span(p.start, min(p.end, until)) for p in periods(session) if p.start < until]


def all_focus(session: StudySession) -> list[Span]:
    """Every planned focus period, whole: what *Log it* logs."""
    return [Span(p.start, p.end) for p in periods(session)]


@dataclass(frozen=True)
class Phase:
    """Where a timer stands at an instant."""

    state: Literal["focus", "break", "ended"]
    period: Period
    """The period under way (focus), the next one (break) or the last one (ended)."""


def phase(session: StudySession, now: datetime) -> Phase:
    found = periods(session)
    if is_over(session, now) or not found:
        return Phase("ended", found[-1] if found else Period(1, session.started_at, session.started_at))
    for period in found:
        if now < period.start:
            return Phase("break", period)
        if now < period.end:
            return Phase("focus", period)
    return Phase("ended", found[-1])


def unseen_ends(session: StudySession, now: datetime) -> list[Period]:
    """Periods that ended after the scheduler last looked (``heartbeat_at``) and by ``now``."""
    return [p for p in periods(session) if session.heartbeat_at < p.end <= now]


def period_key(session_id: int, number: int) -> str:
    """The outbox period key of a period's end: once per session and period."""
    return f"session:{session_id}:period:{number}"
