"""The Discord path of the fan-out run: the real DiscordSink on the real discord.py HTTP
client, against the lean rate-limited fake. Another platform plugs in the same way: a class
like :class:`DiscordFanout` in ``bench.fanout.PLATFORMS`` (the fake, in the benchmark's
process) and a sink factory in ``bench.deliverer.SINKS`` (in each deliverer's process), as
``bench.slack_fanout`` does."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import discord

from bench.fake_discord import TOKEN, LeanDiscord
from bench.fanout_base import LoopbackFanout
from bot.discord.client import configure_endpoints
from bot.discord.sink import DiscordSink
from core.services.delivery import Sink


@asynccontextmanager
async def discord_sink(endpoint: str) -> AsyncIterator[Sink]:
    """A deliverer's sink: a logged-in client of its own, and an empty DM channel cache."""
    configure_endpoints(endpoint, None)
    client = discord.Client(intents=discord.Intents.none())
    try:
        await client.login(TOKEN)
        # Logging in is two requests the sink does not pace. A bot logs in, connects to the
        # gateway and only then sends; the pause keeps them out of the deliverer's first second.
        await asyncio.sleep(1.0)
        yield DiscordSink(client)
    finally:
        await client.close()


class DiscordFanout(LoopbackFanout):
    name = "discord"
    platform = "discord"

    def __init__(self, limit: int = 50) -> None:
        self.lean = LeanDiscord(limit)
        super().__init__(self.lean, limit)

    @property
    def endpoint(self) -> str:
        return self.lean.base_url
