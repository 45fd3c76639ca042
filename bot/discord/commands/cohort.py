"""/cohort: create (binding the cohort to this server and channel), join, show, set."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands

from bot.discord.commands.choices import timezones
from bot.discord.respond import respond
from core.domain.model import Actor
from core.errors import InvalidInput
from core.services import cohorts, instructors
from core.services.context import ServiceContext
from core.services.voice_rooms import VOICE_KEY
from core.views.member import CohortView

VOICE_PAIR = (
    "Pick the voice room and its track together, like voice_room:#dsa-room voice_track:dsa "
    "(voice_track:off stops counting the room)."
)

group = app_commands.Group(name="cohort", description="Your class's cohort", guild_only=True)

Kind = Literal["weekly_reminder", "hours_checkin", "reassessment", "leaderboard", "digest"]


@group.command(name="create", description="Start a cohort in this channel; you become its instructor.")
@app_commands.describe(name="Like ML-Fall-2026", tz="Time zone, like Europe/Berlin")
@app_commands.autocomplete(tz=timezones)
async def create(interaction: discord.Interaction, name: str, tz: str | None = None) -> None:
    channel = str(interaction.channel_id) if interaction.channel_id else None
    await respond(
        interaction, lambda ctx, who: cohorts.create_cohort(ctx, who, name, tz, channel), private=False
    )


@group.command(name="join", description="Join your class's cohort.")
async def join(interaction: discord.Interaction, name: str) -> None:
    await respond(interaction, lambda ctx, who: cohorts.join_cohort(ctx, who, name))


@group.command(name="show", description="The cohort's settings and size.")
async def show(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: cohorts.show_cohort(ctx, who, None))


@group.command(name="set", description="Instructors: change cohort settings.")
@app_commands.describe(
    horizon="Weeks a plan must fit in",
    step_hours="Hours per level step, like 5,15,40,100,200",
    default_hours="Weekly hours for members without budgets",
    term_start="YYYY-MM-DD",
    term_end="YYYY-MM-DD",
    focus="This week's focus, shown in the Monday post",
    channel="Where the cohort's posts go",
    voice_room="A voice study room whose time counts as check-ins (with voice_track)",
    voice_track="The track that room's time counts for, like dsa; off stops counting it",
)
@app_commands.autocomplete(timezone=timezones)
async def set_(
    interaction: discord.Interaction,
    timezone: str | None = None,
    channel: discord.TextChannel | None = None,
    horizon: app_commands.Range[int, 1, 520] | None = None,
    step_hours: str | None = None,
    default_hours: str | None = None,
    term_start: str | None = None,
    term_end: str | None = None,
    focus: str | None = None,
    voice_room: discord.VoiceChannel | discord.StageChannel | None = None,
    voice_track: app_commands.Range[str, 1, 40] | None = None,
) -> None:
    given = {
        "timezone": timezone,
        "channel": str(channel.id) if channel else None,
        "horizon": str(horizon) if horizon is not None else None,
        "step_hours": step_hours,
        "default_hours": default_hours,
        "term_start": term_start,
        "term_end": term_end,
        "focus": focus,
    }
    options = {key: value for key, value in given.items() if value is not None}

    async def update(ctx: ServiceContext, who: Actor) -> CohortView:
        if voice_room is not None or voice_track is not None:
            try:
                options[VOICE_KEY] = _voice_room(interaction.guild, voice_room, voice_track)
            except InvalidInput:
                await cohorts.check_can_change(ctx, who, None)  # a student learns that first
                raise
        return await cohorts.update_cohort(ctx, who, None, options)

    await respond(interaction, update)


def _voice_room(
    guild: discord.Guild | None,
    room: discord.VoiceChannel | discord.StageChannel | None,
    track: str | None,
) -> str:
    """``voice=ID:TRACK`` once the room is checked against the server's own channels."""
    if room is None or track is None:
        raise InvalidInput(VOICE_PAIR)
    if guild is None or not isinstance(
        guild.get_channel(room.id), discord.VoiceChannel | discord.StageChannel
    ):
        raise InvalidInput("Pick one of this server's voice or stage channels as the voice room.")
    return f"{room.id}:{track}"


@group.command(name="schedule", description="Instructors: turn a scheduled message on or off, or move it.")
@app_commands.describe(cron='When, like "0 9 * * mon" (minute hour day month weekday, local time)')
async def schedule(
    interaction: discord.Interaction, kind: Kind, enabled: bool | None = None, cron: str | None = None
) -> None:
    options: dict[str, str] = {kind: "on" if enabled else "off"} if enabled is not None else {}
    if cron is not None:
        options[f"{kind}.cron"] = cron
    await respond(interaction, lambda ctx, who: cohorts.update_cohort(ctx, who, None, options))


instructor = app_commands.Group(name="instructor", description="The cohort's instructors", parent=group)


def _person(member: discord.Member) -> str:
    """The member as the services name them (their id); a bot is refused here, by name."""
    if member.bot:
        raise InvalidInput(instructors.NOT_A_BOT)
    return str(member.id)


@instructor.command(name="add", description="Instructors: make a member of the cohort an instructor too.")
async def instructor_add(interaction: discord.Interaction, member: discord.Member) -> None:
    await respond(interaction, lambda ctx, who: instructors.add_instructor(ctx, who, None, _person(member)))


@instructor.command(name="remove", description="Instructors: make an instructor a student again.")
async def instructor_remove(interaction: discord.Interaction, member: discord.Member) -> None:
    await respond(
        interaction, lambda ctx, who: instructors.remove_instructor(ctx, who, None, _person(member))
    )


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    tree.add_command(group)
