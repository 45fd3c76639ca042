"""View models: what services return and every adapter renders.

Each view names itself in ``view`` (used by renderers and by ``--json``) and says whether
it is ``private`` (personal data: ephemeral on Discord and Slack) or fit for the channel.
Hours are plain floats in hours, rounded for people by the renderers.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator

BudgetStatusName = Literal["under", "within", "over"]


class Attachment(BaseModel):
    """A file that goes with a reply: a chart, an export.

    Each adapter hands it over its own way (the console writes it to a folder, Discord
    attaches it, Slack uploads it). In JSON, such as an outbox payload, the bytes travel as
    base64 so a notification keeps its file through a restart.
    """

    model_config = ConfigDict(frozen=True)
    filename: str
    media_type: str
    data: bytes
    description: str = ""

    @field_validator("data", mode="before")
    @classmethod
    def _from_base64(cls, value: object) -> object:
        return base64.b64decode(value, validate=True) if isinstance(value, str) else value

    @field_serializer("data", when_used="json")
    def _to_base64(self, value: bytes) -> str:
        return base64.b64encode(value).decode("ascii")


FollowUp = Callable[[], Awaitable["View | None"]]


class View(BaseModel):
    model_config = ConfigDict(frozen=True)
    private: bool = True
    attachments: tuple[Attachment, ...] = ()
    follow_up: FollowUp | None = Field(default=None, exclude=True, repr=False)
    """The slow rest of a reply (a digest's chart): an adapter sends this view first, then
    awaits ``follow_up()`` and sends what it returns (None: nothing after all), so the
    answer never waits on a drawing. Never serialised: a view kept as JSON (the outbox)
    carries its files instead."""


class Notice(View):
    view: Literal["notice"] = "notice"
    text: str


class ScheduleEntryView(BaseModel):
    kind: str
    enabled: bool
    cron: str


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
    schedule: list[ScheduleEntryView] = []
    focus: str | None = None
    headline: str | None = None


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
    weeks_to_target: float | None


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
    attainable: bool
    weekly_hours_needed: int | None
    cuts: list[TargetCutView]
    total_weeks_after_cuts: int | None


class BudgetRowView(BaseModel):
    track: str
    min_hours: float
    max_hours: float
    period: Literal["week", "month"]
    weekly_min_hours: float


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


class TrackProgressView(BaseModel):
    track: str
    hours: float
    min_hours: float | None
    max_hours: float | None
    status: BudgetStatusName | None


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
    headline: str | None = None


class HelpEntryView(BaseModel):
    usage: str
    summary: str


class HelpView(View):
    view: Literal["help"] = "help"
    entries: list[HelpEntryView]
    detail: str | None = None
    private: bool = True


class BudgetWeekRowView(BaseModel):
    track: str
    hours: float
    min_hours: float
    max_hours: float
    status: BudgetStatusName


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


class ReassessSkillView(BaseModel):
    name: str
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
