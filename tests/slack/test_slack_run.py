"""`stride run` with Slack tokens in the environment: a real subprocess serving HTTP mode
(health check, signed commands) against the fake Slack's Web API; and a half-configured
Slack refused in one sentence."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

from tests.slack.conftest import SIGNING_SECRET, sign
from tests.slack.fake_slack import BOT_TOKEN, TEAM, FakeSlack

STRIDE = str(Path(sys.executable).with_name("stride"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIDE_")}
    env.update({"STRIDE_WEB__PORT": "0", **extra})  # the dashboard on a free port
    return env


async def test_stride_run_serves_slack_when_its_tokens_are_set(fake_slack: FakeSlack, tmp_path: Path) -> None:
    port = _free_port()
    env = _env(
        STRIDE_SLACK__BOT_TOKEN=BOT_TOKEN,
        STRIDE_SLACK__SIGNING_SECRET=SIGNING_SECRET,
        STRIDE_SLACK__API_BASE_URL=fake_slack.api_url,
        STRIDE_SLACK__HOST="127.0.0.1",
        STRIDE_SLACK__PORT=str(port),
    )
    process = await asyncio.create_subprocess_exec(
        STRIDE, "run", cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        async with aiohttp.ClientSession() as http:
            await _healthy(http, port, process)
            body = urlencode(
                {
                    "team_id": TEAM,
                    "channel_id": "C1",
                    "user_id": "U1",
                    "user_name": "ada",
                    "command": "/stride",
                    "text": "cohort create Fall-26",
                    "response_url": fake_slack.response_url(),
                    "trigger_id": "t-run",
                }
            ).encode()
            stamp = int(time.time())
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp": str(stamp),
                "X-Slack-Signature": sign(body, stamp),
            }
            async with http.post(
                f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers
            ) as response:
                assert response.status == 200
                assert "Created cohort Fall-26" in (await response.json())["text"]
    finally:
        process.terminate()
        await process.wait()
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
