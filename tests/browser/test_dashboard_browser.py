"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright through
sign-in from a console ``/dashboard`` link (the real console session), the overview, a
student's page, a download, the refusals, and signing out.

Every page is screenshotted into artifacts/screenshots/, checked by axe-core (no
violation), and watched for anything the browser reported as an error (a request the
Content-Security-Policy refused, a missing file): there may be none.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, ConsoleMessage, Page, Request, Route
from playwright.async_api import Response as PlaywrightResponse

from bot.console.session import ConsoleSession
from bot.web.security import CONTENT_SECURITY_POLICY as CSP
from bot.web.server import serving
from core.bootstrap import Stride, start
from core.clock import FixedClock
from core.settings import Settings, WebSettings
from tests.browser.classroom import Classroom, build_class
from tests.browser.support import LINK, accessibility_problems, screenshot, sign_in

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.xdist_group("browser")]
"""One event loop, browser and class for the module; with ``--dist loadgroup`` its tests
also share one worker (without it, each worker that runs one makes its own)."""
NOW = datetime(2026, 11, 19, 16, 0, tzinfo=UTC)
WAIT_MS = 30_000
"""How long a missing button or page may be waited for: a bound that fails a test, not a
speed target (a page's first chart waits for the chart worker process to start)."""


@dataclass
class Dashboard:
    url: str
    stride: Stride
    console: ConsoleSession
    classroom: Classroom
    clock: FixedClock

    async def sign_in(self, page: Page, who: str) -> str:
        """``sign_in`` four minutes after the last one: the module's many sign-ins stay
        within the five links a person may ask for in 15 minutes."""
        self.clock.set(self.clock.now() + timedelta(minutes=4))
        return await sign_in(page, self.console, who)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def dashboard(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Dashboard]:
    """A class of three students over three weeks, made at the console, and the dashboard
    serving it on a loopback port: one of each for the module's tests."""
    folder = tmp_path_factory.mktemp("browser")
    await asyncio.to_thread(shutil.copyfile, sqlite_template, folder / "stride.db")
    clock = FixedClock(NOW)
    database = f"sqlite+aiosqlite:///{folder / 'stride.db'}"
    stride = await start(Settings(), database_url=database, clock=clock, migrate=False)
    try:
        console = ConsoleSession(stride.services, "prof", files_dir=folder / "files")
        classroom = await build_class(console, clock, students=3, weeks=3)
        async with serving(stride.services, WebSettings(port=0)) as url:
            yield Dashboard(url, stride, console, classroom, clock)
    finally:
        await stride.close()


@dataclass
class Visit:
    page: Page
    complaints: list[str] = field(default_factory=list)
    """What the browser's console reported as errors (a policy's refusal, a 404 file)."""

    async def check(self, name: str) -> None:
        """Screenshot the page as ``name``; no accessibility violation, no complaint."""
        await screenshot(self.page, name)
        problems = await accessibility_problems(self.page)
        assert problems is None, f"{name}: {problems}"
        assert self.complaints == [], name


