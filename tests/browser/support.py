"""What the browser tests and the README screenshot share: Debian's Chromium (or the reason
there is none), the dashboard served on a loopback port, screenshots and the axe-core check.

Playwright drives the distribution's ``/usr/bin/chromium`` (``executable_path``), never a
browser of its own download, so the same binary runs here and in CI (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from aiohttp import web
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Page

from bot.web.app import build_web_app
from core.services.context import ServiceContext
from core.settings import WebSettings

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("STRIDE_CHROMIUM", "/usr/bin/chromium"))
"""The browser the tests drive: Debian's package, or another Chromium named here."""
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when Chromium is installed."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return None
    return f"no Chromium at {CHROMIUM}: apt-get install chromium (or set STRIDE_CHROMIUM)"


@asynccontextmanager
async def served(services: ServiceContext) -> AsyncIterator[str]:
    """The dashboard on a free loopback port, as ``stride run`` serves it; yields its address."""
    settings = WebSettings(port=0)
    runner = web.AppRunner(build_web_app(services, settings), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        [address] = runner.addresses
        yield f"http://127.0.0.1:{address[1]}"
    finally:
        await runner.cleanup()


async def screenshot(page: Page, name: str, folder: Path = SCREENSHOTS) -> Path:
    """The whole page as ``folder/name.png`` (the test artifacts; gitignored; Playwright
    makes the folder)."""
    path = folder / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


async def accessibility_problems(page: Page) -> str | None:
    """axe-core's report of the page's violations (labels, contrast, headings…), or None."""
    results = await Axe().run(page)
    return None if results.violations_count == 0 else str(results.generate_report())
