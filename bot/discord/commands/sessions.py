"""/session: focus timers and scheduled group sessions (commands are attached to ``group``
by the modules that define them; this one registers the group and holds the timers')."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.commands.choices import skill_names, tracks
from bot.discord.respond import respond
from core.domain.timers import MAX_CYCLES
from core.services import timers

group = app_commands.Group(
    name="session", description="Study sessions: focus timers and group sessions", guild_only=True
)


@group.command(
    name="start", description="Start a focus timer on a track, like dsa for 50m; cycles make it a Pomodoro."
)
@app_commands.describe(
    track="The track the focus time counts on, like dsa",
    length="One focus period: 5m to 4h, like 50m, 1h or 1h30m (50m if not given)",
    skill="The skill this time counts toward (its name or number)",
    cycles="Focus periods of that length, 1 to 12, with breaks between them",
    pause="The break between periods: 1m to 60m, like 10m (needs cycles of 2 or more)",
)
@app_commands.rename(pause="break")
@app_commands.autocomplete(track=tracks, skill=skill_names)
async def session_start(
    interaction: discord.Interaction,
    track: str,
    length: str | None = None,
    skill: str | None = None,
    cycles: app_commands.Range[int, 1, MAX_CYCLES] | None = None,
    pause: str | None = None,
) -> None:
    await respond(
        interaction,
        lambda ctx, who: timers.start_timer(
            ctx, who, None, track=track, length=length, skill=skill, cycles=cycles, pause=pause
        ),
    )


@group.command(name="stop", description="End your focus timer now and log the focus time so far.")
async def session_stop(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: timers.stop_timer(ctx, who, None))


@group.command(name="status", description="Your session under way: focus time so far and when it ends.")
async def session_status(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: timers.session_status(ctx, who, None))


@group.command(name="log", description="Log an ended focus timer's planned time (the DM's Log it).")
async def session_log(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: timers.answer_timer(ctx, who, None, "log"))


@group.command(name="keep", description="Add one more focus period to an ended timer (the DM's Keep going).")
async def session_keep(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: timers.answer_timer(ctx, who, None, "keep"))


@group.command(name="discard", description="Drop your focus timer without logging it (the DM's Discard).")
async def session_discard(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: timers.answer_timer(ctx, who, None, "discard"))


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    tree.add_command(group)
