"""Weekly streaks (DESIGN §2): consecutive ISO weeks in which every budget's minimum was met.

A streak rewards steady work, so a vacation (a paused week) must not reset it, and a
week still in progress must not break it before the member has had a chance to finish.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final, NamedTuple

from core.domain.budgets import Budget, month_key
from core.domain.weeks import iso_week_key, week_start, week_start_of_key

_WEEK: Final = timedelta(days=7)
# Comparisons round to this many decimals so float noise never misses a minimum.
_DECIMALS: Final = 6

WeekRule = Callable[[str, Mapping[str, float]], bool]
"""Whether a week (its key, its hours per track) meets a member's minimums."""


@dataclass(frozen=True, slots=True)
class Streak:
    """The current run, the best run ever, and whether this week's minimums are already met."""

    current: int
    best: int
    this_week_met: bool


def this_month_of(today: date) -> str:
    """The month not yet over as of ``today``, for monthly budgets: that of this week's
    Monday (a week belongs to the month its Monday is in)."""
    return month_key(week_start(today))


def paused_week_keys(pauses: Iterable[tuple[date, date]]) -> set[str]:
    """Every ISO week that any day of an inclusive (start, end) pause touches.

    A range whose end is before its start touches no day and adds nothing.
    """
    keys: set[str] = set()
    for start, end in pauses:
        monday = week_start(start)
        while monday <= end:
            keys.add(iso_week_key(monday))
            if monday > date.max - _WEEK:
                break
            monday += _WEEK
    return keys


MonthHours = Mapping[str, Mapping[str, float]]
"""Calendar month key (``2026-11``) → track → hours logged on that month's local dates."""
NO_MONTHS: Final[MonthHours] = MappingProxyType({})


def week_month(key: str) -> str:
    """The month a week is judged in for monthly budgets: its Monday's (``2026-11``)."""
    return month_key(week_start_of_key(key))


def week_met(
    hours_by_track: Mapping[str, float],
    budgets: Sequence[Budget],
    default_weekly_hours: float,
    week: str = "",
    months: MonthHours = NO_MONTHS,
    this_month: str = "",
) -> bool:
    """Whether one week (key ``week``) meets every budget's minimum.

    A weekly budget asks its minimum of the week's hours on its track. A monthly budget is
    judged by its calendar month (the month of the week's Monday): the week keeps it when
    that month's hours on the track reach the monthly minimum, or while that month is not
    over yet (its month is ``this_month`` or later), so a streak never breaks mid-month.
    With no budgets the cohort default applies to the week's total. A week without any
    logged hours is never met, even when every minimum is zero.
    """
    return week_rule(budgets, default_weekly_hours, months, this_month)(week, hours_by_track)


def week_rule(
    budgets: Sequence[Budget],
    default_weekly_hours: float,
    months: MonthHours = NO_MONTHS,
    this_month: str = "",
) -> Callable[[str, Mapping[str, float]], bool]:
    """``week_met`` for one member's budgets, their minimums worked out once: a streak
    walks a hundred weeks or more under the same budgets."""
    weekly = [(b.track, round(b.min_hours, _DECIMALS)) for b in budgets if b.period == "week"]
    monthly = [(b.track, round(b.min_hours, _DECIMALS)) for b in budgets if b.period == "month"]
    default = round(default_weekly_hours, _DECIMALS)
    judged = bool(budgets)

    def month_kept(week: str) -> bool:
        if not this_month:
            return True  # no month said to be over: none is judged
        month = week_month(week)
        if month >= this_month:
            return True  # the month is not over: it cannot break the week yet
        done = months.get(month, {})
        return all(round(done.get(track, 0.0), _DECIMALS) >= least for track, least in monthly)

    def met(week: str, hours_by_track: Mapping[str, float]) -> bool:
        total = round(math.fsum(hours_by_track.values()), _DECIMALS)
        if total <= 0:
            return False
        if not judged:
            return total >= default
        if not all(round(hours_by_track.get(track, 0.0), _DECIMALS) >= least for track, least in weekly):
            return False
        return not monthly or month_kept(week)

    return met


