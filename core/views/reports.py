"""View models of the cohort-wide reports: the leaderboard and the instructor digest."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from core.views.base import BudgetStatusName, View
from core.views.group_sessions import SessionAttendanceView
from core.views.reflections import CommitmentView

LeaderboardMetric = Literal["hours", "streak", "roadmap"]
LeaderboardPeriod = Literal["week", "month", "term"]


class LeaderboardRowView(BaseModel):
    rank: int
    name: str
    value: float
    """Hours for the hours board, whole weeks for the streak board, percent of items done
    for the roadmap board. Nothing else: budgets are personal (``BoardBudgetsView``)."""


class LeaderboardView(View):
    """A cohort's ranking; names only, fit for the channel. Hidden members are only counted."""

    view: Literal["leaderboard"] = "leaderboard"
    private: bool = False
    cohort: str
    metric: LeaderboardMetric
    period: LeaderboardPeriod
    label: str
    start: date
    end: date
    rows: list[LeaderboardRowView]
    hidden_count: int


class BoardBudgetRowView(BaseModel):
    name: str
    hours: float
    budget_min_hours: float
    budget_max_hours: float | None
    """None when the budget has no upper bound (the cohort default is only a minimum)."""
    status: BudgetStatusName


class BoardBudgetsView(View):
    """The budget bands behind an hours board, never posted with it: a student sees their
    own row, an instructor every student's (``mine`` tells which)."""

    view: Literal["board_budgets"] = "board_budgets"
    cohort: str
    label: str
    mine: bool
    rows: list[BoardBudgetRowView]


class DigestStudentView(BaseModel):
    name: str
    member_id: int = 0
    """The member's opaque id (the dashboard links their page by it); 0 in digests stored
    before it was kept."""
    hours: float
    budget_min_hours: float
    budget_max_hours: float | None
    """None when the student has no budget and the cohort default (a minimum) applies."""
    status: BudgetStatusName
    streak: int
    levels_gained: int
    paused: bool = False
    plan_hours_done: float = 0.0
    """Hours logged toward the plan's skills since each was last assessed."""
    plan_hours_left: float | None = None
    """Hours the plan's targets still need; None for a student without skills."""
    plan_missing: int = 0
    """Parts of the deliverable still missing, as /plan check counts them (0: complete)."""
    plan_attainable: bool | None = None
    """Whether the targets fit the horizon, as /plan check judges; None without skills."""
    plan_total_weeks: int | None = None
    """Weeks the targets take at the student's weekly hours; None without skills or hours."""


class AtRiskView(BaseModel):
    name: str
    reasons: list[str]
    member_id: int = 0
    """The member's opaque id, as in ``DigestStudentView``."""


class CommitmentRowView(BaseModel):
    """A student's commitment for the digest's week (made in the reflection before it)."""

    name: str
    met: bool
    commitments: list[CommitmentView]
    """Each track committed to, with what was logged (never empty)."""


class BlockerView(BaseModel):
    """A blocker a student reported in the digest's week, with what an instructor needs to
    answer it: the member's opaque id (a reply button's), never a platform id."""

    name: str
    member_id: int
    week: str
    text: str
    still: bool = False
    """The student said last week's blocker is not resolved yet."""


class DigestView(View):
    """The instructor's summary of one week: participation, hours, who is at risk, and why."""

    view: Literal["digest"] = "digest"
    cohort: str
    week: str
    label: str
    start: date
    end: date
    checked_in: int
    students: int
    total_hours: float
    rows: list[DigestStudentView]
    at_risk: list[AtRiskView]
    month: str
    levels_gained_this_month: int
    unreachable: int
    sessions: list[SessionAttendanceView] = Field(default_factory=list)
    """The week's group sessions that are over, with their attendance."""
    reflections_answered: int = 0
    """Students who answered the week's reflection."""
    commitments: list[CommitmentRowView] = Field(default_factory=list)
    """Students who had committed to hours for the week: who met it and who did not."""
    blockers: list[BlockerView] = Field(default_factory=list)


ERASED_NAME = "a former member"


def without_member(payload: Any, name: str) -> Any:
    """A stored report (the JSON of a view above) with ``name``'s part gone: ``/me delete``
    takes a member out of the boards and digests already in the outbox, sent or not. A row
    or an at-risk entry under that name is dropped (a namesake's too: erasing more is the
    safe side), and any other mention of it becomes "a former member"."""
    if isinstance(payload, dict):
        return {key: without_member(value, name) for key, value in payload.items()}
    if isinstance(payload, list):
        return [
            without_member(entry, name)
            for entry in payload
            if not (isinstance(entry, dict) and entry.get("name") == name)
        ]
    if isinstance(payload, str) and name and name in payload:
        return payload.replace(name, ERASED_NAME)
    return payload
