"""What the browser tests and the README screenshot share: Debian's Chromium (or the reason
there is none), signing in from a console link, screenshots and the axe-core check.

Playwright drives the distribution's ``/usr/bin/chromium`` (``executable_path``), never a
browser of its own download, so the same binary runs here and in CI (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Page

from bot.console.session import ConsoleSession

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("STRIDE_CHROMIUM", "/usr/bin/chromium"))
"""The browser the tests drive: Debian's package, or another Chromium named here."""
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when Chromium is installed."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return None
    return f"no Chromium at {CHROMIUM}: apt-get install chromium (or set STRIDE_CHROMIUM)"


LINK = re.compile(r"https?://\S+/signin/[A-Za-z0-9_-]+")


async def sign_in(page: Page, console: ConsoleSession, who: str) -> str:
    """Sign the page's browser in as the console user ``who`` the way a person does:
    ``/dashboard`` at the real console session, open the link, press "Sign in". Returns
    the console's reply (it holds the link)."""
    reply = await console.handle(f"@{who} /dashboard")
    assert reply.ok, reply.error
    found = LINK.search(reply.text())
    assert found, reply.text()
    await page.goto(found.group())
    async with page.expect_navigation():
        await page.get_by_role("button", name="Sign in").click()
    return reply.text()


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
