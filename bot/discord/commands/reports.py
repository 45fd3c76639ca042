"""/leaderboard, /digest and /help."""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands

from bot.discord import help
from bot.discord.commands.choices import weeks
from bot.discord.components import leaderboard_parts
from bot.discord.reflections.prompts import digest_present
from bot.discord.respond import respond
from core.services import digests, leaderboards
from core.views.base import View

WEEK_HELP = "last, this or a week like 2026-W47 (any week since the cohort began)"


@app_commands.command(name="leaderboard", description="The cohort's ranking by hours, streak or roadmap.")
@app_commands.describe(week=f"The hours of one week: {WEEK_HELP}")
@app_commands.autocomplete(week=weeks)
@app_commands.guild_only()
async def leaderboard(
    interaction: discord.Interaction,
    metric: Literal["hours", "streak", "roadmap"] = "hours",
    period: Literal["week", "month", "term"] | None = None,
    week: str | None = None,
) -> None:
    workspace = str(interaction.guild_id)
    await respond(
        interaction,
        lambda ctx, who: leaderboards.leaderboard(
            ctx,
            who,
            None,
            leaderboards.parse_metric(metric),
            None if period is None else leaderboards.parse_period(period),
            week,
        ),
        private=False,
        present=lambda view: leaderboard_parts(view, workspace),
    )


@app_commands.command(name="digest", description="Instructors: who is on track and who is at risk.")
@app_commands.describe(
    week="last, this or a week like 2026-W47; by default last week on Mondays, else this week"
)
@app_commands.autocomplete(week=weeks)
@app_commands.guild_only()
async def digest(interaction: discord.Interaction, week: str | None = None) -> None:
    present = digest_present(str(interaction.guild_id))
    await respond(interaction, lambda ctx, who: digests.digest(ctx, who, None, week), present=present)


def _tree(interaction: discord.Interaction) -> app_commands.CommandTree[discord.Client]:
    tree: app_commands.CommandTree[discord.Client] = interaction.client.tree  # type: ignore[attr-defined]
    return tree


async def _command_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    needle = current.strip().lstrip("/").lower()
    names = [c.qualified_name for c in help.commands_of(_tree(interaction)) if needle in c.qualified_name]
    return [app_commands.Choice(name=f"/{name}", value=name) for name in names[:25]]


@app_commands.command(
    name="help", description="What Stride's commands do; one command in detail with examples."
)
@app_commands.describe(command="One command or group, like skill assess or /skill")
@app_commands.autocomplete(command=_command_names)
async def help_(interaction: discord.Interaction, command: str | None = None) -> None:
    tree = _tree(interaction)
    await respond(interaction, lambda ctx, who: _help(tree, command))


async def _help(tree: app_commands.CommandTree[discord.Client], command: str | None) -> View:
    return help.help_view(tree, command)


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    commands: tuple[app_commands.Command[Any, Any, Any], ...] = (leaderboard, digest, help_)
    for command in commands:
        tree.add_command(command)
