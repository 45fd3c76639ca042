"""Views of a student's plan: its slots, its skills and whether it is attainable."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from core.views.base import View


class PlanSlotView(BaseModel):
    slot: str
    position: str
    industry: str
    rationale: str | None


class SkillRowView(BaseModel):
    number: int
    name: str
    kind: str
    priority: int
    priority_label: str
    current: int
    current_label: str
    target: int
    target_label: str
    gap: int
    notes: str | None
    ease: int | None = None
    """Ease of learning, 1 easy – 3 hard; None until rated."""
    ease_label: str = "not rated"


class PlanView(View):
    view: Literal["plan"] = "plan"
    member: str
    plans: list[PlanSlotView]
    general_skills: int
    specific_skills: int
    headline: str | None = None


class SkillListView(View):
    view: Literal["skills"] = "skills"
    member: str
    skills: list[SkillRowView]
    general: int
    specific: int
    headline: str | None = None


class SkillEstimateView(BaseModel):
    name: str
    kind: str
    priority: int
    current: int
    target: int
    gap: int
    hours_needed: float
    hours_done: float = 0.0
    hours_left: float = 0.0
    weeks_to_target: float | None
    week_reached: int | None = None


class TargetCutView(BaseModel):
    skill: str
    priority: int
    from_target: int
    to_target: int
    hours_saved: float


class PlanCheckView(View):
    view: Literal["plan_check"] = "plan_check"
    member: str
    complete: bool
    missing: list[str]
    skills: list[SkillEstimateView]
    total_hours: float
    weekly_hours: float
    weekly_source: Literal["budgets", "cohort default"]
    total_weeks: int | None
    horizon_weeks: int
    step_hours: tuple[float, ...] = (5, 15, 40, 100, 200)
    attainable: bool
    weekly_hours_needed: int | None
    cuts: list[TargetCutView]
    total_weeks_after_cuts: int | None
    quick_wins: list[str] = Field(default_factory=list)
    """Skills of priority 1 rated easy that are still below their target: where to start."""
    unrated_ease: int = 0
    """How many skills have no ease of learning yet."""
