"""Occurrences of cron specs in IANA zones: exactly one per period, across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.domain.schedule import (
    SPECS,
    Kind,
    check_cron,
    cohort_schedule,
    occurrences,
    parse_kind,
    period_key,
)
from core.errors import InvalidInput

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "start", "end"),
    [
        (NEW_YORK, _utc(2026, 2, 20), _utc(2026, 3, 25)),  # spring forward 2026-03-08
        (NEW_YORK, _utc(2026, 10, 20), _utc(2026, 11, 20)),  # fall back 2026-11-01
        (BERLIN, _utc(2026, 3, 15), _utc(2026, 4, 10)),  # 2026-03-29
        (BERLIN, _utc(2026, 10, 15), _utc(2026, 11, 10)),  # 2026-10-25
    ],
)
@pytest.mark.parametrize("cron", ["0 9 * * mon", "30 2 * * sun", "30 1 * * sun", "0 18 * * sun"])
def test_a_weekly_cron_fires_exactly_once_a_week_across_dst(
    zone: ZoneInfo, start: datetime, end: datetime, cron: str
) -> None:
    found = occurrences(cron, zone, start, end)
    weeks = [o.local.isocalendar()[:2] for o in found]
    assert len(weeks) == len(set(weeks)), f"two in one week: {found}"
    expected_weeks = {
        (start + timedelta(days=d)).astimezone(zone).isocalendar()[:2]
        for d in range((end - start).days)
        if (start + timedelta(days=d)).astimezone(zone).strftime("%a").lower()[:3] == cron.split()[-1]
    }
    assert len(found) >= len(expected_weeks) - 1
    hour, minute = int(cron.split()[1]), int(cron.split()[0])
    for o in found:
        # The cron's wall-clock time, or an hour later when the spring-forward skips it.
        assert (o.local.hour, o.local.minute) in {(hour, minute), (hour + 1, minute)}
        assert o.period.endswith(f"T{hour:02d}:{minute:02d}")


def test_nine_local_moves_in_utc_when_the_clocks_change() -> None:
    found = occurrences("0 9 * * mon", NEW_YORK, _utc(2026, 10, 25), _utc(2026, 11, 10))
    assert [o.at for o in found] == [_utc(2026, 10, 26, 13), _utc(2026, 11, 2, 14), _utc(2026, 11, 9, 14)]


def test_the_repeated_hour_of_a_fall_back_fires_once() -> None:
    found = occurrences("30 1 * * sun", NEW_YORK, _utc(2026, 10, 31), _utc(2026, 11, 2))
    assert len(found) == 1
    assert found[0].period == "2026-11-01T01:30"


def test_a_missing_hour_of_a_spring_forward_fires_once_an_hour_later() -> None:
    found = occurrences("30 2 * * sun", NEW_YORK, _utc(2026, 3, 7), _utc(2026, 3, 9))
    assert len(found) == 1
    assert found[0].at == _utc(2026, 3, 8, 7, 30)
    assert found[0].local.strftime("%H:%M %Z") == "03:30 EDT"


@pytest.mark.parametrize("step_hours", [1, 2, 5, 7])
def test_consecutive_windows_find_each_occurrence_once(step_hours: int) -> None:
    """Ticks at any spacing see every occurrence exactly once, DST or not."""
    start, end = _utc(2026, 2, 25), _utc(2026, 3, 25)
    windows, at = [], start
    while at < end:
        windows.append((at, at + timedelta(hours=step_hours)))
        at += timedelta(hours=step_hours)
    found = [o for a, b in windows for o in occurrences("30 2 * * sun", NEW_YORK, a, b)]
    whole = occurrences("30 2 * * sun", NEW_YORK, start, windows[-1][1])
    assert [o.at for o in found] == [o.at for o in whole]
    assert len(whole) == 4


def test_bounds_are_after_exclusive_and_until_inclusive() -> None:
    at = _utc(2026, 11, 2, 14)
    assert occurrences("0 9 * * mon", NEW_YORK, at, at + timedelta(days=1)) == []
    assert [o.at for o in occurrences("0 9 * * mon", NEW_YORK, at - timedelta(seconds=1), at)] == [at]


def test_naive_instants_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        occurrences("0 9 * * mon", NEW_YORK, datetime(2026, 1, 1), _utc(2026, 2, 1))


def test_period_key_is_the_local_minute() -> None:
    assert period_key(datetime(2026, 11, 2, 9, 0, tzinfo=NEW_YORK)) == "2026-11-02T09:00"


@pytest.mark.parametrize("good", ["0 9 * * mon", "30 18 * * sun", "0 10 1 * *", " 0  8 * * 1-5 "])
def test_valid_cron_specs(good: str) -> None:
    assert check_cron(good) == " ".join(good.split())


@pytest.mark.parametrize(
    "bad",
    ["", "0 9 * *", "every monday", "* 9 * * mon", "0 * * * *", "0 25 * * mon", "0 9 * * funday", "x" * 500],
)
def test_invalid_cron_specs_are_one_clear_sentence(bad: str) -> None:
    with pytest.raises(InvalidInput) as error:
        check_cron(bad)
    assert "\n" not in error.value.message
    assert len(error.value.message) < 300


def test_cohort_schedule_merges_stored_settings_over_defaults() -> None:
    stored = {"schedule": {"leaderboard": {"enabled": False}, "digest": {"cron": "0 7 * * tue"}}}
    schedule = cohort_schedule(stored)
    assert not schedule[Kind.LEADERBOARD].enabled
    assert schedule[Kind.DIGEST].cron == "0 7 * * tue"
    assert schedule[Kind.WEEKLY_REMINDER].cron == SPECS[Kind.WEEKLY_REMINDER].default_cron
    assert cohort_schedule({"schedule": "garbage"})[Kind.DIGEST].enabled


@pytest.mark.parametrize(
    ("text", "kind"), [("reminder", Kind.WEEKLY_REMINDER), ("hours-checkin", Kind.HOURS_CHECKIN)]
)
def test_parse_kind(text: str, kind: Kind) -> None:
    assert parse_kind(text) is kind


def test_parse_kind_rejects_unknown_kinds() -> None:
    with pytest.raises(InvalidInput, match="weekly_reminder"):
        parse_kind("carrier-pigeon")
