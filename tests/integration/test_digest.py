"""The instructor digest through the real database (SQLite and PostgreSQL): each at-risk
rule with a case that triggers it and one that does not, participation and totals, levels
gained this month, who may read it, the scheduled Monday digest, and malformed /digest lines.

The cohort's time zone is UTC and everyone joins on Wednesday 18 November 2026 (2026-W47)
unless a test says otherwise; the clock then moves across the weeks.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import TypeAdapter

from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.levels import SkillKind
from core.domain.model import Actor
from core.errors import NotFound, PermissionDenied
from core.render.text import render_text
from core.services import budgets, checkins, cohorts, digests, me, plans, skills
from core.views.kinds import AnyView
from core.views.reports import DigestView
from tests.conftest import Console
from tests.console.test_bad_input import assert_one_clear_sentence, dump_tables
from tests.integration.helpers import cohort_with, person, weekly_budget

PROF = person("prof")
ALICE = person("alice")
BOB = person("bob")
CAROL = person("carol")
DAN = person("dan")
ZED = person("zed")
COHORT = "ML-Fall-2026"
OTHER = "Other-Cohort"
STUDENTS = (ALICE, BOB, CAROL, DAN)
JOINED = date(2026, 11, 18)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


async def log(stride: Stride, clock: FixedClock, who: Actor, day: date, hours: float) -> None:
    """Log ``hours`` of dsa on ``day`` by standing the clock on that day."""
    clock.set(at(day))
    await checkins.check_in(stride.services, who, None, minutes=round(hours * 60), track="dsa")


async def class_of_four(stride: Stride, clock: FixedClock, joined: date = JOINED) -> None:
    clock.set(at(joined, 10))
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, STUDENTS)
    for who in (PROF, *STUDENTS):
        await weekly_budget(ctx, who, "dsa", 2, 4)


async def the_digest(stride: Stride, clock: FixedClock, day: date | None = None) -> DigestView:
    if day is not None:
        clock.set(at(day))
    view = await digests.digest(stride.services, PROF, None)
    return view.model_copy(update={"follow_up": None})  # its chart: tests/integration/test_charts.py


def reasons(view: DigestView, name: str) -> list[str]:
    return next((row.reasons for row in view.at_risk if row.name == name), [])


def has(view: DigestView, name: str, phrase: str) -> bool:
    return any(phrase in reason for reason in reasons(view, name))


async def add_skills(stride: Stride, who: Actor, current: int, target: int) -> None:
    """Five general and five specific skills from ``current`` to ``target``."""
    for kind in (SkillKind.GENERAL, SkillKind.SPECIFIC):
        for n in range(5):
            await skills.add_skill(
                stride.services,
                who,
                None,
                name=f"{kind.value} {n}",
                kind=kind,
                priority=n % 3 + 1,
                current=current,
                target=target,
                ease=n % 3 + 1,
            )


async def skill(
    stride: Stride, who: Actor, name: str, current: int, target: int, kind: SkillKind = SkillKind.SPECIFIC
) -> None:
    await skills.add_skill(
        stride.services, who, None, name=name, kind=kind, priority=1, current=current, target=target, ease=1
    )


async def complete_plan(stride: Stride, who: Actor) -> None:
    ctx = stride.services
    await plans.set_plan(ctx, who, None, "A", position="ML Engineer", industry="Health", rationale="Why")
    await plans.set_plan(ctx, who, None, "B", position="Analyst", industry="Retail", rationale=None)


# --- no check-in for 14 days --------------------------------------------------------------


async def test_no_check_in_for_fourteen_days(stride: Stride, clock: FixedClock) -> None:
    await class_of_four(stride, clock)
    await log(stride, clock, ALICE, JOINED, 2)
    await log(stride, clock, DAN, date(2026, 11, 25), 2)

    view = await the_digest(stride, clock, date(2026, 12, 1))  # 13 days on
    assert not has(view, "Alice", "no check-in")
    assert not has(view, "Bob", "no check-in")

    view = await the_digest(stride, clock, date(2026, 12, 2))  # 14 days on
    assert "no check-in for 14 days" in reasons(view, "Alice")
    assert "no check-in since joining 14 days ago" in reasons(view, "Bob")
    assert not has(view, "Dan", "no check-in")  # checked in 7 days ago


async def test_a_paused_student_is_not_flagged_for_inactivity(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    await class_of_four(stride, clock)
    await log(stride, clock, CAROL, JOINED, 2)
    await me.pause(ctx, CAROL, None, "2026-12-10")

    view = await the_digest(stride, clock, date(2026, 12, 5))
    assert not has(view, "Carol", "no check-in")
    assert has(view, "Bob", "no check-in")  # the same silence, unpaused
    assert next(row for row in view.rows if row.name == "Carol").paused is True

    # Back from the pause: the days away are not held against her...
    view = await the_digest(stride, clock, date(2026, 12, 20))
    assert not has(view, "Carol", "no check-in")
    # ...but two weeks of silence after it are.
    view = await the_digest(stride, clock, date(2026, 12, 24))
    assert "no check-in for 36 days" in reasons(view, "Carol")


# --- under budget two weeks running -------------------------------------------------------


async def test_under_budget_two_complete_weeks_running(stride: Stride, clock: FixedClock) -> None:
    await class_of_four(stride, clock)
    await log(stride, clock, ALICE, date(2026, 11, 24), 1)  # W48: under the 2 h minimum
    await log(stride, clock, ALICE, date(2026, 12, 1), 1)  # W49: under again
    await log(stride, clock, BOB, date(2026, 11, 24), 1)  # W48: under
    await log(stride, clock, BOB, date(2026, 12, 2), 2)  # W49: met
    await log(stride, clock, CAROL, date(2026, 11, 25), 5)  # W48: over is not under
    await log(stride, clock, CAROL, date(2026, 12, 3), 4)

    # Tuesday of W49: only W48 is complete since they joined (W47 began before it).
    view = await the_digest(stride, clock, date(2026, 12, 1))
    assert not has(view, "Alice", "under budget")

    view = await the_digest(stride, clock, date(2026, 12, 7))  # W50: W48 and W49 are complete
    assert "under budget 2 weeks running (2026-W48, 2026-W49)" in reasons(view, "Alice")
    assert not has(view, "Bob", "under budget")
    assert not has(view, "Carol", "under budget")
    assert has(view, "Dan", "under budget")  # nothing at all is under too


async def test_without_budgets_the_cohort_default_is_the_minimum(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    eve, fay = person("eve"), person("fay")
    await class_of_four(stride, clock)
    for who in (eve, fay):
        await cohorts.join_cohort(ctx, who, COHORT)
        await weekly_budget(ctx, who, "dsa", 1, 8)
    for day in (date(2026, 11, 25), date(2026, 12, 2)):  # W48 and W49
        await log(stride, clock, eve, day, 6)
        await log(stride, clock, fay, day, 5)
    for who in (eve, fay):  # their check-ins stay; the cohort's 6 h a week applies again
        await budgets.remove_budget(ctx, who, None, "dsa")

    view = await the_digest(stride, clock, date(2026, 12, 7))
    assert not has(view, "Eve", "under budget")
    assert has(view, "Fay", "under budget")
    fay_row = next(row for row in view.rows if row.name == "Fay")
    assert (fay_row.budget_min_hours, fay_row.budget_max_hours) == (6, None)


async def test_paused_weeks_are_skipped_not_counted(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    await class_of_four(stride, clock)
    await log(stride, clock, DAN, date(2026, 11, 24), 1)  # W48: under
    clock.set(at(date(2026, 11, 30)))
    await me.pause(ctx, DAN, None, "2026-12-06")  # all of W49

    view = await the_digest(stride, clock, date(2026, 12, 7))
    assert not has(view, "Dan", "under budget")  # W49 was a pause, W47 is before joining

    await log(stride, clock, DAN, date(2026, 12, 8), 1)  # W50: under again
    view = await the_digest(stride, clock, date(2026, 12, 14))
    assert "under budget 2 weeks running (2026-W48, 2026-W50)" in reasons(view, "Dan")


# --- plan incomplete and plan not attainable ----------------------------------------------


async def test_plan_incomplete_and_not_attainable(stride: Stride, clock: FixedClock) -> None:
    await class_of_four(stride, clock)
    await add_skills(stride, ALICE, 1, 2)  # 10 × 15 h = 150 h: 75 weeks at 2 h, too many
    await complete_plan(stride, ALICE)
    await add_skills(stride, BOB, 1, 2)  # same skills, no plans
    await add_skills(stride, CAROL, 3, 3)  # nothing to climb: attainable at once
    await complete_plan(stride, CAROL)

    view = await the_digest(stride, clock)
    assert not has(view, "Alice", "plan incomplete")
    assert "plan not attainable (75 weeks of 52)" in reasons(view, "Alice")
    assert "plan incomplete (2 parts missing)" in reasons(view, "Bob")
    assert has(view, "Bob", "plan not attainable")
    assert reasons(view, "Carol") == []
    assert "plan incomplete (4 parts missing)" in reasons(view, "Dan")
    assert not has(view, "Dan", "not attainable")  # no skills: nothing to judge yet

    # More weekly hours make Alice's plan fit: 150 h at 3 h/week is 50 weeks.
    await weekly_budget(stride.services, ALICE, "dsa", 3, 4)
    view = await the_digest(stride, clock)
    assert reasons(view, "Alice") == []


# --- re-assessment overdue ----------------------------------------------------------------


async def test_reassessment_overdue_after_35_days(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    await class_of_four(stride, clock)  # everything below happens at 10:00 on 18 Nov
    await skill(stride, ALICE, "SQL", 1, 2)
    await skill(stride, BOB, "SQL", 1, 2)

    clock.set(datetime(2026, 12, 20, 9, 0, tzinfo=UTC))
    await skills.assess_skill(ctx, BOB, None, "SQL", 2)
    clock.set(datetime(2026, 12, 23, 10, 0, tzinfo=UTC))  # exactly 35 days
    view = await digests.digest(ctx, PROF, None)
    assert not has(view, "Alice", "re-assessment")

    clock.set(datetime(2026, 12, 23, 10, 1, tzinfo=UTC))  # a minute more
    view = await digests.digest(ctx, PROF, None)
    assert "re-assessment overdue (last 35 days ago)" in reasons(view, "Alice")
    assert not has(view, "Bob", "re-assessment")  # assessed 3 days ago
    assert not has(view, "Carol", "re-assessment")  # no skills, nothing to re-assess


# --- unreachable by DM --------------------------------------------------------------------


async def test_unreachable_by_dm(stride: Stride, clock: FixedClock) -> None:
    await class_of_four(stride, clock)
    async with stride.services.uow() as uow:
        cohort = await uow.cohorts.by_name("console", "local", COHORT)
        assert cohort is not None
        bob = await uow.members.get(cohort.id, "bob")
        assert bob is not None
        await uow.members.update(bob.id, unreachable=True)
        await uow.commit()

    view = await the_digest(stride, clock)
    assert "unreachable by DM" in reasons(view, "Bob")
    assert not has(view, "Alice", "unreachable")
    assert view.unreachable == 1
    assert "Unreachable by DM: 1 student" in render_text(view)


# --- participation, totals, per-student rows ----------------------------------------------


async def test_participation_and_hours(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    await class_of_four(stride, clock)
    await checkins.check_in(ctx, ALICE, None, minutes=60, track="dsa", when="2026-11-16")  # Monday
    await log(stride, clock, ALICE, date(2026, 11, 18), 1.5)
    await log(stride, clock, BOB, date(2026, 11, 18), 5)
    await log(stride, clock, PROF, date(2026, 11, 18), 9)  # the instructor's own hours
    await log(stride, clock, CAROL, date(2026, 11, 23), 1)  # next week
    await weekly_budget(ctx, DAN, "reading", 1, 2)
    clock.set(at(date(2026, 11, 20)))

    view = await digests.digest(ctx, PROF, None)
    assert view.week == "2026-W47"
    assert (view.start, view.end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert (view.checked_in, view.students) == (2, 4)
    assert view.total_hours == 7.5
    rows = {row.name: row for row in view.rows}
    assert list(rows) == ["Alice", "Bob", "Carol", "Dan"]
    assert (rows["Alice"].hours, rows["Alice"].status) == (2.5, "within")
    assert (rows["Bob"].hours, rows["Bob"].status) == (5, "over")
    assert (rows["Carol"].hours, rows["Carol"].status) == (0, "under")
    assert (rows["Dan"].budget_min_hours, rows["Dan"].budget_max_hours) == (3, 6)  # dsa + reading
    assert (rows["Alice"].streak, rows["Bob"].streak, rows["Carol"].streak) == (1, 1, 0)
    assert view.private is True

    text = render_text(view)
    assert "Participation: 2 of 4 students checked in · 7h 30m in total" in text
    assert "Prof" not in text.split("\n", 1)[1]


# --- levels gained this month -------------------------------------------------------------


async def test_levels_gained_this_month(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services

    async def on(day: date) -> None:
        clock.set(at(day))

    await class_of_four(stride, clock, joined=date(2026, 10, 20))
    # Alice: at 2 when November began (added at 1, assessed to 2 in October), now at 4.
    await skill(stride, ALICE, "SQL", 1, 5)
    await skill(stride, CAROL, "SQL", 2, 5)
    await skill(stride, DAN, "SQL", 3, 5)
    await skill(stride, PROF, "SQL", 1, 5)
    await on(date(2026, 10, 25))
    await skills.assess_skill(ctx, ALICE, None, "SQL", 2)
    await skills.assess_skill(ctx, CAROL, None, "SQL", 3)  # October only: no gain in November
    await on(date(2026, 11, 3))
    # Bob adds two skills during the month: they count from the level they were added at.
    await skill(stride, BOB, "Go", 1, 4)
    await skill(stride, BOB, "Talks", 2, 3, SkillKind.GENERAL)
    await on(date(2026, 11, 5))
    await skills.assess_skill(ctx, ALICE, None, "SQL", 3)
    await skills.assess_skill(ctx, PROF, None, "SQL", 5)  # instructors are not in the digest
    await on(date(2026, 11, 10))
    await skills.assess_skill(ctx, ALICE, None, "SQL", 4)
    await skills.update_skill(ctx, BOB, None, "Go", current=3)
    await on(date(2026, 11, 12))
    await skills.assess_skill(ctx, DAN, None, "SQL", 2)  # a lower level counts against

    view = await the_digest(stride, clock, date(2026, 11, 18))
    gained = {row.name: row.levels_gained for row in view.rows}
    assert gained == {"Alice": 2, "Bob": 2, "Carol": 0, "Dan": -1}
    assert view.levels_gained_this_month == 3
    assert view.month == "November 2026"
    assert "Levels gained in November 2026: 3" in render_text(view)

    view = await the_digest(stride, clock, date(2026, 12, 1))  # a new month starts from zero
    assert view.levels_gained_this_month == 0
    assert {row.levels_gained for row in view.rows} == {0}


# --- who may read it ----------------------------------------------------------------------


async def test_only_the_cohorts_instructors_see_its_digest(stride: Stride, console: Console) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (ALICE, BOB))
    await cohort_with(ctx, OTHER, ZED, (CAROL,))

    with pytest.raises(PermissionDenied, match="Only an instructor"):
        await digests.digest(ctx, ALICE, None)
    error = await console.fails("@alice /digest")
    assert_one_clear_sentence(error, "/digest")
    assert "Only an instructor of ML-Fall-2026" in error

    # prof teaches ML, not Other: not a member there at all...
    with pytest.raises(PermissionDenied, match="not in cohort Other-Cohort"):
        await digests.digest(ctx, PROF, OTHER)
    # ...and after joining Other as a student, still no instructor there.
    await cohorts.join_cohort(ctx, PROF, OTHER)
    with pytest.raises(PermissionDenied, match="Only an instructor of Other-Cohort"):
        await digests.digest(ctx, PROF, OTHER)
    with pytest.raises(NotFound):
        await digests.digest(ctx, person("nobody"), None)

    mine = await digests.digest(ctx, PROF, COHORT)
    assert [row.name for row in mine.rows] == ["Alice", "Bob"]
    theirs = await digests.digest(ctx, ZED, None)
    assert [row.name for row in theirs.rows] == ["Carol", "Prof"]


# --- the scheduled Monday digest ----------------------------------------------------------


async def test_the_scheduled_digest_covers_the_week_just_ended(stride: Stride, clock: FixedClock) -> None:
    await class_of_four(stride, clock)
    await log(stride, clock, ALICE, date(2026, 11, 20), 3)  # W47
    await log(stride, clock, BOB, date(2026, 11, 23), 1)  # Monday of W48, after the digest
    async with stride.services.uow() as uow:
        cohort = await uow.cohorts.by_name("console", "local", COHORT)
        assert cohort is not None
        prof = await uow.members.get(cohort.id, "prof")
        view = await digests.scheduled_digest(uow, cohort, prof, date(2026, 11, 23))
    assert isinstance(view, DigestView)
    assert view.week == "2026-W47"
    assert (view.checked_in, view.total_hours) == (1, 3)
    assert TypeAdapter(AnyView).validate_python(view.model_dump(mode="json")) == view


# --- malformed /digest lines --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("@prof /digest now", "more words than expected"),
        ("@prof /digest per=week", "option 'per='"),
        ("@prof /digest week=2026-W99", "'2026-W99' is not a week; write week=last"),
        ("@prof /digest week=next", "'next' is not a week"),
        ("@prof /digest week=2026-W48", "Week 2026-W48 has not begun yet"),
        ("@prof /digest week=1999-W01", "Week 1999-W01 is before the cohort began"),
        ("@prof /digest week=" + "9" * 10_000, "is not a week"),
        ('@prof /digest week="<!channel> @everyone"', "is not a week"),
        ("@prof /digest week=", "is not a week"),
        ("@prof /digest cohort=Nowhere", "no cohort called"),
        ("@alice /digest", "Only an instructor"),
        ("@zed /digest cohort=ML-Fall-2026", "not in cohort"),
    ],
)
async def test_bad_digest_lines_get_one_clear_sentence_and_write_nothing(
    stride: Stride, console: Console, line: str, says: str
) -> None:
    await cohort_with(stride.services, COHORT, PROF, (ALICE,))
    await cohort_with(stride.services, OTHER, ZED)
    before = await dump_tables(stride.engine)
    error = await console.fails(line)
    assert_one_clear_sentence(error, line)
    assert says in error
    assert await dump_tables(stride.engine) == before


async def test_the_digest_command_reaches_the_service(
    stride: Stride, console: Console, clock: FixedClock
) -> None:
    await class_of_four(stride, clock)
    await console.ok("@alice /checkin 2h dsa")
    text = await console.ok("@prof /digest")
    assert text.startswith("Digest of ML-Fall-2026 — week 2026-W47")
    assert "Participation: 1 of 4 students checked in · 2h in total" in text
    assert "At risk:" in text
