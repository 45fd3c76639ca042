"""Outbox delivery over Discord: channel posts and DMs, paced, deduplicated, classified.

DM channels are opened once per user and cached. Requests are paced evenly at 48/s, just
below Discord's 50 requests/s global limit: a bucket of two that drains at 48/s, so no
second ever holds more than 2 + 48 = 50 requests, and a send that wakes a little late
does not push every later one back (docs/performance.md has what a bigger bucket did).
Several sends overlap (``in_flight``) so marking one sent never holds up the next.
Every message carries a nonce derived from its outbox row with ``enforce_nonce``, so a
resend after a crash is dropped by Discord instead of posted twice.
discord.py already waits out 429s and retries 5xx a few times; what still fails is
classified for the outbox: 5xx/network → transient, "cannot send messages to this user"
or an unknown channel → permanent.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import discord
from aiolimiter import AsyncLimiter
from discord.http import handle_message_parameters

from bot.discord.components import assessment_selects, leaderboard_parts, timer_buttons
from bot.discord.reflections.prompts import prompt_parts
from bot.discord.render import DiscordMessage, render
from bot.discord.render_base import with_attachments
from bot.discord.session_buttons import rsvp_buttons
from core.services.delivery import NoChannel, Outgoing, PermanentRefusal, RateLimited, TransientFailure
from core.views.group_sessions import GroupSessionReminderView
from core.views.reports import LeaderboardView
from core.views.scheduled import ReassessmentView
from core.views.sessions import TimerDmView

REQUESTS_PER_SECOND = 48
BURST = 2
CANNOT_DM = 50007
PERMANENT_CODES = {CANNOT_DM, 10003, 10013, 50001, 50013}  # DMs closed, unknown channel/user, no access


class DiscordSink:
    platforms = ("discord",)
    in_flight = 4
    """Sends the deliverer may overlap: the limiter below does the pacing."""

    def __init__(self, client: discord.Client, rate: float = REQUESTS_PER_SECOND) -> None:
        self._client = client
        self._dm_channels: dict[str, int] = {}
        self._limiter = AsyncLimiter(BURST, BURST / rate)

    async def send(self, message: Outgoing) -> None:
        notification = message.notification
        try:
            channel_id = await self._channel_for(notification.user_id, notification.channel_id)
            for index, (part, view) in enumerate(self._parts(message)):
                await self._post(channel_id, part, view, f"{message.nonce}-{index}"[:25])
        except discord.Forbidden as error:
            raise PermanentRefusal(f"discord refused ({error.code})") from error
        except discord.NotFound as error:
            raise PermanentRefusal(f"discord: not found ({error.code})") from error
        except discord.HTTPException as error:
            if error.status == 429:
                raise RateLimited(_retry_after(error)) from error
            if error.code in PERMANENT_CODES:
                raise PermanentRefusal(f"discord refused ({error.code})") from error
            raise TransientFailure(f"discord answered {error.status}") from error
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            raise TransientFailure(f"network: {type(error).__name__}") from error

    async def _channel_for(self, user_id: str | None, channel_id: str | None) -> int:
        if user_id is None:
            if not channel_id:
                raise NoChannel("the cohort has no channel set")
            return int(channel_id)
        cached = self._dm_channels.get(user_id)
        if cached is None:
            async with self._limiter:
                data = await self._client.http.start_private_message(int(user_id))
            cached = self._dm_channels[user_id] = int(data["id"])
        return cached

    def _parts(self, message: Outgoing) -> list[tuple[DiscordMessage, discord.ui.View | None]]:
        return with_attachments(self._rendered(message), message.view)

    def _rendered(self, message: Outgoing) -> list[tuple[DiscordMessage, discord.ui.View | None]]:
        messages = render(message.view)
        workspace = message.notification.workspace_id
        view = message.view
        prompt = prompt_parts(view, workspace)
        if prompt is not None:
            return prompt
        if isinstance(view, GroupSessionReminderView) and messages:
            return [*((m, None) for m in messages[:-1]), (messages[-1], rsvp_buttons(view, workspace))]
        if isinstance(view, LeaderboardView):
            return leaderboard_parts(view, workspace)
        if isinstance(view, TimerDmView) and view.final and messages:
            return [*((m, None) for m in messages[:-1]), (messages[-1], timer_buttons(view, workspace))]
        if isinstance(view, ReassessmentView) and view.skills:
            selects = assessment_selects(view, workspace)
            return [(m, None) for m in messages] + [
                (DiscordMessage(content="Your level now:", embeds=[], ephemeral=False), page)
                for page in selects
            ]
        return [(m, None) for m in messages]

    async def _post(
        self, channel_id: int, part: DiscordMessage, view: discord.ui.View | None, nonce: str
    ) -> None:
        params = handle_message_parameters(
            content=part.content,
            embeds=part.embeds,
            nonce=nonce,
            view=view,
            files=part.discord_files(),
            allowed_mentions=discord.AllowedMentions.none(),
        )
        _enforce_nonce(params)
        async with self._limiter:
            with params:
                await self._client.http.send_message(channel_id, params=params)


def _enforce_nonce(params: Any) -> None:
    """Ask Discord to drop a resend carrying the same nonce, with or without files."""
    if params.payload is not None:
        params.payload["enforce_nonce"] = True
    elif params.multipart and params.multipart[0]["name"] == "payload_json":
        body = json.loads(params.multipart[0]["value"])
        params.multipart[0]["value"] = json.dumps({**body, "enforce_nonce": True})


def _retry_after(error: discord.HTTPException) -> float:
    response: Any = error.response
    try:
        return float(response.headers.get("Retry-After", 1.0))
    except (AttributeError, TypeError, ValueError):
        return 1.0
