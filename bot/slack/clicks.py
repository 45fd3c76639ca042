"""What a click (``block_actions``) tells about where it happened, for every button listener."""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks import BLOCKS_PER_MESSAGE, SECTION_TEXT_LIMIT, plain
from bot.slack.render_reflections import without_buttons
from bot.slack.webapi import Patience, or_give_up


def channel_of(body: dict[str, Any]) -> str | None:
    channel = (body.get("channel") or {}).get("id")
    return str(channel) if channel else None


def dm_of(body: dict[str, Any]) -> str | None:
    """The DM the click came from: Stride's messages in a DM are only ever in its own DM
    with the member, so the answer goes there without opening it again."""
    channel = channel_of(body)
    return channel if channel and channel.startswith("D") else None


def message_of(body: dict[str, Any]) -> tuple[str, str] | None:
    """The channel and ts of the (non-ephemeral) message clicked on, if it was one."""
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    if container.get("type") != "message" or container.get("is_ephemeral") or not channel or not ts:
        return None
    return str(channel), str(ts)


async def drop_buttons(client: AsyncWebClient, body: dict[str, Any], prefix: str, note: str) -> None:
    """The clicked message without the buttons whose action ids start with ``prefix``, and
    ``note`` (plain text) saying what they did, so they are not pressed again."""
    message = message_of(body)
    if message is None:
        return
    shown = body.get("message") or {}
    blocks = without_buttons(list(shown.get("blocks") or []), prefix)
    if len(blocks) < BLOCKS_PER_MESSAGE:
        blocks.append({"type": "context", "elements": [plain(note, SECTION_TEXT_LIMIT)]})
    text = str(shown.get("text") or "Stride")
    channel, ts = message

    async def update() -> None:
        call = partial(client.chat_update, channel=channel, ts=ts, text=text, blocks=blocks)
        await Patience().call(call)

    await or_give_up(update(), "button update")
