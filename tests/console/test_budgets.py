"""Budgets as students write them (issue 18, item 6), through the console."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import Console

COHORT = "Budget-Cohort"


async def _joined(console: Console) -> None:
    console.clock.set(datetime(2026, 11, 18, 12, 0, tzinfo=UTC))  # a Wednesday
    await console.ok(f"@prof /cohort create {COHORT} tz=Europe/Berlin")
    await console.ok(f"@ada /cohort join {COHORT}")


async def test_without_a_budget_any_track_is_taken_and_the_cohort_default_is_the_band(
    console: Console,
) -> None:
    await _joined(console)
    logged = await console.ok("@ada /checkin 2h anything-goes")
    assert "Logged 2h of anything-goes" in logged
    assert "no budget yet: the cohort default of 6h a week in all applies" in logged
    await console.ok("@ada /checkin 1h dsa")
    progress = await console.ok("@ada /progress")
    assert "Total: 3h of at least 6h (cohort default, ▼ under)" in progress
    await console.ok("@ada /checkin 3h dsa")
    assert "of at least 6h (cohort default, ✓ within)" in await console.ok("@ada /progress")
    streak = await console.ok("@ada /streak")
    assert "This week's budgets are met ✓" in streak
    month = await console.ok("@ada /progress month")
    assert "Total: 6h of at least 26h (cohort default, ▼ under)" in month


async def test_with_a_budget_an_unknown_track_is_still_refused(console: Console) -> None:
    await _joined(console)
    await console.ok("@ada /budget set dsa 5-7")
    refused = await console.fails("@ada /checkin 1 reading")
    assert "no budget for track 'reading'" in refused
    assert "/budget set reading 3-5" in refused


async def test_a_budget_links_to_a_skill_and_unlinks(console: Console) -> None:
    await _joined(console)
    await console.ok('@ada /skill add "Data structures & algorithms" specific priority=1 current=1 target=3')
    saved = await console.ok('@ada /budget set dsa 5-7 skill="data structures & algorithms"')
    assert "Budget for dsa saved; its hours count toward Data structures & algorithms." in saved
    assert "Counts toward" in saved
    await console.ok("@ada /budget set dsa 4-6")  # no skill= keeps the link
    shown = await console.ok("@ada /budget show")
    assert "Data structures & algorithms" in shown
    assert "4h–6h" in shown
    unlinked = await console.ok("@ada /budget set dsa 4-6 skill=none")
    assert "linked to no skill" in unlinked
    assert "Data structures" not in await console.ok("@ada /budget show")


async def test_a_budget_links_to_a_skill_by_its_number_in_the_skill_list(console: Console) -> None:
    await _joined(console)
    await console.ok('@ada /skill add "Writing" specific priority=2 current=1 target=2')
    await console.ok('@ada /skill add "SQL" general priority=1 current=1 target=3')
    saved = await console.ok("@ada /budget set dsa 5-7 skill=1")  # general skills come first
    assert "Budget for dsa saved; its hours count toward SQL." in saved
    before = await console.ok("@ada /budget show")
    for bad in ("3", "0", "#9", "99999999999999999999"):
        refused = await console.fails(f"@ada /budget set dsa 1-2 skill={bad}")
        assert "/skill list" in refused, bad
    assert await console.ok("@ada /budget show") == before


async def test_linking_to_a_skill_one_does_not_have_writes_nothing(console: Console) -> None:
    await _joined(console)
    await console.ok("@ada /budget set dsa 5-7")
    before = await console.ok("@ada /budget show")
    refused = await console.fails('@ada /budget set dsa 1-2 skill="Cooking"')
    assert "no skill called 'Cooking' to link dsa to" in refused
    assert "skill=none" in refused
    assert await console.ok("@ada /budget show") == before


async def test_a_monthly_budget_shows_the_month_so_far_and_its_pace(console: Console) -> None:
    await _joined(console)  # Wednesday 18 November: 4 h a month is 2h 24m due by today
    await console.ok("@ada /budget set reading 4-6 per=month")
    assert "This week counts once you reach 4h reading by the end of its month" in await console.ok(
        "@ada /streak"
    )
    await console.ok("@ada /checkin 1h reading date=2026-11-13")
    logged = await console.ok("@ada /checkin 1h reading")
    assert "This week on reading: 1h; this month: 2h of 4h–6h (▼ under)" in logged
    progress = await console.ok("@ada /progress")
    assert "reading (this month)" in progress
    assert "▼ behind pace (2h 24m due by today)" in progress
    await console.ok("@ada /checkin 30m reading")
    assert "✓ on pace" in await console.ok("@ada /progress")
    month = await console.ok("@ada /progress month")
    assert "(this month)" not in month  # the month's own view needs no marking
    # November is not over: its reading cannot break W46 or W47 yet.
    assert "Streak: 2 weeks in a row" in await console.ok("@ada /streak")
