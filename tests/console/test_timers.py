"""Focus timers on the console, on SQLite and PostgreSQL: /session start, status, stop and the
end-of-session DM printed by the console's deliverer with the text commands that answer it
(/session log | keep | discard); one DM and one check-in per timer, across repeated ticks
and a new deliverer; and every option refused clearly when it is malformed or hostile."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from bot.console.sink import ConsoleSink
from core.services.delivery import deliver_due
from core.services.notifications import enqueue_due
from tests.conftest import Console

COHORT = "ML-Fall-2026"
START = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)  # Sat 5 Dec 2026, 10:00 in Berlin


async def _ada(console: Console) -> None:
    console.clock.set(START)
    await console.ok(f"/cohort create {COHORT} tz=Europe/Berlin")
    await console.ok(f"@ada /cohort join {COHORT}")
    await console.ok("@ada /budget set dsa 5-7")
    await console.ok('@ada /skill add "SQL" specific priority=1 current=1 target=3')


async def _tick(console: Console, at: datetime, out: io.StringIO | None = None) -> str:
    """One scheduler tick at ``at`` through a console deliverer; what it printed."""
    console.clock.set(at)
    out = out or io.StringIO()
    services = console.session.services
    await enqueue_due(services)
    await deliver_due(services, ConsoleSink(out), owner="console-test")
    return "\n".join(block for block in out.getvalue().split("\n\n") if "[timer]" in block)


def _minute(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


async def test_a_timer_ends_with_one_dm_and_logs_once_when_answered(console: Console) -> None:
    await _ada(console)
    said = await console.ok("@ada /session start dsa 50m skill=1")
    assert said == (
        "Focus timer started: 50m on dsa (skill SQL), until 10:50. "
        "/session status shows it; /session stop ends it early."
    )
    status = await _status(console, 20)
    assert "20m of focus so far; it ends at 10:50" in status
    assert "dsa (skill SQL)" in status
    assert await _tick(console, _minute(49)) == ""
    dm = await _tick(console, _minute(51))
    assert "[timer] to @ada at Sat 2026-12-05 10:50 CET" in dm
    assert "Your 50m focus session on dsa ended." in dm
    assert (
        "Log it (50m), keep going for another 50m, or discard it: "
        "/session log · /session keep · /session discard" in dm
    )
    # A repeated tick, and a new deliverer (a restart), send nothing more.
    assert await _tick(console, _minute(52)) == ""
    assert await _tick(console, _minute(80), io.StringIO()) == ""
    waiting = await console.ok("@ada /session status")
    assert waiting.startswith("Your 50m focus session on dsa ended at 10:50 and waits for your answer")
    assert "Logged 50m of dsa from your focus session (Sat 5 Dec)" in await console.ok("@ada /session log")
    again = await console.ok("@ada /session status")
    assert again == "No session running; start a focus timer with /session start dsa 50m."
    missing = await console.fails("@ada /session log")
    assert (
        missing == "You have no focus session waiting for an answer; start one with /session start dsa 50m."
    )
    listed = await console.ok("@ada /checkin list")
    assert "50m in all" in listed
    assert listed.count("· dsa") == 1


async def _status(console: Console, minute: int) -> str:
    console.clock.set(_minute(minute))
    return await console.ok("@ada /session status")


async def test_a_pomodoro_counts_focus_only_and_dms_each_break(console: Console) -> None:
    await _ada(console)
    said = await console.ok("@ada /session start dsa 25m cycles=3 break=5m")
    assert said.startswith(
        "Focus timer started: 3 × 25m on dsa with 5m breaks, until 11:25; the first period ends at 10:25."
    )
    assert (
        "period 1 of 3, 10m of focus so far; this period ends at 10:25, the session at 11:25"
        in await _status(console, 10)
    )
    first = await _tick(console, _minute(26))
    assert "Focus period 1 of 3 on dsa done (25m). Break time — period 2 starts at 10:30." in first
    assert "break after period 1 of 3, 25m of focus so far; period 2 starts at 10:30" in await _status(
        console, 28
    )
    second = await _tick(console, _minute(56))
    assert "Focus period 2 of 3 on dsa done (25m). Break time — period 3 starts at 11:00." in second
    # Stopped in the last period at 11:10: 25 + 25 + 10 minutes of focus, breaks left out.
    console.clock.set(_minute(70))
    assert (
        await console.ok("@ada /session stop") == "Stopped your focus session on dsa: logged 1h (Sat 5 Dec)."
    )
    assert await _tick(console, _minute(90)) == ""  # a stopped timer has no end to announce


async def test_keep_going_adds_a_counted_period_and_a_new_end_dm(console: Console) -> None:
    await _ada(console)
    await console.ok("@ada /session start dsa 30m")
    assert "Your 30m focus session on dsa ended." in await _tick(console, _minute(31))
    console.clock.set(_minute(40))
    assert await console.ok("@ada /session keep") == "Keep going: one more 30m period on dsa, until 11:10."
    assert "period 2 of 2 (the last), 40m of focus so far; it ends at 11:10" in await _status(console, 50)
    assert await _tick(console, _minute(60)) == ""
    dm = await _tick(console, _minute(71))
    assert "Your 1h focus session on dsa ended." in dm  # the 9 minutes before Keep going were not counted
    console.clock.set(_minute(200))
    stopped = await console.ok("@ada /session stop")
    assert stopped == (
        "Your 1h focus session on dsa had ended at 11:10: logged 1h (Sat 5 Dec); "
        "the time after 11:10 was not counted."
    )


async def test_discard_logs_nothing_and_a_short_stop_says_so(console: Console) -> None:
    await _ada(console)
    await console.ok("@ada /session start dsa")
    await _tick(console, _minute(51))
    assert (
        await console.ok("@ada /session discard")
        == "Discarded your focus session on dsa; nothing was logged."
    )
    console.clock.set(_minute(60))
    await console.ok("@ada /session start dsa 1h")
    console.clock.set(_minute(63))
    stopped = await console.ok("@ada /session stop")
    assert (
        stopped == "Stopped your focus session on dsa after 3m of focus; under 5 minutes nothing is logged."
    )
    assert "No check-ins this week yet" in await console.ok("@ada /checkin list")


async def test_a_second_session_waits_for_the_first(console: Console) -> None:
    await _ada(console)
    await console.ok("@ada /session start dsa 1h")
    running = await console.fails("@ada /session start dsa 25m")
    assert running == "You already have a focus session on dsa running until 11:00; /session stop ends it."
    early = await console.fails("@ada /session log")
    assert early == (
        "Your focus session on dsa runs until 11:00; "
        "/session stop ends it now and logs the focus time so far."
    )
    assert "/session keep adds a period once it has ended" in await console.fails("@ada /session keep")
    console.clock.set(_minute(61))  # past its end before any tick: already waiting for an answer
    waiting = await console.fails("@ada /session start dsa 25m")
    assert waiting == (
        "Your 1h focus session on dsa ended at 11:00 and waits for your answer: "
        "/session log logs it, /session discard drops it."
    )


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/session start", "The track is missing; write it like /session start dsa 50m."),
        (
            "/session start dsa 50",
            "'50' has no unit; write the focus length with m or h, like 50m, 1h or 1h30m.",
        ),
        ("/session start dsa 4m", "The focus length must be from 5m to 4h"),
        ("/session start dsa 4h1m", "The focus length must be from 5m to 4h"),
        ("/session start dsa -50m", "is not a length of time"),
        ("/session start dsa soon", "'soon' is not a length of time"),
        ("/session start dsa " + "9" * 5000 + "m", "is not a length of time"),
        ("/session start dsa 1:75", "the minutes must be from 0 to 59"),
        ("/session start dsa 50m 10m", "/session start got more words than expected"),
        ("/session start dsa cycles=0", "Cycles must be from 1 to 12"),
        ("/session start dsa cycles=13 break=5m", "Cycles must be from 1 to 12"),
        ("/session start dsa cycles=four", "'four' is not a whole number"),
        ("/session start dsa cycles=", "The cycles= option is empty"),
        ("/session start dsa cycles=4 break=", "The break= option is empty"),
        ("/session start dsa cycles=4 break=2h", "The break must be from 1m to 1h"),
        ("/session start dsa cycles=4 break=10", "'10' has no unit"),
        ("/session start dsa break=10m", "break= is the pause between focus periods"),
        ("/session start dsa skill=", "The skill= option is empty"),
        ("/session start dsa skill=99", "skill"),
        ("/session start <@everyone> 50m", "A track must be 1–32 lowercase letters"),
        ("/session start " + "x" * 5000, "A track must be 1–32 lowercase letters"),
        ("/session start piano 50m", "You have no budget for track 'piano'"),
        ("/session start dsa 50m colour=red", "/session start does not take the option 'colour='"),
        ("/session stop now", "/session stop got more words than expected"),
        ("/session status please", "/session status got more words than expected"),
        ("/session log 50m", "/session log got more words than expected"),
        ("/session keep 1h", "/session keep got more words than expected"),
        ("/session discard all", "/session discard got more words than expected"),
        ("/session stop", "You have no focus session running; start one with /session start dsa 50m."),
        ("/session discard", "You have no focus session waiting for an answer"),
        ("/session start dsa 50m cohort=Nope", "There is no cohort called 'Nope' here"),
    ],
)
async def test_malformed_and_hostile_input_is_refused_with_one_sentence(
    console: Console, line: str, says: str
) -> None:
    await _ada(console)
    error = await console.fails(f"@ada {line}")
    assert says in error
    assert "\n" not in error
    assert len(error) < 300
    assert (await console.ok("@ada /session status")).startswith("No session running")  # nothing half written


async def test_someone_outside_a_cohort_is_told_how_to_join(console: Console) -> None:
    await _ada(console)
    error = await console.fails("@bob /session start dsa")
    assert error.startswith("You are not in a cohort yet")
