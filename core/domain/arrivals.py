"""The week each skill of a plan reaches its target, by processor sharing (DESIGN §2).

A fixed share of the weekly hours per skill made some rows longer than the plan's own
total; sharing the hours among the skills still climbing, and passing a finished skill's
share on, spends every hour of every week, so the last arrival is the plan's total.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Final

DECIMALS: Final = 6
"""Arrivals are rounded to this many decimals, as the plan's hour sums are."""


def arrival_weeks(
    left: Sequence[float], weights: Sequence[int], weekly: float, total: float
) -> list[float | None]:
    """When each skill reaches its target by processor sharing (DESIGN §2).

    The weekly hours are split among the skills still climbing by priority weight; when one
    arrives its share passes to the rest, so every hour of every week is spent while any
    skill is left and the last arrival is ``total / weekly``. Worked in exact fractions; the
    last arrival is set to ``total / weekly`` itself so the rows and the plan's total round
    the same way.
    """
    finish: list[float | None] = [0.0 if hours <= 0 else None for hours in left]
    if weekly <= 0:
        return finish
    rate = Fraction(weekly)
    climbing = {i: Fraction(hours) for i, hours in enumerate(left) if hours > 0}
    now = Fraction(0)
    while climbing:
        weight = sum(weights[i] for i in climbing)
        step = min(hours * weight / (rate * weights[i]) for i, hours in climbing.items())
        now += step
        for i in list(climbing):
            climbing[i] -= step * rate * weights[i] / weight
            if climbing[i] <= 0:
                del climbing[i]
                finish[i] = round(float(now), DECIMALS)
                if not climbing:
                    finish[i] = round(total / weekly, DECIMALS)
    return finish
