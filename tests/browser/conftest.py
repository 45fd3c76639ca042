"""Fixtures of the browser tests: one headless Chromium per module, shared by its tests
(each opens its own context, so cookies never leak between them).

Without Chromium the tests are skipped, except in CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, async_playwright

from tests.browser.support import CHROMIUM, missing_browser


@pytest.fixture(scope="session")
def chromium() -> str:
    reason = missing_browser()
    if reason is None:
        return str(CHROMIUM)
    if os.environ.get("CI"):
        pytest.fail(f"the browser tests are required in CI: {reason}")
    pytest.skip(reason)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser(chromium: str) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium, headless=True)
        try:
            yield launched
        finally:
            await launched.close()
