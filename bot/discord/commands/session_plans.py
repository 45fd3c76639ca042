"""/session plan|plans|unplan|rsvp|unrsvp: scheduled group sessions, attached to the
/session group (the focus timers' subcommands live in their own module)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.discord.commands.sessions import group
from bot.discord.respond import respond
from core.services import group_sessions

DAYS = [
    app_commands.Choice(name=name, value=name[:3].lower())
    for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
]
NOT_A_ROOM = "The room must be a voice channel of this server; pick one from the list, like #dsa-room."


class VoiceRoom(app_commands.Transformer):
    """A channel option Discord's client offers voice channels for; what arrives is checked
    in the handler (a forged id of a text channel or another server gets a sentence)."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.voice]

    async def transform(self, interaction: discord.Interaction, value: Any, /) -> Any:
        return value


def room_of(interaction: discord.Interaction, room: Any) -> tuple[str | None, str | None]:
    """The room's id if it is a voice channel of this server, else the sentence against it."""
    if room is None:
        return None, None
    guild = interaction.guild
    channel = guild.get_channel(int(room.id)) if guild is not None else None
    if not isinstance(channel, discord.VoiceChannel):
        return None, NOT_A_ROOM
    return str(channel.id), None


@group.command(name="plan", description="Instructors: plan a weekly group session (cohort's time zone).")
@app_commands.describe(
    title='Like "DSA night"',
    day="The day it meets each week",
    start="Local start time, HH:MM on a 24-hour clock, like 19:00",
    length="How long, like 90m, 2h or 1h30m",
    room="The voice channel it meets in",
)
@app_commands.choices(day=DAYS)
async def plan(
    interaction: discord.Interaction,
    title: str,
    day: str,
    start: str,
    length: str,
    room: app_commands.Transform[Any, VoiceRoom] | None = None,
) -> None:
    room_id, bad_room = room_of(interaction, room)
    await respond(
        interaction,
        lambda ctx, who: group_sessions.plan_session(
            ctx, who, None, title=title, day=day, start=start, length=length, room=room_id, bad_room=bad_room
        ),
    )


@group.command(name="plans", description="The cohort's planned group sessions, their next date and RSVPs.")
async def plans(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: group_sessions.list_sessions(ctx, who, None))


@group.command(name="unplan", description="Instructors: call off a planned group session.")
@app_commands.describe(number="The session's number in /session plans")
async def unplan(interaction: discord.Interaction, number: app_commands.Range[int, 1, 999]) -> None:
    await respond(interaction, lambda ctx, who: group_sessions.unplan_session(ctx, who, None, str(number)))


@group.command(name="rsvp", description="Say you'll come to the next meeting of a group session.")
@app_commands.describe(number="The session's number in /session plans")
async def rsvp(interaction: discord.Interaction, number: app_commands.Range[int, 1, 999]) -> None:
    await respond(interaction, lambda ctx, who: group_sessions.rsvp(ctx, who, None, str(number)))


@group.command(name="unrsvp", description="Take back your RSVP to the next meeting of a group session.")
@app_commands.describe(number="The session's number in /session plans")
async def unrsvp(interaction: discord.Interaction, number: app_commands.Range[int, 1, 999]) -> None:
    await respond(interaction, lambda ctx, who: group_sessions.rsvp(ctx, who, None, str(number), going=False))
