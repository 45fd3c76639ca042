"""/reflect (the week's questions in a modal; show, share, answer last week's blocker),
/reflections and /reply for instructors, and /cohort reflection (attached to /cohort)."""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands

from bot.discord.commands.choices import weeks
from bot.discord.commands.cohort import group as cohort_group
from bot.discord.reflections.buttons import open_reflection, reflection_present
from bot.discord.respond import Call, respond
from core.domain.model import Actor
from core.errors import InvalidInput
from core.services import cohorts, reflections
from core.services.context import ServiceContext
from core.views.base import View

Action = Literal["write", "show", "share", "resolved", "still-blocked"]
WEEK_HELP = "last, this or a week like 2026-W49"
WEEK_ONLY = (
    "A week goes with action:show or action:share only, like /reflect action:show week:last; "
    "/reflect alone answers the open week."
)
ONE_OF = (
    "Give either questions or turn, like /cohort reflection questions:Done: What did you ship? | "
    "Next: What's your plan? — or /cohort reflection turn:reset."
)


async def _refuse(sentence: str) -> View:
    raise InvalidInput(sentence)


@app_commands.command(name="reflect", description="Your weekly reflection: answer, show or share it.")
@app_commands.describe(
    action="write (default: the questions), show, share with the cohort, or answer last week's blocker",
    week=f"For show or share: {WEEK_HELP}",
)
@app_commands.autocomplete(week=weeks)
@app_commands.guild_only()
async def reflect(
    interaction: discord.Interaction, action: Action = "write", week: str | None = None
) -> None:
    workspace = str(interaction.guild_id)
    if action == "write" and week is None:
        await open_reflection(interaction, workspace)
    else:
        await respond(interaction, _reflect_call(action, week), present=reflection_present(workspace))


def _reflect_call(action: Action, week: str | None) -> Call:
    """What /reflect with an action does (``write`` opens the form; with a week, it is refused)."""
    if action == "show":
        return lambda ctx, who: reflections.show_reflection(ctx, who, None, week)
    if action == "share":
        return lambda ctx, who: reflections.share_reflection(ctx, who, None, week)
    if week is not None:
        return lambda ctx, who: _refuse(WEEK_ONLY)
    resolved = action == "resolved"
    return lambda ctx, who: reflections.answer_blocker(ctx, who, None, resolved)


@app_commands.command(
    name="reflections", description="Instructors: a week's reflections and who has not answered."
)
@app_commands.describe(week=f"{WEEK_HELP}; by default last week")
@app_commands.autocomplete(week=weeks)
@app_commands.guild_only()
async def reflections_(interaction: discord.Interaction, week: str | None = None) -> None:
    await respond(interaction, lambda ctx, who: reflections.list_reflections(ctx, who, None, week))


@app_commands.command(
    name="reply", description="Instructors: answer a student's blocker in a private message."
)
@app_commands.describe(member="The student", text="Your reply (up to 1,500 characters)")
@app_commands.guild_only()
async def reply(interaction: discord.Interaction, member: discord.Member, text: str) -> None:
    student, key = str(member.id), f"discord:{interaction.id}"
    await respond(
        interaction,
        lambda ctx, who: reflections.reply_to_blocker(
            ctx, who, None, text=text, student=student, idempotency_key=key
        ),
    )


@cohort_group.command(
    name="reflection", description="Instructors: the weekly reflection's questions, or turn it off."
)
@app_commands.describe(
    questions="1 to 5 questions split by |; Done:, Next: and Blocked: mark their roles",
    turn="on, off, or reset (the three default questions)",
)
async def cohort_reflection(
    interaction: discord.Interaction,
    questions: str | None = None,
    turn: Literal["on", "off", "reset"] | None = None,
) -> None:
    async def change(ctx: ServiceContext, who: Actor) -> View:
        if (questions is None) == (turn is None):
            await cohorts.check_can_change(ctx, who, None)  # a student learns that first
            raise InvalidInput(ONE_OF)
        return await reflections.set_questions(ctx, who, None, questions or turn or "")

    await respond(interaction, change)


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    commands: tuple[app_commands.Command[Any, Any, Any], ...] = (reflect, reflections_, reply)
    for command in commands:
        tree.add_command(command)
