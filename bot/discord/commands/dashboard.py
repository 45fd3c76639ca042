"""/dashboard: a private one-time sign-in link to the web dashboard, or (``action:signout-all``)
signing out of it in every browser. The same services as the console's and Slack's
``/dashboard``; the link's message never unfurls (Discord would fetch the page for a preview)."""

from __future__ import annotations

import dataclasses
from typing import Literal

import discord
from discord import app_commands

from bot.discord.respond import Call, Part, plain, respond
from core.errors import InvalidInput
from core.services.context import short
from core.services.dashboard import signin
from core.views.base import View

Action = Literal["link", "signout-all"]


@app_commands.command(name="dashboard", description="A private one-time sign-in link to the web dashboard.")
@app_commands.describe(action="link (default: a new sign-in link, valid 15 minutes) or signout-all")
@app_commands.guild_only()
async def dashboard(interaction: discord.Interaction, action: Action = "link") -> None:
    await respond(interaction, _call(action), present=_without_previews)


def _call(action: str) -> Call:
    """What the action does; Discord passes on a value it never offered, so it is checked."""
    if action == "signout-all":
        return lambda ctx, who: signin.sign_out_all(ctx, who)
    if action == "link":
        return lambda ctx, who: signin.request_link(ctx, who, None)
    return lambda ctx, who: _refuse(action)


async def _refuse(action: str) -> View:
    raise InvalidInput(
        f"'{short(action, 30)}' is not an action of /dashboard; write action:link for a sign-in "
        "link, or action:signout-all to sign out of the dashboard in every browser."
    )


def _without_previews(view: View) -> list[Part]:
    """The view's messages with link previews suppressed: the link is for the person alone."""
    return [(dataclasses.replace(message, suppress_embeds=True), items) for message, items in plain(view)]


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    tree.add_command(dashboard)
