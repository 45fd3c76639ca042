"""/plan and /skill: the career plan and the ten-skill matrix."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands

from bot.discord.commands.choices import skill_names
from bot.discord.modals import PlanModal
from bot.discord.respond import respond
from core.domain.levels import EASE_NAMES, parse_skill_kind
from core.services import charts, plans, skills

plan = app_commands.Group(name="plan", description="Your career plan A and B", guild_only=True)
skill = app_commands.Group(name="skill", description="Your ten skills", guild_only=True)

Level = app_commands.Range[int, 0, 5]
Priority = app_commands.Range[int, 1, 3]
Text100 = app_commands.Range[str, 1, 100]
EASE_CHOICES = [app_commands.Choice(name=f"{ease} {name}", value=ease) for ease, name in EASE_NAMES.items()]
"""The ease is a plain integer with choices: a value Discord never offered reaches the
service, which refuses it in the same sentence as the console."""
EASE_HELP = "How hard it is to learn: 1 easy, 2 medium, 3 hard"
SKILL_NAME_OR_NUMBER = "The skill's name, or its number in /skill list (like 3)"


@plan.command(name="set", description="Target position and industry; leave them out to type them in a form.")
@app_commands.describe(rationale="Why this plan (the assignment asks it of plan A)")
async def plan_set(
    interaction: discord.Interaction,
    slot: Literal["A", "B"],
    position: str | None = None,
    industry: str | None = None,
    rationale: str | None = None,
) -> None:
    if position is None and industry is None and rationale is None and slot in ("A", "B"):
        await interaction.response.send_modal(PlanModal(slot, interaction.user.id))
        return
    await respond(  # a slot Discord never offered is refused here, by parse_slot
        interaction,
        lambda ctx, who: plans.set_plan(
            ctx, who, None, plans.parse_slot(slot), position=position, industry=industry, rationale=rationale
        ),
    )


def _of(member: discord.Member | None) -> str | None:
    return str(member.id) if member else None


@plan.command(name="show", description="Your plans (instructors: a student's).")
async def plan_show(interaction: discord.Interaction, member: discord.Member | None = None) -> None:
    await respond(interaction, lambda ctx, who: plans.show_plan(ctx, who, None, _of(member)))


@plan.command(name="check", description="What the plan misses, time to target, and whether it fits a year.")
async def plan_check(interaction: discord.Interaction, member: discord.Member | None = None) -> None:
    await respond(interaction, lambda ctx, who: plans.check_plan(ctx, who, None, _of(member)))


@plan.command(name="chart", description="A picture of your skills: current level, target and recent change.")
async def plan_chart(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: charts.plan_chart(ctx, who, None))


@skill.command(name="add", description="Add one of your ten skills.")
@app_commands.describe(ease=EASE_HELP)
@app_commands.choices(ease=EASE_CHOICES)
async def skill_add(
    interaction: discord.Interaction,
    name: Text100,
    kind: Literal["general", "specific"],
    priority: Priority,
    current: Level,
    target: Level,
    notes: str | None = None,
    ease: int | None = None,
) -> None:
    await respond(
        interaction,
        lambda ctx, who: skills.add_skill(
            ctx,
            who,
            None,
            name=name,
            kind=parse_skill_kind(kind),
            priority=priority,
            current=current,
            target=target,
            notes=notes,
            ease=ease,
        ),
    )


@skill.command(name="update", description="Change a skill's priority, levels, ease or notes.")
@app_commands.describe(name=SKILL_NAME_OR_NUMBER)
@app_commands.autocomplete(name=skill_names)
@app_commands.describe(ease=EASE_HELP)
@app_commands.choices(ease=EASE_CHOICES)
async def skill_update(
    interaction: discord.Interaction,
    name: str,
    priority: Priority | None = None,
    current: Level | None = None,
    target: Level | None = None,
    notes: str | None = None,
    ease: int | None = None,
) -> None:
    await respond(
        interaction,
        lambda ctx, who: skills.update_skill(
            ctx, who, None, name, priority=priority, current=current, target=target, notes=notes, ease=ease
        ),
    )


@skill.command(name="remove", description="Remove a skill and its history.")
@app_commands.describe(name=SKILL_NAME_OR_NUMBER)
@app_commands.autocomplete(name=skill_names)
async def skill_remove(interaction: discord.Interaction, name: str) -> None:
    await respond(interaction, lambda ctx, who: skills.remove_skill(ctx, who, None, name))


@skill.command(name="list", description="Your skills, numbered, with levels, priorities and gaps.")
async def skill_list(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: skills.list_skills(ctx, who, None))


@skill.command(name="assess", description="Re-assess a skill's current level.")
@app_commands.describe(name=SKILL_NAME_OR_NUMBER)
@app_commands.autocomplete(name=skill_names)
async def skill_assess(
    interaction: discord.Interaction, name: str, level: Level, note: str | None = None
) -> None:
    await respond(interaction, lambda ctx, who: skills.assess_skill(ctx, who, None, name, level, note))


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    tree.add_command(plan)
    tree.add_command(skill)
