"""A focus timer's schedule from its row alone: periods, breaks, focus so far, what the
scheduler has not yet seen end; and lengths read with the duration grammar."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from core.commands import parse_length
from core.domain.sessions import SessionKind, SessionStatus, Span, StudySession, counted_minutes
from core.domain.timers import (
    all_focus,
    focus_until,
    is_over,
    period_key,
    periods,
    phase,
    planned_end,
    unseen_ends,
)
from core.errors import InvalidInput

T0 = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def _timer(minutes: int = 25, cycles: int = 3, pause: int | None = 5) -> StudySession:
    return StudySession(
        id=7,
        member_id=1,
        kind=SessionKind.TIMER,
        track="dsa",
        skill_id=None,
        channel_id=None,
        started_at=T0,
        spans=(),
        counting_since=T0,
        heartbeat_at=T0,
        ended_at=None,
        status=SessionStatus.OPEN,
        planned_minutes=minutes,
        cycles=cycles,
        break_minutes=pause,
    )


def _at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_a_pomodoro_is_focus_periods_with_breaks_between() -> None:
    found = periods(_timer())
    assert [(p.number, p.start, p.end) for p in found] == [
        (1, _at(0), _at(25)),
        (2, _at(30), _at(55)),
        (3, _at(60), _at(85)),
    ]
    assert planned_end(_timer()) == _at(85)
    assert counted_minutes(all_focus(_timer())) == 75


@pytest.mark.parametrize(
    ("minute", "state", "number", "focus"),
    [
        (0, "focus", 1, 0),
        (10, "focus", 1, 10),
        (27, "break", 2, 25),
        (40, "focus", 2, 35),
        (85, "ended", 3, 75),
    ],
)
def test_where_a_timer_stands_and_its_focus_so_far(minute: int, state: str, number: int, focus: int) -> None:
    timer = _timer()
    assert (phase(timer, _at(minute)).state, phase(timer, _at(minute)).period.number) == (state, number)
    assert counted_minutes(focus_until(timer, _at(minute))) == focus
    assert is_over(timer, _at(minute)) == (state == "ended")


def test_keep_going_is_one_more_period_from_the_click() -> None:
    ended = replace(
        _timer(), spans=tuple(all_focus(_timer())), counting_since=None, status=SessionStatus.ENDED
    )
    assert is_over(ended, _at(86))
    kept = replace(ended, counting_since=_at(100), cycles=4, status=SessionStatus.OPEN, heartbeat_at=_at(100))
    assert [(p.number, p.start, p.end) for p in periods(kept)][-1] == (4, _at(100), _at(125))
    assert counted_minutes(focus_until(kept, _at(110))) == 85  # the 15 minutes before the click never count
    assert [p.number for p in unseen_ends(kept, _at(130))] == [4]


def test_the_scheduler_sees_each_end_once() -> None:
    timer = _timer()
    assert [p.number for p in unseen_ends(timer, _at(24))] == []
    assert [p.number for p in unseen_ends(timer, _at(56))] == [1, 2]
    seen = replace(timer, heartbeat_at=_at(56))
    assert [p.number for p in unseen_ends(seen, _at(57))] == []
    assert [p.number for p in unseen_ends(seen, _at(90))] == [3]
    assert period_key(7, 3) == "session:7:period:3"


def test_settled_spans_are_the_schedule_when_nothing_runs() -> None:
    done = replace(_timer(), spans=(Span(_at(0), _at(25)),), counting_since=None)
    assert [p.number for p in periods(done)] == [1]


@pytest.mark.parametrize(
    ("text", "minutes"), [("50m", 50), ("1h", 60), ("1h30m", 90), ("90m", 90), ("1:15", 75)]
)
def test_lengths_read_with_the_duration_grammar(text: str, minutes: int) -> None:
    assert parse_length(text, "the focus length", 5, 240, "50m") == minutes


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("50", "has no unit"),
        ("", "is empty"),
        ("4m", "must be from 5m to 4h"),
        ("nan", "is not a length of time"),
        ("1e9m", "is not a length of time"),
        ("٣m", "is not a length of time"),
        ("x" * 10_000, "is not a length of time"),
    ],
)
def test_bad_lengths_are_one_sentence(text: str, says: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_length(text, "the focus length", 5, 240, "50m")
    assert says in refused.value.message
    assert len(refused.value.message) < 200
