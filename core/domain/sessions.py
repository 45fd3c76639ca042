"""Study sessions as stretches of counted time, and how they become check-ins.

A session (time in a voice study room, a focus timer) is a list of :class:`Span` s: the
stretches that count (a deafened member's or a timer's break time does not). When it
closes, its time is split at the member's local midnights into one check-in per local
date, so a session from 23:00 to 01:00 gives an hour to each day, and a session shorter
than :data:`MIN_MINUTES` in all gives nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

MIN_MINUTES = 5
"""A session counted in all for less than this logs nothing (a wrong room, a quick hello)."""


class SessionKind(StrEnum):
    VOICE = "voice"
    TIMER = "timer"


class SessionStatus(StrEnum):
    OPEN = "open"
    """Counting (or between a timer's periods)."""
    ENDED = "ended"
    """A timer reached its length and waits for the member's answer; nothing more counts."""
    LOGGED = "logged"
    DISCARDED = "discarded"


LIVE = (SessionStatus.OPEN, SessionStatus.ENDED)


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of counted time, ``start`` < ``end``, both aware instants."""

    start: datetime
    end: datetime

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


def spans_from_json(raw: Iterable[Sequence[str]]) -> list[Span]:
    """The ``[[start, end], …]`` a session row keeps (ISO instants) as spans."""
    return [Span(_instant(start), _instant(end)) for start, end in raw]


def spans_to_json(spans: Iterable[Span]) -> list[list[str]]:
    return [[span.start.astimezone(UTC).isoformat(), span.end.astimezone(UTC).isoformat()] for span in spans]


def _instant(text: Any) -> datetime:
    value = datetime.fromisoformat(str(text))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def with_running(spans: Sequence[Span], counting_since: datetime | None, until: datetime) -> list[Span]:
    """``spans`` and the stretch under way (from ``counting_since``) cut at ``until``."""
    closed = [span for span in spans if span.end > span.start]
    if counting_since is not None and until > counting_since:
        closed.append(Span(counting_since, until))
    return closed


def counted_minutes(spans: Iterable[Span]) -> int:
    """Whole minutes counted in all (seconds summed first, then floored)."""
    return int(sum(span.seconds for span in spans) // 60)


def minutes_by_local_date(spans: Iterable[Span], zone: ZoneInfo) -> dict[date, int]:
    """The counted minutes of each local date, in date order.

    Each span is cut at the zone's midnights. Minutes are taken from the running total
    (a date gets ``⌊end/60⌋ − ⌊start/60⌋`` of the seconds counted so far), so the dates
    add up to :func:`counted_minutes` exactly, with no minute lost or made up by rounding.
    """
    seconds: dict[date, float] = {}
    for span in sorted(spans):
        start = span.start
        while start < span.end:
            local = start.astimezone(zone)
            next_midnight = datetime.combine(local.date() + timedelta(days=1), time(), zone)
            end = min(span.end, next_midnight.astimezone(UTC))
            seconds[local.date()] = seconds.get(local.date(), 0.0) + (end - start).total_seconds()
            start = end
    minutes: dict[date, int] = {}
    total = 0.0
    for day in sorted(seconds):
        before = int(total // 60)
        total += seconds[day]
        if (gained := int(total // 60) - before) > 0:
            minutes[day] = gained
    return minutes


def long_enough(spans: Iterable[Span]) -> bool:
    return counted_minutes(spans) >= MIN_MINUTES


def idempotency_key(session_id: int, day: date) -> str:
    """The key of a session's check-in for one date: a second close writes nothing."""
    return f"session:{session_id}:{day.isoformat()}"


@dataclass(frozen=True)
class StudySession:
    """One row of ``study_sessions`` (see the table's docstring)."""

    id: int
    member_id: int
    kind: SessionKind
    track: str
    skill_id: int | None
    channel_id: str | None
    started_at: datetime
    spans: tuple[Span, ...]
    counting_since: datetime | None
    heartbeat_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    planned_minutes: int | None = None
    cycles: int | None = None
    break_minutes: int | None = None
    logged_minutes: int | None = None

    def counted(self, until: datetime) -> list[Span]:
        """Its counted stretches, the one under way cut at ``until``."""
        return with_running(self.spans, self.counting_since, until)


@dataclass(frozen=True)
class LoggedSession:
    """What closing a session wrote: minutes per local date, and what did not fit."""

    session: StudySession
    by_date: dict[date, int]
    too_short: bool = False
    over_day_cap: int = 0
    """Minutes left out because their day already held 24 hours of check-ins."""

    @property
    def minutes(self) -> int:
        return sum(self.by_date.values())
