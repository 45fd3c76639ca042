"""The dashboard's cohort overview through the real database (SQLite and PostgreSQL): it is
the week's digest (the console's /digest for the same week, word for word), the heat map's
hours and bands, the plan table equal to /plan check, the class's skills grouped by name,
who may see it, a bad week refused in one sentence, and the cache that a change of the
cohort's data (a check-in, a correction, an assessment…) invalidates.

The class of four joins on Wednesday 18 November 2026 (2026-W47), as in test_digest.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

import pytest

from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.levels import SkillKind
from core.errors import InvalidInput, NotFound
from core.render.text import render_text
from core.services import checkins, cohorts, ledger, me, plans, skills
from core.services.dashboard.access import Viewer
from core.services.dashboard.overview import OverviewCache, hours_chart, overview
from core.services.reflections.member import submit_reflection
from core.views.dashboard import OverviewView
from tests.conftest import Console
from tests.console.test_bad_input import assert_one_clear_sentence
from tests.integration.helpers import cohort_with, person, weekly_budget
from tests.integration.test_digest import (
    ALICE,
    BOB,
    CAROL,
    COHORT,
    DAN,
    JOINED,
    OTHER,
    PROF,
    add_skills,
    at,
    class_of_four,
    complete_plan,
    log,
)
from tests.integration.test_statements_per_command import counted

INSTRUCTOR = Viewer.of(PROF)
QUIET = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SET")
"""Transaction control and connection settings: not the page's own statements."""


async def _overview(
    stride: Stride, week: str | None = None, cache: OverviewCache | None = None
) -> OverviewView:
    return await overview(stride.services, INSTRUCTOR, 1, week, OverviewCache() if cache is None else cache)


async def _busy_class(stride: Stride, clock: FixedClock) -> None:
    """Three weeks of a class: hours under, inside and over the 2–4 h band, a pause, plans."""
    await class_of_four(stride, clock)
    await log(stride, clock, ALICE, date(2026, 11, 19), 1)  # W47 under
    await log(stride, clock, ALICE, date(2026, 11, 24), 3)  # W48 within
    await log(stride, clock, BOB, date(2026, 11, 25), 5.5)  # W48 over
    await log(stride, clock, CAROL, date(2026, 12, 1), 2)  # W49 within
    await complete_plan(stride, ALICE)
    await add_skills(stride, ALICE, 0, 1)  # 50 h at 2 h a week: attainable
    await add_skills(stride, BOB, 1, 5)  # far out of reach at 2 h a week
    clock.set(at(date(2026, 11, 30)))
    await me.pause(stride.services, DAN, None, "2026-12-06")  # all of W49
    clock.set(at(date(2026, 12, 2)))  # Wednesday of W49


async def test_the_overview_is_the_consoles_digest_of_the_week(
    stride: Stride, clock: FixedClock, console: Console
) -> None:
    await _busy_class(stride, clock)
    for week in ("2026-W48", "2026-W49"):
        page = await _overview(stride, week)
        said = await console.say(f"/digest week={week}")
        assert said.view is not None
        assert render_text(page.digest) == render_text(said.view)
        assert page.digest.week == week
    bob = next(row for row in page.digest.rows if row.name == "Bob")
    assert bob.member_id > 0
    assert page.digest.rows[0].name == "Alice"


async def test_the_heat_map_shows_hours_bands_and_pauses(stride: Stride, clock: FixedClock) -> None:
    await _busy_class(stride, clock)
    page = await _overview(stride)  # this week, 2026-W49, as /digest on a Wednesday
    assert page.heat_weeks == ["2026-W47", "2026-W48", "2026-W49"]  # nothing before the cohort
    cells = {
        row.name: dict(zip(page.heat_weeks, zip(row.hours, row.bands, strict=True), strict=True))
        for row in page.heat
    }
    assert [row.name for row in page.heat] == ["Alice", "Bob", "Carol", "Dan"]
    assert cells["Alice"]["2026-W47"] == (1, "under")
    assert cells["Alice"]["2026-W48"] == (3, "within")
    assert cells["Bob"]["2026-W48"] == (5.5, "over")
    assert cells["Bob"]["2026-W47"] == (0, "under")
    assert cells["Carol"]["2026-W49"] == (2, "within")
    assert page.heat_so_far == "2026-W49"
    assert cells["Dan"]["2026-W49"] == (0, "paused")
    assert cells["Dan"]["2026-W48"] == (0, "under")
    assert [w.key for w in page.weeks] == ["2026-W49", "2026-W48", "2026-W47"]
    assert [w.selected for w in page.weeks] == [True, False, False]


