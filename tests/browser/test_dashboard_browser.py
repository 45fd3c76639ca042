"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright.

Each page is screenshotted into artifacts/screenshots/, checked by axe-core (no violation),
and watched for anything the Content-Security-Policy refused (nothing may be).
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, ConsoleMessage, Page, Route

from bot.web.security import CONTENT_SECURITY_POLICY as CSP
from core.bootstrap import Stride, start
from core.clock import FixedClock
from core.settings import Settings
from tests.browser.support import accessibility_problems, screenshot, served
from tests.conftest import DEFAULT_NOW

pytestmark = pytest.mark.asyncio(loop_scope="module")


@dataclass
class Dashboard:
    url: str
    stride: Stride
    clock: FixedClock


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def dashboard(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Dashboard]:
    """The dashboard over its own SQLite file, served on a loopback port for the module."""
    path = tmp_path_factory.mktemp("browser") / "stride.db"
    await asyncio.to_thread(shutil.copyfile, sqlite_template, path)
    clock = FixedClock(DEFAULT_NOW)
    stride = await start(Settings(), database_url=f"sqlite+aiosqlite:///{path}", clock=clock, migrate=False)
    try:
        async with served(stride.services) as url:
            yield Dashboard(url, stride, clock)
    finally:
        await stride.close()


@dataclass
class Visit:
    page: Page
    refused: list[str]
    """What the browser's console reported the page's policy refused."""


@pytest_asyncio.fixture(loop_scope="module")
async def visit(browser: Browser) -> AsyncIterator[Visit]:
    """A fresh browser context (no cookies) and its page, listening for CSP refusals."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    refused: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if message.type == "error":
            refused.append(message.text)

    page.on("console", listen)
    try:
        yield Visit(page, refused)
    finally:
        await context.close()


async def test_the_home_page_renders_accessibly_under_its_policy(dashboard: Dashboard, visit: Visit) -> None:
    response = await visit.page.goto(dashboard.url + "/")
    assert response is not None
    assert response.status == 200
    assert "default-src 'none'" in (await response.all_headers())["content-security-policy"]
    await screenshot(visit.page, "home")
    assert await visit.page.locator("h1").inner_text() == "Stride dashboard"
    assert await accessibility_problems(visit.page) is None
    assert visit.refused == []


async def test_the_accessibility_check_finds_violations_under_the_dashboards_policy(
    dashboard: Dashboard, visit: Visit
) -> None:
    """axe-core runs in pages whose policy forbids inline script, so a zero above is its count."""
    bad = "<html><body><img src='/static/none.png'><input></body></html>"

    async def fulfil(route: Route) -> None:
        await route.fulfill(
            status=200, body=bad, content_type="text/html", headers={"Content-Security-Policy": CSP}
        )

    await visit.page.route(dashboard.url + "/bad", fulfil)
    await visit.page.goto(dashboard.url + "/bad")
    problems = await accessibility_problems(visit.page)
    assert problems is not None
    assert "image-alt" in problems
    assert "html-has-lang" in problems
