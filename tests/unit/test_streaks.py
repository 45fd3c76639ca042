"""Weekly streaks: met weeks, paused weeks, the week in progress."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain.budgets import Budget
from core.domain.streaks import Streak, compute_streak, current_streak, paused_week_keys, week_met
from core.domain.weeks import iso_week_key, local_date, resolve_timezone, week_start, week_start_of_key
from core.errors import InvalidInput

TODAY = date(2026, 11, 20)  # Friday of 2026-W47
DEFAULT = 6.0
NO_PAUSES: frozenset[str] = frozenset()


def wk(weeks_ago: int, today: date = TODAY) -> str:
    """The ISO week key ``weeks_ago`` weeks before ``today``'s week."""
    return iso_week_key(today - timedelta(weeks=weeks_ago))


def streak(
    hours: Mapping[str, Mapping[str, float]],
    budgets: list[Budget] | None = None,
    paused: frozenset[str] = NO_PAUSES,
    today: date = TODAY,
) -> Streak:
    return compute_streak(hours, budgets or [], DEFAULT, paused, today)


# --- paused weeks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pauses", "expected"),
    [
        ([], set()),
        ([(date(2026, 11, 20), date(2026, 11, 20))], {"2026-W47"}),
        ([(date(2026, 11, 22), date(2026, 11, 23))], {"2026-W47", "2026-W48"}),
        ([(date(2026, 11, 16), date(2026, 11, 29))], {"2026-W47", "2026-W48"}),
        (
            [(date(2026, 11, 15), date(2026, 11, 30))],
            {"2026-W46", "2026-W47", "2026-W48", "2026-W49"},
        ),
        ([(date(2026, 12, 31), date(2027, 1, 4))], {"2026-W53", "2027-W01"}),
        ([(date(2026, 11, 23), date(2026, 11, 20))], set()),  # end before start
        (
            [(date(2026, 11, 16), date(2026, 11, 17)), (date(2026, 11, 18), date(2026, 11, 30))],
            {"2026-W47", "2026-W48", "2026-W49"},
        ),
    ],
)
def test_paused_week_keys(pauses: list[tuple[date, date]], expected: set[str]) -> None:
    assert paused_week_keys(pauses) == expected


def test_paused_week_keys_survives_the_end_of_the_calendar() -> None:
    keys = paused_week_keys([(date(9999, 12, 27), date.max), (date.min, date(1, 1, 2))])
    assert keys == {iso_week_key(date.max), "0001-W01"}


# --- what counts as a met week --------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ({}, False),
        ({"dsa": 0.0}, False),
        ({"dsa": 5.99}, False),
        ({"dsa": 6.0}, True),
        ({"dsa": 2.0, "reading": 4.0}, True),
        ({"dsa": 0.1, "x": 5.9}, True),
    ],
)
def test_week_met_without_budgets_uses_default_total(hours: dict[str, float], expected: bool) -> None:
    assert week_met(hours, [], DEFAULT) is expected


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ({"dsa": 3.0, "reading": 3.0}, True),
        ({"dsa": 5.0, "reading": 1.0}, False),  # surplus on one track cannot cover another
        ({"dsa": 3.0, "project": 10.0}, False),  # an unbudgeted track does not help
        ({"dsa": 2.9999999, "reading": 3.0}, True),  # float noise
        ({"dsa": 2.99, "reading": 3.0}, False),
    ],
)
def test_week_met_needs_every_budget_on_its_own_track(hours: dict[str, float], expected: bool) -> None:
    budgets = [Budget("dsa", 3, 5, "week"), Budget("reading", 3, 5, "week")]
    assert week_met(hours, budgets, DEFAULT) is expected


