"""The cohort overview page, its chart and its downloads, served for real and read as a
browser would, against the console's answers for the same week: every number on the page
is the one /digest gives, and each download is /export's file byte for byte.

The clock starts on Wednesday 18 November 2026 (2026-W47) and moves to the next week.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

from bot.web.security import SVG_CONTENT_SECURITY_POLICY
from core.formatting import hour_band, hours, plural
from core.render.plan_model import plan_hours
from core.views.reports import DigestView
from tests.web.conftest import COHORT, Web

STUDENTS = ("ada", "bob", "cy", "dee")


class Tables(HTMLParser):
    """The text of every cell of every table row, and of every list item, by the class of
    the table or list they are in."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: dict[str, list[list[str]]] = {}
        self.items: dict[str, list[str]] = {}
        self._in: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("table", "ul"):
            self._in.append(dict(attrs).get("class") or "")
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th", "li"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("table", "ul"):
            self._in.pop()
        elif tag == "tr" and self._row is not None:
            self.rows.setdefault(self._in[-1], []).append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "li" and self._cell is not None:
            self.items.setdefault(self._in[-1], []).append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


async def a_class(web: Web) -> None:
    """Four students with budgets, two weeks of hours, skills and a plan."""
    say = web.console.ok
    await say(f"/cohort create {COHORT}")
    for name in STUDENTS:
        await say(f"@{name} /cohort join {COHORT}")
        await say(f"@{name} /budget set dsa 2-4")
    await say("@ada /checkin 1h dsa")
    await say("@bob /checkin 5h dsa")
    await say('@ada /plan set A position="ML Engineer" industry="Health" rationale="Why"')
    await say('@ada /skill add "SQL" specific priority=1 current=1 target=3')
    await say('@bob /skill add "sql" specific priority=2 current=0 target=2')
    web.clock.set(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))  # Wednesday of W48
    await say("@ada /checkin 3h dsa")
    await say("@cy /checkin 90m dsa date=yesterday")


async def console_digest(web: Web, week: str) -> DigestView:
    reply = await web.console.say(f"/digest week={week}")
    assert isinstance(reply.view, DigestView), reply.text()
    return reply.view


async def test_every_number_is_the_consoles_for_the_same_week(web: Web) -> None:
    await a_class(web)
    prof = await web.signed_in("prof")
    for week in ("2026-W47", "2026-W48"):
        said = await console_digest(web, week)
        async with prof.get(f"/cohorts/1?week={week}") as page:
            assert page.status == 200
            html = await page.text()
        found = Tables(html)
        rows = found.rows["students"][1:]  # after the header
        assert [row[0] for row in rows] == [r.name for r in said.rows]
        for row, r in zip(rows, said.rows, strict=True):
            assert row[1:6] == [
                hours(r.hours),
                hour_band(r.budget_min_hours, r.budget_max_hours),
                {"under": "under", "within": "inside", "over": "over"}[r.status],
                plural(r.streak, "week"),
                f"{r.levels_gained:+d}" if r.levels_gained else "0",
            ]
            assert row[8] == plan_hours(r.plan_hours_done, r.plan_hours_left)
        at_risk = [f"{r.name}: {'; '.join(r.reasons)}" for r in said.at_risk]
        assert found.items.get("at-risk", []) == at_risk
        text = (await web.console.say(f"/digest week={week}")).text()
        participation = re.search(r"Participation: (\d+) of (.+?) checked in · (.+?) in total", text)
        assert participation, text
        assert f"<dd>{participation.group(1)} of {participation.group(2)}</dd>" in html
        assert f"<dd>{participation.group(3)}</dd>" in html
        assert said.label in html


async def test_the_heat_map_and_the_class_skills(web: Web) -> None:
    await a_class(web)
    prof = await web.signed_in("prof")
    async with prof.get("/cohorts/1") as page:
        html = await page.text()
    heat = Tables(html).rows["heat"]
    assert heat[0] == ["Student", "W47", "W48 so far"]
    by_name = {row[0]: row[1:] for row in heat[1:]}
    assert by_name["ada"] == ["1h ▼", "3h ✓"]
    assert by_name["bob"] == ["5h ▲", "– ▼"]
    assert by_name["cy"] == ["– ▼", "1h 30m ▼"]
    assert "▼ under" in html
    skills = Tables(html).rows["skills"]
    assert skills[1] == ["SQL", "2", "0", "0.5 → 2.5"]
    assert 'href="/cohorts/1/students/2"' in html


async def test_the_page_has_no_inline_script_or_style(web: Web) -> None:
    await a_class(web)
    prof = await web.signed_in("prof")
    async with prof.get("/cohorts/1") as page:
        html = await page.text()
        assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert "<script" not in html
    assert "style=" not in html
    assert 'name="csrf"' in html  # the sign-out form, though the page is written on a worker thread
    assert '<img src="/cohorts/1/charts/hours.svg?week=2026-W48" alt="' in html


