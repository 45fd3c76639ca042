"""Scheduled group sessions: a weekly meeting in the cohort's time zone, its occurrences
(placed on the wall clock, so 19:00 stays 19:00 across DST), and the rules that read
attendance and RSVPs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.errors import InvalidInput

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {name: n for n, name in enumerate(DAYS, 1)} | {
    name: n
    for n, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), 1
    )
}
MIN_MINUTES = 15
MAX_MINUTES = 720
"""A session lasts 15 minutes to 12 hours (the table's CHECK allows up to 720)."""
MAX_PLANNED = 20
"""Sessions a cohort may have planned at once."""
REMINDER_LEAD = timedelta(minutes=30)
"""The reminder is posted this long before each occurrence; it is not sent once the session
has started (its grace runs out at the start)."""
ATTENDANCE_MARGIN = timedelta(minutes=5)
"""A voice session counts when it began by 5 minutes before the end and lasted until at
least 5 minutes after the start: a drop-in at the very edge is not attendance."""
TIMER_EARLY = timedelta(minutes=10)
"""A focus timer counts when started from 10 minutes before the start until the end."""
MISSED_IN_A_ROW = 2
RSVP_LOOKBACK = timedelta(days=35)
"""The at-risk rule reads RSVPs to occurrences in the last five weeks."""

_TIME = re.compile(r"([01]?\d|2[0-3])[:.h]([0-5]\d)")
_LENGTH = re.compile(r"(?:(\d{1,2})h)?(?:(\d{1,3})m)?|(\d{1,2})h(\d{1,2})")
TITLE_EXAMPLE = '/session plan "DSA night" tue 19:00 90m'


@dataclass(frozen=True)
class GroupSession:
    id: int
    cohort_id: int
    title: str
    weekday: int
    """ISO weekday, 1 (Monday) to 7."""
    start_time: str
    """Local "HH:MM" in the cohort's time zone."""
    minutes: int
    channel_id: str | None
    created_by: str
    created_at: datetime
    cancelled_at: datetime | None = None

    @property
    def day_name(self) -> str:
        return DAYS[self.weekday - 1].capitalize()


@dataclass(frozen=True)
class Occurrence:
    session: GroupSession
    day: date
    """The local date it meets on: what an RSVP names."""
    starts: datetime
    ends: datetime


def _said(text: str) -> str:
    """What the user wrote, safe to repeat: one printable line of at most 20 characters."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat if len(flat) <= 20 else flat[:19] + "…"


def parse_day(text: str) -> int:
    day = _DAY_NAMES.get(text.strip().lower())
    if day is None:
        raise InvalidInput(
            f"'{_said(text)}' is not a day of the week; write mon, tue, wed, thu, fri, sat or sun, "
            f"like {TITLE_EXAMPLE}."
        )
    return day


def parse_start(text: str) -> str:
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise InvalidInput(
            f"'{_said(text)}' is not a time of day; write it as HH:MM on a 24-hour clock, like 19:00."
        )
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_length(text: str) -> int:
    cleaned = text.strip().lower()
    match = _LENGTH.fullmatch(cleaned) if 0 < len(cleaned) <= 8 else None
    parts = list(match.groups()) if match else []
    if not any(parts):
        raise InvalidInput(f"'{_said(text)}' is not a length; write minutes or hours, like 90m, 2h or 1h30m.")
    hours, minutes = int(parts[0] or parts[2] or 0), int(parts[1] or parts[3] or 0)
    total = hours * 60 + minutes
    if not MIN_MINUTES <= total <= MAX_MINUTES:
        raise InvalidInput(
            f"A session lasts from {MIN_MINUTES} minutes to {MAX_MINUTES // 60} hours; "
            f"you wrote '{_said(cleaned)}'."
        )
    return total


def check_title(text: str, limit: int) -> str:
    title = " ".join(text.split())
    if not title:
        raise InvalidInput(f"The session needs a title; write it in quotes, like {TITLE_EXAMPLE}.")
    if any(ch in title for ch in "@<>") or not title.isprintable():
        raise InvalidInput(
            "A session title cannot contain @, < or > (no mentions); "
            'name it in plain words, like "DSA night".'
        )
    if len(title) > limit:
        raise InvalidInput(f"The title is {len(title):,} characters long; keep it to {limit} or fewer.")
    return title


def _start_on(session: GroupSession, day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant ``session`` starts on local ``day``: the wall-clock time placed in
    the zone (a time the spring-forward skips lands an hour later; a repeated one, its first)."""
    hour, minute = (int(part) for part in session.start_time.split(":"))
    local = datetime.combine(day, time(hour, minute), tzinfo=zone)
    return local.astimezone(UTC)


def occurrence_on(session: GroupSession, day: date, zone: ZoneInfo) -> Occurrence:
    starts = _start_on(session, day, zone)
    return Occurrence(session, day, starts, starts + timedelta(minutes=session.minutes))


def _live_at(session: GroupSession, occurrence: Occurrence) -> bool:
    """Planned before it ended, and not called off before it started."""
    if session.created_at >= occurrence.ends:
        return False
    return session.cancelled_at is None or session.cancelled_at > occurrence.starts


def occurrences(session: GroupSession, zone: ZoneInfo, after: datetime, until: datetime) -> list[Occurrence]:
    """Occurrences starting in ``[after, until)`` while the session was planned."""
    first = after.astimezone(zone).date() - timedelta(days=1)
    first += timedelta(days=(session.weekday - first.isoweekday()) % 7)
    found: list[Occurrence] = []
    day = first
    while True:
        occurrence = occurrence_on(session, day, zone)
        if occurrence.starts >= until:
            return found
        if occurrence.starts >= after and _live_at(session, occurrence):
            found.append(occurrence)
        day += timedelta(days=7)


def next_occurrence(session: GroupSession, zone: ZoneInfo, now: datetime) -> Occurrence:
    """The first occurrence that has not ended yet (the one under way, if any)."""
    day = now.astimezone(zone).date() - timedelta(days=1)
    day += timedelta(days=(session.weekday - day.isoweekday()) % 7)
    while True:
        occurrence = occurrence_on(session, day, zone)
        if occurrence.ends > now:
            return occurrence
        day += timedelta(days=7)


def occurrence_label(occurrence: Occurrence, zone: ZoneInfo) -> str:
    """Like "Tue 8 Dec 19:00"."""
    local = occurrence.starts.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def day_label(day: date) -> str:
    """Like "Tue 1 Dec"."""
    return f"{day:%a} {day.day} {day:%b}"


def missed_last(rsvped: list[tuple[datetime, bool]], count: int = MISSED_IN_A_ROW) -> bool:
    """The member's last ``count`` RSVPed occurrences (start, came) that are over were all missed."""
    last = sorted(rsvped, reverse=True)[:count]
    return len(last) == count and not any(came for _, came in last)