@pytest.mark.parametrize(
    ("october", "this_month", "expected"),
    [
        (25.9, "2026-11", False),  # October is over and fell short of 26 h
        (26.0, "2026-11", True),
        (40.0, "2026-11", True),
        (0.0, "2026-10", True),  # October is not over yet: it cannot break the week
        (0.0, "2026-09", True),
    ],
)
def test_a_monthly_budget_is_judged_by_the_month_of_the_weeks_monday(
    october: float, this_month: str, expected: bool
) -> None:
    budgets = [Budget("reading", 26, 40, "month")]
    months = {"2026-10": {"reading": october}, "2026-11": {"reading": 30.0}}
    # 2026-W44 runs Mon 26 Oct – Sun 1 Nov: October's week, whatever the week itself logged.
    assert week_met({"dsa": 0.5}, budgets, 0, "2026-W44", months, this_month) is expected


def test_a_monthly_budget_with_a_weekly_one_needs_both() -> None:
    budgets = [Budget("dsa", 3, 5, "week"), Budget("reading", 4, 6, "month")]
    months = {"2026-10": {"reading": 4.0}}
    assert week_met({"dsa": 3.0}, budgets, 0, "2026-W43", months, "2026-11") is True
    assert week_met({"dsa": 2.0, "reading": 9.0}, budgets, 0, "2026-W43", months, "2026-11") is False
    assert week_met({"dsa": 3.0}, budgets, 0, "2026-W43", {}, "2026-11") is False


def test_week_without_check_ins_is_unmet_even_with_zero_minimums() -> None:
    budgets = [Budget("dsa", 0, 5, "week")]
    assert week_met({}, budgets, 0.0) is False
    assert week_met({"dsa": 0.5}, budgets, 0.0) is True
    assert week_met({}, [], 0.0) is False


# --- streaks --------------------------------------------------------------------------


def test_empty_history() -> None:
    assert streak({}) == Streak(current=0, best=0, this_week_met=False)


def test_consecutive_complete_weeks() -> None:
    hours = {wk(3): {"dsa": 6.0}, wk(2): {"dsa": 7.0}, wk(1): {"dsa": 6.0}}
    assert streak(hours) == Streak(current=3, best=3, this_week_met=False)


def test_this_week_counts_once_met() -> None:
    hours = {wk(1): {"dsa": 6.0}, wk(0): {"dsa": 6.0}}
    assert streak(hours) == Streak(current=2, best=2, this_week_met=True)


def test_unmet_week_in_progress_does_not_break() -> None:
    hours = {wk(2): {"dsa": 6.0}, wk(1): {"dsa": 6.0}, wk(0): {"dsa": 2.0}}
    assert streak(hours) == Streak(current=2, best=2, this_week_met=False)


def test_only_this_week_met() -> None:
    assert streak({wk(0): {"dsa": 9.0}}) == Streak(current=1, best=1, this_week_met=True)


def test_only_this_week_unmet() -> None:
    assert streak({wk(0): {"dsa": 1.0}}) == Streak(current=0, best=0, this_week_met=False)


def test_missing_last_complete_week_breaks_the_streak() -> None:
    hours = {wk(4): {"dsa": 6.0}, wk(3): {"dsa": 6.0}, wk(2): {"dsa": 6.0}}
    assert streak(hours) == Streak(current=0, best=3, this_week_met=False)


def test_week_without_check_ins_breaks_and_best_remembers_the_longest_run() -> None:
    hours = {
        wk(7): {"dsa": 6.0},
        wk(6): {"dsa": 6.0},
        wk(5): {"dsa": 6.0},
        # wk(4): nothing logged
        wk(3): {"dsa": 1.0},  # logged but unmet
        wk(2): {"dsa": 6.0},
        wk(1): {"dsa": 6.0},
    }
    assert streak(hours) == Streak(current=2, best=3, this_week_met=False)


def test_paused_weeks_neither_count_nor_break() -> None:
    hours = {wk(4): {"dsa": 6.0}, wk(1): {"dsa": 6.0}}
    paused = frozenset({wk(3), wk(2)})
    assert streak(hours, paused=paused) == Streak(current=2, best=2, this_week_met=False)
    assert streak(hours) == Streak(current=1, best=1, this_week_met=False)


