"""The digest's own reads of a cohort say what the full reads say (SQLite and PostgreSQL):
``skill_levels`` is ``skills`` down to kind and levels, ``plan_outlines`` is ``plans`` down
to slot and rationale, for members with complete plans, a plan A without a rationale, a
lone skill, and nothing at all."""

from __future__ import annotations

from datetime import UTC, datetime

from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.levels import SkillKind
from core.domain.model import PlanOutline, SkillLevels
from core.services import plans, skills
from core.services.context import membership
from tests.integration.helpers import cohort_with, person

PROF = person("prof")
ALICE, BOB, CAROL = person("alice"), person("bob"), person("carol")
COHORT = "ML-Fall-2026"


async def test_skill_levels_and_plan_outlines_match_the_full_reads(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    clock.set(datetime(2026, 11, 18, 10, tzinfo=UTC))
    await cohort_with(ctx, COHORT, PROF, (ALICE, BOB, CAROL))
    for n, kind in enumerate([SkillKind.GENERAL, SkillKind.SPECIFIC, SkillKind.GENERAL]):
        await skills.add_skill(
            ctx, ALICE, None, name=f"Skill {n}", kind=kind, priority=n + 1, current=n, target=n + 2
        )
    await plans.set_plan(ctx, ALICE, None, "A", position="ML Engineer", industry="Health", rationale="Why")
    await plans.set_plan(ctx, ALICE, None, "B", position="Analyst", industry="Retail", rationale=None)
    await skills.add_skill(
        ctx, BOB, None, name="SQL", kind=SkillKind.SPECIFIC, priority=2, current=3, target=3
    )
    await plans.set_plan(ctx, BOB, None, "A", position="Data Engineer", industry="Energy", rationale=None)

    async with ctx.uow(read_only=True) as uow:
        cohort_id = (await membership(uow, PROF, COHORT)).cohort.id
        full_skills = await uow.reports.skills(cohort_id)
        full_plans = await uow.reports.plans(cohort_id)
        levels = await uow.reports.skill_levels(cohort_id)
        outlines = await uow.reports.plan_outlines(cohort_id)

    assert len(full_skills) == len(full_plans) == 2  # Carol has neither: absent from both
    assert {member: sorted(found) for member, found in levels.items()} == {
        member: sorted(SkillLevels(s.kind, s.current, s.target) for s in found)
        for member, found in full_skills.items()
    }
    assert outlines == {
        member: {slot: PlanOutline(plan.rationale) for slot, plan in by_slot.items()}
        for member, by_slot in full_plans.items()
    }
