"""The plan model in words, the same on every platform: each skill's time to target, how
attainability was judged (seed 001: "How will you identify if it is attainable?") and the
horizon's label."""

from __future__ import annotations

from core.domain.levels import PRIORITY_NAMES, PRIORITY_WEIGHTS
from core.formatting import hours as _hours
from core.formatting import plural
from core.views.plans import PlanCheckView, SkillEstimateView
from core.views.scheduled import ReassessDueView

_ONE_YEAR_WEEKS = 52


def horizon_label(horizon_weeks: int) -> str:
    """ "within one year (52 weeks)" for the assignment's year, else "within 40 weeks"."""
    if horizon_weeks == _ONE_YEAR_WEEKS:
        return f"within one year ({horizon_weeks} weeks)"
    return f"within {plural(horizon_weeks, 'week')}"


def time_to_target(estimate: SkillEstimateView) -> str:
    """The week a skill is expected to reach its target, counted whole like the plan's total."""
    if estimate.hours_left <= 0 and estimate.hours_needed > 0:
        return "reached (re-assess it)"
    if estimate.hours_needed <= 0:
        return "at target"
    if estimate.week_reached is None:
        return "never at 0h a week"
    return f"week {estimate.week_reached}"


def hours_done_and_left(estimate: SkillEstimateView) -> str:
    """ "55h: 20h done, 35h left", or just the hours needed when none are logged yet."""
    if estimate.hours_done <= 0:
        return _hours(estimate.hours_needed)
    done, left = _hours(estimate.hours_done), _hours(estimate.hours_left)
    return f"{_hours(estimate.hours_needed)}: {done} done, {left} left"


def weekly_source(view: PlanCheckView) -> str:
    if view.weekly_source == "budgets":
        return "the sum of your budgets' minimums (a monthly minimum counts × 12 ÷ 52 a week)"
    return "the cohort's default weekly hours, since you have no budget yet (/budget set dsa 5-7)"


def assumptions(view: PlanCheckView) -> list[str]:
    """How the verdict was reached, one sentence each."""
    steps = ", ".join(f"{level}→{level + 1} {_hours(h)}" for level, h in enumerate(view.step_hours))
    shares = " : ".join(f"{PRIORITY_NAMES[p]} {PRIORITY_WEIGHTS[p]}" for p in sorted(PRIORITY_WEIGHTS))
    return [
        f"Each level step takes a set number of hours of practice: {steps}.",
        f"You study {_hours(view.weekly_hours)} a week: {weekly_source(view)}.",
        "Hours you log toward a skill since its last assessment count against what it needs "
        "(a check-in with skill=…, or on a budget track linked to the skill).",
        f"Each week's hours are shared by the skills still climbing, by priority ({shares}); "
        "a skill that reaches its target passes its share on.",
        f"Attainable means every target is reached {horizon_label(view.horizon_weeks)}: "
        f"hours left ÷ weekly hours, rounded up to whole weeks.",
    ]


def plan_hours(done: float, left: float | None) -> str:
    """A digest row's plan: "512h left (20h done)", or "no skills" before there are any."""
    if left is None:
        return "no skills"
    return f"{_hours(left)} left" + (f" ({_hours(done)} done)" if done > 0 else "")


def reassess_line(due: ReassessDueView) -> str:
    """Why a skill should be re-assessed now, and the command that does it."""
    return (
        f"You have logged {_hours(due.hours_done)} toward {due.name} since its last assessment, "
        f"as much as the step to level {due.next_level} takes ({_hours(due.step_hours)}): "
        f"if you are there, /skill assess {due.number} {due.next_level}"
    )
