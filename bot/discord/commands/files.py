"""Commands that take or give files: /roadmap, /goal import, /plan export, /me export|delete, /export.

The goal, plan and me subcommands join the groups their modules own, so one module holds
every attachment download (size checked before a byte is fetched).
"""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands

from bot.discord.commands.activity import goal
from bot.discord.commands.me import group as me_group
from bot.discord.commands.planning import plan
from bot.discord.respond import respond
from core.domain.model import Actor
from core.domain.roadmap import MAX_ITEMS
from core.domain.textfile import check_size
from core.errors import InvalidInput
from core.services import exports, goals, roadmaps
from core.services.context import ServiceContext
from core.views.base import View

roadmap = app_commands.Group(
    name="roadmap", description="Your roadmap: phases and checklist items", guild_only=True
)

ItemNumber = app_commands.Range[int, 1, MAX_ITEMS]


async def read_attachment(attachment: discord.Attachment) -> bytes:
    """The attached file's bytes; a file over the limit is refused before it is downloaded."""
    check_size(attachment.size, attachment.filename)
    try:
        return await attachment.read()
    except discord.HTTPException as error:
        raise InvalidInput("Stride could not download the attachment; attach the file again.") from error


@roadmap.command(name="import", description="Import your Markdown roadmap (checkboxes become items).")
@app_commands.describe(
    file="A Markdown or text file up to 256 KiB", mode="When you already have a roadmap: replace or merge"
)
async def roadmap_import(
    interaction: discord.Interaction,
    file: discord.Attachment,
    mode: Literal["replace", "merge"] | None = None,
) -> None:
    async def call(ctx: ServiceContext, who: Actor) -> View:
        data = await read_attachment(file)
        return await roadmaps.import_roadmap(ctx, who, None, file.filename, data, roadmaps.parse_mode(mode))

    await respond(interaction, call)


@roadmap.command(name="show", description="Your phases with progress bars and item numbers.")
async def roadmap_show(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: roadmaps.show_roadmap(ctx, who, None))


@roadmap.command(name="done", description="Tick off item N of your roadmap.")
async def roadmap_done(interaction: discord.Interaction, number: ItemNumber) -> None:
    await respond(interaction, lambda ctx, who: roadmaps.mark_item(ctx, who, None, number, True))


@roadmap.command(name="undo", description="Mark item N as not done again.")
async def roadmap_undo(interaction: discord.Interaction, number: ItemNumber) -> None:
    await respond(interaction, lambda ctx, who: roadmaps.mark_item(ctx, who, None, number, False))


@roadmap.command(name="accept", description="Accept suggestion N from your roadmap file.")
async def roadmap_accept(interaction: discord.Interaction, number: app_commands.Range[int, 1, 20]) -> None:
    await respond(interaction, lambda ctx, who: roadmaps.accept_suggestion(ctx, who, None, number))


@goal.command(name="import", description="Import goals from a document with Short/Medium/Long-term sections.")
async def goal_import(interaction: discord.Interaction, file: discord.Attachment) -> None:
    async def call(ctx: ServiceContext, who: Actor) -> View:
        return await goals.import_goals(ctx, who, None, file.filename, await read_attachment(file))

    await respond(interaction, call)


@plan.command(name="export", description="Your plan as the course deliverable (instructors: a student's).")
@app_commands.describe(member="Instructors: the student whose deliverable to export")
async def plan_export(interaction: discord.Interaction, member: discord.Member | None = None) -> None:
    of = str(member.id) if member else None
    await respond(interaction, lambda ctx, who: exports.plan_export(ctx, who, None, of))


@me_group.command(name="export", description="Everything Stride keeps about you, as JSON.")
async def me_export(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: exports.me_export(ctx, who, None))


@me_group.command(name="delete", description="Erase everything Stride keeps about you.")
@app_commands.describe(confirm="Your cohort's name, to confirm (leave it out to read what is erased)")
async def me_delete(interaction: discord.Interaction, confirm: str | None = None) -> None:
    await respond(interaction, lambda ctx, who: exports.me_delete(ctx, who, None, confirm))


@app_commands.command(
    name="export", description="Instructors: the cohort as CSV, or every deliverable in a zip."
)
@app_commands.describe(what="csv: one row per student (default); deliverables: every plan, with a summary")
@app_commands.guild_only()
async def cohort_export(
    interaction: discord.Interaction, what: Literal["csv", "deliverables"] = "csv"
) -> None:
    await respond(interaction, lambda ctx, who: exports.export_of_kind(ctx, who, None, what))


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    commands: tuple[app_commands.Group | app_commands.Command[Any, Any, Any], ...] = (roadmap, cohort_export)
    for command in commands:
        tree.add_command(command)