async def test_a_check_in_shows_on_the_next_page(web: Web) -> None:
    await a_class(web)
    prof = await web.signed_in("prof")
    async with prof.get("/cohorts/1") as page:
        before = Tables(await page.text()).rows["students"]
    await web.console.ok("@dee /checkin 2h dsa")
    async with prof.get("/cohorts/1") as page:
        after = Tables(await page.text()).rows["students"]
    assert before[4][:2] == ["dee", "0h"]
    assert after[4][:2] == ["dee", "2h"]


async def test_a_bad_week_is_a_400_page_with_one_sentence(web: Web) -> None:
    await a_class(web)
    prof = await web.signed_in("prof")
    for week, sentence in (
        ("2026-W60", "is not a week"),
        ("2026-W50", "Week 2026-W50 has not begun yet"),
        ("2025-W01", "is before the cohort began"),
        ("<script>alert(1)</script>", "is not a week"),
        ("W" * 5000, "is not a week"),
        ("2026-W48%00", "is not a week"),
    ):
        async with prof.get(f"/cohorts/1?week={week}") as page:
            assert page.status == 400
            html = await page.text()
        assert sentence in html, html[:300]
        assert 'class="sentence"' in html
        assert "Traceback" not in html
        assert "<script>" not in html


async def test_only_the_cohorts_instructors_see_the_overview_and_its_files(web: Web) -> None:
    await a_class(web)
    await web.console.ok("@zed /cohort create Other-Cohort")
    paths = (
        "/cohorts/1",
        "/cohorts/1/charts/hours.svg",
        "/cohorts/1/cohort.csv",
        "/cohorts/1/deliverables.zip",
    )
    nobody = web.client()
    for path in paths:
        async with nobody.get(path) as page:
            assert page.status == 401
    for who in ("ada", "zed"):
        client = await web.signed_in(who)
        async with client.get("/cohorts/99") as missing:
            assert missing.status == 404
            missing_body = await missing.text()
        for path in (*paths, "/cohorts/1/charts/pie.svg"):
            async with client.get(path) as page:
                assert page.status == 404, (who, path)
                assert await page.text() == missing_body  # another cohort's page is a missing page
        async with client.get("/cohorts/99999999999999") as too_long:  # no id has that many digits
            assert too_long.status == 404
            assert "There is no such page, or it is not yours to see." in await too_long.text()


async def test_the_hours_chart_is_an_svg_with_its_own_policy(web: Web) -> None:
    await a_class(web)
    prof = await web.signed_in("prof")
    async with prof.get("/cohorts/1/charts/hours.svg?week=2026-W47") as chart:
        assert chart.status == 200
        assert chart.content_type == "image/svg+xml"
        assert chart.headers["Content-Security-Policy"] == SVG_CONTENT_SECURITY_POLICY
        assert chart.headers["X-Content-Type-Options"] == "nosniff"
        body = await chart.read()
    assert body.startswith(b"<?xml")
    assert b"<script" not in body


async def test_the_downloads_are_the_exports_files(web: Web) -> None:
    await a_class(web)
    prof = await web.signed_in("prof")
    for path, command in (
        ("/cohorts/1/cohort.csv", "/export"),
        ("/cohorts/1/deliverables.zip", "/export deliverables"),
    ):
        reply = await web.console.say(command)
        assert reply.ok, reply.text()
        assert len(reply.saved) == 1
        async with prof.get(path) as download:
            assert download.status == 200
            data = await download.read()
            disposition = download.headers["Content-Disposition"]
        assert data == reply.saved[0].read_bytes()
        assert f'filename="{reply.saved[0].name}"' in disposition


async def test_no_deliverables_without_students(web: Web) -> None:
    await web.console.ok(f"/cohort create {COHORT}")
    prof = await web.signed_in("prof")
    async with prof.get("/cohorts/1/deliverables.zip") as download:
        assert download.status == 404
        assert f"{COHORT} has no students yet" in await download.text()
    async with prof.get("/cohorts/1") as page:
        assert page.status == 200
        assert "No students yet" in await page.text()


async def test_blockers_and_sessions_are_the_digests(web: Web) -> None:
    await web.console.ok(f"/cohort create {COHORT}")
    for name in ("ada", "bob"):
        await web.console.ok(f"@{name} /cohort join {COHORT}")
    await web.console.ok('/session plan "DSA night" tue 19:00 90m')
    await web.console.ok("@ada /session rsvp 1")
    web.clock.set(datetime(2026, 11, 27, 10, 0, tzinfo=UTC))  # Friday of W48: Tuesday's session is over
    await web.console.ok('@bob /reflect done="trees" next="4h dsa" blocked="recursion <b>"')
    said = await console_digest(web, "2026-W48")
    assert said.blockers
    assert said.sessions
    prof = await web.signed_in("prof")
    async with prof.get("/cohorts/1?week=2026-W48") as page:
        html = await page.text()
    found = Tables(html)
    assert found.items["blockers"] == [f"{b.name} ({b.week}): {b.text}" for b in said.blockers]
    assert "recursion &lt;b&gt;" in html  # a student's words are text, never markup
    [session] = said.sessions
    assert found.rows["sessions"][1] == [
        session.title,
        session.day,
        str(session.rsvped),
        str(session.rsvped_came),
        str(session.others_came),
    ]
