"""Charts through the console and the real database (SQLite and PostgreSQL): /progress
chart, /plan chart and the digest's cohort chart, with data, without, and the files the
console writes."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.model import Actor
from core.services import charts, digests
from core.views.base import Notice
from core.views.kinds import AnyView
from tests.charts_support import MAX_BYTES, assert_chart_png
from tests.conftest import DEFAULT_NOW, Console

COHORT = "ML-Fall-2026"
PROF = Actor("console", "local", "prof", "prof")


async def class_with_ada(console: Console) -> None:
    await console.ok(f"/cohort create {COHORT} tz=UTC")
    await console.ok(f"@ada /cohort join {COHORT}")


async def test_progress_chart_without_hours_says_so_and_attaches_nothing(console: Console) -> None:
    await class_with_ada(console)
    await console.ok("@ada /budget set dsa 5-7")
    reply = await console.say("@ada /progress chart")
    assert reply.ok
    assert reply.view is not None
    assert reply.view.attachments == ()
    assert reply.saved == []
    assert reply.text() == (
        "No hours logged in the last 12 weeks, so there is no chart yet; log some with /checkin 1h dsa "
        "and ask again."
    )


async def test_progress_chart_shows_the_weeks_against_the_band(
    console: Console, clock: FixedClock, tmp_path: Path
) -> None:
    await class_with_ada(console)
    await console.ok("@ada /budget set dsa 5-7")
    for weeks_back in (14, 4, 3, 2, 1):  # the first is outside the twelve weeks drawn
        clock.set(DEFAULT_NOW - timedelta(weeks=weeks_back))
        await console.ok("@ada /checkin 6 dsa")
    clock.set(DEFAULT_NOW)
    await console.ok("@ada /checkin 2h dsa")
    reply = await console.say("@ada /progress chart")
    assert reply.ok
    assert reply.view is not None
    [chart] = reply.view.attachments
    words = "2h this week, under your 5h–7h band; 4-week streak; inside it in 4 of the last 4 complete weeks."
    assert reply.view.private
    assert (chart.filename, chart.media_type, chart.description) == (
        "progress-2026-W47.png",
        "image/png",
        words,
    )
    assert_chart_png(chart.data)
    saved = tmp_path / "files" / "progress-2026-W47.png"
    assert reply.saved == [saved]
    assert saved.read_bytes() == chart.data
    assert reply.text() == f"{words}\n📎 Saved progress-2026-W47.png to {saved}"


async def test_plan_chart_without_skills_says_how_to_add_one(console: Console) -> None:
    await class_with_ada(console)
    reply = await console.say("@ada /plan chart")
    assert reply.ok
    assert reply.view is not None
    assert reply.view.attachments == ()
    assert "You have no skills yet, so there is no chart" in reply.text()


async def test_plan_chart_shows_levels_and_the_trend_from_assessments(
    console: Console, clock: FixedClock, stride: Stride
) -> None:
    await class_with_ada(console)
    clock.set(DEFAULT_NOW - timedelta(days=120))
    await console.ok('@ada /skill add "SQL" specific priority=1 current=1 target=3')
    await console.ok('@ada /skill add "Talks" general priority=2 current=2 target=4')
    await console.ok('@ada /skill assess "Talks" 3')  # before the 90 days: not part of the trend
    clock.set(DEFAULT_NOW - timedelta(days=30))
    await console.ok('@ada /skill assess "SQL" 2')
    await console.ok('@ada /skill add "$\\frac{1}{0}$ <@U1> @everyone" general priority=3 current=0 target=2')
    clock.set(DEFAULT_NOW)
    await console.ok('@ada /skill assess "$\\frac{1}{0}$ <@U1> @everyone" 1')
    await console.ok('@ada /skill assess "Talks" 2')
    reply = await console.say("@ada /plan chart")
    assert reply.ok
    assert reply.view is not None
    [chart] = reply.view.attachments
    assert reply.text().startswith(
        "3 skills: 0 at target, 4 levels to go in all; +1 levels in the last 90 days.\n"
        "No skill has an ease of learning yet, so there is no priority × ease matrix; "
        'rate each with /skill update "NAME" ease=easy|medium|hard.\n📎 Saved skills.png'
    )
    assert chart.filename == "skills.png"
    assert_chart_png(chart.data)
    async with stride.services.uow() as uow:
        cohort = (await uow.cohorts.named(COHORT))[0]
        ada = await uow.members.get(cohort.id, "ada")
        assert ada is not None
        ids = {s.name: s.id for s in await uow.skills.for_member(ada.id)}
        changes = await uow.reports.skill_level_changes(ada.id, DEFAULT_NOW - timedelta(days=90), DEFAULT_NOW)
    assert changes == {ids["SQL"]: 1, ids["Talks"]: -1, ids["$\\frac{1}{0}$ <@U1> @everyone"]: 1}


async def test_plan_chart_adds_the_priority_by_ease_matrix_as_a_picture_and_as_text(
    console: Console, tmp_path: Path
) -> None:
    await class_with_ada(console)
    await console.ok('@ada /skill add "SQL" specific priority=1 current=1 target=3 ease=easy')
    await console.ok('@ada /skill add "Git" specific priority=1 current=0 target=2 ease=1')
    await console.ok('@ada /skill add "Spark" specific priority=2 current=0 target=2 ease=hard')
    await console.ok('@ada /skill add "Talks" general priority=3 current=2 target=3')
    reply = await console.say("@ada /plan chart")
    assert reply.ok
    assert reply.view is not None
    levels, matrix = reply.view.attachments
    assert (levels.filename, matrix.filename) == ("skills.png", "priority-ease.png")
    assert matrix.description == (
        "Priority × ease of learning: quick wins (priority 1, easy): SQL, Git; "
        "skills in the other cells: 2 Important & 3 hard: 1; 1 not rated yet."
    )
    assert_chart_png(matrix.data)
    assert (tmp_path / "files" / "priority-ease.png").read_bytes() == matrix.data
    assert reply.text().splitlines()[1:6] == [
        "Priority × ease of learning (⭐ quick wins: priority 1, easy):",
        "  1 Critical · ⭐ 1 easy: SQL, Git · 2 medium: — · 3 hard: —",
        "  2 Important · 1 easy: — · 2 medium: — · 3 hard: Spark",
        "  3 Nice-to-have · 1 easy: — · 2 medium: — · 3 hard: —",
        "  Not rated yet: Talks",
    ]


async def test_the_digest_carries_the_cohort_in_one_picture(console: Console) -> None:
    await class_with_ada(console)
    await console.ok("@bob /cohort join " + COHORT)
    await console.ok("@ada /budget set dsa 5-7")
    await console.ok("@ada /checkin 6 dsa")
    reply = await console.say("/digest")
    assert reply.ok
    assert reply.view is not None
    [chart] = reply.view.attachments
    assert chart.filename == "digest-ML-Fall-2026-2026-W47.png"
    assert chart.description == (
        "ML-Fall-2026, week 2026-W47: 1 of 2 students logged hours (median 3h); "
        "budget status: 0 under, 1 within, 0 over, 1 no budget."
    )
    assert_chart_png(chart.data)
    # The scheduled digest keeps its chart in the outbox as JSON: small enough, and intact.
    payload = reply.view.model_dump_json()
    assert len(payload) < MAX_BYTES
    assert TypeAdapter(AnyView).validate_json(payload).attachments == (chart,)


async def test_a_digest_of_a_cohort_without_students_has_no_chart(console: Console) -> None:
    await console.ok(f"/cohort create {COHORT}")
    reply = await console.say("/digest")
    assert reply.ok
    assert reply.view is not None
    assert reply.view.attachments == ()
    assert reply.saved == []
    view = await digests.digest(console.session.services, PROF, None)
    assert view.follow_up is None


async def test_the_digest_answers_before_its_chart_is_drawn(console: Console) -> None:
    """The service returns the numbers at once; the chart is the view's follow-up, which no
    JSON copy of the view (the outbox, --json) carries."""
    await class_with_ada(console)
    await console.ok("@ada /budget set dsa 5-7")
    await console.ok("@ada /checkin 6 dsa")
    view = await digests.digest(console.session.services, PROF, None)
    assert view.attachments == ()
    assert view.follow_up is not None
    assert "follow_up" not in view.model_dump()
    assert "follow_up" not in view.model_dump_json()
    later = await view.follow_up()
    assert later is not None
    assert later.private
    [chart] = later.attachments
    assert chart.filename == "digest-ML-Fall-2026-2026-W47.png"
    assert isinstance(later, Notice)
    assert later.text == f"📊 {chart.description}"
    assert_chart_png(chart.data)


async def test_a_chart_that_fails_leaves_the_console_digest_whole(
    console: Console, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await class_with_ada(console)

    async def broken(view: object) -> None:
        raise OSError("the worker process died")

    monkeypatch.setattr(charts, "_cohort_chart_file", broken)
    reply = await console.say("/digest")
    assert reply.ok
    assert reply.view is not None
    assert reply.saved == []
    assert reply.view.attachments == ()
    assert reply.unfinished is not None
    assert reply.text().startswith("Digest of ML-Fall-2026")
    assert reply.text().endswith(reply.unfinished)
    assert reply.unfinished.startswith("✗ Stride could not finish the rest of this reply (ref ")
    assert json.loads(reply.json())["unfinished"] == reply.unfinished
    assert "Traceback" not in reply.text()
    assert "worker process" not in reply.text()
    assert "the worker process died" in caplog.text  # the log keeps the cause


async def test_a_student_in_no_cohort_gets_the_usual_sentence(console: Console) -> None:
    await console.ok(f"/cohort create {COHORT}")
    error = await console.fails("@nobody /progress chart")
    assert error.startswith("You are not in a cohort yet")


async def test_progress_chart_adds_the_roadmap_by_phase_when_there_is_one(
    console: Console, tmp_path: Path
) -> None:
    await class_with_ada(console)
    roadmap = tmp_path / "roadmap.md"
    roadmap.write_text("## Next 3 months\n- [x] SQL\n- [ ] Graphs\n## Months 3-9\n- [ ] Capstone\n")
    await console.ok(f"@ada /roadmap import {roadmap}")
    only_roadmap = await console.say("@ada /progress chart")
    assert only_roadmap.view is not None
    [drawn] = only_roadmap.view.attachments
    assert drawn.filename == "roadmap.png"
    assert_chart_png(drawn.data)
    assert drawn.description in only_roadmap.text()
    await console.ok("@ada /budget set dsa 5-7")
    await console.ok("@ada /checkin 2h dsa")
    both = await console.say("@ada /progress chart")
    assert both.view is not None
    assert [file.filename for file in both.view.attachments] == ["progress-2026-W47.png", "roadmap.png"]
