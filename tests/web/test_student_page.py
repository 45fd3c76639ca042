"""The student page served for real: the numbers the console gives for the same week
(/progress, /plan check), who may open it, its charts as SVG under their own policy, and
nothing a student typed running as HTML."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.formatting import hour_band, hours, weeks
from core.render.counts import STATUS_MARKS
from core.views.activity import ProgressView
from core.views.plans import PlanCheckView
from tests.integration.test_dashboard_student import ada_class
from tests.web.conftest import Web

ADA = "/cohorts/1/students/2"
BOB = "/cohorts/1/students/3"


def flat(html: str) -> str:
    """The page with its whitespace between tags gone, so rows read as one line."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html))


def main_of(html: str) -> str:
    """The page's ``<main>``: what it says, without the header's per-session sign-out form."""
    found = re.search(r"<main id=\"main\">.*</main>", html, re.DOTALL)
    assert found, html
    return found.group(0)


async def page_of(web: Web, who: str, path: str) -> tuple[int, str]:
    client = await web.signed_in(who)
    async with client.get(path) as answer:
        return answer.status, await answer.text()


async def test_the_numbers_are_the_consoles_for_the_same_week(web: Web) -> None:
    await ada_class(web.console)
    progress = (await web.console.say("@ada /progress")).view
    check = (await web.console.say("@ada /plan check")).view
    assert isinstance(progress, ProgressView)
    assert isinstance(check, PlanCheckView)
    for who in ("ada", "prof"):
        status, html = await page_of(web, who, ADA)
        assert status == 200
        page = flat(html)
        for track in progress.tracks:
            assert track.status is not None
            row = (
                f'<th scope="row">{track.track}</th><td>{hours(track.hours)}</td>'
                f"<td>{hour_band(track.min_hours or 0, track.max_hours)}</td>"
                f'<td><span class="status status-{track.status}">{STATUS_MARKS[track.status]}</span>'
            )
            assert row in page
        assert f"Total: <strong>{hours(progress.total_hours)}</strong>" in page
        assert f"streak: {progress.streak} weeks" in page
        assert (
            f"{hours(check.total_hours)} of practice at {hours(check.weekly_hours)} a week "
            f"({check.weekly_source}) = {weeks(check.total_weeks)}"
        ) in page
        verdict = "✓ yes" if check.attainable else "✗ no"
        assert f"Attainable within {check.horizon_weeks} weeks</dt><dd><span class=" in page
        assert verdict in page
        assert ("✓ complete" if check.complete else "✗ incomplete") in page
        for missing in check.missing:
            assert f"<li>{missing}</li>" in page
    assert progress.total_hours == 3.5  # the numbers compared are not all zero
    assert check.skills


async def test_the_page_shows_what_a_student_typed_as_text(web: Web) -> None:
    await ada_class(web.console)
    client = await web.signed_in("prof")
    async with client.get(ADA) as answer:
        html = await answer.text()
        assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'; script-src 'self'")
    assert "<script" not in html
    assert "style=" not in html  # the CSP allows no inline style
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    page = flat(html)
    assert '<td class="quick-win"><span class="tag">★ quick wins</span><ul><li>SQL <span' in page
    assert "edited Tue 17 Nov 10:00: 1h of project on Tue 17 Nov → 1h 30m of project on Tue 17 Nov" in page
    assert '<span class="removed">undone</span><del>30m of dsa on Tue 17 Nov</del>' in page
    assert "<dd>two graph problems</dd>" in page
    assert f'<img class="chart" src="{ADA}/charts/progress.svg" alt="' in page
    assert '<a href="/cohorts/1">ML-Fall-2026 overview</a>' in page  # the instructor's way back


async def test_only_the_student_and_their_instructors_open_it(web: Web) -> None:
    await ada_class(web.console)
    missing_status, missing = await page_of(web, "prof", "/cohorts/1/students/99")
    assert missing_status == 404
    refused = (
        ("bob", ADA),
        ("bob", f"{ADA}/charts/progress.svg"),
        ("prof", "/cohorts/2/students/2"),
        ("prof", "/cohorts/1/students/99999999999999999999"),
        ("prof", "/cohorts/1/students/two"),
    )
    for who, path in refused:
        status, html = await page_of(web, who, path)
        assert status == 404
        assert main_of(html) == main_of(missing)  # the same page as for nobody at all
    async with web.client().get(ADA) as anonymous:
        assert anonymous.status == 401
    status, own = await page_of(web, "bob", BOB)
    assert status == 200
    assert "your own page" in own
    assert "No hours logged in these weeks yet, so there is no chart." in own
    assert "<img" not in own


async def test_the_charts_are_svg_under_their_own_policy(web: Web, caplog: pytest.LogCaptureFixture) -> None:
    await ada_class(web.console)
    client = await web.signed_in("ada")
    caplog.set_level(logging.DEBUG)
    for name in ("progress", "skills"):
        async with client.get(f"{ADA}/charts/{name}.svg") as answer:
            assert answer.status == 200
            assert answer.content_type == "image/svg+xml"
            assert answer.headers["Content-Security-Policy"] == (
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
            )
            assert answer.headers["X-Content-Type-Options"] == "nosniff"
            assert b"<svg" in await answer.read()
    for path in (f"{ADA}/charts/other.svg", f"{BOB}/charts/skills.svg"):
        async with client.get(path) as refused:
            assert refused.status == 404
    logged = caplog.text
    assert "GET student_chart 200" in logged  # the route's name, never its address
    assert "GET student_chart 404" in logged
    for personal in ("/students/", "ada", "SQL"):
        assert personal not in logged


async def test_every_part_of_the_week_shows(web: Web, tmp_path: Path) -> None:
    """A month's budget, a count budget, a pause, a roadmap and last week's commitment:
    each has its line, in the words /progress uses."""
    await ada_class(web.console)
    roadmap = tmp_path / "roadmap.md"
    roadmap.write_text("## Basics\n- [x] arrays\n- [ ] graphs\n- [ ] heaps\n", encoding="utf-8")
    for line in (
        "@bob /budget set reading 4-6 per=month",
        "@bob /budget set papers 2-4 papers per month",
        "@bob /checkin 2h reading",
        f"@bob /roadmap import {roadmap}",
        '@bob /reflect next="3h reading"',
    ):
        await web.console.ok(line)
    web.clock.set(datetime(2026, 11, 24, 10, tzinfo=UTC))  # the next week: a Tuesday
    await web.console.ok("@bob /checkin 1h reading")
    await web.console.ok("@bob /me pause until=2026-11-30")
    progress = (await web.console.say("@bob /progress")).view
    assert isinstance(progress, ProgressView)
    status, html = await page_of(web, "bob", BOB)
    assert status == 200
    page = flat(html)
    assert '<th scope="row">reading (this month)</th><td>3h</td><td>4h–6h</td>' in page
    assert "Paused until 2026-11-30." in page
    assert "roadmap: 1 of 3 items done" in page
    assert "✗ planned 3h on reading; done 1h" in page
    assert "papers: 0 papers of 2–4" in page
    assert [c.track for c in progress.counts] == ["papers"]
