"""`stride run` on Discord (the fake, on loopback) stopped by SIGTERM or SIGINT: it closes
its gateway session, exits 0 within seconds and leaves no process behind."""

from __future__ import annotations

import asyncio
import signal
import subprocess
from pathlib import Path

import pytest

from tests.adapters.fake_discord import FakeDiscord
from tests.cli.shutdown_support import STRIDE, env, kill_group, stops_cleanly
from tests.cli.test_shutdown import SIGNALS


@pytest.mark.parametrize("stop", SIGNALS)
async def test_the_discord_bot_stops_and_closes_its_gateway(
    fake_discord: FakeDiscord, tmp_path: Path, stop: signal.Signals
) -> None:
    process = await asyncio.create_subprocess_exec(
        *(STRIDE, "run"),
        cwd=tmp_path,
        env=env(**fake_discord.settings_env()),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            if fake_discord.gateway.identifies or process.returncode is not None:
                break
            await asyncio.sleep(0.1)
        assert fake_discord.gateway.identifies, "stride run never reached the gateway"
        await stops_cleanly(process, stop)
        assert (tmp_path / "stride.db").exists()
    finally:
        await kill_group(process)
