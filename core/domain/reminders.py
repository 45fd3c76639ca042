"""When a member's personal DMs come (issue 20): their own day and time for the weekly
check-in, quiet hours, snooze, the reflection reminder's instant and the midweek nudge's
arithmetic. Pure rules on instants and the member's wall clock; the scheduler applies them.

Quiet hours and snooze never change *which* occurrence a DM is (its period key), only
*when* it is delivered, so moving a DM can never make it come twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from core.domain.timers import MAX_FOCUS
from core.errors import InvalidInput

DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_WORDS: Final = {
    **{name: number for number, name in enumerate(DAYS, start=1)},
    **{
        name: number
        for number, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), start=1
        )
    },
}
WEEKDAYS: Final = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")
OFF: Final = "off"
DEFAULT_QUIET: Final = "22:00-08:00"
MAX_QUIET: Final = timedelta(hours=16)
MIN_SNOOZE: Final = timedelta(minutes=30)
MAX_SNOOZE: Final = timedelta(days=7)
REFLECTION_REMINDER_DELAY: Final = timedelta(hours=3)
"""The reflection reminder comes this long after the check-in DM."""
REFLECTION_REMINDER_MIN_GAP: Final = timedelta(hours=1)
"""Moved before quiet hours only when that still leaves this much after the check-in DM."""
BEFORE_QUIET: Final = timedelta(minutes=30)
"""How long before quiet hours start a reflection reminder moved before them comes."""
LOCK_MARGIN: Final = timedelta(minutes=30)
"""No reflection reminder later than this before the week's reflection locks."""

_ASCII_TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.h]([0-5][0-9])")
_SNOOZE = re.compile(r"(?:([0-9]{1,2})d)?(?:([0-9]{1,3})h)?(?:([0-9]{1,4})m)?")
TIME_EXAMPLE: Final = "/me reminders time=19:00"
QUIET_EXAMPLE: Final = "/me quiet 23:00-07:00"
SNOOZE_EXAMPLE: Final = "/me snooze 1d"


