"""Calendar rules: time zones, local dates, ISO weeks and months (DESIGN §2).

Every period key the bot stores or reports is computed here, from the member's local
date, so a check-in at 23:30 in Berlin lands in the week the member saw on the wall.
"""

from __future__ import annotations

import calendar
import difflib
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo, available_timezones

from core.domain import limits
from core.domain.levels import quote_input
from core.errors import InvalidInput

MAX_TIMEZONE_LENGTH: Final = limits.TIMEZONE
DEFAULT_MAX_DAYS_BACK: Final = 7

_TZ_SHAPE = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+){0,2}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WEEK_KEY = re.compile(r"([0-9]{4})-W([0-9]{2})")
_TZ_HINT: Final = "write it as Area/City, like America/New_York"


@lru_cache(maxsize=1)
def _zones_by_folded_name() -> dict[str, str]:
    """Canonical IANA names keyed by their lowercase form, for case-insensitive lookup."""
    return {name.lower(): name for name in sorted(available_timezones())}


def _suggest_zones(name: str) -> list[str]:
    zones = _zones_by_folded_name()
    folded = name.lower()
    # A bare city ("berlin", "new york") is the commonest slip, so try the last part first.
    cities = [zones[z] for z in zones if z.rsplit("/", 1)[-1] == folded and "/" in z]
    close = [zones[z] for z in difflib.get_close_matches(folded, zones, n=3, cutoff=0.75)]
    return list(dict.fromkeys(cities + close))[:3]


def _or_list(items: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} or {items[-1]}"


def resolve_timezone(name: str) -> ZoneInfo:
    """Return the IANA zone named ``name`` (any case), refusing anything else."""
    stripped = name.strip()
    if not stripped:
        raise InvalidInput(f"The time zone is empty; {_TZ_HINT}.")
    if len(stripped) > MAX_TIMEZONE_LENGTH:
        raise InvalidInput(f"{quote_input(name)} is too long to be a time zone; {_TZ_HINT}.")
    # Membership in the installed tz database is the whole check: no path ever reaches
    # ZoneInfo unless it is a known zone name.
    canonical = _zones_by_folded_name().get(stripped.lower())
    if canonical is not None:
        return ZoneInfo(canonical)
    spaced = stripped.replace(" ", "_")
    suggestions = _suggest_zones(spaced) if _TZ_SHAPE.fullmatch(spaced) else []
    if suggestions:
        options = _or_list(suggestions)
        raise InvalidInput(
            f"{quote_input(name)} is not a time zone; perhaps you meant {options} ({_TZ_HINT})."
        )
    raise InvalidInput(f"{quote_input(name)} is not a time zone; {_TZ_HINT} or Europe/Berlin.")


def local_date(instant: datetime, tz: ZoneInfo) -> date:
    """The calendar date at ``instant`` on a wall clock in ``tz``."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("local_date needs a timezone-aware datetime, got a naive one")
    return instant.astimezone(tz).date()


@lru_cache(maxsize=4096)
def iso_week_key(d: date) -> str:
    """The ISO week key, e.g. ``"2026-W47"``; the year is the ISO year (2027-01-01 → 2026-W53).

    Remembered: a cohort report asks for the same few Mondays of every student, about 800
    times for a digest of 200, and a look-up costs a sixth of working the key out."""
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def week_start(d: date) -> date:
    """Monday of ``d``'s ISO week."""
    return d - timedelta(days=d.weekday())


def week_end(d: date) -> date:
    """Sunday of ``d``'s ISO week."""
    return week_start(d) + timedelta(days=6)


@lru_cache(maxsize=4096)
def week_start_of_key(key: str) -> date:
    """Monday of the ISO week named by a key such as ``"2026-W47"`` (remembered, as
    ``iso_week_key``: the weekly rules of a cohort parse the same few keys again and again;
    a key that is not a week raises every time)."""
    match = _WEEK_KEY.fullmatch(key.strip())
    if match is not None:
        try:
            return date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            pass
    raise InvalidInput(
        f"{quote_input(key)} is not a week; write it as YYYY-Www with a week that exists "
        "in that year, like 2026-W47."
    )


