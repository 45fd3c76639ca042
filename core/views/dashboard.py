"""View models of the dashboard's cohort overview (the student page has its own module,
``dashboard_student``).

The overview wraps the week's digest whole — the same view /digest renders — and adds what
a page can show and a chat message cannot: twelve weeks per student, the class's skills,
and the weeks to pick from. Hours are plain floats in hours, as everywhere.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from core.views.base import View
from core.views.reports import DigestView

HeatBand = Literal["under", "within", "over", "paused"]


class WeekChoiceView(BaseModel):
    key: str
    """ISO week key, ``2026-W47``: what ``?week=`` takes."""
    label: str
    selected: bool


class HeatRowView(BaseModel):
    """One student's weeks, a value per column of ``OverviewView.heat_weeks`` (lists, not
    a model per cell: a 1,000-student page has twelve thousand cells)."""

    member_id: int
    name: str
    hours: list[float]
    bands: list[HeatBand]
    """Each week against the student's weekly budget band (or the cohort default);
    ``paused`` when the student was paused in that week (neither under nor over)."""


class SkillAcrossClassView(BaseModel):
    """One skill of the class (its name in any case): who has it, what they gained."""

    name: str
    students: int
    levels_gained: int
    average_current: float
    average_target: float


class OverviewView(View):
    """The cohort overview page for one week: the digest of the week, and around it."""

    view: Literal["dashboard_overview"] = "dashboard_overview"
    cohort_id: int
    digest: DigestView
    weeks: list[WeekChoiceView]
    """The weeks to pick from: the last twelve since the cohort began, newest first."""
    heat_weeks: list[str]
    """The heat map's columns: up to twelve weeks ending with the digest's, oldest first."""
    heat: list[HeatRowView]
    """A row per student, in the digest's order."""
    heat_so_far: str | None = None
    """The heat map's column of the week still going on (its bands may change), if shown."""
    skills: list[SkillAcrossClassView]
    term: str
    """The period ``skills``' levels gained cover, in words."""
    horizon_weeks: int
    chart_summary: str
    """The hours chart's facts in a sentence (its text alternative); empty without students."""
