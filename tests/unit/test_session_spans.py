"""Session time split by local date: midnights, DST nights, and no minute lost to rounding."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from core.domain.sessions import (
    Span,
    counted_minutes,
    long_enough,
    minutes_by_local_date,
    spans_from_json,
    spans_to_json,
    with_running,
)

PARIS = ZoneInfo("Europe/Paris")


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def test_a_session_across_local_midnight_gives_each_date_its_minutes() -> None:
    # 22:30–00:45 Paris time (UTC+1): 90 minutes on the 5th, 45 on the 6th.
    span = Span(at(5, 21, 30), at(5, 23, 45))
    assert minutes_by_local_date([span], PARIS) == {date(2026, 12, 5): 90, date(2026, 12, 6): 45}
    # The same instants in UTC stay on one date.
    assert minutes_by_local_date([span], ZoneInfo("UTC")) == {date(2026, 12, 5): 135}


def test_the_short_dst_night_counts_real_time_not_wall_clock_time() -> None:
    # 29 Mar 2026, Paris jumps 02:00 → 03:00: 01:30–03:30 local is one real hour.
    span = Span(datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime(2026, 3, 29, 1, 30, tzinfo=UTC))
    assert minutes_by_local_date([span], PARIS) == {date(2026, 3, 29): 60}


def test_deafened_gaps_do_not_count_and_the_running_stretch_is_cut_at_until() -> None:
    spans = [Span(at(5, 10), at(5, 10, 20))]  # then deafened 10:20–10:30
    counted = with_running(spans, at(5, 10, 30), at(5, 10, 40))
    assert counted_minutes(counted) == 30
    assert with_running(spans, None, at(5, 11)) == spans
    assert with_running(spans, at(5, 12), at(5, 11)) == spans  # not started by ``until``


def test_five_minutes_is_the_least_that_counts() -> None:
    assert not long_enough(
        [
            Span(
                at(5, 10),
                at(
                    5,
                    10,
                    4,
                )
                + timedelta(seconds=59),
            )
        ]
    )
    assert long_enough([Span(at(5, 10), at(5, 10, 5))])
    assert long_enough([Span(at(5, 10), at(5, 10, 3)), Span(at(5, 11), at(5, 11, 2))])


def test_spans_survive_their_json_form() -> None:
    spans = [
        Span(
            at(5, 10),
            at(
                5,
                10,
                20,
            ),
        ),
        Span(at(5, 11), at(6, 1)),
    ]
    assert spans_from_json(spans_to_json(spans)) == spans


@given(
    st.lists(
        st.tuples(st.integers(0, 14 * 24 * 60 * 60), st.integers(1, 30 * 60 * 60)),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["UTC", "Europe/Paris", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham"]),
)
def test_the_dates_add_up_to_the_whole_session(raw: list[tuple[int, int]], zone_name: str) -> None:
    base = datetime(2026, 3, 20, tzinfo=UTC)  # across the northern DST change
    spans = [Span(base + timedelta(seconds=s), base + timedelta(seconds=s + length)) for s, length in raw]
    spans = _disjoint(spans)
    by_date = minutes_by_local_date(spans, ZoneInfo(zone_name))
    assert sum(by_date.values()) == counted_minutes(spans)
    assert all(minutes > 0 for minutes in by_date.values())
    assert list(by_date) == sorted(by_date)


def _disjoint(spans: list[Span]) -> list[Span]:
    """Overlapping stretches merged (a session's never overlap)."""
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged
