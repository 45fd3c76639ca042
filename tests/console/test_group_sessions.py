"""Scheduled group sessions at the console: /session plan|plans|rsvp|unrsvp|unplan, the
reminder printed once by the scheduler's tick (also after a restart's repeated tick),
attendance from focus timers in /digest with the missed-RSVP reason, and every refusal."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.console.sink import ConsoleSink
from bot.scheduler import tick
from core.bootstrap import Stride
from core.domain.model import Actor
from core.domain.sessions import SessionKind
from core.services.context import membership
from core.services.study_log import log_session
from tests.conftest import Console

COHORT = "ML-Fall-2026"
WED = datetime(2026, 11, 18, 10, tzinfo=UTC)
TUE_24 = datetime(2026, 11, 24, 18, tzinfo=UTC)  # 19:00 in Berlin
PLAN = '@prof /session plan "DSA night" tue 19:00 90m room=#dsa-room'


async def _class(console: Console) -> None:
    console.clock.set(WED)
    await console.ok(f"@prof /cohort create {COHORT} tz=Europe/Berlin")
    await console.ok("@prof /cohort set channel=class")
    for who in ("ada", "bob"):
        await console.ok(f"@{who} /cohort join {COHORT}")


async def test_plan_list_rsvp_and_the_reminder_once(console: Console, stride: Stride) -> None:
    await _class(console)
    planned = await console.ok(PLAN)
    assert planned.startswith(
        "Planned session 1, DSA night: every Tue at 19:00 (Europe/Berlin) for 1h 30m; "
        "next on Tue 24 Nov 19:00. A reminder with an RSVP button is posted 30 minutes before each one; "
        "members can also RSVP with /session rsvp 1."
    )
    assert "#dsa-room" in planned
    assert await console.ok("@ada /session rsvp 1") == (
        "You're going to DSA night on Tue 24 Nov 19:00 ✓ (1 going). "
        "Changed your mind? /session unrsvp 1 takes it back."
    )
    assert "You're already going" in await console.ok("@ada /session rsvp 1")
    listing = await console.ok("@ada /session plans")
    assert "Group sessions of ML-Fall-2026 (Europe/Berlin), 1 session:" in listing
    assert "1 (you)" in listing
    assert "0 going" not in listing

    out = io.StringIO()
    console.clock.set(TUE_24 - timedelta(minutes=29))
    await tick(stride.services, ConsoleSink(out), owner="test")
    await tick(stride.services, ConsoleSink(out), owner="restarted")  # a restart ticks again
    printed = out.getvalue()
    assert printed.count("DSA night starts at 19:00 in #dsa-room (1h 30m) — 1 going") == 1
    assert "[group_session] to #class" in printed
    assert "Coming? Press I'll be there, or type /session rsvp 1." in printed
    assert "ada" not in printed.split("[group_session]")[1]

    assert "You're no longer going" in await console.ok("@ada /session unrsvp 1")
    assert "You had not RSVPed" in await console.ok("@ada /session unrsvp 1")
    called_off = await console.ok("@prof /session unplan 1")
    assert called_off == "Called off DSA night (Tue 19:00); no more reminders are posted for it."
    assert "No group sessions are planned in ML-Fall-2026" in await console.ok("@ada /session plans")


async def test_students_cannot_plan_and_every_bad_value_is_one_sentence(console: Console) -> None:
    await _class(console)
    refused = await console.fails('@ada /session plan "Mine" mon 10:00 1h')
    assert refused == "Only an instructor of ML-Fall-2026 can plan a group session; ask your instructor."
    await console.ok(PLAN)
    assert "can call off a group session" in await console.fails("@ada /session unplan 1")
    cases = [
        (
            '/session plan "@everyone party" tue 19:00 90m',
            "A session title cannot contain @, < or >",
        ),
        ('/session plan "<@&1> x" tue 19:00 90m', "cannot contain @, < or >"),
        ('/session plan "<!channel>" tue 19:00 90m', "cannot contain @, < or >"),
        (
            f'/session plan "{"é" * 81}" tue 19:00 90m',
            "The title is 81 characters long; keep it to 80 or fewer.",
        ),
        ('/session plan "Ok" someday 19:00 90m', "'someday' is not a day of the week"),
        ('/session plan "Ok" tue 7pm 90m', "'7pm' is not a time of day; write it as HH:MM"),
        ('/session plan "Ok" tue 19:00 1e9m', "'1e9m' is not a length"),
        ('/session plan "Ok" tue 19:00 13h', "A session lasts from 15 minutes to 12 hours"),
        ('/session plan "Ok" tue 19:00 90m room="two words"', "A room is a channel name or id"),
        ('/session plan "Ok" tue 19:00 90m extra', "got more words than expected"),
        ('/session plan "Ok" tue 19:00 90m when=now', "does not take the option"),
        ("/session plan", "The title is missing"),
        ("/session unplan 99999999999999999999", "must be from 1 to 999"),
        ("/session rsvp 2", "There is no session 2; /session plans lists the 1 session planned."),
        ("/session rsvp 0", "must be from 1 to 999"),
        ("/session rsvp", "The session number is missing"),
    ]
    for line, says in cases:
        error = await console.fails(f"@prof {line}")
        assert says in error, (line, error)
        assert "\n" not in error
    listing = await console.ok("@ada /session plans")
    assert listing.count("DSA night") == 1


async def _timer(stride: Stride, user: str, start: datetime, minutes: int) -> None:
    async with stride.services.uow() as uow:
        member = (await membership(uow, Actor("console", "local", user, user), None)).member
        session = await uow.sessions.open(
            member.id, SessionKind.TIMER, "dsa", now=start, counting_since=start
        )
        end = start + timedelta(minutes=minutes)
        await log_session(uow, session, zone=ZoneInfo("Europe/Berlin"), until=end, now=end)
        await uow.commit()


async def test_attendance_and_the_missed_rsvp_reason_in_the_digest(console: Console, stride: Stride) -> None:
    await _class(console)
    await console.ok(PLAN)
    for week in (TUE_24, TUE_24 + timedelta(days=7)):
        console.clock.set(week - timedelta(days=1))
        for who in ("ada", "bob"):
            await console.ok(f"@{who} /session rsvp 1")
        await _timer(stride, "ada", week - timedelta(minutes=5), 60)
    console.clock.set(datetime(2026, 11, 30, 8, tzinfo=UTC))
    first = await console.ok("@prof /digest week=last")
    console.clock.set(datetime(2026, 12, 7, 8, tzinfo=UTC))
    second = await console.ok("@prof /digest week=last")
    assert "  - DSA night Tue 24 Nov: 1 of 2 who RSVPed came" in first
    assert "missed the last two sessions" not in first
    assert "Group sessions:\n  - DSA night Tue 1 Dec: 1 of 2 who RSVPed came" in second
    [bob] = [line for line in second.splitlines() if line.startswith("  - bob:")]
    assert "missed the last two sessions they RSVPed to" in bob
    assert not [line for line in second.splitlines() if line.startswith("  - ada:") and "missed" in line]
