"""/me: time zone, vacation pause, DMs, leaderboard visibility and voice room tracking."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.commands.choices import timezones
from bot.discord.respond import respond
from core.services import me

group = app_commands.Group(name="me", description="Your personal settings", guild_only=True)


@group.command(name="show", description="Your personal settings.")
async def show(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: me.show_me(ctx, who, None))


@group.command(name="timezone", description="Your own time zone (default: the cohort's).")
@app_commands.autocomplete(zone=timezones)
async def timezone(interaction: discord.Interaction, zone: str) -> None:
    await respond(interaction, lambda ctx, who: me.set_timezone(ctx, who, None, zone))


@group.command(name="pause", description="Vacation until a date: no reminders, the streak waits.")
@app_commands.describe(until="YYYY-MM-DD")
async def pause(interaction: discord.Interaction, until: str) -> None:
    await respond(interaction, lambda ctx, who: me.pause(ctx, who, None, until))


@group.command(name="resume", description="End a pause early.")
async def resume(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: me.resume(ctx, who, None))


@group.command(name="dms", description="Allow or stop direct messages from Stride.")
async def dms(interaction: discord.Interaction, enabled: bool) -> None:
    await respond(interaction, lambda ctx, who: me.set_dms(ctx, who, None, enabled))


@group.command(name="leaderboard", description="Appear on or hide from leaderboards.")
async def leaderboard(interaction: discord.Interaction, visible: bool) -> None:
    await respond(interaction, lambda ctx, who: me.set_leaderboard(ctx, who, None, visible))


@group.command(name="voice", description="Count your time in the cohort's voice study rooms, or stop.")
async def voice(interaction: discord.Interaction, enabled: bool) -> None:
    await respond(interaction, lambda ctx, who: me.set_voice(ctx, who, None, enabled))


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    tree.add_command(group)
