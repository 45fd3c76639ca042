"""Serving the dashboard: from Slack's HTTP port when they share one, from `stride run`
(a real subprocess, stopped by SIGTERM), beside the interactive console, and one
sentence for a port already taken."""

from __future__ import annotations

import asyncio
import io
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.slack.runner import serving as slack_serving
from bot.web.server import PortInUse, base_url, beside_console, beside_platforms, shares_slack_port
from core.bootstrap import Stride
from core.settings import Settings, SlackSettings, WebSettings
from tests.cli.shutdown_support import STRIDE, env, kill_group, stops_cleanly
from tests.slack.conftest import SIGNING_SECRET, sign
from tests.slack.conftest import settings_for as slack_settings_for
from tests.slack.fake_slack import BOT_TOKEN, TEAM, FakeSlack

LINK = re.compile(r"https?://[^\s\"]+/signin/[\w-]{43}")


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> str:
    """Serving does not depend on the database: these tests skip the PostgreSQL variant."""
    target = tmp_path / "stride.db"
    shutil.copyfile(sqlite_template, target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A loopback port something else is listening on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield int(holder.getsockname()[1])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def slash_command(text: str, response_url: str) -> tuple[bytes, dict[str, str]]:
    body = urlencode(
        {
            "team_id": TEAM,
            "channel_id": "C1",
            "user_id": "U1",
            "user_name": "ada",
            "command": "/stride",
            "text": text,
            "response_url": response_url,
            "trigger_id": f"t-{text}",
        }
    ).encode()
    stamp = int(time.time())
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": sign(body, stamp),
    }
    return body, headers


def test_the_dashboard_rides_on_slacks_port_only_in_http_mode_on_the_same_port() -> None:
    slack = {"bot_token": BOT_TOKEN, "signing_secret": SIGNING_SECRET, "port": 3000}
    assert shares_slack_port(Settings(slack=SlackSettings(**slack), web=WebSettings(port=3000)))
    assert not shares_slack_port(Settings(slack=SlackSettings(**slack), web=WebSettings(port=8080)))
    socket_mode = SlackSettings(**slack, mode="socket", app_token="xapp-1")
    assert not shares_slack_port(Settings(slack=socket_mode, web=WebSettings(port=3000)))
    assert not shares_slack_port(
        Settings(slack=SlackSettings(**slack), web=WebSettings(port=3000, enabled=False))
    )


def test_links_spell_an_any_address_bind_as_loopback() -> None:
    assert base_url("0.0.0.0", 8080) == "http://127.0.0.1:8080"
    assert base_url("::", 8080) == "http://[::1]:8080"
    assert base_url("stride.lan", 80) == "http://stride.lan:80"


async def test_slacks_port_serves_the_dashboard_and_its_links(fake_slack: FakeSlack, stride: Stride) -> None:
    settings = slack_settings_for(fake_slack)
    async with (
        slack_serving(stride, settings, with_scheduler=False, dashboard=WebSettings(port=0)) as service,
        aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http,
    ):
        root = f"http://127.0.0.1:{service.port}"
        for text in ("cohort create ML-Fall", "dashboard"):
            body, headers = slash_command(text, fake_slack.response_url())
            async with http.post(f"{root}/slack/events", data=body, headers=headers) as answer:
                assert answer.status == 200
                said = (await answer.json())["text"]
        link = LINK.search(said)
        assert link, said
        assert link.group(0).startswith(f"{root}/signin/")
        async with http.get(f"{root}/healthz") as health:
            assert await health.json() == {"ok": True}
        async with http.get(link.group(0)) as page:
            assert page.status == 200
        token = link.group(0).rsplit("/", 1)[1]
        async with http.post(f"{root}/signin", data={"token": token}, allow_redirects=False) as signed:
            assert signed.status == 303
    assert stride.services.dashboard.url is None  # stopped: no more links to it


async def test_stride_run_shares_slacks_port_and_stops_on_sigterm(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        STRIDE,
        "run",
        cwd=tmp_path,
        env=env(
            STRIDE_SLACK__BOT_TOKEN=BOT_TOKEN,
            STRIDE_SLACK__SIGNING_SECRET=SIGNING_SECRET,
            STRIDE_SLACK__API_BASE_URL=fake_slack.api_url,
            STRIDE_SLACK__HOST="127.0.0.1",
            STRIDE_SLACK__PORT=str(port),
            STRIDE_WEB__PORT=str(port),
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        async with aiohttp.ClientSession() as http:
            await _up(http, f"http://127.0.0.1:{port}/healthz", process)
            async with http.get(f"http://127.0.0.1:{port}/") as page:
                assert page.status == 401
                assert "type /dashboard to Stride" in await page.text()
            body, headers = slash_command("cohort create Fall-26", fake_slack.response_url())
            async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers) as ok:
                assert "Created cohort Fall-26" in (await ok.json())["text"]
        await stops_cleanly(process, signal.SIGTERM)
    finally:
        await kill_group(process)


async def _up(http: aiohttp.ClientSession, url: str, process: asyncio.subprocess.Process) -> None:
    for _ in range(300):
        assert process.returncode is None, "stride run exited early"
        try:
            async with http.get(url) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.05)
    raise AssertionError("stride run never answered")


async def test_stride_run_refuses_a_taken_port_in_one_sentence(stride: Stride, taken_port: int) -> None:
    """What `stride run` binds before the platforms start (it prints the sentence as its error)."""
    settings = Settings(web=WebSettings(port=taken_port))
    with pytest.raises(PortInUse) as refused:
        async with beside_platforms(stride.services, settings):
            pytest.fail("served on a taken port")
    assert str(refused.value) == (
        f"Port {taken_port} on 127.0.0.1 is already in use; stop what uses it or choose "
        "another with [web] port (STRIDE_WEB__PORT)."
    )


async def test_the_console_announces_its_dashboard_or_goes_on_without_it(
    stride: Stride, taken_port: int
) -> None:
    out = io.StringIO()
    async with beside_console(stride.services, WebSettings(port=0), out):
        url = stride.services.dashboard.url
        assert url is not None
        assert out.getvalue() == f"Dashboard: {url}/ — type /dashboard for a sign-in link.\n"
    busy = io.StringIO()
    async with beside_console(stride.services, WebSettings(port=taken_port), busy):
        assert stride.services.dashboard.url is None
    assert busy.getvalue().startswith(f"Warning: no dashboard this time. Port {taken_port} on 127.0.0.1")