def test_met_paused_week_does_not_count() -> None:
    hours = {wk(2): {"dsa": 6.0}, wk(1): {"dsa": 6.0}}
    assert streak(hours, paused=frozenset({wk(1)})) == Streak(1, 1, False)


def test_paused_current_week_does_not_count_but_reports_met() -> None:
    hours = {wk(1): {"dsa": 6.0}, wk(0): {"dsa": 6.0}}
    assert streak(hours, paused=frozenset({wk(0)})) == Streak(1, 1, True)


def test_pause_from_a_date_range_bridges_a_vacation() -> None:
    vacation = paused_week_keys([(TODAY - timedelta(weeks=3), TODAY - timedelta(weeks=2))])
    hours = {wk(5): {"dsa": 6.0}, wk(4): {"dsa": 6.0}, wk(1): {"dsa": 6.0}}
    assert vacation == {wk(3), wk(2)}
    assert streak(hours, paused=frozenset(vacation)) == Streak(3, 3, False)


def test_a_monthly_budget_never_breaks_a_streak_mid_month() -> None:
    """TODAY is Fri 20 Nov: November's weeks (W45–W47) keep a 4 h monthly reading budget
    although none of it is read yet; October's weeks ask October's 4 h."""
    budgets = [Budget("reading", 4, 6, "month")]
    hours = {wk(n): {"dsa": 1.0} for n in range(7)}
    short = compute_streak(hours, budgets, DEFAULT, NO_PAUSES, TODAY, {"2026-10": {"reading": 3.0}})
    assert short == Streak(current=3, best=3, this_week_met=True)
    read = compute_streak(hours, budgets, DEFAULT, NO_PAUSES, TODAY, {"2026-10": {"reading": 4.0}})
    assert read.current == 7
    # In December November is over: its 0 h breaks its weeks, W49 (Mon 30 Nov) among them.
    december = date(2026, 12, 9)
    later = {**hours, **{wk(n, december): {"dsa": 1.0} for n in range(3)}}
    done = {"2026-10": {"reading": 4.0}}
    assert compute_streak(later, budgets, DEFAULT, NO_PAUSES, december, done).current == 1
    done["2026-11"] = {"reading": 4.5}
    assert compute_streak(later, budgets, DEFAULT, NO_PAUSES, december, done).current == 10


def test_streak_with_budgets() -> None:
    budgets = [Budget("dsa", 3, 5, "week"), Budget("reading", 3, 6, "week")]
    hours = {
        wk(3): {"dsa": 3.0, "reading": 3.0},
        wk(2): {"dsa": 10.0, "reading": 1.0},  # reading under its 3 h/week
        wk(1): {"dsa": 3.5, "reading": 3.0},
        wk(0): {"dsa": 3.0, "reading": 3.0},
    }
    assert streak(hours, budgets) == Streak(current=2, best=2, this_week_met=True)


def test_streak_across_the_iso_year_boundary() -> None:
    today = date(2027, 1, 13)  # 2027-W02
    hours = {"2026-W52": {"dsa": 6.0}, "2026-W53": {"dsa": 6.0}, "2027-W01": {"dsa": 6.0}}
    assert streak(hours, today=today) == Streak(current=3, best=3, this_week_met=False)


