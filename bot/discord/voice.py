"""Voice study rooms on Discord: the gateway's voice states, translated for core.services.voice.

Events (``on_voice_state_update``) go to the service one by one; a guild becoming available
(start-up, or a new gateway session after a failed RESUME) is reconciled with the voice
states its GUILD_CREATE carried; a periodic heartbeat records who the cache still shows
in their room, so a crash loses at most one interval. One lock per guild keeps a guild's
voice writes in order. Public discord.py API only: ``Guild.voice_channels``,
``Guild.stage_channels``, ``VocalGuildChannel.voice_states``, ``Guild.afk_channel``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable

import discord

from core.errors import StrideError
from core.services import voice
from core.services.context import ServiceContext
from core.services.voice import VoiceState

log = logging.getLogger(__name__)


def states_of(guild: discord.Guild) -> list[VoiceState]:
    """Everyone the cache shows in one of the guild's voice or stage channels."""
    channels: list[discord.VoiceChannel | discord.StageChannel] = [
        *guild.voice_channels,
        *guild.stage_channels,
    ]
    return [
        VoiceState(str(user_id), str(channel.id), bool(state.self_deaf))
        for channel in channels
        for user_id, state in channel.voice_states.items()
    ]


def afk_of(guild: discord.Guild) -> str | None:
    return str(guild.afk_channel.id) if guild.afk_channel is not None else None


class VoiceRooms:
    """The voice side of the client: events, reconciliation, heartbeat."""

    def __init__(self, client: discord.Client, services: ServiceContext, heartbeat_seconds: float) -> None:
        self.client = client
        self.services = services
        self.heartbeat_seconds = heartbeat_seconds
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._task: asyncio.Task[None] | None = None
        self._all_down = False
        self._down_shards: set[int] = set()

    # -- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._beat_forever(), name="stride-voice-heartbeat")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def connection(self, up: bool, shard_id: int | None = None) -> None:
        """The gateway (or one shard) went down or came back: a frozen cache is no proof."""
        if shard_id is None:
            self._all_down = not up
        elif up:
            self._down_shards.discard(shard_id)
            self._all_down = False
        else:
            self._down_shards.add(shard_id)

    # -- events -------------------------------------------------------------------------
    async def update(
        self, member: discord.Member, before: discord.VoiceState, after: discord.VoiceState
    ) -> None:
        if member.bot:
            return
        if before.channel == after.channel and before.self_deaf == after.self_deaf:
            return  # mute, video, streaming: nothing that counts changed
        guild = member.guild
        channel = str(after.channel.id) if after.channel is not None else None
        await self._guarded(
            guild,
            "voice update",
            lambda: voice.voice_update(
                self.services,
                str(guild.id),
                str(member.id),
                channel,
                self_deaf=bool(after.self_deaf),
                afk_channel_id=afk_of(guild),
            ),
        )

    async def reconcile(self, guild: discord.Guild) -> None:
        await self._guarded(
            guild,
            "reconcile",
            lambda: voice.reconcile(self.services, str(guild.id), states_of(guild), afk_of(guild)),
        )

    async def beat(self) -> None:
        """One heartbeat over every available guild whose gateway connection is up."""
        for guild in list(self.client.guilds):
            if guild.unavailable or self._all_down or guild.shard_id in self._down_shards:
                continue
            states = states_of(guild)
            if not states:
                continue  # nobody in voice: no session can have been seen
            await self._guarded(
                guild, "heartbeat", functools.partial(voice.heartbeat, self.services, str(guild.id), states)
            )

    async def _beat_forever(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_seconds)
            try:
                await self.beat()
            except Exception:  # the heartbeat must outlive a bad minute
                log.exception("voice heartbeat failed")

    async def _guarded(self, guild: discord.Guild, what: str, call: Callable[[], Awaitable[object]]) -> None:
        async with self._locks[guild.id]:
            try:
                await call()
            except StrideError as error:  # busy database, a concurrent change: the next event heals it
                log.warning("voice %s in guild %s not saved: %s", what, guild.id, type(error).__name__)
