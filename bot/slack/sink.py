"""Outbox delivery over Slack's Web API: channel posts and DMs, paced and classified.

* **Pacing.** Slack allows about one message per second per channel (``chat.postMessage``)
  and ``conversations.open`` is a Tier 3 method (about 50 a minute); each has its own
  limiter. A DM channel is opened once per user and remembered.
* **429.** A short Retry-After is waited out in place, so the parts of one message already
  posted are not posted again; a long one goes back to the outbox as ``RateLimited``.
* **Refusals.** ``not_in_channel``, ``channel_not_found``, ``user_not_found``,
  ``account_inactive`` and their kin can never succeed: ``PermanentRefusal`` marks the member
  unreachable. Server errors and network failures are ``TransientFailure``.
* **Once.** Slack has no nonce; every message carries the outbox nonce in its metadata, and a
  notification whose earlier deliverer stopped mid-flight (``interrupted``) first looks in the
  channel's recent history and skips the parts already there.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from typing import Any

import aiohttp
from aiolimiter import AsyncLimiter
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.answer import upload_files
from bot.slack.blocks import SlackMessage
from bot.slack.render import render
from core.services.delivery import Outgoing, PermanentRefusal, RateLimited, TransientFailure

log = logging.getLogger(__name__)

PERMANENT_ERRORS = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "user_not_found",
        "users_not_found",
        "account_inactive",
        "user_disabled",
        "is_archived",
        "cannot_dm_bot",
        "messages_tab_disabled",
        "restricted_action",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "missing_scope",
    }
)
METADATA_EVENT = "stride_notification"
OPENS_PER_MINUTE = 50
MAX_INLINE_WAIT = 30.0
HISTORY_LOOKBACK = 50
REMEMBERED_CHANNELS = 20_000


class SlackSink:
    def __init__(
        self,
        client: AsyncWebClient,
        per_channel_rate: float = 1.0,
        max_inline_wait: float = MAX_INLINE_WAIT,
    ) -> None:
        self._client = client
        self._per_channel_rate = per_channel_rate
        self._max_inline_wait = max_inline_wait
        self._dm_channels: OrderedDict[str, str] = OrderedDict()
        self._channel_limiters: OrderedDict[str, AsyncLimiter] = OrderedDict()
        self._open_limiter = AsyncLimiter(OPENS_PER_MINUTE, 60)

    async def send(self, message: Outgoing) -> None:
        notification = message.notification
        try:
            channel = await self._channel_for(notification.user_id, notification.channel_id)
            parts = render(message.view)
            already = (
                await self._already_posted(channel, message.nonce) if notification.interrupted else set()
            )
            for index, part in enumerate(parts):
                if index not in already:
                    await self._post(channel, part, message.nonce, index)
            if message.view.attachments and len(already) < len(parts):
                await self._call(lambda: upload_files(self._client, channel, message.view.attachments))
        except SlackApiError as error:
            raise _classified(error) from error
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            raise TransientFailure(f"network: {type(error).__name__}") from error

    async def _channel_for(self, user_id: str | None, channel_id: str | None) -> str:
        if user_id is None:
            if not channel_id:
                raise PermanentRefusal("the cohort has no channel set")
            return channel_id
        cached = self._dm_channels.get(user_id)
        if cached is None:
            async with self._open_limiter:
                opened = await self._call(lambda: self._client.conversations_open(users=user_id))
            cached = str(opened["channel"]["id"])
            _remember(self._dm_channels, user_id, cached)
        return cached

    async def _post(self, channel: str, part: SlackMessage, nonce: str, index: int) -> None:
        limiter = self._channel_limiters.get(channel)
        if limiter is None:
            limiter = AsyncLimiter(1, 1 / self._per_channel_rate)
            _remember(self._channel_limiters, channel, limiter)
        metadata = {"event_type": METADATA_EVENT, "event_payload": {"nonce": nonce, "part": index}}
        async with limiter:
            await self._call(
                lambda: self._client.chat_postMessage(
                    channel=channel,
                    metadata=metadata,
                    unfurl_links=False,
                    unfurl_media=False,
                    **part.payload(),
                )
            )

    async def _call(self, request: Any) -> Any:
        """Run one Web API call, waiting out a short 429 in place."""
        while True:
            try:
                return await request()
            except SlackApiError as error:
                wait = _retry_after(error)
                if wait is None:
                    raise
                if wait > self._max_inline_wait:
                    raise RateLimited(wait) from error
                log.info("slack asked to wait %.1fs", wait)
                await asyncio.sleep(wait)

    async def _already_posted(self, channel: str, nonce: str) -> set[int]:
        """Parts of this notification already in the channel (from an interrupted delivery)."""
        try:
            history = await self._call(
                lambda: self._client.conversations_history(
                    channel=channel, limit=HISTORY_LOOKBACK, include_all_metadata=True
                )
            )
        except SlackApiError as error:  # no history scope here: sending again beats not sending
            log.warning("could not read history to avoid a repeat (%s)", _error_code(error))
            return set()
        found = set()
        for posted in history.get("messages") or []:
            payload = (posted.get("metadata") or {}).get("event_payload") or {}
            if payload.get("nonce") == nonce and isinstance(payload.get("part"), int):
                found.add(payload["part"])
        return found


def _remember(cache: OrderedDict[str, Any], key: str, value: Any) -> None:
    cache[key] = value
    if len(cache) > REMEMBERED_CHANNELS:
        cache.popitem(last=False)


def _retry_after(error: SlackApiError) -> float | None:
    response = error.response
    if response.status_code != 429:
        return None
    try:
        return float(response.headers.get("Retry-After", response.headers.get("retry-after", 1)))
    except (TypeError, ValueError):
        return 1.0


def _error_code(error: SlackApiError) -> str:
    data = error.response.data
    return str(data.get("error") or "") if isinstance(data, dict) else ""


def _classified(error: SlackApiError) -> Exception:
    code = _error_code(error)
    if code in PERMANENT_ERRORS:
        return PermanentRefusal(f"slack refused ({code})")
    return TransientFailure(f"slack answered {error.response.status_code} {code}".strip())
