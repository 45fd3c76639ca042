"""What a plan still misses to be the seed-001 deliverable (DESIGN §2, "A complete plan").

Plan A with position, industry and rationale; plan B with position and industry; exactly
five general and five specific skills, each with its ease of learning (seed 001's Priority ×
Ease matrix); and targets attainable within the horizon. The plan
check, the deliverable, the cohort CSVs and the instructor digest all ask, so the rule lives
here once: ``PlanParts`` counts the parts (a cohort report counts them in SQL, a single plan
from its rows), and ``deliverable_missing`` adds the horizon to them. Whether the targets fit
is judged by ``planning``; a plan without skills has nothing to judge yet (its missing
skills are already listed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final, NamedTuple, Protocol

from core.domain.levels import SkillKind
from core.formatting import plural

SKILLS_PER_KIND: Final = 5


class HasRationale(Protocol):
    """A plan as completeness reads it (a ``Plan``)."""

    @property
    def rationale(self) -> str | None: ...


class HasKind(Protocol):
    """A skill as completeness reads it (a ``Skill``)."""

    @property
    def kind(self) -> str: ...

    @property
    def ease(self) -> int | None: ...


class PlanParts(NamedTuple):
    """The parts of a plan completeness looks at, counted."""

    has_plan_a: bool
    has_rationale: bool
    """Plan A has a non-empty rationale."""
    has_plan_b: bool
    general_skills: int
    specific_skills: int
    unrated_skills: int = 0
    """Skills without an ease of learning yet."""

    @classmethod
    def of(cls, plans: Mapping[str, HasRationale], skills: Sequence[HasKind]) -> PlanParts:
        plan_a = plans.get("A")
        kinds = [skill.kind for skill in skills]
        return cls(
            plan_a is not None,
            bool(plan_a is not None and plan_a.rationale),
            "B" in plans,
            kinds.count(SkillKind.GENERAL.value),
            kinds.count(SkillKind.SPECIFIC.value),
            sum(1 for skill in skills if skill.ease is None),
        )

    @property
    def skill_count(self) -> int:
        return self.general_skills + self.specific_skills

    def missing(self) -> list[str]:
        """Each part of the deliverable still missing, phrased with the command that adds it."""
        missing: list[str] = []
        if not self.has_plan_a:
            missing.append('Plan A: /plan set A position="…" industry="…" rationale="…"')
        elif not self.has_rationale:
            missing.append('Why you chose plan A: /plan set A rationale="…"')
        if not self.has_plan_b:
            missing.append('Plan B: /plan set B position="…" industry="…"')
        for kind, have in (
            (SkillKind.GENERAL.value, self.general_skills),
            (SkillKind.SPECIFIC.value, self.specific_skills),
        ):
            if have < SKILLS_PER_KIND:
                missing.append(
                    f"{plural(SKILLS_PER_KIND - have, f'more {kind} skill')} ({have} of {SKILLS_PER_KIND})"
                )
            elif have > SKILLS_PER_KIND:
                extra = have - SKILLS_PER_KIND
                missing.append(
                    f"{plural(extra, f'fewer {kind} skill')} ({have}; the plan asks for {SKILLS_PER_KIND})"
                )
        if self.unrated_skills:
            missing.append(
                f"The ease of learning of {plural(self.unrated_skills, 'skill')} "
                "(1 easy – 3 hard): /skill update NAME ease=1"
            )
        return missing


def fits_item(horizon_weeks: int) -> str:
    """The missing item of a plan whose targets do not fit the horizon."""
    return f"A plan that fits {plural(horizon_weeks, 'week')} (see the suggestions below)"


def deliverable_missing(parts: PlanParts, attainable: bool, horizon_weeks: int) -> list[str]:
    """Everything the deliverable still misses (empty: complete): the parts, and a plan that
    fits the horizon once there are skills to judge (``attainable``: ``planning``'s verdict)."""
    missing = parts.missing()
    if parts.skill_count and not attainable:
        missing.append(fits_item(horizon_weeks))
    return missing
