"""Services through the real database: the plan check, time zones, streaks over weeks, and
who may see or change what."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime

import pytest

from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.levels import SkillKind
from core.errors import InvalidInput, NotFound, PermissionDenied
from core.services import checkins, cohorts, me, plans, progress, skills
from core.services.cohorts import CohortChanges
from tests.integration.helpers import cohort_with, person, weekly_budget

PROF = person("prof")
ALICE = person("alice")
BOB = person("bob")
CAROL = person("carol")
COHORT = "ML-Fall-2026"


async def ten_skills(stride: Stride, who: str = "alice") -> None:
    """Five general and five specific skills, each from level 1 to 3 (55 h each)."""
    actor = person(who)
    for kind in (SkillKind.GENERAL, SkillKind.SPECIFIC):
        for n in range(5):
            await skills.add_skill(
                stride.services,
                actor,
                None,
                name=f"{kind.value} skill {n}",
                kind=kind,
                priority=n % 3 + 1,
                current=1,
                target=3,
                ease=2,
            )


# --- the plan check (DESIGN §2's worked example) ---------------------------------------


async def test_plan_check_worked_example(stride: Stride) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (ALICE,))
    await ten_skills(stride)

    report = await plans.check_plan(ctx, ALICE, None)
    assert report.total_hours == 550
    assert report.weekly_hours == 6
    assert report.weekly_source == "cohort default"
    assert report.total_weeks == 92
    assert report.horizon_weeks == 52
    assert report.attainable is False
    assert report.weekly_hours_needed == 11
    assert report.cuts != []
    assert report.total_weeks_after_cuts is not None
    assert report.total_weeks_after_cuts <= 52
    # Priority 3 (nice-to-have) skills are cut before anything critical.
    assert report.cuts[0].priority == 3
    assert len(report.skills) == 10
    assert all(s.hours_needed == 55 and s.gap == 2 for s in report.skills)
    assert report.complete is False

    # A budget of 11-12 h/week of DSA: 550 / 11 = 50 weeks, within the year.
    await weekly_budget(ctx, ALICE, "dsa", 11, 12)
    report = await plans.check_plan(ctx, ALICE, None)
    assert report.weekly_source == "budgets"
    assert report.weekly_hours == 11
    assert report.total_weeks == 50
    assert report.attainable is True
    assert report.weekly_hours_needed is None
    assert report.cuts == []
    # Still not complete: plans A and B are missing.
    assert report.complete is False
    assert any("Plan A" in m for m in report.missing)
    assert any("Plan B" in m for m in report.missing)

    await plans.set_plan(ctx, ALICE, None, "A", position="Data Engineer", industry="Health", rationale=None)
    await plans.set_plan(ctx, ALICE, None, "B", position="Analyst", industry="Retail", rationale=None)
    report = await plans.check_plan(ctx, ALICE, None)
    assert report.complete is False
    assert len(report.missing) == 1
    assert "rationale" in report.missing[0]

    await plans.set_plan(
        ctx, ALICE, None, "A", position=None, industry=None, rationale="Hospitals run on data pipelines."
    )
    report = await plans.check_plan(ctx, ALICE, None)
    assert report.complete is True
    assert report.missing == []
    shown = await plans.show_plan(ctx, ALICE, None)
    assert [(p.slot, p.position, p.rationale) for p in shown.plans] == [
        ("A", "Data Engineer", "Hospitals run on data pipelines."),
        ("B", "Analyst", None),
    ]
    assert (shown.general_skills, shown.specific_skills) == (5, 5)


async def test_plan_check_uses_the_cohorts_own_default_hours_and_horizon(stride: Stride) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (ALICE,))
    await ten_skills(stride)
    await cohorts.update_cohort(
        ctx, PROF, None, CohortChanges(default_weekly_minutes=11 * 60, horizon_weeks=40)
    )
    report = await plans.check_plan(ctx, ALICE, None)
    assert report.weekly_hours == 11
    assert report.total_weeks == 50
    assert report.horizon_weeks == 40
    assert report.attainable is False
    assert report.weekly_hours_needed == 14  # ceil(550 / 40)


# --- time zones ----------------------------------------------------------------------


async def test_a_check_in_lands_on_the_members_local_date(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (ALICE, BOB))
    for who in (ALICE, BOB):
        await weekly_budget(ctx, who, "dsa", 5, 7)
    await me.set_timezone(ctx, ALICE, None, "Pacific/Auckland")

    # 20:00 UTC on Wednesday the 18th is 09:00 on Thursday the 19th in Auckland (NZDT, +13).
    clock.set(datetime(2026, 11, 18, 20, 0, tzinfo=UTC))
    alices = await checkins.check_in(ctx, ALICE, None, minutes=60, track="dsa")
    bobs = await checkins.check_in(ctx, BOB, None, minutes=60, track="dsa")  # the cohort's UTC
    assert alices.local_date == date(2026, 11, 19)
    assert bobs.local_date == date(2026, 11, 18)
    assert alices.week == bobs.week == "2026-W47"

    # "Yesterday" and "the future" are the member's too.
    yesterday = await checkins.check_in(ctx, ALICE, None, minutes=30, track="dsa", when="yesterday")
    assert yesterday.local_date == date(2026, 11, 18)
    with pytest.raises(InvalidInput, match="future"):
        await checkins.check_in(ctx, BOB, None, minutes=30, track="dsa", when="2026-11-19")
    assert (
        await checkins.check_in(ctx, ALICE, None, minutes=30, track="dsa", when="2026-11-19")
    ).duplicate is False

    # Late on Sunday in UTC is already Monday in Auckland: a new ISO week for Alice only.
    clock.set(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    assert (await checkins.check_in(ctx, ALICE, None, minutes=15, track="dsa")).week == "2026-W48"
    assert (await checkins.check_in(ctx, BOB, None, minutes=15, track="dsa")).week == "2026-W47"
    alice_week = await progress.progress(ctx, ALICE, None, "week")
    assert (alice_week.start, alice_week.end) == (date(2026, 11, 23), date(2026, 11, 29))
    assert alice_week.total_hours == 0.25


async def test_a_member_without_a_time_zone_uses_the_cohorts(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    await cohort_with(ctx, "Kiwis", PROF, (ALICE,), timezone="Pacific/Auckland")
    await cohort_with(ctx, "Angelenos", person("prof2"), (BOB,), timezone="America/Los_Angeles")
    for who in (ALICE, BOB):
        await weekly_budget(ctx, who, "dsa", 5, 7)

    clock.set(datetime(2026, 11, 18, 20, 0, tzinfo=UTC))
    # Alice's member time zone is unset; her cohort's is Auckland.
    assert (await me.show_me(ctx, ALICE, None)).timezone_is_cohorts is True
    assert (await checkins.check_in(ctx, ALICE, None, minutes=60, track="dsa")).local_date == date(
        2026, 11, 19
    )

    # 05:00 UTC on the 18th is 21:00 on the 17th in Los Angeles (PST, -8).
    clock.set(datetime(2026, 11, 18, 5, 0, tzinfo=UTC))
    assert (await checkins.check_in(ctx, BOB, None, minutes=60, track="dsa")).local_date == date(2026, 11, 17)

    # Her own time zone, once set, wins over the cohort's.
    await me.set_timezone(ctx, BOB, None, "Europe/Berlin")
    assert (await checkins.check_in(ctx, BOB, None, minutes=60, track="dsa")).local_date == date(2026, 11, 18)


# --- streaks over real weeks ---------------------------------------------------------


async def log_on(stride: Stride, clock: FixedClock, who: str, day: date, hours: float) -> None:
    clock.set(datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC))
    await checkins.check_in(stride.services, person(who), None, minutes=round(hours * 60), track="dsa")


async def test_streak_counts_consecutive_weeks_with_the_minimum_met(
    stride: Stride, clock: FixedClock
) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (ALICE,))
    await weekly_budget(ctx, ALICE, "dsa", 5, 7)

    await log_on(stride, clock, "alice", date(2026, 11, 4), 5)  # 2026-W45
    await log_on(stride, clock, "alice", date(2026, 11, 11), 3)  # 2026-W46, in two check-ins
    await log_on(stride, clock, "alice", date(2026, 11, 13), 2)
    await log_on(stride, clock, "alice", date(2026, 11, 17), 4)  # 2026-W47: not met yet

    early = await progress.streak(ctx, ALICE, None)
    assert (early.current, early.best, early.this_week_met) == (2, 2, False)  # in progress: no break

    await log_on(stride, clock, "alice", date(2026, 11, 18), 1)  # 5 h now: met
    done = await progress.streak(ctx, ALICE, None)
    assert (done.current, done.best, done.this_week_met) == (3, 3, True)
    assert (await progress.progress(ctx, ALICE, None, "week")).streak == 3

    # A week with nothing logged breaks the run once it is over.
    clock.set(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))  # Tuesday of 2026-W49; W48 empty
    broken = await progress.streak(ctx, ALICE, None)
    assert (broken.current, broken.best) == (0, 3)


async def test_a_paused_week_neither_counts_nor_breaks_the_streak(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (BOB, CAROL))
    for who in (BOB, CAROL):
        await weekly_budget(ctx, who, "dsa", 5, 7)
        await log_on(stride, clock, who.user_id, date(2026, 10, 28), 5)  # 2026-W44
        await log_on(stride, clock, who.user_id, date(2026, 11, 4), 6)  # 2026-W45

    # Bob pauses for 2026-W46 (Monday 9th to Sunday 15th); Carol just skips it.
    clock.set(datetime(2026, 11, 9, 8, 0, tzinfo=UTC))
    paused = await me.pause(ctx, BOB, None, "2026-11-15")
    assert paused.paused_until == date(2026, 11, 15)
    assert (await progress.streak(ctx, BOB, None)).paused_until == date(2026, 11, 15)

    for who in (BOB, CAROL):
        await log_on(stride, clock, who.user_id, date(2026, 11, 18), 7)  # 2026-W47

    bobs = await progress.streak(ctx, BOB, None)
    carols = await progress.streak(ctx, CAROL, None)
    assert (bobs.current, bobs.best, bobs.paused_until) == (3, 3, None)  # W44, W45, W47
    assert (carols.current, carols.best) == (1, 2)  # the empty W46 broke her run


async def test_resuming_early_ends_the_pause(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (BOB,))
    await me.pause(ctx, BOB, None, "2026-11-30")
    assert (await me.show_me(ctx, BOB, None)).paused_until == date(2026, 11, 30)
    clock.set(datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    resumed = await me.resume(ctx, BOB, None)
    assert resumed.paused_until is None
    with pytest.raises(InvalidInput, match="not paused"):
        await me.resume(ctx, BOB, None)


# --- who may see and change what --------------------------------------------------------


async def test_only_an_instructor_can_change_cohort_settings(stride: Stride) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (ALICE,))

    with pytest.raises(PermissionDenied, match="instructor"):
        await cohorts.update_cohort(ctx, ALICE, None, CohortChanges(timezone="Europe/Berlin"))
    assert (await cohorts.show_cohort(ctx, ALICE, None)).timezone == "UTC"

    changed = await cohorts.update_cohort(
        ctx, PROF, None, CohortChanges(timezone="Europe/Berlin", horizon_weeks=40)
    )
    assert (changed.timezone, changed.horizon_weeks) == ("Europe/Berlin", 40)
    assert (await cohorts.show_cohort(ctx, ALICE, None)).timezone == "Europe/Berlin"


async def test_a_member_of_one_cohort_cannot_read_or_write_another(stride: Stride) -> None:
    ctx = stride.services
    await cohort_with(ctx, "Cohort-X", PROF, (ALICE,))
    await cohort_with(ctx, "Cohort-Y", person("prof-y"), (BOB,))
    await weekly_budget(ctx, BOB, "dsa", 5, 7)
    await weekly_budget(ctx, ALICE, "dsa", 5, 7)

    refused: dict[str, Callable[[], Awaitable[object]]] = {
        "show": lambda: cohorts.show_cohort(ctx, ALICE, "Cohort-Y"),
        "progress": lambda: progress.progress(ctx, ALICE, "cohort-y", "week"),
        "streak": lambda: progress.streak(ctx, ALICE, "Cohort-Y"),
        "plan": lambda: plans.show_plan(ctx, ALICE, "Cohort-Y", of="bob"),
        "check": lambda: plans.check_plan(ctx, ALICE, "Cohort-Y", of="bob"),
        "skills": lambda: skills.list_skills(ctx, ALICE, "Cohort-Y"),
        "checkin": lambda: checkins.check_in(ctx, ALICE, "Cohort-Y", minutes=30, track="dsa"),
        "settings": lambda: cohorts.update_cohort(ctx, PROF, "Cohort-Y", CohortChanges(horizon_weeks=10)),
    }
    for call in refused.values():  # on failure, the traceback names the call
        with pytest.raises(PermissionDenied, match="not in cohort Cohort-Y"):
            await call()

    # And naming someone from another cohort inside your own finds nobody.
    with pytest.raises(NotFound, match="nobody called 'bob'"):
        await plans.show_plan(ctx, PROF, "Cohort-X", of="bob")
    # Nothing was written to Y, and its settings are untouched.
    assert (await cohorts.show_cohort(ctx, BOB, None)).horizon_weeks == 52
    assert (await progress.progress(ctx, BOB, None, "week")).total_hours == 0


async def test_a_cohort_on_another_workspace_is_invisible(stride: Stride) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (ALICE,))
    await cohort_with(ctx, "Other-Server-Cohort", person("prof", workspace="guild-2"))
    with pytest.raises(NotFound, match="no cohort called"):
        await cohorts.show_cohort(ctx, ALICE, "Other-Server-Cohort")
    with pytest.raises(InvalidInput, match="no cohort called"):
        await cohorts.join_cohort(ctx, ALICE, "Other-Server-Cohort")


async def test_plans_are_private_to_their_owner_and_the_instructors(stride: Stride) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (ALICE, BOB))
    await plans.set_plan(ctx, BOB, None, "A", position="SRE", industry="Cloud", rationale="Uptime")
    await ten_skills(stride, "bob")

    with pytest.raises(PermissionDenied, match="private"):
        await plans.show_plan(ctx, ALICE, None, of="bob")
    with pytest.raises(PermissionDenied, match="private"):
        await plans.check_plan(ctx, ALICE, None, of="@Bob")

    seen = await plans.show_plan(ctx, PROF, None, of="@bob")
    assert seen.member == "Bob"
    assert [(p.slot, p.position) for p in seen.plans] == [("A", "SRE")]
    checked = await plans.check_plan(ctx, PROF, None, of="Bob")
    assert checked.member == "Bob"
    assert checked.total_hours == 550

    # Her own plan, asked for by name, is fine.
    assert (await plans.show_plan(ctx, ALICE, None, of="alice")).member == "Alice"
