"""Hours a study session logged show everywhere typed hours do (issue 19, item 5): the
ledger marks them, and /progress, /streak, the boards, the digest and the plan's hours
toward a linked skill count them like any check-in. Sessions are closed here through the
same service the voice rooms and timers use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from core.domain.model import Actor
from core.domain.sessions import SessionKind
from core.services.context import ServiceContext, membership
from core.services.study_log import log_session
from tests.conftest import Console

COHORT = "ML-Fall-2026"
MONDAY = datetime(2026, 11, 30, 9, tzinfo=UTC)  # week 2026-W49
ADA = Actor("console", "local", "ada", "Ada")


async def _session(ctx: ServiceContext, kind: SessionKind, track: str, start: datetime, minutes: int) -> None:
    async with ctx.uow() as uow:
        member = (await membership(uow, ADA, None)).member
        session = await uow.sessions.open(
            member.id,
            kind,
            track,
            now=start,
            counting_since=start,
            channel_id="42" if kind == "voice" else None,
        )
        end = start + timedelta(minutes=minutes)
        await log_session(uow, session, zone=ZoneInfo("UTC"), until=end, now=end)
        await uow.commit()


async def _class(console: Console) -> ServiceContext:
    console.clock.set(MONDAY)
    await console.ok(f"/cohort create {COHORT} tz=UTC")
    await console.ok(f"@ada /cohort join {COHORT}")
    await console.ok("@bob /cohort join " + COHORT)
    await console.ok('@ada /skill add "Algorithms" specific priority=1 current=1 target=2 ease=2')
    await console.ok("@ada /budget set dsa 2-4 skill=Algorithms")
    await console.ok("@ada /me leaderboard show")
    return console.session.services


async def test_session_hours_show_in_the_ledger_progress_boards_and_plan(console: Console) -> None:
    ctx = await _class(console)
    await _session(ctx, SessionKind.VOICE, "dsa", MONDAY + timedelta(hours=1), 90)
    await _session(ctx, SessionKind.TIMER, "dsa", MONDAY + timedelta(hours=4), 50)
    console.clock.set(MONDAY + timedelta(hours=8))
    await console.ok("@ada /checkin 20m dsa")

    ledger = await console.ok("@ada /checkin list")
    assert "2h 40m in all" in ledger
    assert "· 1h 30m · dsa · 🎙 voice room" in ledger
    assert "· 50m · dsa · ⏱ focus timer" in ledger
    assert "· 20m · dsa\n" in ledger + "\n"  # typed: no mark

    progress = await console.ok("@ada /progress")
    assert "2h 40m" in progress
    board = await console.ok("/leaderboard hours week")
    assert "ada" in board
    assert "2h 40m" in board
    assert "Algorithms" in await console.ok("@ada /plan check")
    assert "2h 40m done" in await console.ok("@ada /plan check")  # hours toward the linked skill

    chart = await console.ok("@ada /progress chart")
    assert "2h 40m this week, inside your 2h–4h band; 1-week streak." in chart

    # A session's check-in is corrected like any other.
    said = await console.ok("@ada /checkin remove 3")
    assert "1h 30m of dsa" in said


async def test_session_weeks_make_a_streak_and_reach_the_digest(console: Console) -> None:
    ctx = await _class(console)
    await _session(ctx, SessionKind.VOICE, "dsa", MONDAY + timedelta(hours=1), 150)
    console.clock.set(MONDAY + timedelta(days=7, hours=1))  # Monday of the next week
    assert "1 week" in await console.ok("@ada /streak")
    digest = await console.ok("/digest week=last")
    assert "ada" in digest
    assert "2h 30m" in digest
