"""/me: time zone, vacation pause, DMs, leaderboard visibility, voice room tracking, and
when personal DMs come (reminder day and time, quiet hours, snooze)."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands

from bot.discord.commands.choices import timezones
from bot.discord.respond import respond
from core.services import me, reminder_prefs

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


Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun", "off"]


@group.command(name="reminders", description="The day and time of your weekly check-in DM (your time zone).")
@app_commands.describe(
    day="Its day; off goes back to the cohort's", time="HH:MM, like 19:00; off: the cohort's"
)
async def reminders(
    interaction: discord.Interaction, day: Day | None = None, time: str | None = None
) -> None:
    await respond(
        interaction, lambda ctx, who: reminder_prefs.set_reminders(ctx, who, None, day=day, time=time)
    )


@group.command(name="quiet", description="Hours without DMs (default 22:00-08:00), or off.")
@app_commands.describe(hours="Like 23:00-07:00, or off")
async def quiet(interaction: discord.Interaction, hours: str) -> None:
    await respond(interaction, lambda ctx, who: reminder_prefs.set_quiet_hours(ctx, who, None, hours))


@group.command(name="snooze", description="Hold your reminders for a while (30m to 7d), or off.")
@app_commands.describe(for_="How long, like 3h or 1d; off ends a snooze")
@app_commands.rename(for_="for")
async def snooze(interaction: discord.Interaction, for_: str) -> None:
    await respond(interaction, lambda ctx, who: reminder_prefs.snooze(ctx, who, None, for_))


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    tree.add_command(group)
