"""The one formatter of counts, durations, weeks and percentages (core/formatting.py)."""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.commands import format_minutes, parse_hours
from core.formatting import (
    hour_band,
    hours,
    percent,
    percent_of,
    plural,
    shown_percent,
    weeks,
    whole_percent,
)
from core.render.reports import leaderboard_value
from core.render.text import render_text
from core.views.reports import LeaderboardRowView, LeaderboardView

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        (1, "day", "1 day"),
        (0, "day", "0 days"),
        (2, "part", "2 parts"),
        (1, "part", "1 part"),
        (1_204, "student", "1,204 students"),
        (2, "more student", "2 more students"),
        (1, "more student", "1 more student"),
        (3, "match", "3 matches"),
        (2, "entry", "2 entries"),
        (2, "day", "2 days"),
        (2, "person", "2 people"),
    ],
)
def test_a_count_agrees_with_its_noun(count: int, noun: str, expected: str) -> None:
    assert plural(count, noun) == expected


def test_an_explicit_plural_wins() -> None:
    assert plural(2, "criterion", "criteria") == "2 criteria"
    assert plural(1, "criterion", "criteria") == "1 criterion"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.5, "1h 30m"), (0.75, "45m"), (2, "2h"), (0, "0h"), (0.004, "0h"), (23.99, "23h 59m")],
)
def test_hours_read_like_people_say_them(value: float, expected: str) -> None:
    assert hours(value) == expected


@given(st.integers(min_value=1, max_value=24 * 60))
def test_a_duration_parses_back_exactly(minutes: int) -> None:
    assert parse_hours(format_minutes(minutes).replace(" ", "")) == minutes
    assert parse_hours(format_minutes(minutes)) == minutes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0 weeks"),
        (1, "1 week"),
        (0.2, "1 week"),
        (13.3, "14 weeks"),
        (14, "14 weeks"),
        (None, "never at 0 h/week"),
    ],
)
def test_weeks_are_whole_and_rounded_up(value: float | None, expected: str) -> None:
    assert weeks(value) == expected


def test_a_float_a_hair_above_a_whole_week_is_that_week() -> None:
    assert weeks(10.000000000001) == "10 weeks"


@given(st.floats(min_value=0, max_value=10_000, allow_nan=False))
def test_weeks_never_show_a_fraction(value: float) -> None:
    assert re.fullmatch(r"[0-9,]+ weeks?", weeks(value))
    assert int(weeks(value).split()[0].replace(",", "")) >= math.floor(value)


@pytest.mark.parametrize(
    ("done", "total", "expected"),
    [
        (0, 10, "0%"),
        (0, 0, "0%"),
        (1, 300, "<1%"),
        (3, 300, "1%"),
        (7, 250, "2%"),  # 2.8%: rounded down, never 3%
        (8, 13, "61%"),  # 61.5%
        (199, 200, "99%"),  # 99.5% is not finished
        (995, 1000, "99%"),
        (10, 10, "100%"),
    ],
)
def test_one_rounding_rule_for_percentages(done: int, total: int, expected: str) -> None:
    assert percent(done, total) == expected


@given(st.integers(min_value=0, max_value=5_000), st.integers(min_value=1, max_value=5_000))
def test_a_percentage_is_100_only_when_all_is_done_and_0_only_when_nothing(done: int, total: int) -> None:
    done = min(done, total)
    text = percent(done, total)
    assert (text == "100%") == (done == total)
    assert (text == "0%") == (done == 0)
    assert whole_percent(done, total) <= 100 * done / total < whole_percent(done, total) + 1
    assert percent_of(shown_percent(done, total)) == text


@given(
    st.tuples(st.integers(0, 500), st.integers(1, 500)), st.tuples(st.integers(0, 500), st.integers(1, 500))
)
def test_shown_percentages_sort_like_the_shares(a: tuple[int, int], b: tuple[int, int]) -> None:
    (done_a, total_a), (done_b, total_b) = (min(a), a[1]), (min(b), b[1])
    if done_a / total_a < done_b / total_b:
        assert shown_percent(done_a, total_a) <= shown_percent(done_b, total_b)


def test_a_band_of_hours() -> None:
    assert hour_band(5, 7) == "5h–7h"
    assert hour_band(1.5, None) == "at least 1h 30m"


WORDED_ELSEWHERE = {
    # "every 2–3 months" pluralises a range written as text, not a count.
    "core/domain/roadmap.py",
}


def test_nothing_pluralises_or_formats_percentages_by_hand() -> None:
    """Every count, duration and percentage goes through core.formatting: a hand-made
    ``'s' if n != 1``, ``{x:.1f} wk`` or ``round(100 * …)`` elsewhere is a second rule."""
    hand_made = re.compile(
        r"""'s' if|"s" if|else 's'|else "s"|'' if [^\n]* == 1 else"""
        r"""|round\(100 \*|100 \* [a-z_.\[\]]+ //|:\.1f\} wk"""
    )
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ("core", "bot")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path.name != "formatting.py" and path.relative_to(ROOT).as_posix() not in WORDED_ELSEWHERE
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if hand_made.search(line)
    ]
    assert not offenders, offenders


def test_the_roadmap_board_shows_and_ranks_by_the_same_rule() -> None:
    rows = [
        LeaderboardRowView(rank=1, name="a", value=shown_percent(199, 200)),
        LeaderboardRowView(rank=2, name="b", value=shown_percent(1, 300)),
        LeaderboardRowView(rank=3, name="c", value=shown_percent(0, 300)),
    ]
    view = LeaderboardView(
        cohort="ML",
        metric="roadmap",
        period="term",
        label="term",
        start=date(2026, 9, 7),
        end=date(2026, 12, 18),
        rows=rows,
        hidden_count=1,
    )
    assert [leaderboard_value(view, row) for row in rows] == ["99%", "<1%", "0%"]
    assert shown_percent(0, 300) < shown_percent(1, 300) < shown_percent(3, 300)
    assert render_text(view).splitlines()[-1] == "1 more student keeps their place private."
