"""Plans A and B, and the plan check: what the seed-001 deliverable still misses, and
whether the skill targets fit the horizon at the member's weekly hours."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.commands import check_text
from core.db.uow import UnitOfWork
from core.domain import budgets as budget_rules
from core.domain import limits
from core.domain.completeness import PlanParts, deliverable_missing
from core.domain.ease import ease_matrix
from core.domain.levels import SkillKind
from core.domain.model import Actor, BudgetRow, Cohort, Member, Plan, Skill, Slot
from core.domain.planning import MAX_WEEKLY_HOURS, SkillTarget, assess
from core.errors import InvalidInput, PermissionDenied
from core.services.context import (
    Membership,
    ServiceContext,
    member_context,
    membership,
    named_member,
    short,
)
from core.services.skills import budgets_in_hours
from core.views.plans import PlanCheckView, PlanSlotView, PlanView, SkillEstimateView, TargetCutView

POSITION_CHARS = limits.PLAN_FIELD
RATIONALE_CHARS = limits.RATIONALE


def parse_slot(text: str) -> Slot:
    slot = text.strip().upper()
    if slot == "A":
        return "A"
    if slot == "B":
        return "B"
    raise InvalidInput(f"'{short(text, 20)}' is not a plan; say A or B, like /plan set A position=\"…\".")


async def set_plan(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    slot: Slot,
    *,
    position: str | None,
    industry: str | None,
    rationale: str | None,
) -> PlanView:
    if position is None and industry is None and rationale is None:
        raise InvalidInput(
            f'Say what to change, like /plan set {slot} position="Data Engineer" industry="Healthcare".'
        )
    position = check_text(position, "The position", POSITION_CHARS) if position is not None else None
    industry = check_text(industry, "The industry", POSITION_CHARS) if industry is not None else None
    if rationale is not None:
        rationale = check_text(rationale, "The rationale", RATIONALE_CHARS, required=False) or None
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        existing = (await uow.plans.for_member(found.member.id)).get(slot)
        position = position or (existing.position if existing else None)
        industry = industry or (existing.industry if existing else None)
        if not position or not industry:
            raise InvalidInput(
                f"Plan {slot} needs a position and an industry, like "
                f'/plan set {slot} position="Data Engineer" industry="Healthcare".'
            )
        if rationale is None and existing is not None:
            rationale = existing.rationale
        await uow.plans.upsert(
            found.member.id,
            slot,
            position=position,
            industry=industry,
            rationale=rationale,
            now=ctx.clock.now(),
        )
        view = await _plan_view(uow, found.member)
        await uow.commit()
    hint = ""
    if slot == "A" and not rationale:
        hint = ' Add why you chose it with /plan set A rationale="…".'
    return view.model_copy(update={"headline": f"Saved plan {slot}.{hint}"})


async def show_plan(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, of: str | None = None
) -> PlanView:
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        member = await _subject(uow, found, of)
        return await _plan_view(uow, member)


async def check_plan(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, of: str | None = None
) -> PlanCheckView:
    async with ctx.uow(read_only=True) as uow:
        context = await member_context(uow, actor, cohort_name, with_budgets=True)
        found = context.membership
        member = await _subject(uow, found, of)
        plans, skills, logged = await plan_rows(uow, member.id)
        own = member.id == found.member.id
        budgets = context.budgets if own else await uow.budgets.for_member(member.id)
    return plan_check_view(found.cohort, member.display_name, plans, skills, budgets, logged)


async def plan_rows(uow: UnitOfWork, member_id: int) -> tuple[dict[str, Plan], list[Skill], dict[int, int]]:
    """What the plan check reads of a member besides their budgets, in two statements: the
    plans, the skills, and skill id → minutes logged toward it since its last assessment."""
    plans = await uow.plans.for_member(member_id)
    skills_logged = await uow.skills.with_minutes_toward(member_id)
    skills = [skill for skill, _ in skills_logged]
    return plans, skills, {skill.id: minutes for skill, minutes in skills_logged if minutes}


def plan_check_view(
    cohort: Cohort,
    member_name: str,
    plans: Mapping[str, Plan],
    skills: Sequence[Skill],
    budget_rows: Sequence[BudgetRow],
    logged: Mapping[int, int],
) -> PlanCheckView:
    """/plan check of one member's rows: the one judgement the deliverable and the cohort
    exports make of every plan too. ``logged``: skill id → minutes logged toward it since
    its last assessment."""
    budgets = budgets_in_hours(budget_rows)
    default_weekly = cohort.default_weekly_minutes / 60
    weekly = min(budget_rules.weekly_hours(budgets, default_weekly), MAX_WEEKLY_HOURS)
    report = assess(
        [
            SkillTarget(s.name, SkillKind(s.kind), s.priority, s.current, s.target, logged.get(s.id, 0) / 60)
            for s in skills
        ],
        weekly,
        cohort.step_hours,
        cohort.horizon_weeks,
    )
    matrix = ease_matrix(skills)
    climbing = {s.name for s in skills if s.current < s.target}
    missing = deliverable_missing(PlanParts.of(plans, skills), report.attainable, cohort.horizon_weeks)
    return PlanCheckView(
        member=member_name,
        complete=not missing,
        missing=missing,
        skills=[SkillEstimateView.model_validate(e, from_attributes=True) for e in report.skills],
        total_hours=report.total_hours,
        weekly_hours=report.weekly_hours,
        weekly_source="budgets" if budgets else "cohort default",
        total_weeks=report.total_weeks,
        horizon_weeks=report.horizon_weeks,
        step_hours=tuple(cohort.step_hours),
        attainable=report.attainable,
        weekly_hours_needed=report.weekly_hours_needed,
        cuts=[TargetCutView.model_validate(cut, from_attributes=True) for cut in report.cuts],
        total_weeks_after_cuts=report.total_weeks_after_cuts,
        quick_wins=[name for name in matrix.quick_wins if name in climbing],
        unrated_ease=len(matrix.unrated),
    )


async def _subject(uow: UnitOfWork, found: Membership, of: str | None) -> Member:
    """The member whose plan is asked for: yourself, or (for instructors) a student."""
    if of is None:
        return found.member
    target = await named_member(uow, found, of, "/plan show @ada")
    if target.id != found.member.id and not found.is_instructor:
        raise PermissionDenied(
            "Plans are private: only their owner and the cohort's instructors can see them."
        )
    return target


async def _plan_view(uow: UnitOfWork, member: Member) -> PlanView:
    plans = await uow.plans.for_member(member.id)
    skills = await uow.skills.for_member(member.id)
    return plan_view(member.display_name, plans, skills)


def plan_view(member_name: str, plans: Mapping[str, Plan], skills: Sequence[Skill]) -> PlanView:
    return PlanView(
        member=member_name,
        plans=[
            PlanSlotView(slot=p.slot, position=p.position, industry=p.industry, rationale=p.rationale)
            for _, p in sorted(plans.items())
        ],
        general_skills=sum(1 for s in skills if s.kind == SkillKind.GENERAL.value),
        specific_skills=sum(1 for s in skills if s.kind == SkillKind.SPECIFIC.value),
    )
