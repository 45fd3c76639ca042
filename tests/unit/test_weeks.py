"""Time zones, local dates, ISO weeks, months and check-in dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain.weeks import (
    iso_week_key,
    local_date,
    month_bounds,
    parse_date,
    previous_week,
    resolve_checkin_date,
    resolve_timezone,
    week_end,
    week_start,
    week_start_of_key,
)
from core.errors import InvalidInput

BERLIN = resolve_timezone("Europe/Berlin")
NEW_YORK = resolve_timezone("America/New_York")
TODAY = date(2026, 11, 20)  # a Friday


# --- time zones -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("UTC", "UTC"),
        ("  America/New_York ", "America/New_York"),
        ("europe/berlin", "Europe/Berlin"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("Asia/Kolkata", "Asia/Kolkata"),
    ],
)
def test_resolve_timezone_accepts(name: str, key: str) -> None:
    assert resolve_timezone(name).key == key


def test_resolve_timezone_suggests_close_matches() -> None:
    with pytest.raises(InvalidInput) as info:
        resolve_timezone("Europe/Berln")
    message = info.value.message
    assert message.startswith("'Europe/Berln' is not a time zone; perhaps you meant Europe/Berlin")
    assert message.endswith("(write it as Area/City, like America/New_York).")
    assert message.count(". ") == 0


@pytest.mark.parametrize(
    ("name", "suggestion"), [("berlin", "Europe/Berlin"), ("new york", "America/New_York")]
)
def test_resolve_timezone_suggests_zone_for_a_bare_city(name: str, suggestion: str) -> None:
    with pytest.raises(InvalidInput, match=f"perhaps you meant {suggestion}"):
        resolve_timezone(name)


@pytest.mark.parametrize(
    "name",
    [
        "",
        "   ",
        "garbage",
        "../../etc/passwd",
        "/etc/localtime",
        "Europe/../Europe/Berlin",
        "Europe/Berlin\x00",
        "x" * 10_000,
        "Europe/" + "a" * 100,
        "３",
        "nan",
        "+05:00",
    ],
)
def test_resolve_timezone_rejects(name: str) -> None:
    with pytest.raises(InvalidInput) as info:
        resolve_timezone(name)
    message = info.value.message
    assert "Area/City, like America/New_York" in message
    assert len(message) < 200


# --- local dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "tz", "expected"),
    [
        # Berlin spring forward, 2026-03-29 02:00 → 03:00 local.
        (datetime(2026, 3, 28, 22, 59, tzinfo=UTC), BERLIN, date(2026, 3, 28)),
        (datetime(2026, 3, 28, 23, 0, tzinfo=UTC), BERLIN, date(2026, 3, 29)),
        (datetime(2026, 3, 29, 21, 59, tzinfo=UTC), BERLIN, date(2026, 3, 29)),
        (datetime(2026, 3, 29, 22, 0, tzinfo=UTC), BERLIN, date(2026, 3, 30)),
        # Berlin fall back, 2026-10-25 03:00 → 02:00 local.
        (datetime(2026, 10, 24, 21, 59, tzinfo=UTC), BERLIN, date(2026, 10, 24)),
        (datetime(2026, 10, 24, 22, 0, tzinfo=UTC), BERLIN, date(2026, 10, 25)),
        (datetime(2026, 10, 25, 22, 59, tzinfo=UTC), BERLIN, date(2026, 10, 25)),
        (datetime(2026, 10, 25, 23, 0, tzinfo=UTC), BERLIN, date(2026, 10, 26)),
        # New York: 03:30 UTC Monday is still Sunday evening locally.
        (datetime(2026, 11, 2, 3, 30, tzinfo=UTC), NEW_YORK, date(2026, 11, 1)),
        (datetime(2026, 3, 8, 4, 59, tzinfo=UTC), NEW_YORK, date(2026, 3, 7)),
        (datetime(2026, 3, 8, 5, 0, tzinfo=UTC), NEW_YORK, date(2026, 3, 8)),
    ],
)
def test_local_date_across_dst(instant: datetime, tz: ZoneInfo, expected: date) -> None:
    assert local_date(instant, tz) == expected


def test_local_date_accepts_any_aware_offset() -> None:
    instant = datetime(2026, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=2)))
    assert local_date(instant, resolve_timezone("UTC")) == date(2025, 12, 31)


def test_local_date_rejects_naive() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(datetime(2026, 1, 1, 12, 0), BERLIN)


def test_sunday_night_check_in_lands_in_the_local_week() -> None:
    # Sunday 23:30 in Berlin is Monday in UTC; the member's week is the one they saw.
    instant = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)
    assert iso_week_key(local_date(instant, BERLIN)) == "2026-W47"
    assert iso_week_key(instant.date()) == "2026-W47"
    assert iso_week_key(local_date(datetime(2026, 11, 22, 23, 30, tzinfo=UTC), BERLIN)) == ("2026-W48")


# --- ISO weeks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "key"),
    [
        (date(2026, 11, 20), "2026-W47"),
        (date(2027, 1, 1), "2026-W53"),
        (date(2027, 1, 3), "2026-W53"),
        (date(2027, 1, 4), "2027-W01"),
        (date(2024, 12, 30), "2025-W01"),
        (date(2025, 12, 29), "2026-W01"),
        (date(2021, 1, 3), "2020-W53"),
        (date(2026, 1, 5), "2026-W02"),
        (date(1, 1, 1), "0001-W01"),
    ],
)
def test_iso_week_key_uses_the_iso_year(d: date, key: str) -> None:
    assert iso_week_key(d) == key


@pytest.mark.parametrize(
    ("d", "monday", "sunday"),
    [
        (date(2026, 11, 16), date(2026, 11, 16), date(2026, 11, 22)),
        (date(2026, 11, 20), date(2026, 11, 16), date(2026, 11, 22)),
        (date(2026, 11, 22), date(2026, 11, 16), date(2026, 11, 22)),
        (date(2027, 1, 1), date(2026, 12, 28), date(2027, 1, 3)),
    ],
)
def test_week_start_and_end(d: date, monday: date, sunday: date) -> None:
    assert week_start(d) == monday
    assert week_end(d) == sunday


@pytest.mark.parametrize(
    ("key", "monday"),
    [
        ("2026-W47", date(2026, 11, 16)),
        ("2026-W53", date(2026, 12, 28)),
        ("2027-W01", date(2027, 1, 4)),
        ("2025-W01", date(2024, 12, 30)),
        (" 2026-W01 ", date(2025, 12, 29)),
    ],
)
def test_week_start_of_key(key: str, monday: date) -> None:
    assert week_start_of_key(key) == monday


@pytest.mark.parametrize(
    "key",
    [
        "",
        "2026",
        "2026-47",
        "2026-w47",
        "2026-W00",
        "2026-W54",
        "2025-W53",  # 2025 has only 52 ISO weeks
        "2026-W7",
        "２０２６-W47",
        "0000-W01",
        "x" * 10_000,
    ],
)
def test_week_start_of_key_rejects(key: str) -> None:
    with pytest.raises(InvalidInput, match="like 2026-W47"):
        week_start_of_key(key)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 11, 20), date(2026, 11, 9)),
        (date(2026, 11, 16), date(2026, 11, 9)),
        (date(2027, 1, 4), date(2026, 12, 28)),
    ],
)
def test_previous_week_is_the_monday_before(d: date, expected: date) -> None:
    assert previous_week(d) == expected


@pytest.mark.parametrize(
    ("d", "first", "last"),
    [
        (date(2026, 11, 20), date(2026, 11, 1), date(2026, 11, 30)),
        (date(2026, 2, 10), date(2026, 2, 1), date(2026, 2, 28)),
        (date(2028, 2, 29), date(2028, 2, 1), date(2028, 2, 29)),
        (date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 31)),
    ],
)
def test_month_bounds(d: date, first: date, last: date) -> None:
    assert month_bounds(d) == (first, last)


@given(st.dates())
def test_week_key_round_trips(d: date) -> None:
    monday = week_start_of_key(iso_week_key(d))
    assert monday == week_start(d)
    assert monday.weekday() == 0
    assert monday <= d <= week_end(d)
    assert (week_end(d) - monday).days == 6


# --- check-in dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, TODAY),
        ("today", TODAY),
        (" Today ", TODAY),
        ("yesterday", TODAY - timedelta(days=1)),
        ("YESTERDAY", TODAY - timedelta(days=1)),
        ("2026-11-20", TODAY),
        ("2026-11-13", date(2026, 11, 13)),
        (" 2026-11-19 ", date(2026, 11, 19)),
    ],
)
def test_resolve_checkin_date_accepts(text: str | None, expected: date) -> None:
    assert resolve_checkin_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["2026-11-21", "2027-01-01", "9999-12-31"])
def test_resolve_checkin_date_rejects_the_future(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        resolve_checkin_date(text, TODAY)
    assert info.value.message == (f"{text} is in the future; log hours for today or up to 7 days back.")


@pytest.mark.parametrize("text", ["2026-11-12", "2020-01-01", "0001-01-01"])
def test_resolve_checkin_date_rejects_more_than_a_week_back(text: str) -> None:
    with pytest.raises(InvalidInput, match="is more than 7 days back; log hours for today"):
        resolve_checkin_date(text, TODAY)


def test_resolve_checkin_date_honours_a_custom_window() -> None:
    assert resolve_checkin_date("2026-11-10", TODAY, max_days_back=10) == date(2026, 11, 10)
    with pytest.raises(InvalidInput, match="more than 0 days back"):
        resolve_checkin_date("yesterday", TODAY, max_days_back=0)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "tomorrow",
        "20261120",
        "2026-11-20T10:00",
        "2026-W47-1",
        "2026/11/20",
        "20-11-2026",
        "2026-02-30",
        "2026-13-01",
        "2026-1-5",
        "２０２６-１１-２０",
        "-1",
        "nan",
        "inf",
        "1e9",
        "x" * 10_000,
    ],
)
def test_resolve_checkin_date_rejects_malformed(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        resolve_checkin_date(text, TODAY)
    message = info.value.message
    assert message.startswith("The date must be today, yesterday or a real date")
    assert "2026-11-20" in message
    assert len(message) < 200


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-11-20", date(2026, 11, 20)), (" 2028-02-29 ", date(2028, 2, 29))],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text, "pause end date") == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "today",
        "2026-02-29",
        "2026-11-31",
        "0000-01-01",
        "20261120",
        "2026-11-20T00:00",
        "2026-11-20Z",
        "2026-W47",
        "２０２６-１１-２０",
        "-2026-11-20",
        "nan",
        "1e9",
        "y" * 10_000,
    ],
)
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_date(text, "pause end date")
    message = info.value.message
    assert message.startswith("The pause end date must be a real date written as YYYY-MM-DD")
    assert len(message) < 200


@given(st.dates(), st.integers(min_value=-30, max_value=30))
def test_resolve_checkin_date_window(today: date, offset: int) -> None:
    try:
        target = today + timedelta(days=offset)
    except OverflowError:
        return
    if 0 <= -offset <= 7:
        assert resolve_checkin_date(target.isoformat(), today) == target
    elif target.year >= 1000:
        with pytest.raises(InvalidInput):
            resolve_checkin_date(target.isoformat(), today)