def previous_week(d: date) -> date:
    """Monday of the ISO week before ``d``'s week (always a Monday, whatever ``d`` is)."""
    return week_start(d) - timedelta(days=7)


def month_bounds(d: date) -> tuple[date, date]:
    """First and last day of ``d``'s month."""
    last_day = calendar.monthrange(d.year, d.month)[1]
    return d.replace(day=1), d.replace(day=last_day)


def _strict_date(text: str) -> date | None:
    """Parse exactly ``YYYY-MM-DD`` in ASCII digits; ``fromisoformat`` alone takes more."""
    stripped = text.strip()
    if not _ISO_DATE.fullmatch(stripped):
        return None
    try:
        return date.fromisoformat(stripped)
    except ValueError:
        return None


def parse_date(text: str, what: str) -> date:
    """Parse a strict ``YYYY-MM-DD`` date; ``what`` names the field in the message."""
    parsed = _strict_date(text)
    if parsed is None:
        shown = quote_input(text) if text.strip() else "nothing"
        raise InvalidInput(
            f"The {what} must be a real date written as YYYY-MM-DD, like 2026-11-20; you wrote {shown}."
        )
    return parsed


def resolve_checkin_date(text: str | None, today: date, max_days_back: int = DEFAULT_MAX_DAYS_BACK) -> date:
    """The local date a check-in counts for: today, yesterday, or a recent YYYY-MM-DD.

    Future dates are refused because hours not yet studied cannot be logged, and old
    dates because rewriting past weeks would silently change streaks and reports.
    """
    window = f"log hours for today or up to {max_days_back} days back"
    if text is None:
        return today
    word = text.strip().lower()
    if word == "today":
        parsed = today
    elif word == "yesterday":
        parsed = today - timedelta(days=1)
    else:
        maybe = _strict_date(text)
        if maybe is None:
            shown = quote_input(text) if text.strip() else "nothing"
            raise InvalidInput(
                "The date must be today, yesterday or a real date written as YYYY-MM-DD, "
                f"like {today.isoformat()}; you wrote {shown}."
            )
        parsed = maybe
    if parsed > today:
        raise InvalidInput(f"{parsed.isoformat()} is in the future; {window}.")
    if (today - parsed).days > max_days_back:
        raise InvalidInput(f"{parsed.isoformat()} is more than {max_days_back} days back; {window}.")
    return parsed


WEEK_CHOICES: Final = ("last", "this")
"""The words ``week=`` takes besides an ISO week key."""
WEEK_HINT: Final = "write week=last, week=this or a week such as week=2026-W47"


def week_label(monday: date) -> str:
    """How a report names a week: ``week 2026-W49 (Mon 30 Nov – Sun 06 Dec)``."""
    end = week_end(monday)
    return f"week {iso_week_key(monday)} ({monday:%a %d %b} – {end:%a %d %b})"


def _week_of_key(key: str, text: str) -> date:
    match = _WEEK_KEY.fullmatch(key)
    if match is not None:
        try:
            return date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            pass
    raise InvalidInput(f"{quote_input(text)} is not a week; {WEEK_HINT}.")


def resolve_week(text: str, today: date, earliest: date) -> date:
    """Monday of the week ``week=`` names: ``last``, ``this`` or ``YYYY-Www`` (any case).

    Refused: anything else, a week that has not begun (the future has nothing to report),
    and a week that ended before ``earliest`` (the cohort or its term did not exist yet).
    """
    word = text.strip().lower()
    if word == "this":
        monday = week_start(today)
    elif word == "last":
        monday = previous_week(today)
    else:
        monday = _week_of_key(word.upper(), text)
    key = iso_week_key(monday)
    if monday > week_start(today):
        raise InvalidInput(
            f"Week {key} has not begun yet (this week is {iso_week_key(today)}); "
            "pick this week or an earlier one, like week=last."
        )
    if week_end(monday) < earliest:
        raise InvalidInput(
            f"Week {key} is before the cohort began (its first week is {iso_week_key(earliest)}); "
            f"pick {iso_week_key(earliest)} or a later week."
        )
    return monday
