"""Weeks and private bands on the console (issue 18, items 10 and 11): the board is rank,
name and hours, and the asker's own band follows it as a note only they see (every
student's for an instructor); ``week=`` picks any week since the cohort began; a bare
``/digest`` on a Monday is the week just ended."""

from __future__ import annotations

from datetime import UTC, datetime

from core.render.text import render_text
from tests.conftest import Console

BANDS = ("5h–7h", "▼ under", "✓ within", "▲ over")
NEXT_MONDAY_9H = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def _class(console: Console) -> None:
    await console.ok("/cohort create ML-Fall")
    for who in ("ada", "bob"):
        await console.ok(f"@{who} /cohort join ML-Fall")
        await console.ok(f"@{who} /budget set dsa 5-7")
    await console.ok("@ada /checkin 6h dsa")
    await console.ok("@bob /checkin 2h dsa")


async def test_the_board_has_no_bands_and_the_askers_own_follow_as_a_note(console: Console) -> None:
    await _class(console)
    reply = await console.say("@ada /leaderboard")
    assert reply.view is not None
    board = render_text(reply.view)
    assert "ada" in board
    assert "bob" in board
    assert not any(band in board for band in BANDS)
    assert reply.note is not None
    assert reply.note.private
    note = render_text(reply.note)
    assert note.startswith("Your budget for week 2026-W47")
    assert "6h of 5h–7h · ✓ within" in note
    assert "bob" not in note  # her own band, nobody else's
    assert '"note"' in reply.json()

    everyone = await console.ok("/leaderboard")  # prof: every student's band
    assert "only instructors see this" in everyone
    assert "▼ under" in everyone
    assert "✓ within" in everyone


async def test_week_last_and_the_monday_digest(console: Console) -> None:
    await _class(console)
    console.clock.set(NEXT_MONDAY_9H)
    assert "Nobody on the board has logged any hours yet for week 2026-W48" in await console.ok(
        "@ada /leaderboard"
    )
    last = await console.ok("@ada /leaderboard hours week=last")
    assert "week 2026-W47 (Mon 16 Nov – Sun 22 Nov)" in last
    assert last.index("ada") < last.index("bob")
    assert await console.ok("@ada /leaderboard week=2026-W47") == last

    digest = await console.ok("/digest")
    assert digest.startswith("Digest of ML-Fall — week 2026-W47 (Mon 16 Nov – Sun 22 Nov)\n")
    assert "5h–7h" in digest  # the instructor's private view keeps the bands
    assert (await console.ok("/digest week=last")).split("\n")[0] == digest.split("\n")[0]
    this = await console.ok("/digest week=this")
    assert this.startswith("Digest of ML-Fall — week 2026-W48 (Mon 23 Nov – Sun 29 Nov) so far")


async def test_the_month_board_is_the_month_so_far(console: Console) -> None:
    await _class(console)
    month = await console.ok("@ada /leaderboard hours month")
    assert "November 2026 so far (01 – 18 Nov)" in month
    # 5–7 h a week is 21.7–30.3 h a month; 18 of 30 days gone: 13h–18h 12m.
    assert "6h of 13h–18h 12m · ▼ under" in month