async def test_the_plan_columns_are_the_plan_checks(stride: Stride, clock: FixedClock) -> None:
    await _busy_class(stride, clock)
    page = await _overview(stride)
    for who in (ALICE, BOB, CAROL):
        row = next(r for r in page.digest.rows if r.name == who.display_name)
        check = await plans.check_plan(stride.services, who, None)
        assert row.plan_missing == len(check.missing)
        assert (row.plan_missing == 0) == check.complete
        if check.skills:
            assert row.plan_attainable == check.attainable
            assert row.plan_total_weeks == check.total_weeks
        else:
            assert row.plan_attainable is None
    alice = next(r for r in page.digest.rows if r.name == "Alice")
    bob = next(r for r in page.digest.rows if r.name == "Bob")
    assert alice.plan_attainable is True
    assert bob.plan_attainable is False


async def test_skills_are_grouped_by_name_in_any_case(stride: Stride, clock: FixedClock) -> None:
    await class_of_four(stride, clock)
    ctx = stride.services
    for who, name in ((ALICE, "SQL"), (BOB, "sql"), (CAROL, "Sql")):
        await skills.add_skill(
            ctx, who, None, name=name, kind=SkillKind.SPECIFIC, priority=1, current=1, target=3, ease=1
        )
    await skills.add_skill(
        ctx, DAN, None, name="Rust", kind=SkillKind.SPECIFIC, priority=2, current=0, target=4, ease=2
    )
    clock.set(at(date(2026, 11, 26)))
    await skills.assess_skill(ctx, ALICE, None, "sql", 2)
    await skills.assess_skill(ctx, BOB, None, "SQL", 3)
    page = await _overview(stride)
    found = {s.name.casefold(): s for s in page.skills}
    assert set(found) == {"sql", "rust"}
    sql = found["sql"]
    assert (sql.students, sql.levels_gained) == (3, 3)
    assert sql.average_current == pytest.approx((2 + 3 + 1) / 3)
    assert sql.average_target == pytest.approx(3)
    assert (found["rust"].students, found["rust"].levels_gained, found["rust"].average_target) == (1, 0, 4)
    assert "term" in page.term


async def test_at_risk_students_carry_their_page_id(stride: Stride, clock: FixedClock) -> None:
    await _busy_class(stride, clock)
    page = await _overview(stride, "this")
    ids = {row.name: row.member_id for row in page.digest.rows}
    assert page.digest.at_risk
    for entry in page.digest.at_risk:
        assert entry.member_id == ids[entry.name]


async def test_only_the_cohorts_instructors_see_it(stride: Stride, clock: FixedClock) -> None:
    await class_of_four(stride, clock)
    other_prof = person("otherprof")
    await cohort_with(stride.services, OTHER, other_prof, (person("olga"),))
    cache = OverviewCache()
    for viewer, cohort_id in (
        (Viewer.of(ALICE), 1),  # a student of the cohort
        (Viewer.of(other_prof), 1),  # another cohort's instructor
        (INSTRUCTOR, 2),  # an instructor, of another cohort's page
        (INSTRUCTOR, 99),  # no such cohort
    ):
        with pytest.raises(NotFound) as refused:
            await overview(stride.services, viewer, cohort_id, None, cache)
        assert str(refused.value) == "There is no such page, or it is not yours to see."
    assert len(cache) == 0


@pytest.mark.parametrize("week", ["2026-W99", "next", "2027-W01", "2026-W40", "W48"])
async def test_a_bad_week_is_one_sentence(stride: Stride, clock: FixedClock, week: str) -> None:
    await class_of_four(stride, clock)
    with pytest.raises(InvalidInput) as refused:
        await _overview(stride, week)
    assert_one_clear_sentence(str(refused.value))


Write = Callable[[Stride, FixedClock], Awaitable[object]]


async def _check_in(stride: Stride, clock: FixedClock) -> object:
    return await checkins.check_in(stride.services, CAROL, None, minutes=30, track="dsa")


async def _undo(stride: Stride, clock: FixedClock) -> object:
    return await ledger.undo(stride.services, ALICE, None)


async def _assess(stride: Stride, clock: FixedClock) -> object:
    return await skills.assess_skill(stride.services, BOB, None, "general 0", 2)


