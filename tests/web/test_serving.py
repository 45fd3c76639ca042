"""Serving the dashboard: from Slack's HTTP port when they share one (`stride run` doing
so until SIGTERM is tests/slack/test_slack_run.py), beside the interactive console, and
one sentence for a port already taken."""

from __future__ import annotations

import io
import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from bot.slack.runner import serving as slack_serving
from bot.web.server import PortInUse, base_url, beside_console, beside_platforms, shares_slack_port
from core.bootstrap import Stride
from core.settings import Settings, SlackSettings, WebSettings
from tests.slack.conftest import SIGNING_SECRET, slash_command
from tests.slack.conftest import fake_slack as fake_slack  # the fixture
from tests.slack.conftest import settings_for as slack_settings_for
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack

LINK = re.compile(r"https?://[^\s\"]+/signin/[\w-]{43}")


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> str:
    """Serving does not depend on the database: these tests skip the PostgreSQL variant."""
    target = tmp_path / "stride.db"
    shutil.copyfile(sqlite_template, target)
    return f"sqlite+aiosqlite:///{target}"


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A loopback port something else is listening on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield int(holder.getsockname()[1])


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
            body, headers = slash_command(text, fake_slack.response_url(), trigger=f"t-{text}")
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
