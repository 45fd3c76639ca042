"""The digest's one row per student says what the full reads say (SQLite and PostgreSQL):
the week's minutes, the check-in span, the budgets summed per period, the plan's parts,
the skills' level steps and the last assessment, for students with a complete plan and
budgets of both periods, a plan A without a rationale and a zero-minimum budget, a lone
skill at its target, and nothing at all."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.budgets import BudgetTotals
from core.domain.completeness import PlanParts
from core.domain.levels import SkillKind
from core.domain.planning import step_crossings
from core.services import budgets, checkins, plans, skills
from core.services.context import ServiceContext, membership
from tests.integration.helpers import cohort_with, person

PROF = person("prof")
ALICE, BOB, CAROL, DAN = person("alice"), person("bob"), person("carol"), person("dan")
COHORT = "ML-Fall-2026"
WEDNESDAY = datetime(2026, 11, 18, 10, tzinfo=UTC)
WEEK = (date(2026, 11, 16), date(2026, 11, 22))


async def _alice(ctx: ServiceContext, clock: FixedClock) -> datetime:
    """Three skills, a complete plan, a weekly and a monthly budget, check-ins in this week
    and the one before; assessed last an hour after everything else."""
    for n, kind in enumerate([SkillKind.GENERAL, SkillKind.SPECIFIC, SkillKind.GENERAL]):
        await skills.add_skill(
            ctx,
            ALICE,
            None,
            name=f"Skill {n}",
            kind=kind,
            priority=n + 1,
            current=n,
            target=n + 2,
            ease=n or None,
        )
    await plans.set_plan(ctx, ALICE, None, "A", position="ML Engineer", industry="Health", rationale="Why")
    await plans.set_plan(ctx, ALICE, None, "B", position="Analyst", industry="Retail", rationale=None)
    await budgets.set_budget(ctx, ALICE, None, "dsa", 180, 300, "week")
    await budgets.set_budget(ctx, ALICE, None, "reading", 240, 360, "month")
    await checkins.check_in(ctx, ALICE, None, minutes=90, track="dsa")
    await checkins.check_in(ctx, ALICE, None, minutes=30, track="reading", when="yesterday")
    await checkins.check_in(ctx, ALICE, None, minutes=60, track="dsa", when="2026-11-13")
    clock.set(WEDNESDAY + timedelta(hours=1))
    await skills.assess_skill(ctx, ALICE, None, "Skill 1", 2)
    return WEDNESDAY + timedelta(hours=1)


async def test_student_summaries_match_the_full_reads(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    clock.set(WEDNESDAY)
    await cohort_with(ctx, COHORT, PROF, (ALICE, BOB, CAROL, DAN))
    await skills.add_skill(
        ctx, BOB, None, name="SQL", kind=SkillKind.SPECIFIC, priority=2, current=3, target=3
    )
    await plans.set_plan(ctx, BOB, None, "A", position="Data Engineer", industry="Energy", rationale=None)
    await budgets.set_budget(ctx, BOB, None, "dsa", 0, 120, "week")
    await checkins.check_in(ctx, BOB, None, minutes=45, track="dsa", when="2026-11-12")
    await plans.set_plan(ctx, DAN, None, "B", position="Analyst", industry="Retail", rationale=None)
    alice_assessed = await _alice(ctx, clock)

    async with ctx.uow(read_only=True) as uow:
        cohort_id = (await membership(uow, PROF, COHORT)).cohort.id
        found = await uow.reports.student_summaries(cohort_id, *WEEK)
        full_skills = await uow.reports.skills(cohort_id)
        full_plans = await uow.reports.plans(cohort_id)
        budget_rows = await uow.reports.budgets(cohort_id)
        members = {m.id: m for m in await uow.members.in_cohort(cohort_id)}

    by_name = {s.name: s for s in found}
    assert sorted(by_name) == ["Alice", "Bob", "Carol", "Dan"]  # the instructor is not a student
    for summary in found:
        member = members[summary.member_id]
        rows = budget_rows.get(member.id, [])
        assert (summary.name, summary.joined_at, summary.unreachable) == (
            member.display_name,
            member.joined_at,
            member.unreachable,
        )
        assert summary.plan == PlanParts.of(full_plans.get(member.id, {}), full_skills.get(member.id, []))
        assert summary.step_crossings == step_crossings(full_skills.get(member.id, []))
        assert summary.budgets == BudgetTotals(
            len(rows),
            sum(r.min_minutes for r in rows if r.period == "week"),
            sum(r.max_minutes for r in rows if r.period == "week"),
            sum(r.min_minutes for r in rows if r.period == "month"),
            sum(r.max_minutes for r in rows if r.period == "month"),
        )

    alice, bob, carol, dan = (by_name[name] for name in ("Alice", "Bob", "Carol", "Dan"))
    assert alice.plan == PlanParts(True, True, True, 2, 1, 1)  # Skill 0 has no ease yet
    assert alice.step_crossings == (1, 1, 2, 1, 0)  # 0→2, 2→3 (assessed up from 1), 2→4
    assert (alice.week_minutes, alice.checkin_span) == (120, (date(2026, 11, 13), date(2026, 11, 18)))
    assert alice.last_assessment == alice_assessed
    assert bob.plan == PlanParts(True, False, False, 0, 1, 1)
    assert bob.step_crossings == (0, 0, 0, 0, 0)
    assert (bob.week_minutes, bob.checkin_span) == (0, (date(2026, 11, 12), date(2026, 11, 12)))
    assert bob.last_assessment == WEDNESDAY  # adding a skill records its first assessment
    assert bob.budgets == BudgetTotals(1, 0, 120, 0, 0)
    assert dan.plan == PlanParts(False, False, True, 0, 0)
    assert carol.plan == PlanParts(False, False, False, 0, 0)
    assert (carol.week_minutes, carol.checkin_span, carol.last_assessment) == (0, None, None)
    assert carol.budgets == BudgetTotals(0, 0, 0, 0, 0)