def test_streak_across_a_dst_change_uses_local_weeks() -> None:
    berlin = resolve_timezone("Europe/Berlin")
    check_ins = [
        (datetime(2026, 10, 12, 10, 0, tzinfo=UTC), 6.0),  # W42
        (datetime(2026, 10, 18, 22, 30, tzinfo=UTC), 6.0),  # Mon 00:30 CEST → W43
        (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), 6.0),  # after fall back: Mon 00:30 CET → W44
    ]
    local: defaultdict[str, dict[str, float]] = defaultdict(dict)
    utc: defaultdict[str, dict[str, float]] = defaultdict(dict)
    for instant, hours in check_ins:
        key = iso_week_key(local_date(instant, berlin))
        local[key]["dsa"] = local[key].get("dsa", 0.0) + hours
        utc_key = iso_week_key(instant.date())
        utc[utc_key]["dsa"] = utc[utc_key].get("dsa", 0.0) + hours
    today = date(2026, 11, 2)  # Monday of W45
    assert sorted(local) == ["2026-W42", "2026-W43", "2026-W44"]
    assert streak(local, today=today) == Streak(current=3, best=3, this_week_met=False)
    # Bucketing by UTC date would have lost the streak.
    assert streak(utc, today=today).current == 0


def test_weeks_after_today_are_ignored() -> None:
    hours = {wk(1): {"dsa": 6.0}, iso_week_key(TODAY + timedelta(weeks=2)): {"dsa": 60.0}}
    assert streak(hours) == Streak(current=1, best=1, this_week_met=False)


def test_only_future_weeks_give_no_streak() -> None:
    hours = {iso_week_key(TODAY + timedelta(weeks=1)): {"dsa": 6.0}}
    assert streak(hours) == Streak(current=0, best=0, this_week_met=False)


def test_long_history_is_examined_from_the_earliest_week() -> None:
    hours = {wk(n): {"dsa": 6.0} for n in range(1, 301)}
    assert streak(hours) == Streak(current=300, best=300, this_week_met=False)


def test_malformed_week_key_is_rejected() -> None:
    with pytest.raises(InvalidInput):
        streak({"last week": {"dsa": 6.0}})


@given(
    st.dictionaries(
        st.integers(min_value=0, max_value=30),
        st.sampled_from([0.0, 1.0, 5.5, 5.99, 6.0, 7.25, 12.0]),
        max_size=30,
    ),
    st.frozensets(st.integers(min_value=0, max_value=30), max_size=8),
)
def test_streak_invariants(logged: dict[int, float], paused_ago: frozenset[int]) -> None:
    hours = {wk(n): {"dsa": h} for n, h in logged.items()}
    paused = frozenset(wk(n) for n in paused_ago)
    result = streak(hours, paused=paused)
    assert 0 <= result.current <= result.best
    met_weeks = [n for n, h in logged.items() if h >= DEFAULT and n not in paused_ago]
    assert result.best <= len(met_weeks)
    assert result.this_week_met == (logged.get(0, 0.0) >= DEFAULT)
    # Pausing every week that is not met can only lengthen the current streak.
    unmet = frozenset(wk(n) for n in range(31) if logged.get(n, 0.0) < DEFAULT)
    assert streak(hours, paused=paused | unmet).current >= result.current


# --- the bounded walk: the current run without the whole history ------------------------------

BUDGETS = [Budget("dsa", 5.0, 7.0, "week"), Budget("ml", 2.0, 4.0, "week")]


def test_bounded_walk_asks_for_more_when_the_run_reaches_the_oldest_known_week() -> None:
    hours = {wk(n): {"dsa": 6.0} for n in range(1, 10)}
    assert current_streak(hours, [], DEFAULT, NO_PAUSES, TODAY) == 9
    recent = {key: value for key, value in hours.items() if key >= wk(4)}
    oldest_known = week_start(TODAY) - timedelta(weeks=4)
    assert current_streak(recent, [], DEFAULT, NO_PAUSES, TODAY, known_from=oldest_known) is None
    broken = {**recent, wk(3): {"dsa": 1.0}}
    assert current_streak(broken, [], DEFAULT, NO_PAUSES, TODAY, known_from=oldest_known) == 2


