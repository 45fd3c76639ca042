"""Slash commands, one module per group (Red-DiscordBot style: thin handlers over services)."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.commands import (
    activity,
    cohort,
    dashboard,
    files,
    me,
    planning,
    reflections,
    reports,
    session_plans,
    sessions,
)

_ATTACHED = (session_plans,)
"""Modules that attach subcommands to a group registered above (imported for that)."""


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    for module in (cohort, planning, activity, me, reports, files, sessions, reflections, dashboard):
        module.register(tree)
