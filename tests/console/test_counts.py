"""Budgets in counts (issue 18, item 6 c) through the console: set, log, judge, undo."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import Console

COHORT = "Count-Cohort"
WEDNESDAY = datetime(2026, 12, 16, 12, 0, tzinfo=UTC)  # Wed 16 Dec 2026


async def _joined(console: Console) -> None:
    console.clock.set(WEDNESDAY)
    await console.ok(f"@prof /cohort create {COHORT} tz=UTC")
    await console.ok(f"@ada /cohort join {COHORT}")


async def test_one_book_every_three_months_is_set_logged_and_judged_per_block(console: Console) -> None:
    await _joined(console)
    saved = await console.ok("@ada /budget set reading 1 book every 3 months")
    assert "Budget for reading saved: 1 book every 3 months." in saved
    assert "reading: 1 book every 3 months (now Dec 2026–Feb 2027, 0 so far)" in saved
    assert "plans use the cohort default of 6h/week" in saved  # a count adds no hours
    progress = await console.ok("@ada /progress")
    assert "reading: 0 of 1 book this block (Dec 2026–Feb 2027) · ✓ on pace" in progress
    logged = await console.ok('@ada /checkin 1 book reading "Dune"')
    assert "Logged 1 book of reading on Wed 16 Dec." in logged
    assert "reading this block (Dec 2026–Feb 2027): 1 of 1 book (✓ within)" in logged
    assert "Total: 0h" in await console.ok("@ada /progress")  # never hours
    assert "(now Dec 2026–Feb 2027, 1 so far)" in await console.ok("@ada /budget show")


async def test_a_bare_number_on_a_count_track_is_a_count_and_undo_takes_it_back(console: Console) -> None:
    await _joined(console)
    await console.ok("@ada /budget set papers 2-4 papers per month")
    await console.ok("@ada /budget set dsa 5-7")
    await console.ok("@ada /checkin 1h dsa")
    console.clock.set(WEDNESDAY.replace(hour=13))
    logged = await console.ok("@ada /checkin 3 papers")
    assert "Logged 3 papers of papers" in logged
    assert "papers this month (December): 3 of 2–4 papers (✓ within)" in logged
    listed = await console.ok("@ada /checkin list")
    assert "1. Wed 16 Dec · 1h · dsa" in listed
    assert (
        "Counted (not hours; /checkin undo takes back the last):\n- Wed 16 Dec · 3 papers · papers" in listed
    )
    assert "1h in all" in listed
    undone = await console.ok("@ada /checkin undo")
    assert "Removed your last check-in: 3 papers of papers on Wed 16 Dec." in undone
    assert "1. Wed 16 Dec · 1h · dsa" in undone  # the hour check-in is still there
    undone = await console.ok("@ada /checkin undo")
    assert "Removed your last check-in: 1h of dsa on Wed 16 Dec." in undone


async def test_behind_pace_and_a_count_track_refuses_hours(console: Console) -> None:
    await _joined(console)
    await console.ok("@ada /budget set problems 10 problems per week")  # Wed: 3 of 7 days
    assert "▼ behind pace (4 due by today)" in await console.ok("@ada /progress")
    refused = await console.fails("@ada /checkin 2h problems")
    assert refused == "problems counts problems, not hours; log them like /checkin 1 problem problems."
    refused = await console.fails("@ada /checkin 1 spaceship problems")
    assert "problems counts problems" in refused
    assert "'spaceship' is not a unit of it" in refused


async def test_hours_and_counts_never_share_a_track(console: Console) -> None:
    await _joined(console)
    await console.ok("@ada /budget set reading 3-5")
    refused = await console.fails("@ada /budget set reading 1 book every 3 months")
    assert "reading already has an hour budget" in refused
    await console.ok("@ada /budget remove reading")
    await console.ok("@ada /budget set reading 1 book every 3 months")
    assert "reading already counts books" in await console.fails("@ada /budget set reading 3-5")
    removed = await console.ok("@ada /budget remove reading")
    assert "Budget for reading removed; its tallies are kept." in removed


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("/budget set reading 0 books every 3 months", "must be 1 or more"),
        ("/budget set reading -1 books every 3 months", "A count budget is a whole number or a range"),
        ("/budget set reading 1e400 books per month", "you wrote '1e400'"),
        ("/budget set reading 99999999999999999999 books per month", "at most 1000"),
        ("/budget set reading 1 📚 every 3 months", "A unit is one word"),
        ("/budget set reading 1 **book** every 3 months", "A unit is one word"),
        ("/budget set reading 1 " + "b" * 300 + " every 3 months", "A unit is one word"),
        ("/budget set reading 1 book every=0 per=month", "from 1 to 12"),
        ("/budget set reading 1 book every=1000 per=week", "from 1 to 52"),
        ("/budget set reading 1 book every 2 years", "The period must be week or month"),
        ("/budget set reading 1 book per year", "The period must be week or month"),
        ("/budget set reading 1 book every 3 months per=week", "Give the period once"),
        ("/budget set reading 5-7 every 2 weeks", "Hour budgets are per week or per month"),
        ("/budget set reading 1 hours every 2 weeks", "Hour budgets are per week or per month"),
        ("/budget set reading 1 unit=hours", "Hours are a budget of their own"),
    ],
)
async def test_bad_count_budgets_are_refused_in_one_sentence(
    console: Console, command: str, message: str
) -> None:
    await _joined(console)
    refused = await console.fails("@ada " + command)
    assert message in refused
    assert "\n" not in refused
    assert "Traceback" not in refused
    assert "reading" not in await console.ok("@ada /budget show")


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("/checkin 0 books reading", "from 1 to 1000"),
        ("/checkin -1 books reading", "whole number from 1 to 1000"),
        ("/checkin 1e400 books reading", "whole number from 1 to 1000"),
        ("/checkin 99999999999999999999 books reading", "from 1 to 1000"),
        ("/checkin 1 spaceship reading", "'spaceship' is not a unit of it"),
        ("/checkin 1 books", "Say which track"),
    ],
)
async def test_bad_tallies_are_refused_and_write_nothing(
    console: Console, command: str, message: str
) -> None:
    await _joined(console)
    await console.ok("@ada /budget set reading 1-2 books every 3 months")
    refused = await console.fails("@ada " + command)
    assert message in refused
    assert "\n" not in refused
    assert "Traceback" not in refused
    assert "0 of 1–2 books" in await console.ok("@ada /progress")
