"""``week=``: last, this or YYYY-Www, never a week to come nor one before the cohort began;
and the month board's share of a month, prorated like the term board."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain.budgets import BudgetTotals
from core.domain.weeks import iso_week_key, resolve_week, week_label, week_start
from core.errors import InvalidInput
from core.services.leaderboards import Window, budget_range

TODAY = date(2026, 12, 6)  # Sunday of 2026-W49
BEGAN = date(2026, 9, 1)  # Tuesday of 2026-W36


@pytest.mark.parametrize(
    ("text", "monday"),
    [
        ("this", date(2026, 11, 30)),
        ("  THIS ", date(2026, 11, 30)),
        ("last", date(2026, 11, 23)),
        ("2026-W49", date(2026, 11, 30)),
        ("2026-w40", date(2026, 9, 28)),
        ("2026-W36", date(2026, 8, 31)),  # the week the cohort began in, though it began on Tuesday
    ],
)
def test_the_weeks_it_takes(text: str, monday: date) -> None:
    assert resolve_week(text, TODAY, BEGAN) == monday


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2026-W99", "'2026-W99' is not a week; write week=last, week=this or a week such as week=2026-W47."),
        ("2025-W53", "'2025-W53' is not a week"),  # 2025 has 52 ISO weeks (2026 has 53)
        ("next", "'next' is not a week"),
        ("", "'' is not a week"),
        ("2026-W1", "'2026-W1' is not a week"),
        ("０２０２６-W01", "is not a week"),  # full-width digits
        ("<!channel> @everyone", "'<!channel> @everyone' is not a week"),
        ("9" * 10_000, "…' is not a week"),
        (
            "2026-W50",
            "Week 2026-W50 has not begun yet (this week is 2026-W49); pick this week or an earlier one",
        ),
        ("2999-W01", "has not begun yet"),
        ("1999-W01", "Week 1999-W01 is before the cohort began (its first week is 2026-W36); pick 2026-W36"),
        ("2026-W35", "before the cohort began"),
    ],
)
def test_what_it_refuses_in_one_sentence(text: str, says: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        resolve_week(text, TODAY, BEGAN)
    message = refused.value.message
    assert says in message
    assert message.count(". ") == 0
    assert len(message) < 300


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(0, 400), st.integers(-5, 5))
def test_a_key_names_its_own_week_and_the_bounds_hold(today: date, age: int, back: int) -> None:
    began = today - timedelta(days=age)
    asked = week_start(today) - timedelta(weeks=back)
    key = iso_week_key(asked)
    if back < 0:
        with pytest.raises(InvalidInput, match="has not begun yet"):
            resolve_week(key, today, began)
    elif asked + timedelta(days=6) < began:
        with pytest.raises(InvalidInput, match="before the cohort began"):
            resolve_week(key, today, began)
    else:
        assert resolve_week(key, today, began) == asked
        assert week_label(asked).startswith(f"week {key} (Mon ")


@given(st.integers(1, 31))
def test_the_month_so_far_asks_for_its_share_of_the_month(day: int) -> None:
    start, end = date(2026, 12, 1), date(2026, 12, day)
    span = Window("month", start, end, "December")
    low, high = budget_range(BudgetTotals(1, 0, 0, month_min=31 * 60, month_max=62 * 60), 6.0, span)
    assert (low, high) == pytest.approx((day, 2 * day))
    default_low, default_high = budget_range(BudgetTotals(0, 0, 0, 0, 0), 6.0, span)
    assert default_low == pytest.approx(6 * 52 / 12 * day / 31)
    assert default_high is None
