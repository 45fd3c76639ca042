"""What a plan still misses to be the seed-001 deliverable (DESIGN §2, "A complete plan").

Plan A with position, industry and rationale; plan B with position and industry; exactly
five general and five specific skills. The plan check and the instructor digest both ask,
so the rule lives here once. (Attainability is judged separately by ``planning.assess``.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final, Protocol

from core.domain.levels import SkillKind

SKILLS_PER_KIND: Final = 5
_KINDS: Final = tuple(kind.value for kind in SkillKind)


class HasRationale(Protocol):
    """A plan as completeness reads it: a ``Plan``, or a report's ``PlanOutline``."""

    @property
    def rationale(self) -> str | None: ...


class HasKind(Protocol):
    """A skill as completeness reads it: a ``Skill``, or a report's ``SkillLevels``."""

    @property
    def kind(self) -> str: ...


def missing_items(plans: Mapping[str, HasRationale], skills: Sequence[HasKind]) -> list[str]:
    """Each part of the deliverable still missing, phrased with the command that adds it."""
    missing: list[str] = []
    plan_a = plans.get("A")
    if plan_a is None:
        missing.append('Plan A: /plan set A position="…" industry="…" rationale="…"')
    elif not plan_a.rationale:
        missing.append('Why you chose plan A: /plan set A rationale="…"')
    if "B" not in plans:
        missing.append('Plan B: /plan set B position="…" industry="…"')
    kinds = [skill.kind for skill in skills]  # counted with list.count: a Counter cost more than the rest
    for kind in _KINDS:
        have = kinds.count(kind)
        if have < SKILLS_PER_KIND:
            missing.append(f"{SKILLS_PER_KIND - have} more {kind} skills ({have} of {SKILLS_PER_KIND})")
        elif have > SKILLS_PER_KIND:
            missing.append(
                f"{have - SKILLS_PER_KIND} fewer {kind} skills ({have}; the plan asks for {SKILLS_PER_KIND})"
            )
    return missing
