"""The dashboard running for real: served on a loopback port over a migrated database,
with clients that sign in the way a person does (``/dashboard`` on the console, open the
link, press "Sign in").

Fixtures:
- ``web``: the server over SQLite, for page and rendering tests.
- ``web_any_db``: the same over SQLite and PostgreSQL (tests of storage: sign-in, sessions).

Use ``web.console`` (prof, on the same database) to set up cohorts, and
``await web.signed_in("ada")`` for a client signed in as @ada; ``web.client()`` is a
client signed in as nobody. Every client is closed when the test ends.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest

from bot.console.session import ConsoleSession
from bot.web.server import serving
from core.bootstrap import Stride, start
from core.clock import FixedClock
from core.domain.model import Actor
from core.services.dashboard import signin
from core.settings import Settings, WebSettings
from tests.conftest import Console

LINK = re.compile(r"(https?://\S+/signin/([A-Za-z0-9_-]+))")
COHORT = "ML-Fall-2026"


@dataclass
class Web:
    """A running dashboard and the console that set up its database."""

    stride: Stride
    console: Console
    clock: FixedClock
    url: str
    """The base address, like ``http://127.0.0.1:PORT`` (no trailing slash)."""
    _clients: list[aiohttp.ClientSession] = field(default_factory=list)

    def client(self) -> aiohttp.ClientSession:
        """A browser of its own (own cookies), signed in as nobody; paths are relative."""
        jar = aiohttp.CookieJar(unsafe=True)  # keep cookies from 127.0.0.1 as a browser does
        session = aiohttp.ClientSession(base_url=self.url, cookie_jar=jar, auto_decompress=True)
        self._clients.append(session)
        return session

    async def link(self, who: str | Actor = "prof") -> str:
        """A sign-in link's path (``/signin/TOKEN``): a console user's through the real
        ``/dashboard`` command, another platform's actor's through the same service."""
        if isinstance(who, Actor):
            text = (await signin.request_link(self.stride.services, who)).text
        else:
            text = await self.console.ok(f"@{who} /dashboard")
        found = LINK.search(text)
        assert found, text
        return f"/signin/{found.group(2)}"

    async def sign_in(self, client: aiohttp.ClientSession, who: str | Actor = "prof") -> None:
        """Sign ``client`` in as ``who``: open the link, then press "Sign in"."""
        path = await self.link(who)
        async with client.get(path) as page:
            assert page.status == 200, await page.text()
            form = await page.text()
        token = re.search(r'name="token" value="([^"]+)"', form)
        assert token, form
        async with client.post(
            "/signin", data={"token": token.group(1)}, headers={"Origin": self.url}, allow_redirects=False
        ) as answer:
            assert answer.status == 303, await answer.text()

    async def signed_in(self, who: str | Actor = "prof") -> aiohttp.ClientSession:
        """A new client, signed in as ``who``."""
        client = self.client()
        await self.sign_in(client, who)
        return client

    async def close(self) -> None:
        await asyncio.gather(*(client.close() for client in self._clients))


async def signed_in(web: Web, client: aiohttp.ClientSession, who: str | Actor = "prof") -> None:
    """``web.sign_in`` as a function: ``client`` goes through the real link flow as ``who``."""
    await web.sign_in(client, who)


async def _serving(stride: Stride, clock: FixedClock, files: Path) -> AsyncIterator[Web]:
    console = Console(ConsoleSession(stride.services, "prof", files_dir=files), clock)
    async with serving(stride.services, WebSettings(port=0)) as url:
        web = Web(stride, console, clock, url)
        try:
            yield web
        finally:
            await web.close()


@pytest.fixture
async def web(sqlite_template: Path, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Web]:
    """The dashboard over a fresh SQLite database (no PostgreSQL variant: pages and
    rendering do not depend on the database)."""
    target = tmp_path / "stride.db"
    await asyncio.to_thread(shutil.copyfile, sqlite_template, target)
    stride = await start(Settings(), database_url=f"sqlite+aiosqlite:///{target}", clock=clock, migrate=False)
    try:
        async for running in _serving(stride, clock, tmp_path / "files"):
            yield running
    finally:
        await stride.close()


@pytest.fixture
async def web_any_db(stride: Stride, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Web]:
    """The dashboard over SQLite and, with STRIDE_TEST_PG_URL set, PostgreSQL."""
    async for running in _serving(stride, clock, tmp_path / "files"):
        yield running
