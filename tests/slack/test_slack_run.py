"""`stride run` with Slack tokens in the environment: a real subprocess serving HTTP mode
(health check, signed commands, and the dashboard on the same port) against the fake
Slack's Web API until SIGTERM; and a half-configured Slack refused in one sentence."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from tests.cli.shutdown_support import kill_group, stops_cleanly
from tests.slack.conftest import SIGNING_SECRET, slash_command
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack

STRIDE = str(Path(sys.executable).with_name("stride"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIDE_")}
    env.update({"STRIDE_WEB__PORT": "0", **extra})  # the dashboard on a free port
    return env


async def test_stride_run_serves_slack_and_the_dashboard_on_one_port_until_sigterm(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    port = _free_port()
    env = _env(
        STRIDE_SLACK__BOT_TOKEN=BOT_TOKEN,
        STRIDE_SLACK__SIGNING_SECRET=SIGNING_SECRET,
        STRIDE_SLACK__API_BASE_URL=fake_slack.api_url,
        STRIDE_SLACK__HOST="127.0.0.1",
        STRIDE_SLACK__PORT=str(port),
        STRIDE_WEB__PORT=str(port),  # [web] port = [slack] port: one server
    )
    process = await asyncio.create_subprocess_exec(
        STRIDE,
        "run",
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: what it starts is found by pgid
    )
    try:
        async with aiohttp.ClientSession() as http:
            await _healthy(http, port, process)
            body, headers = slash_command("cohort create Fall-26", fake_slack.response_url())
            async with http.post(
                f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers
            ) as response:
                assert response.status == 200
                assert "Created cohort Fall-26" in (await response.json())["text"]
            async with http.get(f"http://127.0.0.1:{port}/") as page:
                assert page.status == 401  # the dashboard, asking to sign in
                assert "type /dashboard to Stride" in await page.text()
        await stops_cleanly(process, signal.SIGTERM)
    finally:
        await kill_group(process)
    assert [call.method for call in fake_slack.calls][:1] == ["auth.test"]
    assert (tmp_path / "stride.db").exists()


async def _healthy(http: aiohttp.ClientSession, port: int, process: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.returncode is not None:
            raise AssertionError(
                f"stride run exited: {await process.stderr.read() if process.stderr else b''!r}"
            )
        try:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("stride run never became healthy")


def test_http_mode_without_a_signing_secret_is_refused_in_one_sentence(tmp_path: Path) -> None:
    result = subprocess.run(
        [STRIDE, "run"],
        cwd=tmp_path,
        env=_env(STRIDE_SLACK__BOT_TOKEN=BOT_TOKEN),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "HTTP mode needs STRIDE_SLACK__SIGNING_SECRET" in result.stderr
    assert "Traceback" not in result.stderr
