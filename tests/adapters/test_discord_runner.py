"""`stride run`'s Discord path: configured endpoints, log-in, commands served, scheduler on."""

from __future__ import annotations

import asyncio
import contextlib

import discord
from pydantic import SecretStr

from bot.discord.runner import run_discord
from core.bootstrap import Stride
from core.settings import DiscordSettings
from tests.adapters.fake_discord import FakeDiscord


async def test_run_discord_logs_in_through_the_configured_endpoints_and_serves(
    fake_discord: FakeDiscord, stride: Stride
) -> None:
    restore_base, restore_gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = "http://127.0.0.1:9/unused"  # run_discord must set these itself
    settings = DiscordSettings(
        token=SecretStr(fake_discord.token),
        application_id=str(fake_discord.application_id),
        api_base_url=fake_discord.base_url,
        gateway_url=fake_discord.gateway_url,
    )
    prof = fake_discord.add_user("prof")
    task = asyncio.create_task(run_discord(stride, settings))
    try:
        await fake_discord.wait_for_request("GET /users/@me", timeout=10)
        for _ in range(200):
            if fake_discord.gateway.identifies:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)  # READY and GUILD_CREATE
        handle = await fake_discord.slash(
            fake_discord.guild.id, prof, ["cohort", "create"], {"name": "Fall"}, option_types={"name": 3}
        )
        answer = await handle.response(5)
        assert answer["type"] in (4, 5)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = (
            restore_base,
            restore_gateway,
        )
    assert restore_base == discord.http.Route.BASE
    async with stride.services.uow() as uow:
        made = await uow.cohorts.named("Fall")
    assert [c.platform for c in made] == ["discord"]
