"""View models of roadmaps, imports and exports."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from core.views.base import View


class RoadmapItemView(BaseModel):
    number: int
    text: str
    done: bool
    depth: int
    section: str | None


class RoadmapPhaseView(BaseModel):
    title: str
    done: int
    total: int
    window: str | None
    """The phase's target window, as dates from the term start, when its heading gave one."""
    items: list[RoadmapItemView]


class RoadmapSuggestionView(BaseModel):
    number: int
    kind: Literal["budget", "goal"]
    text: str
    command: str
    accepted: bool


class RoadmapView(View):
    view: Literal["roadmap"] = "roadmap"
    title: str
    done: int
    total: int
    percent: int
    phases: list[RoadmapPhaseView]
    suggestions: list[RoadmapSuggestionView]
    headline: str | None = None
    notes: tuple[str, ...] = ()
    show_items: bool = True
