"""What a roadmap becomes when a student imports a file over one they already have.

Both modes keep progress: an item whose text survives (compared without case and extra
spaces) stays done, with its original done time.
- ``replace``: the roadmap becomes exactly the new file.
- ``merge``: the old roadmap stays; items only in the new file are added to the phase
  with the same title (or to a new phase at the end), and items ticked in the file are done.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from core.domain.model import Roadmap, RoadmapItem, RoadmapPhase
from core.domain.roadmap import ParsedRoadmap


class ImportMode(StrEnum):
    REPLACE = "replace"
    MERGE = "merge"


def item_key(text: str) -> str:
    return " ".join(text.lower().split())


def fresh(parsed: ParsedRoadmap, now: datetime) -> tuple[RoadmapPhase, ...]:
    """The parsed file as stored phases; items ticked in the file are done as of now."""
    return tuple(
        RoadmapPhase(
            phase.title,
            phase.window.start_months if phase.window else None,
            phase.window.end_months if phase.window else None,
            tuple(
                RoadmapItem(i.number, i.text, i.done, i.parent, i.depth, i.section, now if i.done else None)
                for i in phase.items
            ),
        )
        for phase in parsed.phases
    )


def combine(old: Roadmap, parsed: ParsedRoadmap, mode: ImportMode, now: datetime) -> tuple[RoadmapPhase, ...]:
    done_at = {item_key(i.text): i.done_at or now for i in old.items if i.done}
    if mode is ImportMode.REPLACE:
        return _keep_progress(fresh(parsed, now), done_at)
    offset = max((i.number for i in old.items), default=0)
    return _renumber(_merge(old.phases, _shifted(fresh(parsed, now), offset)))


def _shifted(phases: tuple[RoadmapPhase, ...], offset: int) -> tuple[RoadmapPhase, ...]:
    """New items numbered after the old ones, so numbers stay unique until renumbering."""

    def shift(i: RoadmapItem) -> RoadmapItem:
        parent = None if i.parent is None else i.parent + offset
        return RoadmapItem(i.number + offset, i.text, i.done, parent, i.depth, i.section, i.done_at)

    return tuple(
        RoadmapPhase(p.title, p.window_start_months, p.window_end_months, tuple(map(shift, p.items)))
        for p in phases
    )


def _keep_progress(
    phases: tuple[RoadmapPhase, ...], done_at: dict[str, datetime]
) -> tuple[RoadmapPhase, ...]:
    def carried(item: RoadmapItem) -> RoadmapItem:
        when = done_at.get(item_key(item.text))
        if when is None or item.done:
            return item
        return RoadmapItem(item.number, item.text, True, item.parent, item.depth, item.section, when)

    return tuple(
        RoadmapPhase(p.title, p.window_start_months, p.window_end_months, tuple(map(carried, p.items)))
        for p in phases
    )


def _merge(old: tuple[RoadmapPhase, ...], new: tuple[RoadmapPhase, ...]) -> list[RoadmapPhase]:
    """Old phases with new items appended; items are keyed by text (numbers are redone later)."""
    merged = [RoadmapPhase(p.title, p.window_start_months, p.window_end_months, p.items) for p in old]
    existing = {item_key(i.text): i for p in old for i in p.items}
    for phase in new:
        added: list[RoadmapItem] = []
        for item in phase.items:
            known = existing.get(item_key(item.text))
            if known is not None:
                if item.done and not known.done:
                    existing[item_key(item.text)] = _with_done(known, item.done_at)
                continue
            added.append(item)
            existing[item_key(item.text)] = item
        index = next((n for n, p in enumerate(merged) if p.title.lower() == phase.title.lower()), None)
        if index is None and added:
            merged.append(RoadmapPhase(phase.title, phase.window_start_months, phase.window_end_months, ()))
            index = len(merged) - 1
        if index is not None and added:
            target = merged[index]
            merged[index] = RoadmapPhase(
                target.title,
                target.window_start_months,
                target.window_end_months,
                target.items + tuple(added),
            )
    return [
        RoadmapPhase(
            p.title,
            p.window_start_months,
            p.window_end_months,
            tuple(existing[item_key(i.text)] for i in p.items),
        )
        for p in merged
    ]


def _with_done(item: RoadmapItem, when: datetime | None) -> RoadmapItem:
    return RoadmapItem(item.number, item.text, True, item.parent, item.depth, item.section, when)


def _renumber(phases: list[RoadmapPhase]) -> tuple[RoadmapPhase, ...]:
    """Numbers 1..N in order; parents follow their item (an added item keeps a parent only
    when that parent came from the same file)."""
    renumbered: list[RoadmapPhase] = []
    mapping: dict[int, int] = {}
    number = 0
    for phase in phases:
        items: list[RoadmapItem] = []
        for item in phase.items:
            number += 1
            mapping[item.number] = number
            parent = mapping.get(item.parent) if item.parent is not None else None
            depth = item.depth if parent is not None else 0
            items.append(RoadmapItem(number, item.text, item.done, parent, depth, item.section, item.done_at))
        renumbered.append(
            RoadmapPhase(phase.title, phase.window_start_months, phase.window_end_months, tuple(items))
        )
    return tuple(renumbered)
