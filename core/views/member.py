"""Views of a member and their cohort: the cohort's settings, ``/me``, help and the home screen."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from core.views.activity import BudgetListView, ProgressView, StreakView
from core.views.base import View
from core.views.plans import PlanCheckView


class ScheduleEntryView(BaseModel):
    kind: str
    enabled: bool
    cron: str


class VoiceRoomView(BaseModel):
    channel_id: str
    """A Discord voice or stage channel's id."""
    track: str


class CohortView(View):
    view: Literal["cohort"] = "cohort"
    name: str
    timezone: str
    channel_id: str | None
    term_start: date | None
    term_end: date | None
    horizon_weeks: int
    step_hours: list[float]
    default_weekly_hours: float
    students: int
    instructors: int
    your_role: str
    instructor_names: list[str] = Field(default_factory=list)
    """The instructors' display names, in the order they joined."""
    schedule: list[ScheduleEntryView] = Field(default_factory=list)
    focus: str | None = None
    voice_rooms: list[VoiceRoomView] = Field(default_factory=list)
    """Voice study rooms whose time counts for a track (Discord)."""
    headline: str | None = None
    reflections_enabled: bool = True
    reflection_questions: list[str] = Field(default_factory=list)
    """The weekly reflection's questions, ``Done: What did you get done this week?``."""


class MeView(View):
    view: Literal["me"] = "me"
    display_name: str
    cohort: str
    role: str
    timezone: str
    timezone_is_cohorts: bool
    dms_enabled: bool
    leaderboard_visible: bool
    paused_until: date | None
    voice_tracking: bool = True
    """Time in the cohort's voice study rooms counts (Discord)."""
    reminder_day: str | None = None
    """The member's own day for the weekly check-in DM ("Sun"); None: the cohort's."""
    reminder_time: str | None = None
    """The member's own local time for personal DMs ("19:00"); None: the cohort's."""
    quiet_hours: str | None = "22:00–08:00"
    """No DMs in these local hours; None: quiet hours are off."""
    snoozed_until: str | None = None
    """Reminders wait until then (local, "Mon 7 Dec 19:00"); None: not snoozed."""
    headline: str | None = None


class HelpEntryView(BaseModel):
    usage: str
    summary: str
    group: str | None = None
    """The heading /help lists it under (None in a list of one group's commands)."""
    examples: list[str] = []
    """Two ways to write it, shown by /help COMMAND."""


class HelpView(View):
    view: Literal["help"] = "help"
    entries: list[HelpEntryView]
    detail: str | None = None
    private: bool = True


class ScheduledRowView(BaseModel):
    kind: str
    recipient: str
    local_time: str
    utc_time: str
    state: str | None = None
    """In a list of what is due now: waiting (in the outbox), new, or too late."""


class SchedulePreviewView(View):
    """What a cohort's schedule sends over ``days`` from ``start`` (``stride schedule
    preview``), or, with ``due_by``, what is due by that instant (``stride tick --preview``)."""

    view: Literal["schedule_preview"] = "schedule_preview"
    cohort: str
    start: date
    days: int
    rows: list[ScheduledRowView]
    platform: str | None = None
    due_by: str | None = None


class HomeView(View):
    view: Literal["home"] = "home"
    week: ProgressView | None = None
    budgets: BudgetListView | None = None
    streak: StreakView | None = None
    plan: PlanCheckView | None = None
    problem: str | None = None
    """Why there is nothing to show (not in a cohort yet, in several), in one sentence."""
