"""The one path every Slack listener takes: who is asking, run the service, reply.

Slack drops a request that is not acknowledged within 3 seconds (and retries events), so
the service gets ``ACK_WITHIN`` seconds: a quick answer goes back in the acknowledgement
itself; a slow one is acknowledged first and answered through the ``response_url``
afterwards. Domain errors become one private sentence; anything unexpected is logged with a
reference and the user sees only the reference.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import SlackMessage
from bot.slack.render import render
from bot.slack.webapi import Patience, or_give_up
from core.domain.model import Actor
from core.errors import StrideError
from core.services.context import ServiceContext
from core.views.base import Attachment, Notice, View
from core.views.follow_ups import Unfinished, follow_up_of

log = logging.getLogger(__name__)

PLATFORM = "slack"
ACK_WITHIN = 2.0

Call = Callable[[], Awaitable[View]]


@dataclass(frozen=True)
class SlackDeps:
    """What listeners need, bound once at start-up (see ``bot.slack.app.build_app``)."""

    services: ServiceContext
    instructor_user_ids: frozenset[str] = frozenset()


def actor_of(body: dict[str, Any], deps: SlackDeps) -> Actor:
    """The person behind a slash command, an interaction or an event; the team is the workspace."""
    user: dict[str, Any] = body["user"] if isinstance(body.get("user"), dict) else {}
    event: dict[str, Any] = body.get("event") or {}
    user_id = str(body.get("user_id") or user.get("id") or event.get("user") or "")
    team = body.get("team_id") or (body.get("team") or {}).get("id") or user.get("team_id") or ""
    name = str(body.get("user_name") or user.get("username") or user.get("name") or user_id)
    return Actor(PLATFORM, str(team), user_id, name[:100], user_id in deps.instructor_user_ids)


async def run_view(call: Call, what: str) -> View:
    """The view ``call`` returns, or a private notice saying what went wrong."""
    try:
        return await call()
    except StrideError as error:
        return Notice(text=f"✗ {error.message}")
    except Exception:
        reference = secrets.token_hex(4)
        log.exception("slack %s failed (ref %s)", what, reference)
        return Notice(
            text=f"✗ Something went wrong on Stride's side and nothing was saved (ref {reference})."
        )


async def answer_command(
    ack: AsyncAck,
    respond: AsyncRespond,
    client: AsyncWebClient,
    body: dict[str, Any],
    call: Call,
) -> None:
    """Answer a slash command: in the acknowledgement when quick, by ``response_url`` when slow."""
    task = asyncio.ensure_future(run_view(call, str(body.get("command", "command"))))
    done, _ = await asyncio.wait({task}, timeout=ACK_WITHIN)
    if not done:
        await ack()
    view = await task
    response_type = "ephemeral" if view.private else "in_channel"
    messages = render(view)
    first, rest = messages[0], messages[1:]
    if done:
        await ack(response_type=response_type, **unfurled_never(first))
    else:
        await respond(response_type=response_type, **unfurled_never(first))
    for message in rest:
        await respond(response_type=response_type, **unfurled_never(message))
    await upload(client, body, view)
    later = await follow_up_of(view, str(body.get("command", "command")))
    if isinstance(later, Unfinished):
        await respond(response_type="ephemeral", **render(later.notice())[0].payload())
    elif later is not None:
        for message in render(later):
            await respond(response_type="ephemeral" if later.private else "in_channel", **message.payload())
        await upload(client, body, later)


def unfurled_never(message: SlackMessage) -> dict[str, Any]:
    """A command's reply never unfurls: a link in it (a dashboard sign-in link) is for the
    person alone, and a preview would only show the sign-in page."""
    return {**message.payload(), "unfurl_links": False, "unfurl_media": False}


async def upload(client: AsyncWebClient, body: dict[str, Any], view: View) -> None:
    """A view's files: into the channel when it is public, else into the user's DM with Stride."""
    if not view.attachments:
        return
    if view.private:
        opened = await client.conversations_open(users=str(body.get("user_id") or body["user"]["id"]))
        channel = str(opened["channel"]["id"])
    else:
        channel = str(body.get("channel_id") or body["channel"]["id"])
    await upload_files(client, channel, view.attachments)


async def upload_files(client: AsyncWebClient, channel: str, files: tuple[Attachment, ...]) -> None:
    await client.files_upload_v2(
        channel=channel,
        file_uploads=[
            {
                "content": file.data,
                "filename": file.filename,
                "title": file.filename,
                "alt_txt": file.description[:1000] or file.filename,
            }
            for file in files
        ],
    )


async def tell(
    client: AsyncWebClient, user_id: str, channel: str | None, view: View, *, dm: str | None = None
) -> None:
    """A reply outside a slash command (a modal, a button, a file), then its follow-up.

    ``dm``: the member's DM with Stride when the reply's cause happened there (a click on a
    message Stride sent there, a message to Stride): the reply goes there, with no
    ``conversations.open``. Otherwise it is ephemeral in ``channel`` where Slack lets it
    be, else in the DM, opened. A reply Slack keeps refusing is logged and dropped (see
    ``bot.slack.webapi``): this runs after the ack, and nothing may escape the listener.
    """
    patience = Patience()

    async def reply() -> None:
        await _tell(client, patience, user_id, channel, dm, view)
        later = await follow_up_of(view, "reply")
        if isinstance(later, Unfinished):
            await _tell(client, patience, user_id, channel, dm, later.notice())
        elif later is not None:
            await _tell(client, patience, user_id, channel, dm, later)

    await or_give_up(reply(), "interaction")


async def _tell(
    client: AsyncWebClient, patience: Patience, user_id: str, channel: str | None, dm: str | None, view: View
) -> None:
    messages: list[SlackMessage] = render(view)
    if dm is None and channel and not channel.startswith("D") and not view.attachments:
        while messages:
            try:
                await patience.call(
                    partial(client.chat_postEphemeral, channel=channel, user=user_id, **messages[0].payload())
                )
            except SlackApiError as error:  # not in that channel (any more): the DM still reaches them
                log.info("ephemeral reply refused (%s); sending the rest by DM", error.response.status_code)
                break
            messages = messages[1:]
        if not messages:
            return
    if dm is None:
        opened = await patience.call(partial(client.conversations_open, users=user_id))
        dm = str(opened["channel"]["id"])
    for message in messages:
        await patience.call(partial(client.chat_postMessage, channel=dm, **message.payload()))
    if view.attachments:
        await patience.call(partial(upload_files, client, dm, view.attachments))
