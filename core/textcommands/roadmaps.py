"""Roadmap and goal-import commands: files in, phases with progress out."""

from __future__ import annotations

from core.commands import parse_int
from core.domain.roadmap import MAX_ITEMS
from core.errors import InvalidInput
from core.services import goals, roadmaps
from core.textcommands.registry import Request, Upload, command
from core.views.base import View


def the_upload(r: Request, example: str) -> Upload:
    """The one file sent with the command, or how to send it."""
    r.args.reject_extra_positionals(1, example.split(" FILE")[0])
    if not r.uploads:
        raise InvalidInput(
            f"No file came with the command; attach your Markdown file to {example.split(' FILE')[0]} "
            f"(on the console, type its path: {example})."
        )
    if len(r.uploads) > 1:
        raise InvalidInput("Send one file at a time; attach only the file to import.")
    return r.uploads[0]


def _number(r: Request, example: str) -> int:
    r.args.reject_extra_positionals(1, example.rsplit(" ", 1)[0])
    text = r.args.require_positional(0, "The item number", example)
    return parse_int(text, "the item number", 1, MAX_ITEMS, example)


@command(
    "roadmap import",
    "/roadmap import FILE|attachment [mode=replace|merge]",
    "Import your Markdown roadmap: headings become phases, checkboxes items.",
    options=("mode",),
    takes_upload=True,
    details="Checkboxes: - [ ], * [x], [X], ☐, ☑, ✅ (also garbled by a wrong encoding, which is "
    "repaired). Up to 256 KiB. Importing again asks for mode=replace or mode=merge; ticked items keep "
    "their progress either way.",
)
async def roadmap_import(r: Request) -> View:
    upload = the_upload(r, "/roadmap import FILE")
    mode = roadmaps.parse_mode(r.args.option("mode"))
    return await roadmaps.import_roadmap(r.ctx, r.actor, r.cohort, upload.filename, upload.data, mode)


@command("roadmap show", "/roadmap show", "Your roadmap's phases with progress bars and item numbers.")
async def roadmap_show(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/roadmap show")
    return await roadmaps.show_roadmap(r.ctx, r.actor, r.cohort)


@command("roadmap done", "/roadmap done N", "Tick off item N of your roadmap.")
async def roadmap_done(r: Request) -> View:
    return await roadmaps.mark_item(r.ctx, r.actor, r.cohort, _number(r, "/roadmap done 12"), True)


@command("roadmap undo", "/roadmap undo N", "Mark item N of your roadmap as not done again.")
async def roadmap_undo(r: Request) -> View:
    return await roadmaps.mark_item(r.ctx, r.actor, r.cohort, _number(r, "/roadmap undo 12"), False)


@command(
    "roadmap accept",
    "/roadmap accept N",
    "Accept suggestion N from your roadmap file (a budget or a goal).",
)
async def roadmap_accept(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/roadmap accept")
    text = r.args.require_positional(0, "The suggestion number", "/roadmap accept 1")
    number = parse_int(text, "the suggestion number", 1, 20, "/roadmap accept 1")
    return await roadmaps.accept_suggestion(r.ctx, r.actor, r.cohort, number)


@command(
    "goal import",
    "/goal import FILE|attachment",
    "Import goals from a document with Short/Medium/Long-term sections (kept private).",
    takes_upload=True,
)
async def goal_import(r: Request) -> View:
    upload = the_upload(r, "/goal import FILE")
    return await goals.import_goals(r.ctx, r.actor, r.cohort, upload.filename, upload.data)
