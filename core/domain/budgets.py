"""Study budgets: a min–max of hours per week or month on one track (DESIGN §2).

Budgets decide both the weekly hours the attainability model assumes and whether a week
counts toward a streak, so the week/month conversion lives in exactly one place.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Final, Literal, NamedTuple

from core.domain.levels import quote_input
from core.errors import InvalidInput

Period = Literal["week", "month"]

WEEKS_PER_MONTH: Final = 52 / 12
HOURS_PER_PERIOD: Final[Mapping[str, float]] = MappingProxyType({"week": 168.0, "month": 744.0})

_TRACK = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
_PERIOD_WORDS: Final[Mapping[str, Period]] = MappingProxyType(
    {
        "week": "week",
        "weekly": "week",
        "w": "week",
        "month": "month",
        "monthly": "month",
        "m": "month",
    }
)
# Comparisons round to this many decimals so 0.1 + 0.2 hours meets a 0.3-hour minimum.
_DECIMALS: Final = 6


class BudgetStatus(StrEnum):
    """Where the hours of a period fall against a budget's range."""

    UNDER = "under"
    WITHIN = "within"
    OVER = "over"


@dataclass(frozen=True, slots=True)
class Budget:
    """A member's range of hours per period on one track; validate with ``check_budget``."""

    track: str
    min_hours: float
    max_hours: float
    period: Period


def scaled(budget: Budget, period: Period) -> tuple[float, float]:
    """The budget's (min, max) expressed per ``period`` (a month is 52/12 weeks)."""
    if budget.period == period:
        return budget.min_hours, budget.max_hours
    factor = 1 / WEEKS_PER_MONTH if period == "week" else WEEKS_PER_MONTH
    return budget.min_hours * factor, budget.max_hours * factor


class BudgetTotals(NamedTuple):
    """A member's budgets summed per period, in minutes: what a board's range reads."""

    budget_count: int
    week_min: int
    week_max: int
    month_min: int
    month_max: int

    def range_per(self, period: Period) -> tuple[float, float]:
        """The (min, max) hours of every budget scaled to ``period`` and added up."""
        if period == "week":
            low, high = (
                self.week_min + self.month_min / WEEKS_PER_MONTH,
                self.week_max + self.month_max / WEEKS_PER_MONTH,
            )
        else:
            low, high = (
                self.month_min + self.week_min * WEEKS_PER_MONTH,
                self.month_max + self.week_max * WEEKS_PER_MONTH,
            )
        return low / 60, high / 60

    def weekly_hours(self, default_weekly_hours: float) -> float:
        """``weekly_hours`` of the budgets summed here: the weekly minimums in hours, a
        monthly one at min × 12 / 52. Worked out from whole minutes in one division, so it
        agrees with the budget-by-budget sum to the six decimals both are rounded to."""
        if not self.budget_count:
            return default_weekly_hours
        return round((52 * self.week_min + 12 * self.month_min) / (52 * 60), _DECIMALS)

    def idle_week_is_under(self, default_weekly_hours: float) -> bool:
        """Whether a week without any work falls under the budgets: it does unless every
        minimum is zero (without budgets, unless the cohort default is)."""
        if not self.budget_count:
            return round(default_weekly_hours, _DECIMALS) > 0
        return self.week_min + self.month_min > 0


def default_band(default_weekly_hours: float, period: Period) -> float:
    """The cohort's default weekly hours over ``period``: the minimum of the whole week's
    (or month's) total for a member without budgets."""
    return default_weekly_hours if period == "week" else default_weekly_hours * WEEKS_PER_MONTH


def month_key(day: date) -> str:
    """The calendar month of a local date, as ``2026-11`` (what SQL's month totals read)."""
    return f"{day.year:04d}-{day.month:02d}"


class MonthPace(NamedTuple):
    """A monthly budget part-way through its month: the minimum due by today, pro rata of
    the days elapsed (today included), and whether the minutes so far keep that pace."""

    due_hours: float
    on_pace: bool


