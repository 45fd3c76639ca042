"""Slash commands, one module per group (Red-DiscordBot style: thin handlers over services)."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.commands import activity, cohort, files, me, planning, reports, sessions


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    for module in (cohort, planning, activity, me, reports, files, sessions):
        module.register(tree)
