"""Views the scheduler sends on its own: weekly reminders and status, hour check-ins, re-assessments."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from core.views.activity import BudgetRowView
from core.views.base import BudgetStatusName, View
from core.views.reflections import ReflectionPromptView


class BudgetWeekRowView(BaseModel):
    track: str
    hours: float
    min_hours: float
    max_hours: float | None
    """None for the cohort default, which is a minimum only."""
    status: BudgetStatusName
    month_to_date: bool = False
    """A monthly budget: ``hours`` are its calendar month's so far, the band the month's."""
    due_hours: float | None = None
    on_pace: bool | None = None


class ReassessDueView(BaseModel):
    """A skill whose logged hours passed its next level's step since its last assessment."""

    number: int
    name: str
    current: int
    next_level: int
    hours_done: float
    step_hours: float


class WeeklyReminderView(View):
    """The Monday channel post: the week of the term and the instructor's focus."""

    view: Literal["weekly_reminder"] = "weekly_reminder"
    private: bool = False
    cohort: str
    week: str
    term_week: int | None
    focus: str | None


class WeeklyStatusView(View):
    """The personal Monday DM: last week against each budget, and this week's targets."""

    view: Literal["weekly_status"] = "weekly_status"
    member: str
    last_week: str
    rows: list[BudgetWeekRowView]
    this_week: str
    targets: list[BudgetRowView]
    streak: int
    reassess_due: list[ReassessDueView] = Field(default_factory=list)


class QuickLogView(BaseModel):
    track: str
    minutes: int
    label: str
    command: str


class HoursCheckinView(View):
    """The Sunday DM: hours so far this week against each budget, with quick-log choices."""

    view: Literal["hours_checkin"] = "hours_checkin"
    member: str
    week: str
    rows: list[BudgetWeekRowView]
    quick_log: list[QuickLogView]
    reassess_due: list[ReassessDueView] = Field(default_factory=list)
    reflection: ReflectionPromptView | None = None
    """The week's reflection to answer (a button opening the questions); None when the
    cohort has reflections off."""


class ReassessSkillView(BaseModel):
    name: str
    number: int | None = None
    """The skill's number in /skill list, so the prompt can be answered with /skill assess N LEVEL
    (None in a prompt queued before numbers were shown)."""
    current: int
    current_label: str
    target: int
    target_label: str


class ReassessmentView(View):
    """The monthly DM asking for each skill's new level."""

    view: Literal["reassessment"] = "reassessment"
    member: str
    month: str
    skills: list[ReassessSkillView]