@pytest_asyncio.fixture(loop_scope="module")
async def visit(browser: Browser) -> AsyncIterator[Visit]:
    """A fresh browser context (no cookies) and its page, listening for what went wrong
    beneath the page itself: a refused or failed file, anything the policy blocked. (An
    error page's own status is the test's to check, not a complaint.)"""
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(WAIT_MS)
    page = await context.new_page()
    visit = Visit(page)

    def said(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            visit.complaints.append(message.text)  # a CSP refusal, a script error

    def answered(response: PlaywrightResponse) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            visit.complaints.append(f"{response.status} {response.url}")

    def failed(request: Request) -> None:
        if request.failure != "net::ERR_ABORTED":  # not a navigation cutting a request short
            visit.complaints.append(f"{request.failure} {request.url}")

    page.on("console", said)
    page.on("response", answered)
    page.on("requestfailed", failed)
    try:
        yield visit
    finally:
        await context.close()


async def test_an_instructor_signs_in_and_walks_the_class(dashboard: Dashboard, visit: Visit) -> None:
    """Sign-in from a console link, the overview (its chart, the week picker, both
    downloads), a student's page from the heat map, and the used link refused."""
    page, classroom = visit.page, dashboard.classroom
    dashboard.clock.set(dashboard.clock.now() + timedelta(minutes=4))
    reply = await dashboard.console.handle(f"@{classroom.instructor} /dashboard")
    found = LINK.search(reply.text())
    assert found, reply.text()
    response = await page.goto(found.group())
    assert response is not None
    assert response.status == 200
    assert "default-src 'none'" in (await response.all_headers())["content-security-policy"]
    await visit.check("signin")

    async with page.expect_navigation():
        await page.get_by_role("button", name="Sign in").click()
    [cookie] = await page.context.cookies()
    assert (cookie["name"], cookie["httpOnly"], cookie["sameSite"]) == ("stride_session", True, "Lax")
    assert page.url.startswith(f"{dashboard.url}/cohorts/")  # one cohort: straight to its overview
    await _overview(dashboard, visit)
    for link, line in (("Cohort CSV", "/export"), ("Deliverables (zip)", "/export deliverables")):
        await _download_is_the_bots(dashboard, page, link, line)
    await _week_picker(page)

    async with page.expect_navigation():
        await page.locator("table.heat tbody th a", has_text="grace").click()
    assert await page.locator("h1").inner_text() == "grace"
    await _charts_drawn(page, "img.chart", count=2)
    assert await page.locator("table.matrix").count() == 1
    await visit.check("student")

    again = await page.goto(found.group())  # the link worked once
    assert again is not None
    assert again.status == 400
    assert "This sign-in link was already used" in await page.locator("main").inner_text()
    await visit.check("link-used")


async def _overview(dashboard: Dashboard, visit: Visit) -> None:
    page, classroom = visit.page, dashboard.classroom
    assert classroom.cohort in await page.locator("h1").inner_text()
    names = await page.locator("table.heat tbody th").all_inner_texts()
    assert names == sorted(classroom.students)
    await _charts_drawn(page, "figure.chart img", count=1)
    await visit.check("overview")


async def _charts_drawn(page: Page, selector: str, count: int) -> None:
    """Each chart loaded and drawn (not refused by the policy), with its text alternative."""
    charts = await page.locator(selector).all()
    assert len(charts) == count
    for chart in charts:
        assert await chart.evaluate("image => image.complete && image.naturalWidth > 0")
        assert await chart.get_attribute("alt")


async def _download_is_the_bots(dashboard: Dashboard, page: Page, link: str, line: str) -> None:
    """The file the link downloads is, byte for byte, the one the console's command exports."""
    async with page.expect_download() as started:
        await page.get_by_role("link", name=link, exact=True).click()
    download = await started.value
    saved = Path(await download.path())
    exported = await dashboard.console.handle(f"@{dashboard.classroom.instructor} {line}")
    [file] = exported.saved
    assert download.suggested_filename == file.name
    assert await asyncio.to_thread(saved.read_bytes) == await asyncio.to_thread(file.read_bytes)


async def _week_picker(page: Page) -> None:
    weeks = await page.locator("#week option").evaluate_all("options => options.map(o => o.value)")
    await page.select_option("#week", weeks[1])
    async with page.expect_navigation():
        await page.get_by_role("button", name="Show").click()
    assert page.url.endswith(f"?week={weeks[1]}")
    assert await page.locator("#week").input_value() == weeks[1]


async def test_a_student_sees_only_their_own_page_then_signs_out(dashboard: Dashboard, visit: Visit) -> None:
    page = visit.page
    await dashboard.sign_in(page, "ada")  # one page to see: straight to it
    assert "/students/" in page.url
    assert await page.locator("h1").inner_text() == "ada"
    await visit.check("student-own")

    own = page.url
    overview = own.split("/students/")[0]
    for elsewhere in (
        overview,
        f"{overview}/cohort.csv",
        f"{overview}/students/1",
        f"{dashboard.url}/cohorts/99",
    ):
        response = await page.goto(elsewhere)
        assert response is not None
        assert response.status == 404, elsewhere
    assert "Not found" in await page.locator("h1").inner_text()
    await visit.check("not-found")

    await page.goto(own)
    async with page.expect_navigation():
        await page.get_by_role("button", name="Sign out").click()
    assert page.url == f"{dashboard.url}/signed-out"
    await visit.check("signed-out")
    response = await page.goto(own)
    assert response is not None
    assert response.status == 401


async def test_without_a_session_a_page_says_how_to_sign_in(dashboard: Dashboard, visit: Visit) -> None:
    response = await visit.page.goto(f"{dashboard.url}/")
    assert response is not None
    assert response.status == 401
    assert "type /dashboard to Stride" in await visit.page.locator("main").inner_text()
    await visit.check("sign-in-first")


async def test_signing_in_and_out_needs_no_javascript(dashboard: Dashboard, browser: Browser) -> None:
    context = await browser.new_context(java_script_enabled=False)
    context.set_default_timeout(WAIT_MS)
    try:
        page = await context.new_page()
        await dashboard.sign_in(page, "prof")
        assert page.url.startswith(f"{dashboard.url}/cohorts/")
        await page.goto(f"{dashboard.url}/signed-out")  # any page with the header's form
        await page.goto(f"{dashboard.url}/")
        async with page.expect_navigation():
            await page.get_by_role("button", name="Sign out").click()
        assert page.url == f"{dashboard.url}/signed-out"
        response = await page.goto(f"{dashboard.url}/")
        assert response is not None
        assert response.status == 401
    finally:
        await context.close()


async def test_the_accessibility_check_finds_violations_under_the_dashboards_policy(visit: Visit) -> None:
    """axe-core runs in pages whose policy forbids inline script, so a zero above is its count."""
    bad = "<html><body><img src='/missing.png'><input></body></html>"

    async def fulfil(route: Route) -> None:
        await route.fulfill(
            status=200, body=bad, content_type="text/html", headers={"Content-Security-Policy": CSP}
        )

    await visit.page.route("http://dashboard.test/**", fulfil)
    await visit.page.goto("http://dashboard.test/bad")
    problems = await accessibility_problems(visit.page)
    assert problems is not None
    assert "image-alt" in problems
    assert "html-has-lang" in problems
