"""The README's picture of the dashboard: ``python -m tests.browser.screenshot``.

A class of ten students over eight weeks is made through the console on a fresh SQLite
file in a temporary folder (nothing of yours is read or changed), the dashboard is served on
a loopback port, the instructor signs in through a console ``/dashboard`` link as a person
would, and Debian's Chromium photographs the top of the overview at 1280 × 1400. The clock is fixed, so
the picture changes only when the pages do. ``--out`` picks another file.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import ViewportSize, async_playwright

from bot.console.session import ConsoleSession
from bot.web.server import serving
from core.bootstrap import start
from core.clock import FixedClock
from core.settings import Settings, WebSettings
from tests.browser.classroom import build_class
from tests.browser.support import CHROMIUM, ROOT, missing_browser, sign_in

DEFAULT_OUT = ROOT / "docs" / "images" / "dashboard-overview.png"
NOW = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
"""A Sunday evening: the week's check-ins are in."""
VIEWPORT: ViewportSize = {"width": 1280, "height": 1400}
"""Tall enough for the week's numbers, the hours chart and the heat map."""


async def photograph(out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="stride-screenshot-") as folder:
        clock = FixedClock(NOW)
        database = f"sqlite+aiosqlite:///{Path(folder) / 'stride.db'}"
        stride = await start(Settings(), database_url=database, clock=clock)
        try:
            console = ConsoleSession(stride.services, "prof", files_dir=Path(folder) / "files")
            await build_class(console, clock, students=10, weeks=8)
            async with serving(stride.services, WebSettings(port=0)), async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=str(CHROMIUM))
                page = await browser.new_page(viewport=VIEWPORT)
                await sign_in(page, console, "prof")
                await page.screenshot(path=str(out))
                await browser.close()
        finally:
            await stride.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default: {DEFAULT_OUT}")
    out: Path = parser.parse_args().out
    reason = missing_browser()
    if reason:
        raise SystemExit(reason)
    asyncio.run(photograph(out))
    print(f"Saved {out}")


if __name__ == "__main__":
    main()
