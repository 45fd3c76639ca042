"""The pure rules of group sessions: parsing the day, time and length, placing occurrences
on the wall clock, and the missed-RSVP rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.domain.group_sessions import (
    GroupSession,
    check_title,
    missed_last,
    next_occurrence,
    parse_day,
    parse_length,
    parse_start,
)
from core.errors import InvalidInput


@pytest.mark.parametrize(("text", "day"), [("mon", 1), ("Tue", 2), ("wednesday", 3), (" SUN ", 7)])
def test_days(text: str, day: int) -> None:
    assert parse_day(text) == day


@pytest.mark.parametrize(
    ("text", "minutes"), [("90m", 90), ("2h", 120), ("1h30m", 90), ("1h30", 90), ("15m", 15), ("12h", 720)]
)
def test_lengths(text: str, minutes: int) -> None:
    assert parse_length(text) == minutes


@pytest.mark.parametrize("text", ["", "90", "abc", "5m", "12h1m", "-1h", "1e9m", "9" * 40, "1h\x0030m"])
def test_bad_lengths(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_length(text)
    assert "\x00" not in caught.value.message
    assert len(caught.value.message) < 200


@pytest.mark.parametrize(("text", "start"), [("19:00", "19:00"), ("7:05", "07:05"), ("23.59", "23:59")])
def test_times(text: str, start: str) -> None:
    assert parse_start(text) == start


@pytest.mark.parametrize("text", ["24:00", "19:60", "7pm", "1900", "", "19:00:00"])
def test_bad_times(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not a time of day"):
        parse_start(text)


@pytest.mark.parametrize("text", ["@everyone", "<@&1>", "<!channel>", "a\nb\x00", " ", "x" * 81])
def test_bad_titles(text: str) -> None:
    with pytest.raises(InvalidInput):
        check_title(text, 80)


def test_a_title_is_tidied() -> None:
    assert check_title("  DSA   night ", 80) == "DSA night"


def test_the_next_occurrence_is_the_one_not_yet_over_at_19_00_local_across_dst() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    session = GroupSession(1, 1, "DSA", 2, "19:00", 90, None, "p", datetime(2026, 10, 1, tzinfo=UTC))
    during = next_occurrence(session, berlin, datetime(2026, 10, 20, 17, 30, tzinfo=UTC))
    assert during.starts == datetime(2026, 10, 20, 17, tzinfo=UTC)  # summer time: UTC+2
    after = next_occurrence(session, berlin, during.ends)
    assert after.starts == datetime(2026, 10, 27, 18, tzinfo=UTC)  # winter time: UTC+1
    assert after.starts.astimezone(berlin).strftime("%H:%M") == "19:00"


def test_missed_last_two() -> None:
    t = datetime(2026, 12, 1, tzinfo=UTC)
    week = timedelta(days=7)
    assert missed_last([(t, False), (t - week, False)])
    assert not missed_last([(t, False)])
    assert not missed_last([(t, False), (t - week, True)])
    assert not missed_last([(t, True), (t - week, False), (t - 2 * week, False)])
    assert missed_last([(t - 2 * week, True), (t, False), (t - week, False)])
