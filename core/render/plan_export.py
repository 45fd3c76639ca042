"""The course deliverable (seed ``001_…``) as Markdown, from the views /plan show, /skill list
and /plan check already build: goal, plans A and B with A's rationale, five general and five
specific skills, the skill assessment table, the Priority × Ease of Learning matrix, the total
time to target and the verdict."""

from __future__ import annotations

from datetime import date

from core.domain.ease import ease_matrix
from core.domain.levels import LEVEL_NAMES, PRIORITY_NAMES
from core.formatting import hours, weeks
from core.render.ease import matrix_markdown
from core.render.plan_model import assumptions, horizon_label, hours_done_and_left, time_to_target
from core.views.plans import (
    PlanCheckView,
    PlanSlotView,
    PlanView,
    SkillEstimateView,
    SkillListView,
    SkillRowView,
)

TABLE_HEADER = "| Skill | Priority (1-3) | Current | Target | Gap | Time to Target | Notes |"


def cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    if not text:
        return ""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def _line(text: str | None) -> str:
    return " ".join((text or "").split())


def _slot(plans: PlanView, slot: str) -> PlanSlotView | None:
    return next((p for p in plans.plans if p.slot == slot), None)


def _plan_section(title: str, plan: PlanSlotView | None, *, rationale: bool) -> list[str]:
    lines = [f"## {title}", ""]
    if plan is None:
        return [*lines, f'_Not set yet: /plan set {title[-1]} position="…" industry="…"._', ""]
    lines += [f"- **Position:** {_line(plan.position)}", f"- **Industry:** {_line(plan.industry)}"]
    if rationale:
        lines.append(f"- **Why plan A:** {_line(plan.rationale) or '_not written yet_'}")
    return [*lines, ""]


def _skill_list(title: str, rows: list[SkillRowView]) -> list[str]:
    lines = [f"### {title} ({len(rows)} of 5)", ""]
    lines += [f"{n}. {_line(row.name)}" for n, row in enumerate(rows, 1)] or ["_None yet._"]
    return [*lines, ""]


def _time_to_target(estimate: SkillEstimateView | None) -> str:
    if estimate is None or estimate.hours_needed == 0:
        return "at target"
    return f"{time_to_target(estimate)} ({hours_done_and_left(estimate)})"


def assessment_table(skills: SkillListView, check: PlanCheckView) -> list[str]:
    estimates = {e.name: e for e in check.skills}
    lines = [TABLE_HEADER, "|---|---|---|---|---|---|---|"]
    for row in skills.skills:
        lines.append(
            "| "
            + " | ".join(
                [
                    cell(row.name),
                    f"{row.priority} ({PRIORITY_NAMES[row.priority]})",
                    f"{row.current} ({LEVEL_NAMES[row.current]})",
                    f"{row.target} ({LEVEL_NAMES[row.target]})",
                    str(row.gap),
                    _time_to_target(estimates.get(row.name)),
                    cell(row.notes),
                ]
            )
            + " |"
        )
    return lines


def _verdict(check: PlanCheckView) -> list[str]:
    total = "never (no weekly hours)" if check.total_weeks is None else weeks(check.total_weeks)
    label = horizon_label(check.horizon_weeks)
    lines = [
        "## Time to target",
        "",
        f"- **Total:** {hours(check.total_hours)} of practice left at {hours(check.weekly_hours)} per week "
        f"({check.weekly_source}) = **{total}**",
        f"- **Attainable {label}:** **{'Yes' if check.attainable else 'No'}**",
    ]
    if not check.attainable and check.weekly_hours_needed is not None:
        lines.append(
            f"- To make it attainable: {hours(check.weekly_hours_needed)} per week, or lower these targets:"
        )
        lines += [f"  - {cell(c.skill)}: target {c.from_target} → {c.to_target}" for c in check.cuts]
    lines += ["", "### How attainability was judged", ""]
    lines += [f"- {_line(line)}" for line in assumptions(check)]
    return [*lines, ""]


def plan_markdown(
    cohort: str, today: date, plans: PlanView, skills: SkillListView, check: PlanCheckView
) -> str:
    plan_a, plan_b = _slot(plans, "A"), _slot(plans, "B")
    goal = f"{_line(plan_a.position)} × {_line(plan_a.industry)}" if plan_a else "_not set yet_"
    lines = [
        f"# Career plan — {_line(plans.member)}",
        "",
        f"_Cohort {_line(cohort)} · exported from Stride on {today.isoformat()}_",
        "",
        "## Goal",
        "",
        f"**Position × industry:** {goal}",
        "",
        *_plan_section("Plan A", plan_a, rationale=True),
        *_plan_section("Plan B", plan_b, rationale=False),
        "## Skills",
        "",
        *_skill_list("General skills", [s for s in skills.skills if s.kind == "general"]),
        *_skill_list("Specific skills", [s for s in skills.skills if s.kind == "specific"]),
        "## Skill assessment",
        "",
        "Levels: 0 Unaware · 1 Can implement with guidance · 2 Can execute independently · 3 Connect · "
        "4 Can optimize · 5 Can teach & advance. Priority: 1 Critical · 2 Important · 3 Nice-to-have.",
        "",
        *assessment_table(skills, check),
        "",
        "## Priority × ease of learning",
        "",
        *matrix_markdown(ease_matrix(skills.skills), cell),
        "",
        *_verdict(check),
    ]
    if check.missing:
        lines += ["## Still missing", "", *[f"- {_line(item)}" for item in check.missing], ""]
    return "\n".join(lines)
