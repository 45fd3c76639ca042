"""The Priority × Ease of Learning matrix seed 001 asks for: each skill in the cell of its
priority (1 Critical – 3 Nice-to-have) and its ease (1 easy – 3 hard), or among the skills
not rated yet. Priority 1 and easy are the quick wins: what to start with.

Pure: the deliverable, ``/plan chart`` and ``/plan check`` all build it from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from core.domain.levels import EASE_NAMES, MAX_PRIORITY, MIN_PRIORITY

PRIORITIES = tuple(range(MIN_PRIORITY, MAX_PRIORITY + 1))
EASES = tuple(EASE_NAMES)
QUICK_WIN = (MIN_PRIORITY, min(EASES))
"""The cell of the quick wins: priority 1, easy."""


class RatedSkill(Protocol):
    """What the matrix needs of a skill (a stored ``Skill`` or a ``SkillRowView`` both fit)."""

    @property
    def name(self) -> str: ...

    @property
    def priority(self) -> int: ...

    @property
    def ease(self) -> int | None: ...


@dataclass(frozen=True)
class EaseMatrix:
    cells: Mapping[tuple[int, int], tuple[str, ...]]
    """(priority, ease) → the names of the skills in that cell, in the order given (a plain
    dict, so a chart of it can travel to the chart worker process)."""
    unrated: tuple[str, ...]
    """Skills with no ease yet."""

    def cell(self, priority: int, ease: int) -> tuple[str, ...]:
        return self.cells.get((priority, ease), ())

    @property
    def quick_wins(self) -> tuple[str, ...]:
        return self.cell(*QUICK_WIN)

    @property
    def rated(self) -> int:
        return sum(len(names) for names in self.cells.values())


def ease_matrix(skills: Iterable[RatedSkill]) -> EaseMatrix:
    """Place each skill in its (priority, ease) cell, or among the unrated ones."""
    cells: dict[tuple[int, int], list[str]] = {(p, e): [] for p in PRIORITIES for e in EASES}
    unrated: list[str] = []
    for skill in skills:
        if skill.ease is None:
            unrated.append(skill.name)
        else:
            cells[(skill.priority, skill.ease)].append(skill.name)
    return EaseMatrix({key: tuple(names) for key, names in cells.items()}, tuple(unrated))
