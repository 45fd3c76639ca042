"""Budgets: week/month conversion, status and input checks."""

from __future__ import annotations

import calendar
import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain.budgets import (
    WEEKS_PER_MONTH,
    Budget,
    BudgetStatus,
    BudgetTotals,
    MonthPace,
    Period,
    budget_status,
    check_budget,
    month_pace,
    parse_period,
    parse_track,
    scaled,
    weekly_hours,
    weekly_minimum,
)
from core.errors import InvalidInput


def test_weeks_per_month() -> None:
    assert pytest.approx(52 / 12) == WEEKS_PER_MONTH


def test_weekly_minimum_of_a_weekly_budget_is_its_minimum() -> None:
    assert weekly_minimum(Budget("dsa", 3, 5, "week")) == 3


def test_weekly_minimum_of_a_monthly_budget_is_min_times_12_over_52() -> None:
    assert weekly_minimum(Budget("reading", 26, 52, "month")) == pytest.approx(6.0)
    assert weekly_minimum(Budget("reading", 10, 20, "month")) == pytest.approx(10 * 12 / 52)


@pytest.mark.parametrize(
    ("budget", "period", "expected"),
    [
        (Budget("dsa", 3, 6, "week"), "week", (3, 6)),
        (Budget("dsa", 3, 6, "week"), "month", (13, 26)),
        (Budget("dsa", 13, 26, "month"), "week", (3, 6)),
        (Budget("dsa", 13, 26, "month"), "month", (13, 26)),
        (Budget("dsa", 0, 1, "month"), "week", (0, 12 / 52)),
    ],
)
def test_scaled(budget: Budget, period: Period, expected: tuple[float, float]) -> None:
    low, high = scaled(budget, period)
    assert low == pytest.approx(expected[0])
    assert high == pytest.approx(expected[1])


def test_weekly_hours_sums_weekly_minimums() -> None:
    budgets = [Budget("dsa", 3, 5, "week"), Budget("reading", 26, 40, "month")]
    assert weekly_hours(budgets, 6.0) == pytest.approx(9.0)


def test_weekly_hours_falls_back_to_default() -> None:
    assert weekly_hours([], 6.0) == 6.0
    assert weekly_hours([], 0.0) == 0.0


def test_weekly_hours_with_zero_minimums_is_zero_not_default() -> None:
    assert weekly_hours([Budget("dsa", 0, 5, "week")], 6.0) == 0.0


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (0.0, BudgetStatus.UNDER),
        (2.99, BudgetStatus.UNDER),
        (3.0, BudgetStatus.WITHIN),
        (4.5, BudgetStatus.WITHIN),
        (6.0, BudgetStatus.WITHIN),
        (6.01, BudgetStatus.OVER),
        (100.0, BudgetStatus.OVER),
    ],
)
def test_budget_status(hours: float, expected: BudgetStatus) -> None:
    assert budget_status(hours, 3.0, 6.0) is expected


def test_budget_status_ignores_float_noise() -> None:
    assert budget_status(0.1 + 0.2, 0.3, 0.3) is BudgetStatus.WITHIN


def test_budget_status_of_a_monthly_budget_scaled_to_a_week() -> None:
    low, high = scaled(Budget("reading", 13, 26, "month"), "week")
    assert budget_status(3.0, low, high) is BudgetStatus.WITHIN
    assert budget_status(2.9, low, high) is BudgetStatus.UNDER
    assert budget_status(6.1, low, high) is BudgetStatus.OVER


