"""Outbox delivery over Slack's Web API: channel posts and DMs, paced and classified.

* **Pacing.** Slack allows about one message per second per channel (``chat.postMessage``);
  every request is also paced evenly at 48/s overall, with four sends in flight so that
  marking one sent never holds up the next. The bucket holds one and a half requests: a
  send that wakes up to half a slot late still catches up, and no second holds more than
  49 (1.5 + 48), so requests bunched up to 30 ms on the way still fit 50 a second (a bucket
  of two left 20 ms, and a stalled process bunches more: see docs/performance.md).
  ``conversations.open`` is a Tier 3 method (about 50 a minute): opens go at 48 a minute
  from the same size of bucket, so no minute holds more than 49.
* **DM channels.** A member's DM channel is opened once and kept: the notification carries
  the one stored for the member, and a newly opened one is reported back (``Delivered``)
  for the outbox to store, so a restart does not open 10,000 conversations again (three
  hours at Tier 3). A stored channel Slack calls ``channel_not_found`` is forgotten and
  the conversation opened again, once.
* **429.** A short Retry-After is waited out in place, so the parts of one message already
  posted are not posted again; a long one goes back to the outbox as ``RateLimited``.
* **Refusals.** ``not_in_channel``, ``channel_not_found``, ``user_not_found``,
  ``account_inactive`` and their kin can never succeed: ``PermanentRefusal`` marks the member
  unreachable. Server errors and network failures are ``TransientFailure``.
* **Once.** Slack has no nonce; every message carries the outbox nonce in its metadata, and a
  notification whose earlier deliverer stopped mid-flight (``interrupted``) first looks in the
  channel's recent history and skips the parts already there. Past its grace, ``settle``
  answers from the same history whether it went out, so it is recorded sent or skipped.
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
from bot.slack.webapi import error_code, retry_after
from core.domain.model import Notification
from core.services.delivery import (
    Delivered,
    NoChannel,
    Outgoing,
    PermanentRefusal,
    RateLimited,
    TransientFailure,
)

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
REQUESTS_PER_SECOND = 48
OPENS_PER_MINUTE = 48
BURST = 1.5
MAX_INLINE_WAIT = 30.0
HISTORY_LOOKBACK = 50
REMEMBERED_CHANNELS = 20_000


class SlackSink:
    platforms = ("slack",)
    in_flight = 4
    """Sends the deliverer may overlap: the limiters below do the pacing."""

    def __init__(
        self,
        client: AsyncWebClient,
        per_channel_rate: float = 1.0,
        max_inline_wait: float = MAX_INLINE_WAIT,
        *,
        rate: float = REQUESTS_PER_SECOND,
        open_period: float = 60.0,
    ) -> None:
        """``rate``: requests per second overall; ``open_period``: the span in which
        ``OPENS_PER_MINUTE`` conversations are opened (a minute, shorter only in tests)."""
        self._client = client
        self._per_channel_rate = per_channel_rate
        self._max_inline_wait = max_inline_wait
        self._dm_channels: OrderedDict[str, str] = OrderedDict()
        self._channel_limiters: OrderedDict[str, AsyncLimiter] = OrderedDict()
        self._limiter = AsyncLimiter(BURST, BURST / rate)
        self._open_limiter = AsyncLimiter(BURST, BURST * open_period / OPENS_PER_MINUTE)

    async def send(self, message: Outgoing) -> Delivered | None:
        notification = message.notification
        try:
            if notification.user_id is None:
                if not notification.channel_id:
                    raise NoChannel("the cohort has no channel set")
                await self._deliver(notification.channel_id, message)
                return None
            return await self._deliver_dm(notification, notification.user_id, message)
        except SlackApiError as error:
            raise _classified(error) from error
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            raise TransientFailure(f"network: {type(error).__name__}") from error

    async def settle(self, message: Outgoing) -> bool | None:
        """Whether a notification an earlier deliverer stopped on is already in its
        conversation (by the nonce in its metadata); None when Slack cannot be asked."""
        notification = message.notification
        try:
            if notification.user_id is None:
                channel = notification.channel_id
            else:
                known = self._dm_channels.get(notification.user_id) or notification.dm_channel_id
                channel = known or await self._open(notification.user_id)
            if not channel:
                return None
            found = await self._history_parts(channel, message.nonce)
        except (SlackApiError, RateLimited, aiohttp.ClientError, TimeoutError, OSError) as error:
            log.warning("could not look for notification %s (%s)", notification.id, type(error).__name__)
            return None
        return None if found is None else bool(found)

    async def _deliver_dm(
        self, notification: Notification, user_id: str, message: Outgoing
    ) -> Delivered | None:
        """Into the member's DM channel, opened only when none is known; a known one that
        Slack no longer finds is opened again, once."""
        known = self._dm_channels.get(user_id) or notification.dm_channel_id
        channel = known or await self._open(user_id)
        try:
            await self._deliver(channel, message)
        except SlackApiError as error:
            if known is None or error_code(error) != "channel_not_found":
                raise
            log.info("slack: the DM channel %s of %s is gone; opening it again", known, user_id)
            self._dm_channels.pop(user_id, None)
            channel = await self._open(user_id)
            await self._deliver(channel, message)
        return Delivered(dm_channel_id=channel) if channel != notification.dm_channel_id else None

    async def _open(self, user_id: str) -> str:
        async with self._open_limiter:
            opened = await self._call(lambda: self._client.conversations_open(users=user_id))
        channel = str(opened["channel"]["id"])
        _remember(self._dm_channels, user_id, channel)
        return channel

    async def _deliver(self, channel: str, message: Outgoing) -> None:
        parts = render(message.view)
        interrupted = message.notification.interrupted
        already = (await self._history_parts(channel, message.nonce) or set()) if interrupted else set()
        for index, part in enumerate(parts):
            if index not in already:
                await self._post(channel, part, message.nonce, index)
        if message.view.attachments and len(already) < len(parts):
            await self._call(lambda: upload_files(self._client, channel, message.view.attachments))

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
        """Run one Web API call, paced, waiting out a short 429 in place."""
        while True:
            try:
                async with self._limiter:
                    return await request()
            except SlackApiError as error:
                wait = retry_after(error)
                if wait is None:
                    raise
                if wait > self._max_inline_wait:
                    raise RateLimited(wait) from error
                log.info("slack asked to wait %.1fs", wait)
                await asyncio.sleep(wait)

    async def _history_parts(self, channel: str, nonce: str) -> set[int] | None:
        """Parts of this notification already in the channel (from an interrupted delivery);
        None when the history cannot be read."""
        try:
            history = await self._call(
                lambda: self._client.conversations_history(
                    channel=channel, limit=HISTORY_LOOKBACK, include_all_metadata=True
                )
            )
        except SlackApiError as error:  # no history scope here: sending again beats not sending
            log.warning("could not read history to avoid a repeat (%s)", error_code(error))
            return None
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


def _classified(error: SlackApiError) -> Exception:
    code = error_code(error)
    if code in PERMANENT_ERRORS:
        return PermanentRefusal(f"slack refused ({code})")
    return TransientFailure(f"slack answered {error.response.status_code} {code}".strip())
