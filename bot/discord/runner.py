"""Start-up for Discord: wire the client, its delivery sink and the scheduler together."""

from __future__ import annotations

import logging

import discord

from bot.discord.client import ShardedStrideDiscord, StrideDiscord, configure_endpoints
from bot.discord.sink import DiscordSink
from bot.scheduler import RoutingSink, build_scheduler
from core.bootstrap import Stride
from core.settings import DiscordSettings

log = logging.getLogger(__name__)


def make_client(stride: Stride, settings: DiscordSettings) -> StrideDiscord:
    configure_endpoints(settings.api_base_url, settings.gateway_url)
    application_id = int(settings.application_id) if settings.application_id else None
    roles = frozenset(settings.instructor_role_ids)
    beat = settings.voice_heartbeat_seconds
    if settings.shard_count is None and settings.shard_ids is None:
        return StrideDiscord(
            stride.services,
            application_id=application_id,
            instructor_role_ids=roles,
            voice_heartbeat_seconds=beat,
        )
    return ShardedStrideDiscord(
        stride.services,
        application_id=application_id,
        instructor_role_ids=roles,
        voice_heartbeat_seconds=beat,
        shard_count=settings.shard_count,
        shard_ids=settings.shard_ids,
    )


def _token(settings: DiscordSettings) -> str:
    if settings.token is None:
        raise RuntimeError("set STRIDE_DISCORD__TOKEN to run on Discord")
    return settings.token.get_secret_value()


async def run_discord(stride: Stride, settings: DiscordSettings) -> None:
    """Log in, start the notification loop, and serve interactions until cancelled (a
    signal): then the gateway stops being read, the loop's sends under way finish through
    the still-open client, and the client closes."""
    client = make_client(stride, settings)
    scheduler = build_scheduler(stride.services, RoutingSink({"discord": DiscordSink(client)}))
    async with client:
        await client.login(_token(settings))
        async with scheduler.running():
            await client.connect()


async def sync_commands(stride: Stride, settings: DiscordSettings, guild_id: int | None) -> int:
    """Publish the slash commands (to one server at once, or globally within the hour)."""
    client = make_client(stride, settings)
    async with client:
        await client.login(_token(settings))
        guild = discord.Object(id=guild_id) if guild_id else None
        if guild is not None:
            client.tree.copy_global_to(guild=guild)
        synced = await client.tree.sync(guild=guild)
    return len(synced)