def test_budget_status_values() -> None:
    assert [s.value for s in BudgetStatus] == ["under", "within", "over"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dsa", "dsa"),
        ("DSA", "dsa"),
        ("  project ", "project"),
        ("reading", "reading"),
        ("side-project", "side-project"),
        ("side_project", "side_project"),
        ("1on1", "1on1"),
        ("a", "a"),
        ("a" * 32, "a" * 32),
    ],
)
def test_parse_track_accepts(text: str, expected: str) -> None:
    assert parse_track(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "-dsa",
        "_dsa",
        "side project",
        "dsa!",
        "a" * 33,
        "x" * 10_000,
        "café",
        "\u212a",  # Kelvin sign: lowercases to ASCII "k"
        "ｄｓａ",
        "３",
        "../etc",
        "dsa/algo",
        "dsa\nalgo",
        "d\x00sa",
    ],
)
def test_parse_track_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_track(text)
    message = info.value.message
    assert "like dsa or side-project" in message
    assert len(message) < 200


@pytest.mark.parametrize(
    ("text", "expected"),
    [("week", "week"), ("Weekly", "week"), ("w", "week"), ("MONTH", "month"), ("m", "month")],
)
def test_parse_period_accepts(text: str, expected: Period) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["", " ", "day", "year", "weeks", "x" * 10_000, "ｗ"])
def test_parse_period_rejects(text: str) -> None:
    with pytest.raises(InvalidInput, match="period must be week or month"):
        parse_period(text)


@pytest.mark.parametrize(
    ("low", "high", "period"),
    [(0, 1, "week"), (3, 6, "week"), (5, 5, "week"), (0, 168, "week"), (10, 744, "month")],
)
def test_check_budget_accepts(low: float, high: float, period: Period) -> None:
    check_budget(low, high, period)