async def _plan(stride: Stride, clock: FixedClock) -> object:
    return await plans.set_plan(
        stride.services, CAROL, None, "B", position="Analyst", industry="Retail", rationale=None
    )


async def _pause(stride: Stride, clock: FixedClock) -> object:
    return await me.pause(stride.services, CAROL, None, "2026-12-20")


async def _horizon(stride: Stride, clock: FixedClock) -> object:
    return await cohorts.update_cohort(stride.services, PROF, None, {"horizon": "104"})


async def _budget(stride: Stride, clock: FixedClock) -> object:
    await weekly_budget(stride.services, CAROL, "dsa", 1, 3)
    return None


async def _reflect(stride: Stride, clock: FixedClock) -> object:
    return await submit_reflection(stride.services, CAROL, None, {"blocked": "graphs"})


@pytest.mark.parametrize("write", [_check_in, _undo, _assess, _plan, _pause, _horizon, _budget, _reflect])
async def test_the_cache_holds_until_the_cohort_changes(
    stride: Stride, clock: FixedClock, write: Write
) -> None:
    await _busy_class(stride, clock)
    cache = OverviewCache()
    first = await _overview(stride, "2026-W49", cache)
    assert await _overview(stride, "2026-W49", cache) is first
    await write(stride, clock)
    again = await _overview(stride, "2026-W49", cache)
    assert again is not first
    assert await _overview(stride, "2026-W49", cache) is again


async def test_a_check_in_shows_on_the_next_request(stride: Stride, clock: FixedClock) -> None:
    await _busy_class(stride, clock)
    cache = OverviewCache()
    before = await _overview(stride, None, cache)
    await _check_in(stride, clock)
    after = await _overview(stride, None, cache)
    hours = {row.name: row.hours for row in after.digest.rows}
    assert hours["Carol"] == next(r.hours for r in before.digest.rows if r.name == "Carol") + 0.5


async def test_the_cache_is_bounded(stride: Stride, clock: FixedClock) -> None:
    await _busy_class(stride, clock)
    cache = OverviewCache(size=2)
    first = await _overview(stride, "2026-W47", cache)
    await _overview(stride, "2026-W48", cache)
    await _overview(stride, "2026-W49", cache)
    assert len(cache) == 2
    assert await _overview(stride, "2026-W47", cache) is not first  # the oldest went first


async def test_the_hours_chart_is_an_svg_with_its_facts_in_words(stride: Stride, clock: FixedClock) -> None:
    await _busy_class(stride, clock)
    cache = OverviewCache()
    chart = await hours_chart(stride.services, INSTRUCTOR, 1, "2026-W48", cache)
    assert chart is not None
    assert chart.media_type == "image/svg+xml"
    assert chart.data.lstrip().startswith(b"<?xml")
    assert b"<svg" in chart.data
    assert b"<script" not in chart.data
    assert "2 of 4 students logged hours" in chart.description
    assert (
        await overview(stride.services, INSTRUCTOR, 1, "2026-W48", cache)
    ).chart_summary == chart.description
    assert await hours_chart(stride.services, INSTRUCTOR, 1, "2026-W48", cache) is chart  # kept


async def test_a_cohort_without_students_has_no_chart(stride: Stride, clock: FixedClock) -> None:
    clock.set(at(JOINED, 10))
    await cohort_with(stride.services, COHORT, PROF)
    page = await _overview(stride)
    assert (page.digest.rows, page.heat, page.chart_summary) == ([], [], "")
    assert await hours_chart(stride.services, INSTRUCTOR, 1, None, OverviewCache()) is None


async def test_a_page_is_a_fixed_number_of_statements_whatever_the_class(
    stride: Stride, clock: FixedClock
) -> None:
    await _busy_class(stride, clock)
    counts = []
    for extra in ("eve", "fay", "gus", "hal"):
        cache = OverviewCache()
        with counted(stride.engine) as sent:
            await _overview(stride, "2026-W49", cache)
        counts.append(len([sql for sql in sent if not sql.lstrip().upper().startswith(QUIET)]))
        with counted(stride.engine) as again:
            await _overview(stride, "2026-W49", cache)
        assert len([sql for sql in again if not sql.lstrip().upper().startswith(QUIET)]) <= 3  # access, stamp
        await cohorts.join_cohort(stride.services, person(extra), COHORT)
        await checkins.check_in(stride.services, person(extra), None, minutes=60, track="dsa")
    assert len(set(counts)) == 1, counts
