"""/leaderboard, /digest and /help."""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands

from bot.discord.components import leaderboard_parts
from bot.discord.respond import plain, respond, send_all
from core.services import digests, leaderboards
from core.views import HelpEntryView, HelpView


@app_commands.command(name="leaderboard", description="The cohort's ranking by hours or streak.")
@app_commands.guild_only()
async def leaderboard(
    interaction: discord.Interaction,
    metric: Literal["hours", "streak"] = "hours",
    period: Literal["week", "month", "term"] | None = None,
) -> None:
    workspace = str(interaction.guild_id)
    await respond(
        interaction,
        lambda ctx, who: leaderboards.leaderboard(ctx, who, None, metric, period),
        private=False,
        present=lambda view: leaderboard_parts(view, workspace),
    )


@app_commands.command(name="digest", description="Instructors: who is on track and who is at risk.")
@app_commands.guild_only()
async def digest(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: digests.digest(ctx, who, None))


@app_commands.command(name="help", description="What Stride's commands do.")
async def help_(interaction: discord.Interaction) -> None:
    tree: app_commands.CommandTree[discord.Client] = interaction.client.tree  # type: ignore[attr-defined]
    entries = [
        HelpEntryView(usage=f"/{command.qualified_name}", summary=command.description)
        for command in tree.walk_commands()
        if isinstance(command, app_commands.Command)
    ]
    await send_all(interaction, plain(HelpView(entries=entries)))


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    commands: tuple[app_commands.Command[Any, Any, Any], ...] = (leaderboard, digest, help_)
    for command in commands:
        tree.add_command(command)