@pytest.mark.parametrize(
    ("low", "high", "period", "fragment"),
    [
        (-1, 5, "week", "cannot be negative"),
        (0, 0, "week", "must be more than 0"),
        (6, 3, "week", "below the minimum"),
        (0, 169, "week", "only 168 hours"),
        (0, 745, "month", "only 744 hours"),
        (0, 1e9, "week", "only 168 hours"),
        (math.nan, 5, "week", "must be a number"),
        (3, math.nan, "week", "must be a number"),
        (3, math.inf, "week", "must be a number"),
        (-math.inf, 3, "week", "must be a number"),
        (3, 6, "year", "period must be week or month"),
        (True, 6, "week", "must be a number"),
    ],
)
def test_check_budget_rejects(low: float, high: float, period: Period, fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        check_budget(low, high, period)
    assert fragment in info.value.message
    assert info.value.message.endswith(".")


@given(
    st.floats(min_value=0, max_value=744, allow_nan=False),
    st.sampled_from(["week", "month"]),
)
def test_scaling_round_trips(hours: float, period: Period) -> None:
    other: Period = "month" if period == "week" else "week"
    budget = Budget("dsa", hours, hours, period)
    there = scaled(budget, other)
    back = scaled(Budget("dsa", there[0], there[1], other), period)
    assert back[0] == pytest.approx(hours)


@given(st.floats(min_value=0, max_value=200), st.floats(min_value=0, max_value=100))
def test_budget_status_matches_the_range(hours: float, low: float) -> None:
    high = low + 10
    status = budget_status(hours, low, high)
    if hours < low - 1e-5:
        assert status is BudgetStatus.UNDER
    elif hours > high + 1e-5:
        assert status is BudgetStatus.OVER
    elif low + 1e-5 < hours < high - 1e-5:
        assert status is BudgetStatus.WITHIN


_budget_minutes = st.tuples(
    st.integers(0, 6000), st.integers(0, 6000), st.sampled_from(["week", "month"])
).map(lambda t: (min(t[0], t[1]), max(t[0], t[1]), t[2]))


@given(st.lists(_budget_minutes, min_size=1, max_size=6), st.sampled_from(["week", "month"]))
def test_budget_totals_scale_as_the_budgets_one_by_one(
    found: list[tuple[int, int, Period]], period: Period
) -> None:
    """A board sums budgets per period in SQL; scaled and added up, that is the range the
    budgets give one at a time, and a logged amount falls the same side of it."""
    budgets = [Budget(f"t{i}", low / 60, high / 60, kind) for i, (low, high, kind) in enumerate(found)]

    def summed(kind: Period) -> tuple[int, int]:
        return sum(lo for lo, _, k in found if k == kind), sum(hi for _, hi, k in found if k == kind)

    totals = BudgetTotals(len(found), *summed("week"), *summed("month"))
    lows, highs = zip(*(scaled(b, period) for b in budgets), strict=True)
    low, high = totals.range_per(period)
    assert low == pytest.approx(math.fsum(lows), rel=1e-12, abs=1e-12)
    assert high == pytest.approx(math.fsum(highs), rel=1e-12, abs=1e-12)
    for logged in (low, high, math.fsum(lows), math.fsum(highs), low - 1 / 60, high + 1 / 60):
        assert budget_status(logged, low, high) is budget_status(logged, math.fsum(lows), math.fsum(highs))


@given(
    st.lists(_budget_minutes, max_size=6),
    st.floats(min_value=0, max_value=40).map(lambda hours: round(hours, 2)),
)
def test_budget_totals_give_the_weekly_hours_and_idle_week_of_the_budgets_one_by_one(
    found: list[tuple[int, int, Period]], default_hours: float
) -> None:
    """The digest judges a plan's weekly hours, and whether an idle week is under budget,
    from the budgets summed in SQL: exactly what the budgets say one at a time."""
    budgets = [Budget(f"t{i}", low / 60, high / 60, kind) for i, (low, high, kind) in enumerate(found)]

    def summed(kind: Period) -> tuple[int, int]:
        return sum(lo for lo, _, k in found if k == kind), sum(hi for _, hi, k in found if k == kind)

    totals = BudgetTotals(len(found), *summed("week"), *summed("month"))
    assert totals.weekly_hours(default_hours) == weekly_hours(budgets, default_hours)
    idle_under = (
        any(budget_status(0, *scaled(b, "week")) is BudgetStatus.UNDER for b in budgets)
        if budgets
        else budget_status(0, default_hours, math.inf) is BudgetStatus.UNDER
    )
    assert totals.idle_week_is_under(default_hours) is idle_under


@pytest.mark.parametrize("word", ["list", "undo", "remove", "edit", "LIST", " Edit "])
def test_a_word_of_checkin_is_never_a_track(word: str) -> None:
    with pytest.raises(InvalidInput, match="is a word of /checkin"):
        parse_track(word)
    assert parse_track(word, reserved_ok=True) == word.strip().lower()  # an old budget can go
    assert parse_track(f"{word.strip()}-practice") == f"{word.strip().lower()}-practice"


# --- monthly budgets judged per calendar month (issue 18) ---------------------------------------

_DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(_DAYS, st.integers(0, 5000), st.integers(0, 5000), st.integers(0, 44_640))
def test_month_pace_is_monotone_in_minutes_and_days(today: date, minutes: int, more: int, least: int) -> None:
    """More minutes never lose the pace; a later day of the month never gains it."""
    pace = month_pace(minutes, least, today)
    assert not pace.on_pace or month_pace(minutes + more, least, today).on_pace
    if today.day > 1:
        earlier = today.replace(day=today.day - 1)
        assert not pace.on_pace or month_pace(minutes, least, earlier).on_pace
    assert pace.due_hours <= least / 60 + 1e-9
    last = calendar.monthrange(today.year, today.month)[1]
    assert month_pace(minutes, least, today.replace(day=last)).on_pace == (minutes >= least)


def test_month_pace_worked_example() -> None:
    # 4 h in November (30 days): 2 h 40 m due by the 20th.
    assert month_pace(160, 240, date(2026, 11, 20)) == MonthPace(160 / 60, True)
    assert month_pace(159, 240, date(2026, 11, 20)).on_pace is False
    assert month_pace(0, 0, date(2026, 11, 1)).on_pace is True
