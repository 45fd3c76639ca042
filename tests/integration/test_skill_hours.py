"""Hours logged toward a skill count against its need until its next assessment (DESIGN §2),
the same on /plan check and in the digest, on SQLite and PostgreSQL: a check-in naming the
skill, a check-in on a track whose budget links the skill, and neither before the skill's
last assessment nor on another track."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import budgets as budget_rows
from core.db.tables import skills as skill_rows
from core.domain.levels import SkillKind
from core.render.text import render_text
from core.services import checkins, digests, plans, reminders, skills
from core.services.context import membership
from tests.integration.helpers import cohort_with, person, weekly_budget

PROF, ADA, BEN = person("prof"), person("ada"), person("ben")
COHORT = "ML-Fall-2026"
MONDAY = datetime(2026, 11, 16, 9, tzinfo=UTC)


async def _link(stride: Stride, track: str, skill: str) -> None:
    async with stride.engine.begin() as connection:
        skill_id = (await connection.execute(skill_rows.select().where(skill_rows.c.name == skill))).one().id
        await connection.execute(
            update(budget_rows).where(budget_rows.c.track == track).values(skill_id=skill_id)
        )


async def test_hours_toward_a_skill_count_until_its_next_assessment(
    stride: Stride, clock: FixedClock
) -> None:
    ctx = stride.services
    clock.set(MONDAY)
    await cohort_with(ctx, COHORT, PROF, (ADA, BEN))
    for name in ("SQL", "Algorithms", "Writing"):
        await skills.add_skill(
            ctx, ADA, None, name=name, kind=SkillKind.GENERAL, priority=1, current=1, target=3
        )
    await weekly_budget(ctx, ADA, "dsa", 5, 7)
    await weekly_budget(ctx, ADA, "project", 2, 4)
    await _link(stride, "dsa", "Algorithms")

    clock.set(MONDAY + timedelta(hours=1))
    await checkins.check_in(ctx, ADA, None, minutes=120, track="project", skill="SQL")  # named: counts
    await checkins.check_in(ctx, ADA, None, minutes=90, track="dsa")  # linked track: Algorithms
    await checkins.check_in(ctx, ADA, None, minutes=60, track="project")  # neither: counts nowhere
    await checkins.check_in(ctx, ADA, None, minutes=30, track="dsa", skill="Writing")  # named wins

    check = await plans.check_plan(ctx, ADA, None)
    done = {s.name: (s.hours_done, s.hours_left) for s in check.skills}
    assert done == {"SQL": (2.0, 53.0), "Algorithms": (1.5, 53.5), "Writing": (0.5, 54.5)}
    assert check.total_hours == 3 * 55 - 4.0

    # A new assessment starts the count again: what came before is in the new level.
    clock.set(MONDAY + timedelta(hours=2))
    await skills.assess_skill(ctx, ADA, None, "SQL", 2)
    check = await plans.check_plan(ctx, ADA, None)
    sql = next(s for s in check.skills if s.name == "SQL")
    assert (sql.hours_needed, sql.hours_done, sql.hours_left) == (40.0, 0.0, 40.0)
    clock.set(MONDAY + timedelta(hours=3))
    await checkins.check_in(ctx, ADA, None, minutes=45, track="project", skill="SQL")
    check = await plans.check_plan(ctx, ADA, None)
    sql = next(s for s in check.skills if s.name == "SQL")
    assert (sql.hours_done, sql.hours_left) == (0.75, 39.25)

    # The digest's row says what /plan check says, and Ben (no skills) has no plan hours.
    async with ctx.uow(read_only=True) as uow:
        cohort = (await membership(uow, PROF, COHORT)).cohort
        view = await digests.build_digest(uow, cohort, now=clock.now(), report_day=MONDAY.date())
    rows = {r.name: r for r in view.rows}
    assert rows["Ada"].plan_hours_left == check.total_hours
    assert rows["Ada"].plan_hours_done == sum(s.hours_done for s in check.skills) == 0.75 + 1.5 + 0.5
    assert (rows["Ben"].plan_hours_done, rows["Ben"].plan_hours_left) == (0.0, None)


async def test_hours_beyond_a_skills_need_count_only_up_to_it(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    clock.set(MONDAY)
    await cohort_with(ctx, COHORT, PROF, (ADA,))
    await skills.add_skill(
        ctx, ADA, None, name="Git", kind=SkillKind.SPECIFIC, priority=2, current=0, target=1
    )
    await weekly_budget(ctx, ADA, "tools", 1, 2)
    clock.set(MONDAY + timedelta(hours=1))
    await checkins.check_in(ctx, ADA, None, minutes=8 * 60, track="tools", skill="Git")
    check = await plans.check_plan(ctx, ADA, None)
    [git] = check.skills
    assert (git.hours_needed, git.hours_done, git.hours_left, git.week_reached) == (5.0, 5.0, 0.0, 0)
    assert (check.total_hours, check.total_weeks, check.attainable) == (0.0, 0, True)
    async with ctx.uow(read_only=True) as uow:
        cohort = (await membership(uow, PROF, COHORT)).cohort
        view = await digests.build_digest(uow, cohort, now=clock.now(), report_day=MONDAY.date())
    assert (view.rows[0].plan_hours_done, view.rows[0].plan_hours_left) == (5.0, 0.0)


async def test_the_next_prompt_asks_to_reassess_a_skill_its_hours_passed(
    stride: Stride, clock: FixedClock
) -> None:
    """SQL at level 1 needs 15 h to reach 2: 14 h logged toward it asks nothing, 16 h asks,
    in the Sunday check-in and the Monday status alike; a new assessment stops asking."""
    ctx = stride.services
    clock.set(MONDAY)
    await cohort_with(ctx, COHORT, PROF, (ADA,))
    for name in ("Git", "SQL"):
        await skills.add_skill(
            ctx, ADA, None, name=name, kind=SkillKind.GENERAL, priority=1, current=1, target=3
        )
    await weekly_budget(ctx, ADA, "dsa", 5, 7)
    clock.set(MONDAY + timedelta(hours=1))
    await checkins.check_in(ctx, ADA, None, minutes=14 * 60, track="dsa", skill="SQL")

    async def prompts() -> list[str]:
        async with ctx.uow(read_only=True) as uow:
            found = await membership(uow, ADA, None)
            sunday = await reminders.hours_checkin(uow, found.cohort, found.member, MONDAY.date())
            monday = await reminders.weekly_status(uow, found.cohort, found.member, MONDAY.date())
        assert sunday.reassess_due == monday.reassess_due
        return [render_text(sunday), render_text(monday)]

    assert not any("/skill assess" in text for text in await prompts())
    await checkins.check_in(ctx, ADA, None, minutes=120, track="dsa", skill="SQL")
    for text in await prompts():
        assert (
            "You have logged 16h toward SQL since its last assessment, as much as the step to "
            "level 2 takes (15h): if you are there, /skill assess 2 2"
        ) in text
    clock.set(MONDAY + timedelta(hours=2))
    await skills.assess_skill(ctx, ADA, None, "SQL", 2)
    assert not any("/skill assess" in text for text in await prompts())
