"""The pure rules of personal DMs (issue 20): reading day, time, quiet hours and snooze;
where quiet hours and a snooze put a DM; the reflection reminder's instant; a member's own
cron; and the nudge's pace arithmetic and sentence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.domain.reminders import (
    QuietHours,
    member_cron,
    nudge_catches_up,
    nudge_session,
    parse_quiet_hours,
    parse_reminder_day,
    parse_reminder_time,
    parse_snooze,
    place,
    quiet_hours,
    reflection_reminder_at,
)
from core.errors import InvalidInput
from core.render.reminders import nudge_sentence
from core.render.text import render_text
from core.views.reflections import NudgeLineView, NudgeView

BERLIN = ZoneInfo("Europe/Berlin")
NIGHT = QuietHours("22:00", "08:00")


def _berlin(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "day"), [("sun", 7), ("Sunday", 7), (" MON ", 1), ("wed", 3), ("off", None), ("OFF", None)]
)
def test_reminder_days(text: str, day: int | None) -> None:
    assert parse_reminder_day(text) == day


@pytest.mark.parametrize("text", ["", "7", "funday", "@everyone", "sun mon", "x" * 5000])
def test_bad_reminder_days_say_how_to_write_one(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not a day of the week; write mon, tue"):
        parse_reminder_day(text)


@pytest.mark.parametrize(
    ("text", "clock"), [("19:00", "19:00"), ("7:30", "07:30"), ("19.05", "19:05"), ("off", None)]
)
def test_reminder_times(text: str, clock: str | None) -> None:
    assert parse_reminder_time(text) == clock


@pytest.mark.parametrize("text", ["24:00", "19:60", "7pm", "19", "١٩:٠٠", "-1:00", "<!channel>"])
def test_bad_reminder_times(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not a time of day; write it as HH:MM"):
        parse_reminder_time(text)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("23:00-07:00", "23:00-07:00"),
        ("23:00 – 7:00", "23:00-07:00"),
        ("13:00-14:30", "13:00-14:30"),
        ("off", "off"),
    ],
)
def test_quiet_hours_are_stored_canonically(text: str, stored: str) -> None:
    assert parse_quiet_hours(text) == stored


@pytest.mark.parametrize(
    ("text", "says"),
    [("22:00", "not a span of hours"), ("08:00-08:00", "same time"), ("06:00-23:00", "16 hours or less")],
)
def test_bad_quiet_hours(text: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        parse_quiet_hours(text)


def test_stored_quiet_hours_read_back_and_a_damaged_value_is_the_default() -> None:
    assert quiet_hours("off") is None
    assert quiet_hours(None) == NIGHT
    assert quiet_hours("garbage") == NIGHT
    assert quiet_hours("23:00-07:00") == QuietHours("23:00", "07:00")


def test_quiet_hours_wrap_past_midnight_and_end_where_they_say() -> None:
    assert NIGHT.contains(_berlin(6, 22))
    assert NIGHT.contains(_berlin(7, 7, 59))
    assert not NIGHT.contains(_berlin(7, 8))
    assert not NIGHT.contains(_berlin(6, 21, 59))
    assert NIGHT.end_after(_berlin(6, 23)) == _berlin(7, 8)
    assert NIGHT.end_after(_berlin(7, 3)) == _berlin(7, 8)
    lunch = QuietHours("12:00", "13:00")
    assert lunch.contains(_berlin(6, 12, 30))
    assert lunch.end_after(_berlin(6, 12, 30)) == _berlin(6, 13)


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("30m", timedelta(minutes=30)),
        ("3h", timedelta(hours=3)),
        ("1d", timedelta(days=1)),
        ("1h30m", timedelta(minutes=90)),
        ("7d", timedelta(days=7)),
        ("off", None),
    ],
)
def test_snooze_lengths(text: str, length: timedelta | None) -> None:
    assert parse_snooze(text) == length


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("29m", "from 30m to 7d"),
        ("7d1m", "from 30m to 7d"),
        ("5", "not a length"),
        ("1y", "not a length"),
        ("", "not a length"),
    ],
)
def test_bad_snooze_lengths(text: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        parse_snooze(text)


def test_place_moves_a_dm_after_the_snooze_and_out_of_quiet_hours() -> None:
    utc = _berlin(6, 18).astimezone(UTC)
    assert place(utc, BERLIN, NIGHT, None) == utc
    assert place(_berlin(6, 23).astimezone(UTC), BERLIN, NIGHT, None) == _berlin(7, 8)
    assert place(_berlin(6, 23).astimezone(UTC), BERLIN, None, None) == _berlin(6, 23)
    snooze = _berlin(7, 2).astimezone(UTC)  # ends inside quiet hours: the DM comes at their end
    assert place(utc, BERLIN, NIGHT, snooze) == _berlin(7, 8)
    assert place(utc, BERLIN, NIGHT, _berlin(6, 12).astimezone(UTC)) == utc  # a snooze already over


def test_quiet_hours_across_the_autumn_dst_change_end_at_the_wall_clock_time() -> None:
    assert place(_berlin(24, 23, month=10).astimezone(UTC), BERLIN, NIGHT, None) == _berlin(25, 8, month=10)
    assert _berlin(25, 8, month=10).utcoffset() == timedelta(hours=1)


def test_the_reflection_reminder_three_hours_later_or_around_quiet_hours() -> None:
    lock = _berlin(7, 8)
    assert reflection_reminder_at(_berlin(6, 18), BERLIN, NIGHT, lock) == _berlin(6, 21)
    # 20:30 + 3 h is quiet; quiet starts 1 h 30 m after the DM: 30 minutes before it starts.
    assert reflection_reminder_at(_berlin(6, 20, 30), BERLIN, NIGHT, _berlin(9, 8)) == _berlin(6, 21, 30)
    # 21:30: quiet starts 30 minutes after the DM, too soon: at the end of quiet hours.
    assert reflection_reminder_at(_berlin(6, 21, 30), BERLIN, NIGHT, _berlin(9, 8)) == _berlin(7, 8)
    # ... unless that is later than 30 minutes before the lock.
    assert reflection_reminder_at(_berlin(6, 21, 30), BERLIN, NIGHT, lock) is None
    assert reflection_reminder_at(_berlin(7, 5), BERLIN, None, lock) is None


def test_a_members_cron_takes_their_time_and_day() -> None:
    assert member_cron("0 18 * * sun", None, "19:30") == "30 19 * * sun"
    assert member_cron("0 18 * * sun", 5, None) == "0 18 * * fri"
    assert member_cron("0 18 1 * *", 1, "07:05") == "5 7 * * mon"
    assert member_cron("0 18 * * wed", None, None) == "0 18 * * wed"


def test_nudge_pace_against_the_days_already_past() -> None:
    assert nudge_session(60, 300, 2) == 25  # Wednesday: 5 h × 2/7 = 1 h 26 m due
    assert nudge_session(90, 300, 2) is None
    assert nudge_session(0, 300, 0) is None  # Monday: nothing is due yet
    assert nudge_session(80, 300, 2) == 10  # a 6-minute gap still asks for 10 minutes
    assert nudge_session(0, 360, 6) == 240  # 5 h 9 m behind: the longest focus timer, 4 h
    assert not nudge_catches_up(0, 360, 6, 240)
    assert nudge_catches_up(60, 300, 2, 25)  # 1 h + 25 m ≈ the 1 h 26 m due, to the rounding


def test_a_nudge_far_behind_does_not_promise_to_catch_up() -> None:
    from core.render.reminders import nudge_sentence
    from core.views.reflections import NudgeLineView

    line = NudgeLineView(
        track="dsa",
        done_hours=0,
        min_hours=6,
        max_hours=8,
        days_left=0,
        session_minutes=240,
        catches_up=False,
    )
    assert nudge_sentence(line) == (
        "You're at 0h of 6h–8h on dsa on the week's last day — a 240 minute session today gets you "
        "closer to your pace"
    )


def test_the_nudge_sentence_is_exact() -> None:
    line = NudgeLineView(track="dsa", done_hours=1, min_hours=5, max_hours=7, days_left=4, session_minutes=25)
    assert nudge_sentence(line) == (
        "You're at 1h of 5h–7h on dsa with 4 days left — a 25 minute session today keeps you on track"
    )
    text = render_text(NudgeView(member="Ada", week="2026-W49", lines=[line]))
    assert text.splitlines() == [
        "You're at 1h of 5h–7h on dsa with 4 days left — a 25 minute session today keeps you on track",
        "Quick log: /checkin 30m dsa · /checkin 1h dsa",
        "Start a 25 min session: /session start dsa 25m",
        "Remind me later: /me snooze 3h",
    ]
    last_day = line.model_copy(update={"track": "all tracks", "max_hours": None, "days_left": 0})
    assert nudge_sentence(last_day).startswith(
        "You're at 1h of at least 5h on all tracks on the week's last day — "
    )
