"""Clocks: services ask a clock for "now" so scripts and tests can fix time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved; used by `--now` and by tests."""

    def __init__(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware instant")
        self._instant = instant.astimezone(UTC)

    def now(self) -> datetime:
        return self._instant

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware instant")
        self._instant = instant.astimezone(UTC)


EARLIEST = date(1970, 1, 1)
LATEST = date(9000, 12, 31)
"""The dates a clock or a day given on the command line may name: far enough from the
calendar's ends (year 1 and 9999) that a horizon, a month or a week after them still exists."""


def in_range(day: date) -> bool:
    return EARLIEST <= day <= LATEST
