"""The ledger through the console on both backends: list, undo, remove and edit check-ins,
the day's 24 hours, the big-number hint, and every report following a correction."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from tests.conftest import Console
from tests.console.test_exports import attachment

COHORT = "ML-Fall-2026"
SATURDAY = datetime(2026, 12, 5, 12, tzinfo=UTC)  # Sat 5 Dec 2026, week 2026-W49 (Mon 30 Nov)


async def _ada(console: Console) -> None:
    console.clock.set(SATURDAY)
    await console.ok(f"/cohort create {COHORT} tz=UTC")
    await console.ok(f"@ada /cohort join {COHORT}")
    await console.ok("@ada /budget set dsa 5-7")
    await console.ok("@ada /budget set project 1-3")


async def test_list_shows_numbered_checkins_newest_first(console: Console) -> None:
    await _ada(console)
    console.clock.set(datetime(2026, 12, 12, 12, tzinfo=UTC))  # Sat 12 Dec: week since Mon 7 Dec
    await console.ok('@ada /checkin 1h dsa "arrays" date=2026-12-08')
    await console.ok("@ada /checkin 2h project")
    await console.ok("@ada /checkin 30m dsa date=2026-12-05")  # last week, this month
    week = await console.ok("@ada /checkin list")
    assert "Your check-ins this week (since Mon 7 Dec), newest first — 3h in all:" in week
    assert "1. Sat 12 Dec · 2h · project" in week
    assert "2. Tue 8 Dec · 1h · dsa · “arrays”" in week
    assert "Sat 5 Dec" not in week
    month = await console.ok("@ada /checkin list month")
    assert "1. Sat 12 Dec · 2h · project" in month  # the same numbers in either list
    assert "3. Sat 5 Dec · 30m · dsa" in month
    assert "Correct one with /checkin edit N" in month
    assert "Removed check-in 3: 30m of dsa on Sat 5 Dec." in await console.ok("@ada /checkin remove 3")


async def test_undo_remove_and_edit_change_the_list(console: Console) -> None:
    await _ada(console)
    await console.ok("@ada /checkin 1h dsa date=yesterday")
    await console.ok("@ada /checkin 2h dsa")
    await console.ok("@ada /checkin 45m project date=2026-12-02")
    said = await console.ok("@ada /checkin undo")
    assert "Removed your last check-in: 45m of project on Wed 2 Dec." in said
    said = await console.ok("@ada /checkin edit 2 hours=1h30m track=project date=2026-12-03")
    assert "Changed check-in 2: 1h of dsa on Fri 4 Dec → 1h 30m of project on Thu 3 Dec." in said
    assert "2. Thu 3 Dec · 1h 30m · project" in said
    said = await console.ok("@ada /checkin remove 1")
    assert "Removed check-in 1: 2h of dsa on Sat 5 Dec." in said
    assert "1. Thu 3 Dec · 1h 30m · project" in said
    assert "2." not in said


async def test_a_day_holds_at_most_24_hours(console: Console) -> None:
    await _ada(console)
    await console.ok("@ada /checkin 23h dsa date=yesterday")
    error = await console.fails("@ada /checkin 2h dsa date=yesterday")
    assert error == (
        "You have already logged 23h on Fri 4 Dec; at most 24h a day fits, "
        "so 2h is too much (see /checkin list)."
    )
    await console.ok("@ada /checkin 1h dsa date=yesterday")  # exactly 24 h fits
    await console.ok("@ada /checkin 3h dsa")
    error = await console.fails("@ada /checkin edit 1 date=yesterday")
    assert error == (
        "You have already logged 24h on Fri 4 Dec; at most 24h a day fits, "
        "so 3h is too much (see /checkin list)."
    )
    assert "3h · dsa" in await console.ok("@ada /checkin list")  # nothing was changed


async def test_a_big_bare_number_is_logged_as_hours_with_a_hint(console: Console) -> None:
    await _ada(console)
    said = await console.ok("@ada /checkin 20 dsa")
    assert "Logged 20h of dsa" in said
    assert "20h logged — for minutes write 20m; /checkin undo to take it back." in said
    assert "logged — for minutes" not in await console.ok("@ada /checkin 3 dsa")
    assert "logged — for minutes" not in await console.ok("@ada /checkin 1h dsa date=yesterday")
    assert "logged — for minutes" not in await console.ok("@ada /checkin 12h project date=2026-12-01")


async def test_reserved_words_are_never_tracks(console: Console) -> None:
    await _ada(console)
    for word in ("list", "undo", "remove", "edit"):
        error = await console.fails(f"@ada /budget set {word} 2-3")
        assert error.startswith(f"{word} is a word of /checkin (edit, list, remove, undo)"), error
        error = await console.fails(f"@ada /checkin 2h {word}")
        assert f"{word} is a word of /checkin" in error
    await console.ok("@ada /checkin 2h dsa")  # the main form still works
    assert "1. Sat 5 Dec · 2h · dsa" in await console.ok("@ada /checkin list")


async def test_corrections_follow_progress_and_history(console: Console) -> None:
    await _ada(console)
    await console.ok("@ada /checkin 6h dsa")
    await console.ok("@ada /checkin 2h project")
    assert "6h" in await console.ok("@ada /progress")
    await console.ok("@ada /checkin edit 2 hours=3h")
    progress = await console.ok("@ada /progress")
    assert "3h" in progress
    assert "6h" not in progress
    await console.ok("@ada /checkin remove 1")
    progress = await console.ok("@ada /progress")
    assert "project" in progress
    assert "2h" not in progress
    history = json.loads((await attachment(console, "@ada /me export")).data)["records"][
        "checkin_corrections"
    ]
    assert [(c["action"], c["before"]["minutes"], (c["after"] or {}).get("minutes")) for c in history] == [
        ("edit", 360, 180),
        ("remove", 120, None),
    ]
    assert history[1]["before"]["track"] == "project"  # a removed check-in's values survive


async def test_control_characters_in_a_note_never_reach_the_list(console: Console) -> None:
    await _ada(console)
    await console.ok('@ada /checkin 1h dsa "bell\x07 esc\x1b[31m red\u202e rtl\nline two"')
    listed = await console.ok("@ada /checkin list")
    assert "1. Sat 5 Dec · 1h · dsa · “bell esc[31m red rtl line two”" in listed
    for invisible in ("\x07", "\x1b", "\u202e"):
        assert invisible not in listed
