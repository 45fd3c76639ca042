"""Views of what a student does week by week: budgets, check-ins, progress, streaks, goals."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from core.formatting import whole_percent
from core.views.base import BudgetStatusName, View
from core.views.reflections import CommitmentView


class BudgetRowView(BaseModel):
    track: str
    min_hours: float
    max_hours: float
    period: Literal["week", "month"]
    weekly_min_hours: float
    skill: str | None = None
    """The skill the track's hours count toward, if linked."""


class CountBudgetView(BaseModel):
    """A count budget ("1 book every 3 months") and its block in progress."""

    track: str
    unit: str
    min_count: int
    max_count: int
    period: Literal["week", "month"]
    every: int
    block_start: date
    block_end: date
    done: int
    """Things tallied in the block so far."""
    due: int
    """Things due by today, pro rata of the block's days (rounded down)."""
    status: BudgetStatusName


class BudgetListView(View):
    view: Literal["budgets"] = "budgets"
    budgets: list[BudgetRowView]
    weekly_hours: float
    uses_default: bool
    headline: str | None = None
    counts: list[CountBudgetView] = Field(default_factory=list)
    """Count budgets: never part of ``weekly_hours``."""


class TallyView(View):
    """``/checkin 1 book reading``: the tally and the block it counts toward."""

    view: Literal["tally"] = "tally"
    amount: int
    local_date: date
    budget: CountBudgetView
    duplicate: bool = False


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
    hint: str | None = None
    """Said after a big bare number (``/checkin 20 dsa``): it was read as hours."""
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
    counts: list[CountBudgetView] = Field(default_factory=list)
    """Count budgets and their blocks so far (never in the hours above)."""
    commitments: list[CommitmentView] = Field(default_factory=list)
    """This week's commitment, made in last week's reflection, against the hours so far
    (the week view only)."""

    @property
    def roadmap_percent(self) -> int | None:
        """Whole percent, rounded down so an unfinished roadmap never shows 100%
        (:func:`core.formatting.whole_percent`; renderers write it with ``percent``)."""
        if not self.roadmap_total or self.roadmap_done is None:
            return None
        return whole_percent(self.roadmap_done, self.roadmap_total)


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
    achieved_on: date | None = None
    """The member's local date the goal was marked achieved (/goal done N)."""
    tags: list[str] = []
    """The tags of the goals document it was imported from."""

    @property
    def state(self) -> str:
        """Its visibility, and when it was achieved: "private, achieved 2026-12-05 ✓"."""
        achieved = f", achieved {self.achieved_on.isoformat()} ✓" if self.achieved_on else ""
        return f"{self.visibility}{achieved}"

    @property
    def tags_label(self) -> str:
        return f" · tags: {', '.join(self.tags)}" if self.tags else ""


class GoalListView(View):
    view: Literal["goals"] = "goals"
    goals: list[GoalRowView]
    headline: str | None = None


class LedgerRowView(BaseModel):
    number: int
    """Its place in the member's check-ins, newest first: what /checkin remove N and edit N take."""
    local_date: date
    hours: float
    track: str
    skill: str | None
    note: str | None
    source: Literal["typed", "voice", "timer"] = "typed"
    """Typed by the member, or logged by a study session (a voice room, a focus timer)."""

    @property
    def source_label(self) -> str | None:
        """How a session's check-in is marked in the ledger; typed ones are not."""
        return SOURCE_LABELS.get(self.source)


SOURCE_LABELS = {"voice": "🎙 voice room", "timer": "⏱ focus timer"}


class TallyRowView(BaseModel):
    """A tally in the ledger: counted, not numbered (``/checkin undo`` takes back the last)."""

    local_date: date
    amount: int
    unit: str
    track: str
    note: str | None


class LedgerView(View):
    """The member's check-ins of this week or month, numbered; after a correction, what changed."""

    view: Literal["ledger"] = "ledger"
    period: Literal["week", "month"]
    start: date
    rows: list[LedgerRowView]
    total_hours: float
    more: bool = False
    """More check-ins in the period than the list shows."""
    tallies: list[TallyRowView] = Field(default_factory=list)
    """Things counted on count budgets in the period, newest first (never hours)."""
    headline: str | None = None
