"""Views of what a student does week by week: budgets, check-ins, progress, streaks, goals."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel

from core.views.base import BudgetStatusName, View


class BudgetRowView(BaseModel):
    track: str
    min_hours: float
    max_hours: float
    period: Literal["week", "month"]
    weekly_min_hours: float
    skill: str | None = None
    """The skill the track's hours count toward, if linked."""


class BudgetListView(View):
    view: Literal["budgets"] = "budgets"
    budgets: list[BudgetRowView]
    weekly_hours: float
    uses_default: bool
    headline: str | None = None


class CheckinView(View):
    view: Literal["checkin"] = "checkin"
    hours: float
    track: str
    local_date: date
    skill: str | None
    week: str
    track_week_hours: float
    budget_min_hours: float | None
    budget_max_hours: float | None
    budget_status: BudgetStatusName | None
    duplicate: bool = False
    month_hours: float | None = None
    """A monthly budget's track: the hours of the check-in's calendar month (the band is the month's)."""
    default_weekly_hours: float | None = None
    """The cohort's default weekly hours when the member has no budget (it stands for one)."""


class TrackProgressView(BaseModel):
    track: str
    hours: float
    min_hours: float | None
    max_hours: float | None
    status: BudgetStatusName | None
    month_to_date: bool = False
    """A monthly budget in a weekly view: ``hours`` are the calendar month's so far and the
    band is the month's."""
    due_hours: float | None = None
    """Month to date: the minimum due by today, pro rata of the days elapsed."""
    on_pace: bool | None = None
    """Month to date: whether ``hours`` reach ``due_hours``."""


class ProgressView(View):
    view: Literal["progress"] = "progress"
    member: str
    period: Literal["week", "month"]
    label: str
    start: date
    end: date
    days_left: int
    tracks: list[TrackProgressView]
    total_hours: float
    streak: int
    paused_until: date | None
    roadmap_done: int | None = None
    roadmap_total: int | None = None
    """Items of the member's roadmap done and in all; None without a roadmap."""
    default_min_hours: float | None = None
    """Without budgets: the cohort's default weekly hours for the period (the total's band)."""
    default_status: BudgetStatusName | None = None
    """Without budgets: the total against ``default_min_hours``."""

    @property
    def roadmap_percent(self) -> int | None:
        """Whole percent, rounded down so an unfinished roadmap never shows 100%."""
        if not self.roadmap_total or self.roadmap_done is None:
            return None
        return 100 * self.roadmap_done // self.roadmap_total


class StreakView(View):
    view: Literal["streak"] = "streak"
    current: int
    best: int
    this_week_met: bool
    weekly_target: str
    paused_until: date | None


class GoalRowView(BaseModel):
    number: int
    horizon: str
    horizon_label: str
    text: str
    visibility: str


class GoalListView(View):
    view: Literal["goals"] = "goals"
    goals: list[GoalRowView]
    headline: str | None = None
