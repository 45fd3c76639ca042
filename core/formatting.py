"""Counts, durations, weeks and percentages as people read them: the one place that writes them.

Every surface (console, Slack, Discord, charts, the deliverable, the CSV) formats these
through this module, so the same number reads the same everywhere:

- a count agrees with its noun: ``1 day left``, ``2 parts missing``, ``1,204 students``;
- a duration is whole minutes written like people say it: ``1h 30m``, ``45m``, ``2h``
  (and the result parses back exactly with :func:`core.commands.parse_hours`);
- a number of weeks is whole weeks, rounded up — a skill that gets there during week 14
  is there "in 14 weeks" — so a row never shows ``13.3 wk`` beside a total of ``14 weeks``;
- a percentage is rounded down to a whole percent, so 99.6% never shows as 100% before
  the last item is done, and anything above 0 but under 1% shows as ``<1%`` rather than a
  discouraging ``0%``. Exactly 0 is ``0%``, exactly all is ``100%``.

Only the standard library is used: the chart worker process imports it too.
"""

from __future__ import annotations

import math

__all__ = [
    "LESS_THAN_ONE_PERCENT",
    "duration",
    "hour_band",
    "hours",
    "percent",
    "percent_of",
    "plural",
    "shown_percent",
    "weeks",
    "whole_percent",
]

LESS_THAN_ONE_PERCENT = 0.5
"""The value :func:`shown_percent` gives a share above 0 but under 1%: it sorts between
0% and 1% and :func:`percent_of` writes it ``<1%``."""

_IRREGULAR = {"person": "people", "child": "children", "is": "are", "was": "were"}


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``count`` with ``noun`` in the number it takes: ``1 day``, ``0 days``, ``1,204 students``.

    ``many`` is the plural when adding an ``s`` is wrong (``plural(n, "match", "matches")``).
    Only the last word of ``noun`` changes, so ``plural(2, "more student")`` is ``2 more students``.
    """
    return f"{count:,} {noun if count == 1 else many or _plural_noun(noun)}"


def _plural_noun(noun: str) -> str:
    head, _, last = noun.rpartition(" ")
    if last in _IRREGULAR:
        word = _IRREGULAR[last]
    elif last.endswith(("s", "x", "ch", "sh")):
        word = last + "es"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def duration(minutes: int) -> str:
    """Whole minutes the way people say them: ``1h 30m``, ``45m``, ``2h``, ``0m``."""
    if minutes < 0:
        raise ValueError(f"minutes must not be negative, got {minutes}")
    whole_hours, rest = divmod(minutes, 60)
    if rest == 0:
        return f"{whole_hours}h"
    if whole_hours == 0:
        return f"{rest}m"
    return f"{whole_hours}h {rest}m"


def hours(value: float) -> str:
    """Hours as a :func:`duration`, to the nearest whole minute (``1.5`` → ``1h 30m``)."""
    return duration(max(0, round(value * 60)))


def weeks(value: float | None) -> str:
    """A number of weeks as whole weeks, rounded up: ``13.3`` → ``14 weeks``, ``1`` → ``1 week``.

    None means it is never reached (no weekly hours to spend)."""
    if value is None:
        return "never at 0 h/week"
    # A share of weekly hours carried as a float may land a hair above a whole week.
    return plural(math.ceil(round(value, 6)), "week")


def whole_percent(done: int, total: int) -> int:
    """The share ``done`` of ``total`` in whole percent, rounded down (0 when there is nothing)."""
    if total <= 0 or done <= 0:
        return 0
    return 100 * min(done, total) // total


def shown_percent(done: int, total: int) -> float:
    """The percentage as it is shown, as a number to sort and rank by: :func:`whole_percent`,
    or :data:`LESS_THAN_ONE_PERCENT` for a share above 0 but under 1%."""
    whole = whole_percent(done, total)
    return LESS_THAN_ONE_PERCENT if whole == 0 and done > 0 and total > 0 else float(whole)


def percent_of(value: float) -> str:
    """A percentage (0–100) by the one rule: rounded down, and ``<1%`` above 0 but under 1."""
    if 0 < value < 1:
        return "<1%"
    return f"{math.floor(min(max(value, 0.0), 100.0))}%"


def percent(done: int, total: int) -> str:
    """``done`` of ``total`` as a percentage by the one rule (``7`` of ``250`` → ``2%``)."""
    return percent_of(shown_percent(done, total))


def hour_band(low: float, high: float | None) -> str:
    """A budget band in hours: ``5h–7h``, or ``at least 6h`` when there is no upper end."""
    return f"{hours(low)}–{hours(high)}" if high is not None else f"at least {hours(low)}"
