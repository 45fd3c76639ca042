"""/leaderboard, /digest and /help."""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands

from bot.discord.commands.choices import weeks
from bot.discord.components import leaderboard_parts
from bot.discord.respond import plain, respond, send_all
from core.services import digests, leaderboards
from core.views.base import Notice
from core.views.member import HelpEntryView, HelpView

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
    await respond(interaction, lambda ctx, who: digests.digest(ctx, who, None, week))


def _entries(interaction: discord.Interaction) -> list[HelpEntryView]:
    tree: app_commands.CommandTree[discord.Client] = interaction.client.tree  # type: ignore[attr-defined]
    return [
        HelpEntryView(usage=f"/{command.qualified_name}", summary=command.description)
        for command in tree.walk_commands()
        if isinstance(command, app_commands.Command)
    ]


async def _command_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    names = [entry.usage for entry in _entries(interaction) if current.lower() in entry.usage]
    return [app_commands.Choice(name=name, value=name) for name in names[:25]]


@app_commands.command(name="help", description="What Stride's commands do.")
@app_commands.describe(command="One command or group, like /skill")
@app_commands.autocomplete(command=_command_names)
async def help_(interaction: discord.Interaction, command: str | None = None) -> None:
    entries = _entries(interaction)
    if command:
        wanted = "/" + command.strip().lstrip("/").lower()
        entries = [e for e in entries if e.usage == wanted or e.usage.startswith(wanted + " ")]
        if not entries:
            text = f"✗ There is no command {wanted[:40]}; type /help to see them all."
            await send_all(interaction, plain(Notice(text=text)))
            return
    await send_all(interaction, plain(HelpView(entries=entries)))


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    commands: tuple[app_commands.Command[Any, Any, Any], ...] = (leaderboard, digest, help_)
    for command in commands:
        tree.add_command(command)