def _said(text: str) -> str:
    """What the user wrote, safe to repeat: one printable line of at most 20 characters."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat if len(flat) <= 20 else flat[:19] + "…"


def day_name(day: int) -> str:
    """1 → ``Mon``."""
    return DAYS[day - 1].capitalize()


def parse_reminder_day(text: str) -> int | None:
    """``sun`` / ``Sunday`` → 7; ``off`` → None (the cohort's day)."""
    word = text.strip().lower()
    if word == OFF:
        return None
    day = _DAY_WORDS.get(word)
    if day is None:
        raise InvalidInput(
            f"'{_said(text)}' is not a day of the week; write mon, tue, wed, thu, fri, sat, sun or off, "
            "like /me reminders day=sun."
        )
    return day


def parse_clock(text: str, example: str) -> str:
    """A 24-hour local time ``19:00`` (also ``7:30``, ``19.00``) as ``HH:MM``."""
    match = _ASCII_TIME.fullmatch(text.strip())
    if match is None:
        raise InvalidInput(
            f"'{_said(text)}' is not a time of day; write it as HH:MM on a 24-hour clock, like {example}."
        )
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_reminder_time(text: str) -> str | None:
    """``19:00`` → ``"19:00"``; ``off`` → None (the cohort's time)."""
    return None if text.strip().lower() == OFF else parse_clock(text, TIME_EXAMPLE)


def _minutes(clock: str) -> int:
    hour, minute = clock.split(":")
    return int(hour) * 60 + int(minute)


@dataclass(frozen=True)
class QuietHours:
    """Local wall-clock hours with no DMs; ``start`` > ``end`` wraps past midnight."""

    start: str
    end: str

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"

    def contains_clock(self, clock: str) -> bool:
        minute, start, end = _minutes(clock), _minutes(self.start), _minutes(self.end)
        return start <= minute < end if start < end else minute >= start or minute < end

    def contains(self, local: datetime) -> bool:
        return self.contains_clock(f"{local:%H:%M}")

    def end_after(self, local: datetime) -> datetime:
        """The end of the quiet period ``local`` is in (local, aware)."""
        end_day = local.date()
        if _minutes(self.start) > _minutes(self.end) and _minutes(f"{local:%H:%M}") >= _minutes(self.start):
            end_day += timedelta(days=1)
        return _at(end_day, self.end, local.tzinfo)

    def next_start(self, local: datetime) -> datetime:
        """The first start of quiet hours at or after ``local`` (local, aware)."""
        start = _at(local.date(), self.start, local.tzinfo)
        return start if start >= local else _at(local.date() + timedelta(days=1), self.start, local.tzinfo)


def _at(day: date, clock: str, zone: object) -> datetime:
    assert isinstance(zone, ZoneInfo)
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def quiet_hours(stored: str | None) -> QuietHours | None:
    """The stored setting (``"22:00-08:00"`` or ``"off"``) read back; anything unreadable
    counts as the default rather than as no quiet hours at all."""
    if stored == OFF:
        return None
    parts = (stored or DEFAULT_QUIET).split("-")
    if len(parts) != 2 or not all(_ASCII_TIME.fullmatch(p) for p in parts):
        parts = DEFAULT_QUIET.split("-")
    return QuietHours(parts[0], parts[1])


def parse_quiet_hours(text: str) -> str:
    """``23:00-07:00`` (or ``23:00–07:00``) → ``"23:00-07:00"``; ``off`` → ``"off"``."""
    cleaned = text.strip().lower()
    if cleaned == OFF:
        return OFF
    parts = re.split(r"\s*[-–—]\s*|\s+to\s+", cleaned)
    if len(parts) != 2 or not all(_ASCII_TIME.fullmatch(p) for p in parts):
        raise InvalidInput(
            f"'{_said(text)}' is not a span of hours; write quiet hours as HH:MM-HH:MM, like "
            f"{QUIET_EXAMPLE}, or /me quiet off."
        )
    start, end = (parse_clock(p, QUIET_EXAMPLE) for p in parts)
    length = (_minutes(end) - _minutes(start)) % (24 * 60)
    if length == 0:
        raise InvalidInput(
            f"Quiet hours {start}-{end} start and end at the same time; write them like {QUIET_EXAMPLE}, "
            "or /me quiet off."
        )
    if timedelta(minutes=length) > MAX_QUIET:
        raise InvalidInput(
            f"Quiet hours {start}-{end} would last {length // 60}h {length % 60:02d}m; keep them to 16 hours "
            f"or less, like {QUIET_EXAMPLE}."
        )
    return f"{start}-{end}"


def parse_snooze(text: str) -> timedelta | None:
    """``30m`` … ``7d`` (``1d``, ``3h``, ``1h30m``); ``off`` → None."""
    cleaned = text.strip().lower()
    if cleaned == OFF:
        return None
    match = _SNOOZE.fullmatch(cleaned) if 0 < len(cleaned) <= 12 else None
    if match is None or not any(match.groups()):
        raise InvalidInput(
            f"'{_said(text)}' is not a length of time; snooze for 30m to 7d, like {SNOOZE_EXAMPLE} "
            "or /me snooze 3h, or stop with /me snooze off."
        )
    days, hours, minutes = (int(part or 0) for part in match.groups())
    length = timedelta(days=days, hours=hours, minutes=minutes)
    if not MIN_SNOOZE <= length <= MAX_SNOOZE:
        raise InvalidInput(
            f"A snooze lasts from 30m to 7d, like {SNOOZE_EXAMPLE}; you wrote '{_said(text)}'."
        )
    return length


def place(at: datetime, zone: ZoneInfo, quiet: QuietHours | None, snoozed_until: datetime | None) -> datetime:
    """When a personal DM planned for ``at`` is delivered: after the member's snooze, and
    out of their quiet hours (at the end of them)."""
    if snoozed_until is not None and at < snoozed_until:
        at = snoozed_until
    local = at.astimezone(zone)
    if quiet is not None and quiet.contains(local):
        return quiet.end_after(local).astimezone(UTC)
    return at


def reflection_reminder_at(
    checkin_at: datetime, zone: ZoneInfo, quiet: QuietHours | None, locks_at: datetime
) -> datetime | None:
    """The reflection reminder's instant for a check-in DM delivered at ``checkin_at``:
    3 h later; inside quiet hours it comes 30 minutes before they start when they start at
    least 1 h after the DM, else at their end. None when that would be later than 30
    minutes before the week's reflection locks."""
    due = checkin_at + REFLECTION_REMINDER_DELAY
    local = due.astimezone(zone)
    if quiet is not None and quiet.contains(local):
        start = quiet.next_start(checkin_at.astimezone(zone)).astimezone(UTC)
        if start - checkin_at >= REFLECTION_REMINDER_MIN_GAP and start <= due:
            due = start - BEFORE_QUIET
        else:
            due = quiet.end_after(local).astimezone(UTC)
    return due if due <= locks_at - LOCK_MARGIN else None


def member_cron(cron: str, day: int | None, clock: str | None) -> str:
    """The cohort's cron with the member's time (minute and hour) and, when they chose one,
    their weekday put in (a day makes it weekly: day of month and month become ``*``)."""
    fields = cron.split()
    if clock is not None:
        hour, minute = clock.split(":")
        fields[0], fields[1] = str(int(minute)), str(int(hour))
    if day is not None:
        fields[2], fields[3], fields[4] = "*", "*", DAYS[day - 1]
    return " ".join(fields)


def nudge_session(done_minutes: int, min_minutes: int, weekday: int) -> int | None:
    """Minutes of study today that bring a line back to pace, or None when it is on pace.

    Behind means done < min × (days already past this week, Monday 0) / 7; the session is
    that gap rounded to 5 minutes, at least 10 and at most the longest focus timer (4 h)."""
    due = min_minutes * weekday / 7
    if done_minutes >= due:
        return None
    return min(MAX_FOCUS, max(10, 5 * round((due - done_minutes) / 5)))


def nudge_catches_up(done_minutes: int, min_minutes: int, weekday: int, session: int) -> bool:
    """Whether a session of ``session`` minutes today brings the line back to pace (one of
    at most 4 h may not, a long way behind)."""
    return done_minutes + session + 2.5 >= min_minutes * weekday / 7
