"""Weekly reflections as people see them: the questions, a member's answers, commitments
checked against the ledger, blockers and the instructor's reply, and the midweek nudge."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from core.views.base import View

Role = Literal["done", "next", "blocked"]


class ReflectionAnswerView(BaseModel):
    """One question of a reflection, with its answer ("" when unanswered)."""

    key: str
    """``q1`` … ``q5``: the question's place in the cohort's list (a modal field's id)."""
    role: Role | None = None
    """What Stride reads the answer as: what was done, the commitment, the blocker."""
    question: str
    answer: str = ""


class CommitmentView(BaseModel):
    """Hours a member committed to on a track for a week, beside what they logged."""

    track: str
    planned_hours: float
    done_hours: float

    @property
    def met(self) -> bool:
        return self.done_hours + 1e-9 >= self.planned_hours


class ReflectionPromptView(BaseModel):
    """What a personal DM asks about a week's reflection (the check-in DM, its reminder)."""

    week: str
    """``2026-W49``: the week reflected on."""
    week_label: str
    """``Mon 30 Nov – Sun 6 Dec``."""
    answered: bool = False
    editable_until: str
    """When the week's digest goes out, in the member's time: ``Mon 7 Dec 08:00``."""
    last_commitments: list[CommitmentView] = Field(default_factory=list)
    """The commitment made for this week in last week's reflection, against what was logged."""
    open_blocker: str | None = None
    """The blocker of the member's last reflection, until they say whether it is resolved."""
    open_blocker_week: str | None = None


class ReflectionFormView(View):
    """The questions to answer (a Discord or Slack modal), prefilled when editing."""

    view: Literal["reflection_form"] = "reflection_form"
    cohort: str
    week: str
    week_label: str
    questions: list[ReflectionAnswerView]
    editable_until: str
    editing: bool = False
    open_blocker: str | None = None


class ReflectionView(View):
    """A member's reflection for a week: the reply to /reflect, /reflect show and the modal."""

    view: Literal["reflection"] = "reflection"
    headline: str | None = None
    member: str
    cohort: str
    week: str
    week_label: str
    answers: list[ReflectionAnswerView]
    commitments: list[CommitmentView] = Field(default_factory=list)
    """Read from the "next" answer: hours per track planned for the following week (done 0)."""
    last_commitments: list[CommitmentView] = Field(default_factory=list)
    """Last week's commitment for this week, against what was logged."""
    open_blocker: str | None = None
    """The previous reflection's blocker, asked about: resolved or still blocking?"""
    open_blocker_week: str | None = None
    editable: bool = True
    editable_until: str
    shared: bool = False


class SharedReflectionView(View):
    """A reflection a member chose to share, posted in the cohort channel."""

    view: Literal["shared_reflection"] = "shared_reflection"
    private: bool = False
    member: str
    week: str
    week_label: str
    answers: list[ReflectionAnswerView]


class ReflectionRowView(BaseModel):
    name: str
    answered: bool
    answers: list[ReflectionAnswerView] = Field(default_factory=list)
    commitments: list[CommitmentView] = Field(default_factory=list)


class ReflectionListView(View):
    """An instructor's read of a week's reflections in their cohort (/reflections)."""

    view: Literal["reflection_list"] = "reflection_list"
    cohort: str
    week: str
    week_label: str
    answered: int
    students: int
    rows: list[ReflectionRowView]
    """Answered first, by name; then who has not answered."""


class BlockerReplyView(View):
    """An instructor's reply to a student's blocker, sent to the student by DM."""

    view: Literal["blocker_reply"] = "blocker_reply"
    instructor: str
    cohort: str
    week: str
    blocker: str
    reply: str


class ReflectionReminderView(View):
    """The one reminder of a reflection not answered some hours after the check-in DM."""

    view: Literal["reflection_reminder"] = "reflection_reminder"
    member: str
    prompt: ReflectionPromptView


class NudgeLineView(BaseModel):
    track: str
    """A budget's track, or "all tracks" against the cohort default."""
    done_hours: float
    min_hours: float
    max_hours: float | None
    days_left: int
    """Days of the week after today."""
    session_minutes: int
    """A session today of this length brings the member back to pace (at most 4 h)."""
    catches_up: bool = True
    """False when even the longest session (4 h) today leaves the member behind pace."""


class NudgeView(View):
    """The midweek DM to a member behind pace, with quick-log and session buttons."""

    view: Literal["nudge"] = "nudge"
    member: str
    week: str
    lines: list[NudgeLineView]
    quick_log_minutes: list[int] = Field(default_factory=lambda: [30, 60])
    """Quick-log amounts offered for each line's track (a track "all tracks" offers none)."""
