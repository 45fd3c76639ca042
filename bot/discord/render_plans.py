"""Discord embeds of the plan views: plans A and B, the skill list and the plan check.

Every user-written string goes through ``md``/``code`` before it is placed; the labels of
levels and priorities are the seed's words, as in the text renderer.
"""

from __future__ import annotations

from bot.discord.render_base import (
    COLOUR_INFO,
    COLOUR_UNDER,
    COLOUR_WITHIN,
    EMBED_FIELD_VALUE_LIMIT,
    EMBED_FIELDS_LIMIT,
    Card,
    DiscordMessage,
    Field,
    cards_to_messages,
    register,
)
from bot.discord.render_safe import code, fit_lines, md, md_block
from bot.discord.render_views import (
    CELL_WIDTH,
    NAME_WIDTH,
    NOTES_WIDTH,
    RATIONALE_WIDTH,
    SKILL_LIST_MAX,
    headline_text,
    table_blocks,
)
from core.domain.levels import PRIORITY_NAMES
from core.formatting import hours, weeks
from core.render.ease import ease_pointer
from core.render.plan_model import assumptions, horizon_label, hours_done_and_left, time_to_target
from core.views.plans import PlanCheckView, PlanView, SkillListView


@register(PlanView)
def _plan(view: PlanView) -> list[DiscordMessage]:
    fields = []
    for plan in view.plans:
        value = f"**Position:** {md(plan.position, 150)}\n**Industry:** {md(plan.industry, 150)}"
        if plan.rationale:
            value += f"\n**Why:** {md_block(plan.rationale, RATIONALE_WIDTH)}"
        fields.append(Field(f"Plan {md(plan.slot, 20)}", value))
    skills = f"{view.general_skills} general, {view.specific_skills} specific (5 + 5 asked)"
    fields.append(Field("Skills", skills))
    card = Card(
        f"Career plan of {md(view.member, NAME_WIDTH)}",
        description=None if view.plans else "No plan yet: set plan A with `/plan set`.",
        fields=fields,
        colour=COLOUR_INFO,
    )
    return cards_to_messages([card], ephemeral=view.private, content=headline_text(view.headline))


@register(SkillListView)
def _skills(view: SkillListView) -> list[DiscordMessage]:
    summary = f"{view.general} general, {view.specific} specific (the plan asks for 5 + 5)"
    if not view.skills:
        card = Card("Skills", description="No skills yet: add one with `/skill add`.", colour=COLOUR_INFO)
        return cards_to_messages([card], ephemeral=view.private, content=headline_text(view.headline))
    fields = []
    for skill in view.skills[:SKILL_LIST_MAX]:
        value = (
            f"Priority: {skill.priority} {skill.priority_label}\n"
            f"Ease of learning: {skill.ease_label}\n"
            f"Now: {skill.current} {skill.current_label}\n"
            f"Target: {skill.target} {skill.target_label} (gap {skill.gap})"
        )
        if skill.notes:
            value += f"\nNotes: {md_block(skill.notes, NOTES_WIDTH)}"
        fields.append(Field(f"{skill.number}. {md(skill.name, NAME_WIDTH)} · {skill.kind}", value))
    left = len(view.skills) - SKILL_LIST_MAX
    if left > 0:
        summary += f" · … and {left} more not shown"
    cards = [
        Card(
            f"Skills of {md(view.member, NAME_WIDTH)}",
            fields=fields[start : start + EMBED_FIELDS_LIMIT],
            footer=summary,
            colour=COLOUR_INFO,
        )
        for start in range(0, len(fields), EMBED_FIELDS_LIMIT)
    ]
    return cards_to_messages(cards, ephemeral=view.private, content=headline_text(view.headline))


@register(PlanCheckView)
def _plan_check(view: PlanCheckView) -> list[DiscordMessage]:
    fields = []
    if view.missing:
        missing = fit_lines([f"• {md(item, 300)}" for item in view.missing], EMBED_FIELD_VALUE_LIMIT)
        fields.append(Field("Still missing", missing))
    if view.skills:
        rows = [
            [
                code(s.name, CELL_WIDTH),
                f"{s.priority} {PRIORITY_NAMES.get(s.priority, '?')}",
                f"{s.current}→{s.target}",
                hours_done_and_left(s),
                time_to_target(s),
            ]
            for s in view.skills[:SKILL_LIST_MAX]
        ]
        headers = ["Skill", "Priority", "Level", "Hours", "Time"]
        blocks = table_blocks(headers, rows, EMBED_FIELD_VALUE_LIMIT)
        left = len(view.skills) - SKILL_LIST_MAX
        for number, block in enumerate(blocks):
            name = "Time to target" if number == 0 else "Time to target (continued)"
            fields.append(Field(name, block))
        if left > 0:
            fields.append(Field("More skills", f"… and {left} more not shown"))
    fields.append(
        Field(
            "Total",
            f"{hours(view.total_hours)} left at {hours(view.weekly_hours)}/week "
            f"(from your {view.weekly_source}) = **{weeks(view.total_weeks)}**",
        )
    )
    label = horizon_label(view.horizon_weeks)
    if view.attainable:
        fields.append(Field("Attainable?", f"✓ Yes, {label}"))
    else:
        verdict = [f"✗ Not {label}."]
        if view.weekly_hours_needed is not None:
            verdict.append(f"Either study **{hours(view.weekly_hours_needed)}/week** (`/budget set`),")
        if view.cuts:
            verdict.append("or lower these targets:")
        fields.append(Field("Attainable?", "\n".join(verdict)))
        if view.cuts:
            lines = [
                f"• {md(c.skill, NAME_WIDTH)}: target {c.from_target}→{c.to_target} "
                f"(saves {hours(c.hours_saved)})"
                for c in view.cuts
            ]
            after = view.total_weeks_after_cuts
            tail = f"→ {weeks(after)} with these cuts" if after is not None else ""
            room = EMBED_FIELD_VALUE_LIMIT - (len(tail) + 1 if tail else 0)
            value = fit_lines(lines, room) + (f"\n{tail}" if tail else "")
            fields.append(Field("Suggested cuts", value))
    pointer = ease_pointer([md(n, 40) for n in view.quick_wins], view.unrated_ease, "`/skill update` (ease)")
    if pointer:
        fields.append(Field("Where to start", "\n".join(pointer)))
    judged = fit_lines([f"• {line}" for line in assumptions(view)], EMBED_FIELD_VALUE_LIMIT)
    fields.append(Field("How this was judged", judged))
    colour = COLOUR_UNDER if not view.attainable else COLOUR_WITHIN if view.complete else COLOUR_INFO
    card = Card(
        f"Plan check for {md(view.member, NAME_WIDTH)}",
        description="Complete ✓" if view.complete else "Not complete yet",
        fields=fields,
        colour=colour,
    )
    return cards_to_messages([card], ephemeral=view.private)
