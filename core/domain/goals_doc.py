"""Reading a goals document (like seed ``000_…``): YAML front matter, then a section per horizon.

A section whose heading names a horizon ("Short-Term Goals (1 – 2 Years)", "Medium",
"3 – 5 Years", "Long", "5+ Years") yields one goal per innermost bullet, prefixed with the
bullet it sits under ("Technical Depth: Strengthen …"). Other sections are skipped.
Goals stay private unless the front matter says ``visibility: public`` (or ``shared``);
``on_request`` and no visibility at all both mean private.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from core.domain import limits
from core.domain.model import Horizon
from core.domain.roadmap import strip_checkbox
from core.domain.textfile import DecodedText
from core.errors import InvalidInput

MAX_FRONT_MATTER_CHARS = 4000
GOAL_CHARS = limits.GOAL
MAX_GOALS = 100
_SHARED = {"public", "shared", "cohort"}

_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(?P<title>.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(?P<indent> *)(?:[-*+•]|\d{1,3}[.)])\s+(?P<text>.+)$")
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|(?<!\w)__(.+?)__(?!\w)")
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_YEARS = re.compile(r"(\d{1,2})\s*(?:[-–—]|to)\s*(\d{1,2})\s*years?|(\d{1,2})\s*\+\s*years?", re.I)


@dataclass(frozen=True)
class ParsedGoal:
    horizon: Horizon
    text: str


@dataclass(frozen=True)
class GoalsDocument:
    title: str | None
    updated: date | None
    tags: tuple[str, ...]
    visibility: str
    goals: tuple[ParsedGoal, ...]


def parse_goals(decoded: DecodedText) -> GoalsDocument:
    meta, body = _front_matter(decoded.text)
    goals: list[ParsedGoal] = []
    horizon: Horizon | None = None
    parents: list[tuple[int, str]] = []
    last: tuple[int, ParsedGoal] | None = None
    for raw in body.split("\n"):
        heading = _HEADING.match(raw)
        if heading:
            horizon, parents, last = horizon_of(heading["title"]), [], None
            continue
        bullet = _BULLET.match(raw)
        if bullet is None or horizon is None:
            continue
        indent, text = len(bullet["indent"]), _clean(bullet["text"])
        if not text:
            continue
        parents = [p for p in parents if p[0] < indent]
        if last is not None and last[0] < indent and goals and goals[-1] is last[1]:
            goals.pop()  # the bullet above was a group label, not a goal
        label = parents[-1][1].rstrip(":") if parents else None
        goal = ParsedGoal(horizon, (f"{label}: {text}" if label else text)[:GOAL_CHARS])
        goals.append(goal)
        parents.append((indent, text))
        last = (indent, goal)
    if not goals:
        raise InvalidInput(
            "That file has no goals under a horizon heading; write a heading like "
            "'## Short-Term Goals (1–2 Years)' with a '- goal' line under it."
        )
    if len(goals) > MAX_GOALS:
        raise InvalidInput(f"That file has {len(goals)} goals, more than the {MAX_GOALS} Stride keeps.")
    return GoalsDocument(
        title=_text(meta.get("title")),
        updated=meta["updated"] if isinstance(meta.get("updated"), date) else None,
        tags=_tags(meta.get("tags")),
        visibility="shared" if str(meta.get("visibility", "")).strip().lower() in _SHARED else "private",
        goals=tuple(goals),
    )


def horizon_of(title: str) -> Horizon | None:
    """The horizon a heading names, by word or by its span of years."""
    lowered = title.lower()
    for word, horizon in (("short", Horizon.SHORT), ("medium", Horizon.MEDIUM), ("mid", Horizon.MEDIUM)):
        if re.search(rf"\b{word}", lowered):
            return horizon
    if re.search(r"\blong", lowered):
        return Horizon.LONG
    years = _YEARS.search(lowered)
    if years is None:
        return None
    if years[3]:
        return Horizon.LONG
    high = int(years[2])
    return Horizon.SHORT if high <= 2 else Horizon.MEDIUM if high <= 5 else Horizon.LONG


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The YAML between leading ``---`` lines (safely: no aliases, size-bounded) and the rest."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end < 0:
        return {}, text
    block, body = text[4:end], text[end + 4 :]
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise InvalidInput(
            f"The front matter (between the --- lines) is over {MAX_FRONT_MATTER_CHARS} characters; "
            "keep it to a few lines like 'title:' and 'visibility:'."
        )
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(block, Loader=yaml.SafeLoader)):
            raise InvalidInput("The front matter uses YAML aliases (*name); write each value out in full.")
        meta = yaml.safe_load(block)
    except yaml.YAMLError as error:
        raise InvalidInput(
            "The front matter (between the --- lines) is not valid YAML; write it as 'key: value' lines."
        ) from error
    return (meta if isinstance(meta, dict) else {}), body


def _tags(value: object) -> tuple[str, ...]:
    """The front matter's ``tags:`` (a list, or one comma-separated string) as short, tidy,
    distinct strings: each at most ``limits.GOAL_TAG`` characters, ``limits.GOAL_TAGS`` in all."""
    items = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else []
    found: dict[str, str] = {}
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            continue
        tag = limits.cut(" ".join(_INVISIBLE.sub("", str(item)).split()), limits.GOAL_TAG)
        if tag:
            found.setdefault(tag.casefold(), tag)
    return tuple(found.values())[: limits.GOAL_TAGS]


def _clean(text: str) -> str:
    fixed = _EMPHASIS.sub(lambda m: m[1] or m[2], strip_checkbox(text))
    return " ".join(fixed.split())


def _text(value: object) -> str | None:
    return " ".join(str(value).split())[:120] if isinstance(value, str | int | float) else None