def compute_streak(
    hours_by_week: Mapping[str, Mapping[str, float]],
    budgets: Sequence[Budget],
    default_weekly_hours: float,
    paused_weeks: AbstractSet[str],
    today: date,
    months: MonthHours = NO_MONTHS,
) -> Streak:
    """Current and best streak from hours per ISO week key and track (and, for monthly
    budgets, hours per calendar month and track).

    Only weeks from the earliest key in ``hours_by_week`` up to ``today``'s week are
    examined. The current run ends with the last complete week, or with this week once it
    is met; an unmet current week neither counts nor breaks it. Paused weeks are skipped.
    """
    if not hours_by_week:
        return Streak(current=0, best=0, this_week_met=False)

    rule = week_rule(budgets, default_weekly_hours, months, this_month_of(today))

    def met(key: str) -> bool:
        return rule(key, hours_by_week.get(key, {}))

    this_monday = week_start(today)
    this_key = iso_week_key(this_monday)
    this_week_met = met(this_key)
    earliest = min(week_start_of_key(key) for key in hours_by_week)

    # Oldest to newest; paused weeks are left out, so they neither count nor break a run.
    history: list[bool] = []
    monday = earliest
    while monday <= this_monday:
        key = iso_week_key(monday)
        if key not in paused_weeks:
            history.append(met(key))
        monday += _WEEK

    best = run = 0
    for was_met in history:
        run = run + 1 if was_met else 0
        best = max(best, run)

    if this_key not in paused_weeks and earliest <= this_monday and not this_week_met:
        history.pop()  # the week in progress: not met yet, but not over either
    current = 0
    for was_met in reversed(history):
        if not was_met:
            break
        current += 1
    return Streak(current=current, best=best, this_week_met=this_week_met)


class WeekMarks(NamedTuple):
    """A member's weeks judged against their budgets, among the weeks read."""

    met: frozenset[str]
    """ISO week keys in which every minimum was met."""
    under: frozenset[str]
    """Week keys with work that fell under a minimum: with ``met``, every week with work."""
    earliest: str | None
    """The oldest week with work, if any."""


NO_MARKS: Final = WeekMarks(frozenset(), frozenset(), None)
NO_WEEKS: Final[frozenset[str]] = frozenset()
"""The paused weeks of a member who never paused (most of a cohort): a report shares this
one empty set instead of making one each, so that its collections stay short."""


def current_streak(
    hours_by_week: Mapping[str, Mapping[str, float]],
    budgets: Sequence[Budget],
    default_weekly_hours: float,
    paused_weeks: AbstractSet[str],
    today: date,
    known_from: date | None = None,
    months: MonthHours = NO_MONTHS,
) -> int | None:
    """``compute_streak(...).current``, walking back from today's week only as far as the
    run goes (see ``current_streak_of``)."""
    met = week_rule(budgets, default_weekly_hours, months, this_month_of(today))
    met_weeks = frozenset(key for key, hours in hours_by_week.items() if met(key, hours))
    earliest = min(hours_by_week) if hours_by_week else None
    return current_streak_of(met_weeks, earliest, paused_weeks, today, known_from)


def current_streak_of(
    met_weeks: AbstractSet[str],
    earliest: str | None,
    paused_weeks: AbstractSet[str],
    today: date,
    known_from: date | None = None,
) -> int | None:
    """The current streak from the weeks that met their minimums, so a report need not
    load (or look at) years of history to count it.

    ``earliest`` is the oldest week with work; ``known_from`` the Monday of the oldest week
    the marks are complete for, None meaning they cover the whole history (as
    ``compute_streak`` assumes). When the run, or a pause it passes over, reaches back
    before ``known_from`` the answer depends on older weeks, and this returns None: load
    more and ask again.
    """
    if known_from is None and earliest is None:
        return 0
    # Week keys ("2026-W07") sort as their weeks do, so only the oldest is parsed.
    oldest = week_start_of_key(earliest) if known_from is None and earliest is not None else date.min
    monday = week_start(today)
    key = iso_week_key(monday)
    if key not in paused_weeks and key not in met_weeks:
        monday -= _WEEK  # the week in progress: not met yet, but not over either
    run = 0
    while True:
        if known_from is not None and monday < known_from:
            return None
        if known_from is None and monday < oldest:
            return run  # weeks before the first check-in are unmet (or paused: nothing older counts)
        key = iso_week_key(monday)
        if key not in paused_weeks:
            if key not in met_weeks:
                return run
            run += 1
        monday -= _WEEK


def streak_week_keys(
    hours_by_week: Mapping[str, Mapping[str, float]],
    budgets: Sequence[Budget],
    default_weekly_hours: float,
    paused_weeks: AbstractSet[str],
    today: date,
    current: int,
    months: MonthHours = NO_MONTHS,
) -> set[str]:
    """The ISO weeks that make up a current streak of ``current`` weeks, as
    ``compute_streak`` counts it: newest first from this week (only once it is met),
    passing over paused weeks, which neither count nor break the run."""
    keys: set[str] = set()
    monday = week_start(today)
    key = iso_week_key(monday)
    if not week_met(
        hours_by_week.get(key, {}), budgets, default_weekly_hours, key, months, this_month_of(today)
    ):
        monday -= _WEEK
    while len(keys) < current and monday > date.min + _WEEK:
        key = iso_week_key(monday)
        if key not in paused_weeks:
            keys.add(key)
        monday -= _WEEK
    return keys
