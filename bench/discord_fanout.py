"""The Discord path of the fan-out run: the real DiscordSink on the real discord.py HTTP
client, against the lean rate-limited fake. Another platform plugs in the same way: a class
with these methods, registered in ``bench.fanout.PLATFORMS``."""

from __future__ import annotations

import asyncio

import discord

from bench.fake_discord import TOKEN, LeanDiscord
from bot.discord.client import configure_endpoints
from bot.discord.sink import DiscordSink
from core.services.delivery import Sink


class DiscordFanout:
    name = "discord"
    platform = "discord"

    def __init__(self, limit: int = 50) -> None:
        self.fake = LeanDiscord(limit)
        self.limit = limit
        self._clients: list[discord.Client] = []

    async def start(self) -> None:
        await self.fake.start()
        configure_endpoints(self.fake.base_url, None)

    async def new_sink(self) -> Sink:
        """A fresh deliverer's sink: its own client and its own (empty) DM channel cache."""
        client = discord.Client(intents=discord.Intents.none())
        await client.login(TOKEN)
        self._clients.append(client)
        # Logging in is two requests the sink does not pace. A bot logs in, connects to the
        # gateway and only then sends; the pause keeps them out of the deliverer's first second.
        await asyncio.sleep(1.0)
        return DiscordSink(client)

    async def stop(self) -> None:
        for client in self._clients:
            await client.close()
        await self.fake.stop()

    def user_key(self, user_id: str) -> str:
        return f"user:{user_id}"

    def channel_key(self, channel_id: str) -> str:
        return f"channel:{channel_id}"

    def per_recipient(self) -> dict[str, int]:
        return self.fake.per_recipient()

    @property
    def accepted(self) -> list[float]:
        return self.fake.accepted

    @property
    def limited(self) -> int:
        return self.fake.limited
