"""The one path every Discord handler takes: run a service, render its view, reply.

A service that has not answered within ``DEFER_AFTER`` seconds gets the interaction
deferred first (Discord drops an interaction not acknowledged within 3 s); the answer then
goes out as a followup. Domain errors (parsing the options included: the call is made inside
the guarded task) become an ephemeral sentence; anything unexpected is logged with a
reference and the user sees only that reference.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import TypeVar

import discord

from bot.discord.interaction_context import actor_of, command_name, services_of
from bot.discord.render import DiscordMessage, render
from bot.discord.render_base import with_attachments
from bot.discord.render_safe import discord_hints
from core.domain.model import Actor
from core.errors import StrideError
from core.services.context import ServiceContext
from core.views.base import Notice, View
from core.views.follow_ups import Unfinished, follow_up_of

log = logging.getLogger(__name__)

DEFER_AFTER = 2.0
NO_PINGS = discord.AllowedMentions.none()

Call = Callable[[ServiceContext, Actor], Awaitable[View]]
Part = tuple[DiscordMessage, "discord.ui.View | None"]
"""One message to send, and the buttons or selects it carries."""
Present = Callable[[View], list[Part]]
T = TypeVar("T")


async def respond(
    interaction: discord.Interaction,
    call: Call,
    *,
    private: bool = True,
    present: Present | None = None,
    update: bool | Callable[[View], bool] = False,
) -> None:
    """Run ``call`` for the interaction's user and send what it returns (or its error).

    ``private=False`` makes the answer public (an error stays ephemeral); ``present`` turns
    the view into messages with components (default: :func:`plain`); ``update`` replaces
    the message a clicked component sits on instead of answering with a new one (given as a
    function of the view: for the views it says so of).
    """
    task = asyncio.ensure_future(_run(call, interaction))
    done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
    if not done:
        if update:
            await interaction.response.defer()
        else:
            await interaction.response.defer(ephemeral=private, thinking=True)
    try:
        view = await task
    except Exception as error:  # every failure becomes its one sentence
        view, present, private, update = _failure(error, interaction), None, True, False
    if callable(update):
        update = update(view)
    # A private notice in place of a public answer (a board nobody has logged on) is for the asker alone.
    private = private or (isinstance(view, Notice) and view.private)
    parts = _parts(view, present or plain, private)
    if update:
        await _replace(interaction, parts)
    else:
        await send_all(interaction, parts)
    later = await follow_up_of(view, command_name(interaction))
    if isinstance(later, Unfinished):
        await send_all(interaction, plain(later.notice()))
    elif later is not None:
        await send_all(interaction, _parts(later, plain, private or later.private))


def _failure(error: Exception, interaction: discord.Interaction) -> Notice:
    """A domain error's own sentence; anything else logged, the user told only a reference."""
    if isinstance(error, StrideError):
        return Notice(text=f"✗ {discord_hints(error.message)}", private=True)
    reference = secrets.token_hex(4)
    log.error("discord command %s failed (ref %s)", command_name(interaction), reference, exc_info=error)
    text = f"✗ Something went wrong on Stride's side and nothing was saved (ref {reference})."
    return Notice(text=text, private=True)


async def open_modal(
    interaction: discord.Interaction,
    call: Callable[[ServiceContext, Actor], Awaitable[T]],
    modal: Callable[[T], discord.ui.Modal | View],
) -> None:
    """Open the modal ``modal`` builds from what ``call`` returns (a form's questions), or
    show the view it gives instead, or the sentence of an error. A modal must be the first
    answer, so nothing is deferred: ``call`` is a short read."""
    try:
        form = modal(await call(services_of(interaction), actor_of(interaction)))
    except Exception as error:  # every failure becomes its one sentence
        form = _failure(error, interaction)
    if isinstance(form, discord.ui.Modal):
        await interaction.response.send_modal(form)
    else:
        await send_all(interaction, _parts(form, plain, True))


async def _run(call: Call, interaction: discord.Interaction) -> View:
    """The whole call inside the guarded task: a handler's ``lambda`` parses its options
    while it builds the service's coroutine, so calling it must happen here too, or a
    mistyped value would escape as the tree's error instead of its sentence."""
    return await call(services_of(interaction), actor_of(interaction))


def _parts(view: View, present: Present, private: bool) -> list[Part]:
    """The view's messages with its files; ``private=False`` makes them all public."""
    parts = with_attachments(present(view), view)
    if private:
        return parts
    return [(dataclasses.replace(message, ephemeral=False), items) for message, items in parts]


def plain(view: View) -> list[Part]:
    """The view's messages, without components."""
    return [(message, None) for message in render(view)]


async def send_all(interaction: discord.Interaction, parts: list[Part]) -> None:
    for message, items in parts:
        if interaction.response.is_done():
            await interaction.followup.send(
                message.content or discord.utils.MISSING,
                embeds=message.embeds,
                ephemeral=message.ephemeral,
                allowed_mentions=NO_PINGS,
                view=items or discord.utils.MISSING,
                files=message.discord_files(),
                suppress_embeds=message.suppress_embeds,
            )
        else:
            await interaction.response.send_message(
                message.content,
                embeds=message.embeds,
                ephemeral=message.ephemeral,
                allowed_mentions=NO_PINGS,
                view=items or discord.utils.MISSING,
                files=message.discord_files(),
                suppress_embeds=message.suppress_embeds,
            )


async def _replace(interaction: discord.Interaction, parts: list[Part]) -> None:
    """Show the first part in place of the clicked message; any more follow as new messages.

    Files never replace a message's own: a first part carrying some goes out as a new message.
    """
    if parts[0][0].files:
        await send_all(interaction, parts)
        return
    (message, items), rest = parts[0], parts[1:]
    if interaction.response.is_done():
        await interaction.edit_original_response(
            content=message.content, embeds=message.embeds, view=items, allowed_mentions=NO_PINGS
        )
    else:
        await interaction.response.edit_message(
            content=message.content, embeds=message.embeds, view=items, allowed_mentions=NO_PINGS
        )
    await send_all(interaction, rest)
