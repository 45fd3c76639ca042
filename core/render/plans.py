"""Plain text of the plan views: plans A and B, the skill list and the plan check."""

from __future__ import annotations

from core.domain.levels import PRIORITY_NAMES
from core.formatting import hours, weeks
from core.render.ease import ease_pointer
from core.render.plan_model import assumptions, horizon_label, hours_done_and_left, time_to_target
from core.render.text import render_text, table, with_headline
from core.views.plans import PlanCheckView, PlanView, SkillListView


@render_text.register(PlanView)
def _plan(view: PlanView) -> str:
    lines = [f"Career plan of {view.member}"]
    if not view.plans:
        lines.append('  No plan yet: /plan set A position="…" industry="…" rationale="…"')
    for plan in view.plans:
        lines.append(f"  Plan {plan.slot}: {plan.position} × {plan.industry}")
        if plan.rationale:
            lines.append(f"    Why: {plan.rationale}")
    lines.append(f"  Skills: {view.general_skills} general, {view.specific_skills} specific (5 + 5 asked)")
    return with_headline(view.headline, "\n".join(lines))


@render_text.register(SkillListView)
def _skills(view: SkillListView) -> str:
    if not view.skills:
        body = 'No skills yet: /skill add "NAME" general|specific priority=1 current=1 target=3'
    else:
        rows = [
            [
                s.number,
                s.name,
                s.kind,
                f"{s.priority} {s.priority_label}",
                s.ease_label,
                f"{s.current} {s.current_label}",
                f"{s.target} {s.target_label}",
                s.gap,
                s.notes or "",
            ]
            for s in view.skills
        ]
        listed = table(rows, ["#", "Skill", "Kind", "Priority", "Ease", "Current", "Target", "Gap", "Notes"])
        body = f"{listed}\n{view.general} general, {view.specific} specific (the plan asks for 5 + 5)"
    return with_headline(view.headline, body)


@render_text.register(PlanCheckView)
def _plan_check(view: PlanCheckView) -> str:
    lines = [f"Plan check for {view.member}: " + ("complete ✓" if view.complete else "not complete yet")]
    if view.missing:
        lines.append("Still missing:")
        lines += [f"  - {item}" for item in view.missing]
    if view.skills:
        rows = [
            [
                s.name,
                f"{s.priority} {PRIORITY_NAMES[s.priority]}",
                s.current,
                s.target,
                s.gap,
                hours_done_and_left(s),
                time_to_target(s),
            ]
            for s in view.skills
        ]
        lines.append(
            table(
                rows,
                ["Skill", "Priority", "Current", "Target", "Gap", "Hours", "Time to target"],
            )
        )
    lines.append(
        f"Total: {hours(view.total_hours)} left at {hours(view.weekly_hours)}/week "
        f"(from your {view.weekly_source}) = {weeks(view.total_weeks)}"
    )
    label = horizon_label(view.horizon_weeks)
    if view.attainable:
        lines.append(f"Attainable {label} ✓")
    else:
        lines.append(f"Not attainable {label}.")
        if view.weekly_hours_needed is not None:
            lines.append(f"  Either study {hours(view.weekly_hours_needed)}/week (/budget set …),")
        if view.cuts:
            cuts = "; ".join(
                f"{c.skill} target {c.from_target}→{c.to_target} (saves {hours(c.hours_saved)})"
                for c in view.cuts
            )
            after = view.total_weeks_after_cuts
            lines.append(
                f"  or lower targets: {cuts}" + (f" → {weeks(after)}." if after is not None else ".")
            )
    lines.append("How this was judged:")
    lines += [f"  - {line}" for line in assumptions(view)]
    lines += ease_pointer(view.quick_wins, view.unrated_ease)
    return "\n".join(lines)