def month_pace(minutes_so_far: int, min_minutes: int, today: date) -> MonthPace:
    """On pace when the month's minutes so far reach ``min × day / days in month``: exact in
    whole minutes, and more minutes or fewer days elapsed never lose it."""
    days = calendar.monthrange(today.year, today.month)[1]
    return MonthPace(min_minutes * today.day / days / 60, minutes_so_far * days >= min_minutes * today.day)


def weekly_minimum(budget: Budget) -> float:
    """The weekly minimum: a monthly budget counts as min × 12 / 52."""
    return scaled(budget, "week")[0]


def weekly_hours(budgets: Sequence[Budget], default_weekly_hours: float) -> float:
    """Hours a week the member commits to; the cohort default when they set no budget."""
    if not budgets:
        return default_weekly_hours
    return round(math.fsum(weekly_minimum(b) for b in budgets), _DECIMALS)


def budget_status(hours: float, min_hours: float, max_hours: float) -> BudgetStatus:
    """Under below the minimum, over above the maximum, within on or between them."""
    logged = round(hours, _DECIMALS)
    if logged < round(min_hours, _DECIMALS):
        return BudgetStatus.UNDER
    if logged > round(max_hours, _DECIMALS):
        return BudgetStatus.OVER
    return BudgetStatus.WITHIN


RESERVED_TRACKS = frozenset({"list", "undo", "remove", "edit"})
"""Words of ``/checkin`` itself (``/checkin list``), so never a track's name."""


def parse_track(text: str, *, reserved_ok: bool = False) -> str:
    """Normalise a track slug such as ``dsa`` or ``side-project``; ``reserved_ok`` lets a
    word of /checkin through (to remove a budget named so before the words were kept)."""
    slug = text.strip()
    # ASCII first: "K" (Kelvin sign) lowercases to a plain "k" and would sneak through.
    if slug.isascii():
        slug = slug.lower()
        if slug in RESERVED_TRACKS and not reserved_ok:
            raise InvalidInput(
                f"{slug} is a word of /checkin ({', '.join(sorted(RESERVED_TRACKS))}), so it can't "
                f"name a track; call it something else, like {slug}-practice."
            )
        if _TRACK.fullmatch(slug):
            return slug
    shown = quote_input(text) if text.strip() else "nothing"
    raise InvalidInput(
        "A track must be 1–32 lowercase letters, digits, '-' or '_', starting with a letter "
        f"or digit, like dsa or side-project; you wrote {shown}."
    )


def parse_period(text: str) -> Period:
    """Parse a budget period: week/weekly/w or month/monthly/m, ignoring case."""
    period = _PERIOD_WORDS.get(text.strip().lower())
    if period is None:
        shown = quote_input(text) if text.strip() else "nothing"
        raise InvalidInput(f"The period must be week or month; you wrote {shown}.")
    return period


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_budget(min_hours: float, max_hours: float, period: Period) -> None:
    """Reject a range that is negative, inverted, empty or longer than the period itself."""
    if period not in HOURS_PER_PERIOD:
        raise InvalidInput(f"The period must be week or month; you wrote {quote_input(str(period))}.")
    limit = HOURS_PER_PERIOD[period]
    example = "min=3 max=6" if period == "week" else "min=12 max=24"
    for label, value in (("minimum", min_hours), ("maximum", max_hours)):
        if not _is_number(value) or not math.isfinite(value):
            raise InvalidInput(
                f"The {label} hours must be a number like 3 or 4.5, as in {example}; "
                f"you wrote {quote_input(str(value))}."
            )
    if min_hours < 0:
        raise InvalidInput(f"The minimum hours cannot be negative; write 0 or more, as in {example}.")
    if max_hours <= 0:
        raise InvalidInput(
            f"The maximum hours must be more than 0, as in {example}; you wrote {max_hours:g}."
        )
    if max_hours < min_hours:
        raise InvalidInput(
            f"The maximum ({max_hours:g} h) is below the minimum ({min_hours:g} h); "
            f"write the smaller number as min, as in {example}."
        )
    if max_hours > limit:
        raise InvalidInput(
            f"A {period} has only {limit:g} hours, so the maximum must be at most {limit:g}; "
            f"you wrote {max_hours:g}."
        )
