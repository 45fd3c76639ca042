"""Count budgets' rules (issue 18, item 6 c): blocks, pace, units and the grammar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain.counts import (
    Block,
    anchor_of,
    block_label,
    block_of,
    block_pace,
    is_count_phrase,
    parse_count_budget,
    parse_unit,
    plural,
)
from core.errors import InvalidInput

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
PERIODS = st.sampled_from(("week", "month"))


@given(DAYS, DAYS, PERIODS, st.integers(1, 12))
def test_a_day_lies_in_its_block_and_blocks_tile_the_calendar(
    day: date, set_on: date, period: str, every: int
) -> None:
    anchor = anchor_of(set_on, period)  # type: ignore[arg-type]
    block = block_of(day, anchor, period, every)  # type: ignore[arg-type]
    assert block.start <= day <= block.end
    after = block_of(block.end + timedelta(days=1), anchor, period, every)  # type: ignore[arg-type]
    assert after.start == block.end + timedelta(days=1)
    if period == "month":
        assert block.start.day == 1
        months = (after.start.year - block.start.year) * 12 + after.start.month - block.start.month
        assert months == every
    else:
        assert block.start.weekday() == 0
        assert (after.start - block.start).days == 7 * every


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 20), DAYS, st.integers(1, 12))
def test_more_done_never_loses_the_pace_and_a_later_day_never_gains_it(
    done: int, more: int, minimum: int, day: date, every: int
) -> None:
    block = block_of(day, anchor_of(day, "month"), "month", every)
    pace = block_pace(done, minimum, block, day)
    assert not pace.on_pace or block_pace(done + more, minimum, block, day).on_pace
    later = min(day + timedelta(days=more), block.end)
    assert not block_pace(done, minimum, block, later).on_pace or pace.on_pace
    assert block_pace(done, minimum, block, block.end).due == minimum  # the whole minimum by the end


def test_worked_examples() -> None:
    anchor = anchor_of(date(2026, 12, 16), "month")
    block = block_of(date(2027, 2, 28), anchor, "month", 3)
    assert block == Block(date(2026, 12, 1), date(2027, 2, 28))
    assert block_label(block, "month") == "Dec 2026–Feb 2027"
    assert block_of(date(2027, 3, 1), anchor, "month", 3).start == date(2027, 3, 1)
    assert block_of(date(2026, 11, 30), anchor, "month", 3).start == date(2026, 9, 1)  # before it was set
    weeks = block_of(date(2026, 12, 16), anchor_of(date(2026, 12, 16), "week"), "week", 2)
    assert block_label(weeks, "week") == "14 Dec–27 Dec"
    assert block_pace(0, 10, weeks, date(2026, 12, 16)).due == 2  # 3 days of 14


@pytest.mark.parametrize(
    ("word", "unit", "many"),
    [
        ("books", "book", "books"),
        ("Book", "book", "books"),
        ("studies", "study", "studies"),
        ("classes", "class", "classes"),
        ("problems", "problem", "problems"),
        ("boxes", "box", "boxes"),
    ],
)
def test_units_fold_to_singular_and_pluralise_back(word: str, unit: str, many: str) -> None:
    assert parse_unit(word) == unit
    assert plural(unit, 2) == many
    assert plural(unit, 1) == unit


@pytest.mark.parametrize(
    "word", ["📚", "**book**", "b" * 25, "book2", "", "hours", "h", "bücher", "<!channel>"]
)
def test_a_unit_is_plain_letters_and_never_hours(word: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_unit(word)
    assert "\n" not in error.value.message
    assert error.value.message.endswith(".")


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("1 book every 3 months", ("book", 1, 1, "month", 3)),
        ("2-4 papers per month", ("paper", 2, 4, "month", 1)),
        ("2 - 4 papers a week", ("paper", 2, 4, "week", 1)),
        ("10 problems every 2 weeks", ("problem", 10, 10, "week", 2)),
        ("0-1 talks", ("talk", 0, 1, "week", 1)),
    ],
)
def test_count_budgets_as_written(text: str, spec: tuple[object, ...]) -> None:
    found = parse_count_budget(text)
    assert (found.unit, found.low, found.high, found.period, found.every) == spec
    assert is_count_phrase(text.split())


@pytest.mark.parametrize("text", ["5-7", "5 hours", "90m-2h", "5 - 7", "2.5-4", "5-7 every 2 weeks", "5 h"])
def test_hours_are_not_a_count(text: str) -> None:
    assert not is_count_phrase(text.split())


@pytest.mark.parametrize(
    "text",
    [
        "1 book every 0 months",
        "1 book every 13 months",
        "1 book every 53 weeks",
        "1 book per year",
        "1 book every 99999999999999999999 weeks",
        "1 book soon",
        "0 books",
        "3-1 books",
        "1001 books",
    ],
)
def test_bad_count_budgets_are_one_sentence(text: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_count_budget(text)
    assert "\n" not in error.value.message
    assert error.value.message.endswith(".")