def test_bounded_walk_asks_for_more_when_a_pause_reaches_past_the_oldest_known_week() -> None:
    hours = {wk(0): {"dsa": 6.0}, wk(6): {"dsa": 6.0}}
    paused = frozenset(wk(n) for n in range(1, 6))
    assert current_streak(hours, [], DEFAULT, paused, TODAY) == 2
    oldest_known = week_start(TODAY) - timedelta(weeks=3)
    recent = {wk(0): {"dsa": 6.0}}
    assert current_streak(recent, [], DEFAULT, paused, TODAY, known_from=oldest_known) is None
    seven_back = week_start(TODAY) - timedelta(weeks=7)
    assert current_streak(hours, [], DEFAULT, paused, TODAY, known_from=seven_back) == 2


_HOURS = st.sampled_from([0.0, 1.0, 2.0, 4.0, 5.0, 5.99, 6.0, 7.25])


@given(
    st.dictionaries(
        st.integers(min_value=-2, max_value=40),
        st.fixed_dictionaries({}, optional={"dsa": _HOURS, "ml": _HOURS}),
        max_size=40,
    ),
    st.frozensets(st.integers(min_value=-2, max_value=45), max_size=12),
    st.booleans(),
    st.integers(min_value=0, max_value=45),
)
def test_bounded_walk_counts_what_the_whole_history_counts(
    logged: dict[int, dict[str, float]], paused_ago: frozenset[int], budgeted: bool, window: int
) -> None:
    """Weeks ``-2`` are after today's (ignored); a window of ``window`` weeks back from today's
    gives the same run as the whole history, or says it needs more."""
    hours = {wk(n): tracks for n, tracks in logged.items()}
    paused = frozenset(wk(n) for n in paused_ago)
    budgets = BUDGETS if budgeted else []
    whole = compute_streak(hours, budgets, DEFAULT, paused, TODAY).current
    assert current_streak(hours, budgets, DEFAULT, paused, TODAY) == whole
    oldest_known = week_start(TODAY) - timedelta(weeks=window)
    recent = {key: value for key, value in hours.items() if week_start_of_key(key) >= oldest_known}
    bounded = current_streak(recent, budgets, DEFAULT, paused, TODAY, known_from=oldest_known)
    assert bounded in (None, whole)
    if window > max(logged.keys() | paused_ago | {0}):  # the window holds every week that matters
        assert bounded == whole


_MONTHLY = [Budget("reading", 4.0, 6.0, "month"), Budget("dsa", 2.0, 4.0, "week")]


@given(
    st.dictionaries(
        st.integers(min_value=0, max_value=20), st.sampled_from([0.5, 1.0, 2.0, 3.0]), max_size=20
    ),
    st.dictionaries(
        st.sampled_from(["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]),
        st.sampled_from([0.0, 3.99, 4.0, 9.0]),
    ),
    st.sampled_from(["2026-07", "2026-09", "2026-10"]),
    st.sampled_from([0.25, 1.0, 5.0]),
)
def test_more_monthly_hours_never_shorten_a_streak_and_the_month_in_progress_never_breaks_it(
    logged: dict[int, float], read: dict[str, float], month: str, extra: float
) -> None:
    hours = {wk(n): {"dsa": h} for n, h in logged.items()}
    months = {m: {"reading": h} for m, h in read.items()}
    before = compute_streak(hours, _MONTHLY, DEFAULT, NO_PAUSES, TODAY, months)
    more = {**months, month: {"reading": months.get(month, {}).get("reading", 0.0) + extra}}
    after = compute_streak(hours, _MONTHLY, DEFAULT, NO_PAUSES, TODAY, more)
    assert after.current >= before.current
    assert after.best >= before.best
    # November (TODAY's month) is not over: its reading, whatever it is, changes nothing.
    november = {**months, "2026-11": {"reading": 0.0}}
    assert compute_streak(hours, _MONTHLY, DEFAULT, NO_PAUSES, TODAY, november) == compute_streak(
        hours, _MONTHLY, DEFAULT, NO_PAUSES, TODAY, {**months, "2026-11": {"reading": 99.0}}
    )
