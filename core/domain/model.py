"""Entities as plain frozen dataclasses: what repositories return and services reason about.

A person is identified by ``(platform, workspace_id, user_id)``, never a platform object.
Hours are whole minutes here, as stored; views turn them into hours for people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal, NamedTuple

from core.domain.budgets import BudgetTotals
from core.domain.completeness import PlanParts


class Role(StrEnum):
    STUDENT = "student"
    INSTRUCTOR = "instructor"


class Horizon(StrEnum):
    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


HORIZON_LABELS = {
    Horizon.SHORT: "Short term (1–2 years)",
    Horizon.MEDIUM: "Medium term (3–5 years)",
    Horizon.LONG: "Long term (5+ years)",
}

Slot = Literal["A", "B"]


@dataclass(frozen=True)
class Actor:
    """Who is speaking: the adapter fills this from the platform's event."""

    platform: str
    workspace_id: str
    user_id: str
    display_name: str
    workspace_admin: bool = False
    """The platform vouches that this person runs the workspace (Discord: Manage Server or
    a configured instructor role), which makes them an instructor of its cohorts."""


@dataclass(frozen=True)
class Cohort:
    id: int
    platform: str
    workspace_id: str
    name: str
    timezone: str
    channel_id: str | None
    term_start: date | None
    term_end: date | None
    horizon_weeks: int
    step_hours: tuple[float, ...]
    default_weekly_minutes: int
    settings: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None


@dataclass(frozen=True)
class Member:
    id: int
    cohort_id: int
    user_id: str
    display_name: str
    role: Role
    timezone: str | None
    dms_enabled: bool
    leaderboard_visible: bool
    unreachable: bool
    joined_at: datetime
    dm_channel_id: str | None = None
    """The member's DM channel on the platform, once a deliverer opened it."""
    voice_tracking: bool = True
    """Whether time in the cohort's voice study rooms logs itself (``/me voice off``)."""
    reminder_day: int | None = None
    """ISO weekday (1 Monday – 7 Sunday) of the member's weekly check-in DM; None: the cohort's."""
    reminder_time: str | None = None
    """Local "HH:MM" of the member's personal DMs (``/me reminders``); None: the cohort's."""
    quiet_hours: str = "22:00-08:00"
    """Local hours with no DMs, "HH:MM-HH:MM", or "off" (``/me quiet``)."""
    snoozed_until: datetime | None = None
    """``/me snooze``: personal reminders due before this instant wait until it."""

    @property
    def is_instructor(self) -> bool:
        return self.role is Role.INSTRUCTOR


@dataclass(frozen=True)
class Pause:
    start_date: date
    end_date: date


@dataclass(frozen=True)
class Plan:
    member_id: int
    slot: Slot
    position: str
    industry: str
    rationale: str | None
    updated_at: datetime


@dataclass(frozen=True)
class Skill:
    id: int
    member_id: int
    name: str
    kind: str
    priority: int
    current: int
    target: int
    notes: str | None
    ease: int | None = None
    """Ease of learning, 1 easy – 3 hard; None until the member rates it."""


@dataclass(frozen=True)
class Assessment:
    skill_id: int
    level: int
    note: str | None
    source: str
    assessed_at: datetime


@dataclass(frozen=True)
class BudgetRow:
    track: str
    min_minutes: int
    max_minutes: int
    period: Literal["week", "month"]
    skill_id: int | None = None
    """The skill this track's hours count toward, if the member linked one."""
    skill: str | None = None
    """That skill's name, where the read fetched it (``BudgetRepository.for_member``)."""


@dataclass(frozen=True)
class Checkin:
    id: int
    member_id: int
    track: str
    minutes: int
    local_date: date
    skill_id: int | None
    note: str | None
    created_at: datetime
    source: str = "typed"
    """``typed``, or the study session that logged it: ``voice`` or ``timer``."""


@dataclass(frozen=True)
class LedgerEntry:
    """A check-in as the member sees it in their ledger: its number in their list (1 = the
    newest), its ISO week and the name of its skill."""

    number: int
    checkin: Checkin
    iso_week: str
    skill: str | None


@dataclass(frozen=True)
class Goal:
    id: int
    member_id: int
    horizon: Horizon
    text: str
    visibility: str
    created_at: datetime
    achieved_at: datetime | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Notification:
    """An outbox row joined with what delivery needs to address it."""

    id: int
    cohort_id: int
    kind: str
    audience: str
    recipient_key: str
    member_id: int | None
    channel_id: str | None
    period_key: str
    due_at: datetime
    status: str
    attempts: int
    payload: dict[str, Any]
    platform: str = ""
    workspace_id: str = ""
    user_id: str | None = None
    timezone: str = "UTC"
    interrupted: bool = False
    """Claimed after an earlier deliverer's lease ran out: it may already have been sent."""
    dm_channel_id: str | None = None
    """The recipient's DM channel on the platform, when a deliverer opened one before."""
    expires_at: datetime | None = None
    """The end of its grace: not sent by then, it is skipped rather than sent late."""


@dataclass(frozen=True)
class RoadmapItem:
    number: int
    text: str
    done: bool
    parent: int | None
    depth: int
    section: str | None
    done_at: datetime | None = None


@dataclass(frozen=True)
class RoadmapPhase:
    title: str
    window_start_months: int | None
    window_end_months: int | None
    items: tuple[RoadmapItem, ...]


@dataclass(frozen=True)
class RoadmapSuggestion:
    number: int
    kind: str
    text: str
    payload: dict[str, Any]
    accepted_at: datetime | None = None


@dataclass(frozen=True)
class Roadmap:
    id: int
    member_id: int
    title: str
    source_name: str
    repaired: bool
    imported_at: datetime
    phases: tuple[RoadmapPhase, ...]
    suggestions: tuple[RoadmapSuggestion, ...]

    @property
    def items(self) -> list[RoadmapItem]:
        return [item for phase in self.phases for item in phase.items]


class BoardEntry(NamedTuple):
    """A student as a leaderboard sees them: who, and whether they may be named."""

    member_id: int
    name: str
    visible: bool


class HoursEntry(NamedTuple):
    """A student on the hours board: their minutes in the window and their budgets summed."""

    member_id: int
    name: str
    visible: bool
    minutes: int
    budgets: BudgetTotals


class StudentSummary(NamedTuple):
    """A student as the cohort digest judges them, summed per student in SQL: one row for
    what would otherwise be their member, budget, plan, skill and assessment rows."""

    member_id: int
    name: str
    joined_at: datetime
    unreachable: bool
    week_minutes: int
    """Minutes logged in the digest's week."""
    checkin_span: tuple[date, date] | None
    """The first and the latest check-in dates; None before the first check-in."""
    budgets: BudgetTotals
    plan: PlanParts
    step_crossings: tuple[int, ...]
    """How many of the student's skills climb each level step (``planning.step_crossings``)."""
    last_assessment: datetime | None
