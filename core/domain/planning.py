"""Time to target and attainability (DESIGN §2).

A plan is only a deliverable when the hours it needs fit the horizon at the hours the
student budgets; when they do not, the student gets two concrete ways out — more hours a
week, or lower targets — instead of a bare "no".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Final, Protocol

from core.domain.arrivals import arrival_weeks
from core.domain.levels import (
    MAX_LEVEL,
    MIN_LEVEL,
    PRIORITY_WEIGHTS,
    SkillKind,
    check_level,
    check_priority,
)
from core.errors import InvalidInput

DEFAULT_STEP_HOURS: Final[tuple[float, ...]] = (5, 15, 40, 100, 200)
DEFAULT_HORIZON_WEEKS: Final = 52
DEFAULT_WEEKLY_HOURS: Final = 6.0

STEP_COUNT: Final = MAX_LEVEL - MIN_LEVEL
# Beyond these the numbers are typos, and unbounded floats could overflow the sums.
MAX_STEP_HOURS: Final = 10_000.0
MAX_WEEKLY_HOURS: Final = 168.0
MAX_HORIZON_WEEKS: Final = 52 * 20

# Hour sums are rounded to this many decimals before ``ceil`` so float noise such as
# 0.1 + 0.2 never adds a whole week.
_DECIMALS: Final = 6


@dataclass(frozen=True, slots=True)
class SkillTarget:
    """One skill of a plan as the model needs it: where the student is and wants to be, and
    the hours logged toward it since it was last assessed."""

    name: str
    kind: SkillKind
    priority: int
    current: int
    target: int
    done_hours: float = 0.0

    def __post_init__(self) -> None:
        check_priority(self.priority)
        check_level(self.current, "current level")
        check_level(self.target, "target level")
        if not math.isfinite(self.done_hours) or self.done_hours < 0:
            raise InvalidInput(f"Hours done must be a positive number; got {str(self.done_hours)[:20]}.")


@dataclass(frozen=True, slots=True)
class SkillEstimate:
    """A skill's row of the plan: how far it is, the hours logged toward it and left, and
    the week it is expected to reach its target (``weeks_to_target``, exact; ``week_reached``
    is that week counted whole, the way the plan's total is)."""

    name: str
    kind: SkillKind
    priority: int
    current: int
    target: int
    gap: int
    hours_needed: float
    hours_done: float
    hours_left: float
    weeks_to_target: float | None
    week_reached: int | None


@dataclass(frozen=True, slots=True)
class TargetCut:
    """One skill's lowered target, offered so the student can choose what to give up."""

    skill: str
    priority: int
    from_target: int
    to_target: int
    hours_saved: float


@dataclass(frozen=True, slots=True)
class Attainability:
    """The verdict on a plan, plus what would make it attainable when it is not."""

    skills: tuple[SkillEstimate, ...]
    total_hours: float
    weekly_hours: float
    total_weeks: int | None
    horizon_weeks: int
    attainable: bool
    weekly_hours_needed: int | None
    cuts: tuple[TargetCut, ...]
    total_weeks_after_cuts: int | None


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a plan fits its horizon, without the estimates and the ways out: all a
    cohort report asks of every student's plan (the cuts cost far more to work out)."""

    total_weeks: int | None
    horizon_weeks: int
    attainable: bool
    hours_left: float = 0.0
    """The plan's hours still to practise (hours logged toward skills taken off)."""


def check_step_hours(values: Sequence[float]) -> tuple[float, ...]:
    """Validate a cohort's level-step hours: one finite positive number per step."""
    example = " ".join(f"{v:g}" for v in DEFAULT_STEP_HOURS)
    rule = (
        f"Level-step hours must be {STEP_COUNT} positive numbers of hours, one for each step "
        f"from 0→1 to 4→5 and each at most {MAX_STEP_HOURS:,.0f}, like {example}"
    )
    items = tuple(values)
    if len(items) != STEP_COUNT:
        raise InvalidInput(f"{rule}; you gave {len(items)}.")
    for item in items:
        if (
            isinstance(item, bool)
            or not isinstance(item, int | float)
            or not math.isfinite(item)
            or not 0 < item <= MAX_STEP_HOURS
        ):
            raise InvalidInput(f"{rule}; {str(item)[:20]} is not allowed.")
    return tuple(float(item) for item in items)


def hours_needed(current: int, target: int, step_hours: Sequence[float]) -> float:
    """Hours to climb from ``current`` to ``target``: the sum of the steps in between."""
    check_level(current, "current level")
    check_level(target, "target level")
    return _need(check_step_hours(step_hours), current, target)


def _need(steps: Sequence[float], current: int, target: int) -> float:
    if target <= current:
        return 0.0
    return round(math.fsum(steps[current:target]), _DECIMALS)


def _crossings(levels: Iterable[tuple[int, int]]) -> tuple[int, ...]:
    counts = [0] * STEP_COUNT
    for current, target in levels:
        for step in range(current, target):  # step i climbs from level i (MIN_LEVEL is 0)
            counts[step] += 1
    return tuple(counts)


def _total_hours(steps: Sequence[float], crossings: Sequence[int]) -> float:
    """The hours of every step climbed: step ``i``'s hours ``crossings[i]`` times, summed
    exactly (``fsum`` of the repeated terms, not of rounded products) and rounded once."""
    climbed = chain.from_iterable(repeat(hours, count) for hours, count in zip(steps, crossings, strict=True))
    return round(math.fsum(climbed), _DECIMALS)


def _weeks(total_hours: float, weekly_hours: float) -> int | None:
    """Whole weeks to spend ``total_hours`` at ``weekly_hours``; None when it never ends."""
    if total_hours <= 0:
        return 0
    if weekly_hours <= 0:
        return None
    return math.ceil(round(total_hours / weekly_hours, _DECIMALS))


def _check_weekly_hours(weekly_hours: float) -> float:
    if (
        isinstance(weekly_hours, bool)
        or not isinstance(weekly_hours, int | float)
        or not math.isfinite(weekly_hours)
        or not 0 <= weekly_hours <= MAX_WEEKLY_HOURS
    ):
        raise InvalidInput(
            f"Weekly hours must be a number from 0 to {MAX_WEEKLY_HOURS:g}, like 6 or 7.5; "
            f"you gave {str(weekly_hours)[:20]}."
        )
    # Rounded so a vanishing positive rate cannot overflow the week count.
    return round(float(weekly_hours), _DECIMALS)


def _check_horizon(horizon_weeks: int) -> int:
    if (
        isinstance(horizon_weeks, bool)
        or not isinstance(horizon_weeks, int)
        or not 1 <= horizon_weeks <= MAX_HORIZON_WEEKS
    ):
        raise InvalidInput(
            f"The horizon must be a whole number of weeks from 1 to {MAX_HORIZON_WEEKS}, "
            f"like {DEFAULT_HORIZON_WEEKS}; you gave {str(horizon_weeks)[:20]}."
        )
    return horizon_weeks


def _estimates(
    skills: Sequence[SkillTarget], needs: Sequence[float], weekly_hours: float, total: float
) -> tuple[SkillEstimate, ...]:
    """Each skill's row: its hours needed, done and left, and the week it arrives."""
    done = [min(need, round(s.done_hours, _DECIMALS)) for s, need in zip(skills, needs, strict=True)]
    left = [round(need - d, _DECIMALS) for need, d in zip(needs, done, strict=True)]
    arrivals = arrival_weeks(left, [PRIORITY_WEIGHTS[s.priority] for s in skills], weekly_hours, total)
    return tuple(
        SkillEstimate(
            name=skill.name,
            kind=skill.kind,
            priority=skill.priority,
            current=skill.current,
            target=skill.target,
            gap=max(0, skill.target - skill.current),
            hours_needed=need,
            hours_done=hours_done,
            hours_left=hours_left,
            weeks_to_target=arrival,
            week_reached=None if arrival is None else math.ceil(arrival),
        )
        for skill, need, hours_done, hours_left, arrival in zip(
            skills, needs, done, left, arrivals, strict=True
        )
    )


def credited_hours(steps: Sequence[float], skills: Iterable[tuple[int, int, float]]) -> float:
    """The hours logged toward skills that count against their need: for each (current,
    target, hours done), at most the hours the skill still needs."""
    return round(math.fsum(min(_need(steps, c, t), max(0.0, d)) for c, t, d in skills), _DECIMALS)


def ready_to_reassess(current: int, target: int, done_hours: float, steps: Sequence[float]) -> bool:
    """The hours logged toward a skill since its last assessment cover its next level's
    step: time to ask the student whether they are there."""
    return current < target and done_hours >= steps[current]


def _remaining(total_hours: float, credited: float) -> float:
    return max(0.0, round(total_hours - credited, _DECIMALS))


def _cuts(
    skills: Sequence[SkillTarget],
    steps: Sequence[float],
    total_hours: float,
    weekly_hours: float,
    horizon_weeks: int,
) -> tuple[tuple[TargetCut, ...], int | None]:
    """Lower targets one level at a time, least important and biggest step first.

    Returns the cuts consolidated per skill, in the order each skill was first cut, and
    the total weeks once they are all applied.
    """
    targets = [s.target for s in skills]
    first_cut: list[int] = []
    saved = [0.0] * len(skills)
    remaining = total_hours
    done = [s.done_hours for s in skills]

    def fits() -> bool:
        weeks = _weeks(remaining, weekly_hours)
        return weeks is not None and weeks <= horizon_weeks

    while not fits():
        # Only a skill with hours left saves any by a lower target.
        candidates = [
            i
            for i, s in enumerate(skills)
            if targets[i] > s.current and _need(steps, s.current, targets[i]) > done[i]
        ]
        if not candidates:
            break
        # Priority 3 before 2 before 1, then the biggest top step, then plan order.
        chosen = min(candidates, key=lambda i: (-skills[i].priority, -steps[targets[i] - 1], i))
        skill = skills[chosen]
        before = max(0.0, _need(steps, skill.current, targets[chosen]) - done[chosen])
        targets[chosen] -= 1
        if chosen not in first_cut:
            first_cut.append(chosen)
        saved[chosen] += before - max(0.0, _need(steps, skill.current, targets[chosen]) - done[chosen])
        levels = [(s.current, t) for s, t in zip(skills, targets, strict=True)]
        remaining = _remaining(
            _total_hours(steps, _crossings(levels)),
            credited_hours(steps, ((c, t, d) for (c, t), d in zip(levels, done, strict=True))),
        )

    cuts = tuple(
        TargetCut(
            skill=skills[i].name,
            priority=skills[i].priority,
            from_target=skills[i].target,
            to_target=targets[i],
            hours_saved=round(saved[i], _DECIMALS),
        )
        for i in first_cut
    )
    return cuts, _weeks(remaining, weekly_hours)


class Levels(Protocol):
    """What the verdict reads of a skill: a ``SkillTarget``, or a stored skill (checked when
    it was written)."""

    @property
    def current(self) -> int: ...

    @property
    def target(self) -> int: ...


class VerdictJudge:
    """``verdict`` for many plans under one cohort's level steps and horizon: a digest asks
    it of every student, so the cohort's numbers are checked once, not once a student, and
    a verdict is worked out once for each pattern of levels and weekly hours (a cohort's
    plans repeat a few of them)."""

    def __init__(
        self, step_hours: Sequence[float] = DEFAULT_STEP_HOURS, horizon_weeks: int = DEFAULT_HORIZON_WEEKS
    ) -> None:
        self._steps = check_step_hours(step_hours)
        self._horizon = _check_horizon(horizon_weeks)
        self._known: dict[tuple[tuple[int, ...], float, float], Verdict] = {}

    @property
    def step_hours(self) -> tuple[float, ...]:
        return self._steps

    def __call__(self, skills: Sequence[Levels], weekly_hours: float, credited: float = 0.0) -> Verdict:
        return self.of_crossings(step_crossings(skills), weekly_hours, credited)

    def of_crossings(self, crossings: tuple[int, ...], weekly_hours: float, credited: float = 0.0) -> Verdict:
        """The verdict on skills that climb step ``i`` ``crossings[i]`` times in all
        (``step_crossings``; a cohort report counts them in SQL), less the ``credited``
        hours already logged toward them (``credited_hours``)."""
        weekly = _check_weekly_hours(weekly_hours)
        key = (crossings, weekly, credited)
        found = self._known.get(key)
        if found is None:
            found = _verdict(
                _remaining(_total_hours(self._steps, crossings), credited), weekly, self._horizon
            )
            self._known[key] = found
        return found


def step_crossings(skills: Iterable[Levels]) -> tuple[int, ...]:
    """How many of ``skills`` climb each level step (0→1, …, 4→5): all the model needs of
    them to total their hours."""
    return _crossings((s.current, s.target) for s in skills)


def verdict(
    skills: Sequence[Levels],
    weekly_hours: float,
    step_hours: Sequence[float] = DEFAULT_STEP_HOURS,
    horizon_weeks: int = DEFAULT_HORIZON_WEEKS,
) -> Verdict:
    """``assess``'s verdict (total weeks, attainable) alone."""
    judge = VerdictJudge(step_hours, horizon_weeks)
    credited = credited_hours(judge.step_hours, ((s.current, s.target, _done(s)) for s in skills))
    return judge(skills, weekly_hours, credited)


def _done(skill: Levels) -> float:
    return skill.done_hours if isinstance(skill, SkillTarget) else 0.0


def _verdict(total_hours: float, weekly: float, horizon: int) -> Verdict:
    total_weeks = _weeks(total_hours, weekly)
    return Verdict(total_weeks, horizon, total_weeks is not None and total_weeks <= horizon, total_hours)


def assess(
    skills: Sequence[SkillTarget],
    weekly_hours: float,
    step_hours: Sequence[float] = DEFAULT_STEP_HOURS,
    horizon_weeks: int = DEFAULT_HORIZON_WEEKS,
) -> Attainability:
    """Judge whether the plan's targets fit the horizon at ``weekly_hours`` a week."""
    steps = check_step_hours(step_hours)
    weekly = _check_weekly_hours(weekly_hours)
    horizon = _check_horizon(horizon_weeks)
    needs = [_need(steps, s.current, s.target) for s in skills]
    credited = credited_hours(steps, ((s.current, s.target, s.done_hours) for s in skills))
    total = _remaining(_total_hours(steps, step_crossings(skills)), credited)
    found = _verdict(total, weekly, horizon)
    total_weeks, attainable = found.total_weeks, found.attainable

    weekly_needed: int | None = None
    cuts: tuple[TargetCut, ...] = ()
    weeks_after_cuts: int | None = None
    if not attainable:
        weekly_needed = math.ceil(round(total / horizon, _DECIMALS))
        cuts, weeks_after_cuts = _cuts(skills, steps, total, weekly, horizon)

    return Attainability(
        skills=_estimates(skills, needs, weekly, total),
        total_hours=total,
        weekly_hours=weekly,
        total_weeks=total_weeks,
        horizon_weeks=horizon,
        attainable=attainable,
        weekly_hours_needed=weekly_needed,
        cuts=cuts,
        total_weeks_after_cuts=weeks_after_cuts,
    )
