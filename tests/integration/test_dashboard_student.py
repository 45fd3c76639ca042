"""The student page's service on SQLite and PostgreSQL: the numbers are the console's own
(/progress, /plan check, /checkin list, /reflections), only the student and the cohort's
instructors see it, and the deliverable, matrix, history and reflections read right."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.bootstrap import Stride
from core.errors import NotFound
from core.services.dashboard.access import NOT_FOUND, Viewer
from core.services.dashboard.student import student_chart, student_page
from core.views.activity import ProgressView
from core.views.plans import PlanCheckView
from tests.conftest import Console
from tests.integration.test_statements_per_command import counted

COHORT = "ML-Fall-2026"
# Tuesday and Wednesday of week 2026-W47 (Mon 16 Nov).
TUE = datetime(2026, 11, 17, 10, tzinfo=UTC)
WED = datetime(2026, 11, 18, 10, tzinfo=UTC)


def viewer(user: str) -> Viewer:
    return Viewer("console", "local", user)


async def member_id(stride: Stride, user: str, cohort: str = COHORT) -> int:
    async with stride.services.uow(read_only=True) as uow:
        found = await uow.members.memberships("console", "local", user)
    return next(m.id for c, m in found if c.name == cohort)


async def ada_class(console: Console) -> None:
    """prof's cohort: ada with budgets, plans, skills (two rated), check-ins over three
    weeks, one edited and one undone, and a reflection on last week; bob with nothing."""
    console.clock.set(datetime(2026, 11, 2, 10, tzinfo=UTC))
    await console.ok(f"@prof /cohort create {COHORT} tz=UTC")
    await console.ok(f"@ada /cohort join {COHORT}")
    await console.ok(f"@bob /cohort join {COHORT}")
    await console.ok("@ada /budget set dsa 5-7")
    await console.ok("@ada /budget set project 1-3")
    await console.ok("@ada /checkin 4h dsa")
    console.clock.set(TUE)
    rationale = 'rationale="<script>x</script>"'
    await console.ok(f'@ada /plan set A position="ML Engineer" industry="Health" {rationale}')
    await console.ok('@ada /plan set B position="Analyst" industry="Retail"')
    await console.ok('@ada /skill add "SQL" specific priority=1 current=1 target=3 ease=easy')
    await console.ok('@ada /skill add "Git" general priority=2 current=0 target=2 ease=hard')
    await console.ok('@ada /skill add "Talks" general priority=3 current=2 target=3')
    await console.ok('@ada /checkin 2h dsa date=yesterday skill="SQL"')
    await console.ok("@ada /checkin 1h project")
    await console.ok("@ada /checkin 30m dsa")
    await console.ok("@ada /checkin undo")
    await console.ok("@ada /checkin edit 1 hours=1h30m")
    await console.ok('@ada /reflect done="two graph problems" next="6h dsa" blocked="recursion"')
    console.clock.set(WED)


async def test_the_page_numbers_are_the_consoles(stride: Stride, console: Console) -> None:
    await ada_class(console)
    ada = await member_id(stride, "ada")
    progress = (await console.say("@ada /progress")).view
    check = (await console.say("@ada /plan check")).view
    assert isinstance(progress, ProgressView)
    assert isinstance(check, PlanCheckView)
    for who in ("ada", "prof"):
        page = await student_page(stride.services, viewer(who), 1, ada)
        assert page.progress == progress
        assert page.check == check
        assert page.own == (who == "ada")
    assert page.progress.total_hours == 1.5 + 2  # the edit and the undo counted
    assert page.check.total_weeks is not None
    assert page.check.total_hours > 0


async def test_only_the_student_and_their_instructors_see_the_page(stride: Stride, console: Console) -> None:
    await ada_class(console)
    await console.ok(f"@kim /cohort join {COHORT}")
    await console.ok("@prof /cohort instructor add @kim")
    kim = await member_id(stride, "kim")
    await console.ok("@eve /cohort create Other tz=UTC")
    await console.ok("@bob /cohort join Other")
    ada, bob_here = await member_id(stride, "ada"), await member_id(stride, "bob")
    bob_there = await member_id(stride, "bob", "Other")
    assert (await student_page(stride.services, viewer("kim"), 1, ada)).member == "ada"  # kim teaches now
    assert (await student_page(stride.services, viewer("kim"), 1, kim)).own
    page = await student_page(stride.services, viewer("bob"), 1, bob_here)
    assert page.member == "bob"
    assert page.own
    refused = [
        ("bob", 1, ada),  # a classmate's page
        ("eve", 1, ada),  # another cohort's instructor
        ("eve", 2, ada),  # a student of another cohort, through the wrong cohort
        ("prof", 2, bob_there),  # not prof's cohort
        ("prof", 1, bob_there),  # the member is not in this cohort
        ("prof", 1, 999),  # nobody
        ("prof", 1, 10**17),  # past any id (PostgreSQL's integer): never sent to the database
        ("mallory", 1, ada),  # in no cohort at all
        ("prof", 1, kim),  # a fellow instructor's row is no student page
    ]
    for who, cohort_id, member in refused:
        with pytest.raises(NotFound) as refusal:
            await student_page(stride.services, viewer(who), cohort_id, member)
        assert refusal.value.message == NOT_FOUND
    with pytest.raises(NotFound):
        await student_chart(stride.services, viewer("bob"), 1, ada, "skills")


async def test_deliverable_matrix_history_and_reflections(stride: Stride, console: Console) -> None:
    await ada_class(console)
    ada = await member_id(stride, "ada")
    page = await student_page(stride.services, viewer("ada"), 1, ada)

    html = page.deliverable_html
    assert html.startswith("<h3>Career plan — ada</h3>")  # under the page section's <h2>
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "<table>" in html
    assert "<th>Skill</th>" in html

    matrix = page.matrix
    critical, important, _ = matrix.rows
    sql = critical.cells[0]
    assert (critical.priority_label, sql.ease_label, sql.quick_win) == ("1 Critical", "1 easy", True)
    estimates = {e.name: e for e in page.check.skills}
    assert [(s.name, s.gap, s.time_to_target) for s in sql.skills] == [
        ("SQL", 2, f"week {estimates['SQL'].week_reached}")
    ]
    assert [s.name for s in important.cells[2].skills] == ["Git"]
    assert [s.name for s in matrix.unrated] == ["Talks"]
    assert "quick wins (priority 1, easy): SQL" in matrix.summary

    history = page.history
    assert [(r.entry.number, r.entry.hours, r.entry.track) for r in history.rows] == [
        (1, 1.5, "project"),
        (2, 2.0, "dsa"),
        (3, 4.0, "dsa"),
    ]
    assert history.rows[0].edits == [
        "Tue 17 Nov 10:00: 1h of project on Tue 17 Nov → 1h 30m of project on Tue 17 Nov"
    ]
    assert history.rows[1].entry.skill == "SQL"
    assert history.rows[1].edits == []
    assert [(c.action, c.before, c.after) for c in history.corrections] == [
        ("edit", "1h of project on Tue 17 Nov", "1h 30m of project on Tue 17 Nov"),
        ("undo", "30m of dsa on Tue 17 Nov", None),
    ]

    written = page.reflections.weeks
    assert [w.week for w in written] == ["2026-W47"]  # only what ada wrote
    answers = {a.key: a.answer for a in written[0].row.answers}
    assert "two graph problems" in answers.values()
    assert written[0].row.commitments[0].track == "dsa"

    seen = (await student_page(stride.services, viewer("prof"), 1, ada)).reflections.weeks
    assert [(w.week, w.row.answered) for w in seen] == [  # since ada joined, as /reflections lists
        ("2026-W47", True),
        ("2026-W46", False),
        ("2026-W45", False),
    ]


async def test_the_charts_text_alternatives(stride: Stride, console: Console) -> None:
    """What the charts show, in the words and tables the page gives with them (drawing
    them is tested through the web page, tests/web/test_student_page.py)."""
    await ada_class(console)
    ada, bob = await member_id(stride, "ada"), await member_id(stride, "bob")
    page = await student_page(stride.services, viewer("prof"), 1, ada)
    assert page.progress_chart.drawn
    assert page.skills_chart.drawn
    assert [(w.week, w.hours, w.status) for w in page.progress_chart.weeks[-3:]] == [
        ("2026-W45", 4.0, "under"),
        ("2026-W46", 0.0, "under"),
        ("2026-W47", 3.5, "under"),
    ]
    assert page.progress_chart.band == "6h–10h"
    assert page.progress_chart.summary.startswith("3h 30m this week, under their 6h–10h band")
    own = await student_page(stride.services, viewer("ada"), 1, ada)
    assert own.progress_chart.summary.startswith("3h 30m this week, under your 6h–10h band")
    assert [(s.name, s.current, s.target) for s in page.skills_chart.skills] == [
        ("SQL", 1, 3),
        ("Git", 0, 2),
        ("Talks", 2, 3),
    ]
    empty = await student_page(stride.services, viewer("bob"), 1, bob)
    assert not empty.progress_chart.drawn
    assert not empty.skills_chart.drawn
    for name in ("progress", "skills", "other"):  # nothing to draw: no picture, no worker started
        with pytest.raises(NotFound):
            await student_chart(stride.services, viewer("bob"), 1, bob, name)


async def test_the_page_is_eleven_statements_whatever_the_cohort(stride: Stride, console: Console) -> None:
    """Independent of the cohort's size and of how much the student logged."""
    await ada_class(console)
    ada = await member_id(stride, "ada")
    with counted(stride.engine) as few:
        await student_page(stride.services, viewer("prof"), 1, ada)
    for n in range(20):
        await console.ok(f"@s{n} /cohort join {COHORT}")
    await console.ok("@ada /checkin 1h dsa")
    await console.ok("@ada /checkin undo")
    with counted(stride.engine) as more:
        await student_page(stride.services, viewer("prof"), 1, ada)
    assert len(more) == len(few) <= 11
