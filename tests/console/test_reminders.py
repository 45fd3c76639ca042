"""/me reminders, /me quiet and /me snooze at the console on SQLite and PostgreSQL, with the
DMs the console's deliverer prints: the check-in with its reflection, the reflection
reminder, the midweek nudge (issue 20). The exact sentences are in docs/reminders.md."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from bot.console.sink import ConsoleSink
from core.services.delivery import deliver_due
from core.services.notifications import enqueue_due
from tests.conftest import Console

COHORT = "ML-Fall-2026"
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # week 49; Berlin is UTC+1


async def _class(console: Console) -> None:
    console.clock.set(MONDAY)
    await console.ok(f"/cohort create {COHORT} tz=Europe/Berlin")
    await console.ok(f"@ada /cohort join {COHORT}")
    await console.ok("@ada /budget set dsa 5-7")


async def _dms(console: Console, at: datetime) -> list[str]:
    """One tick at ``at`` through the console's deliverer: the messages it printed."""
    console.clock.set(at)
    out = io.StringIO()
    services = console.session.services
    await enqueue_due(services)
    await deliver_due(services, ConsoleSink(out), owner="console-test")
    return [block for block in out.getvalue().split("\n\n") if block.strip()]


async def test_me_reminders_sets_the_day_and_time_and_me_shows_them(console: Console) -> None:
    await _class(console)
    said = await console.ok("@ada /me reminders day=sat time=19:30")
    assert said.splitlines()[0] == (
        "Your weekly check-in DM comes on Saturdays at 19:30 (Europe/Berlin time), "
        "and the midweek nudge on Wednesdays at 19:30."
    )
    shown = await console.ok("@ada /me")
    assert "  Check-in DM day: Sat" in shown
    assert "  Reminder time: 19:30" in shown
    assert "  Quiet hours: 22:00–08:00" in shown
    assert "  Snoozed: no" in shown
    said = await console.ok("@ada /me reminders day=off")
    assert said.splitlines()[0] == (
        "Your weekly check-in DM comes on Sundays at 19:30 (Europe/Berlin time), "
        "and the midweek nudge on Wednesdays at 19:30."
    )
    await console.ok('/cohort set nudge=off hours_checkin.cron="0 17 * * fri"')
    said = await console.ok("@ada /me reminders time=off")
    assert said.splitlines()[0] == "Your weekly check-in DM comes on Fridays at 17:00 (Europe/Berlin time)."


async def test_quiet_hours_refuse_a_reminder_time_inside_them_and_back(console: Console) -> None:
    await _class(console)
    error = await console.fails("@ada /me reminders time=06:45")
    assert error == (
        "06:45 is inside your quiet hours (22:00–08:00); pick a time outside them, like "
        "/me reminders time=19:00, or change them with /me quiet."
    )
    said = await console.ok("@ada /me quiet 23:00-06:30")
    assert said.splitlines()[0] == (
        "Quiet hours: 23:00–06:30 (Europe/Berlin time); a DM due in them comes at 06:30 instead."
    )
    await console.ok("@ada /me reminders time=06:45")
    error = await console.fails("@ada /me quiet 22:00-08:00")
    assert error == (
        "Your reminders come at 06:45, inside 22:00–08:00; choose quiet hours that leave it out, "
        "or move your reminders first with /me reminders time=19:00."
    )
    said = await console.ok("@ada /me quiet off")
    assert said.splitlines()[0] == "Quiet hours are off: DMs come at their time, day or night."
    assert "  Quiet hours: off" in said


async def test_the_check_in_dm_asks_for_the_reflection_and_its_reminder_follows(console: Console) -> None:
    await _class(console)
    await console.ok("@ada /checkin 4h30m dsa")
    await _dms(console, datetime(2026, 12, 6, 16, 0, tzinfo=UTC))
    checkin = [
        dm for dm in await _dms(console, datetime(2026, 12, 6, 17, 1, tzinfo=UTC)) if "[hours_checkin]" in dm
    ]
    assert len(checkin) == 1
    lines = checkin[0].splitlines()
    assert lines[0] == "[hours_checkin] to @ada at Sun 2026-12-06 18:00 CET"
    assert lines[-3:] == [
        "Your weekly reflection (Mon 30 Nov – Sun 6 Dec): what you did, what you'll do next week, "
        "and what's blocking you. Answer it until Mon 7 Dec 08:00.",
        "Answer it with /reflect (it shows the questions).",
        "Remind me later: /me snooze 3h",
    ]
    reminder = await _dms(console, datetime(2026, 12, 6, 20, 1, tzinfo=UTC))
    assert [dm.splitlines()[:2] for dm in reminder] == [
        [
            "[reflection_reminder] to @ada at Sun 2026-12-06 21:00 CET",
            "ada, your reflection for Mon 30 Nov – Sun 6 Dec is still waiting.",
        ]
    ]
    assert await _dms(console, datetime(2026, 12, 6, 20, 31, tzinfo=UTC)) == []


async def test_the_nudge_and_snooze_at_the_console(console: Console) -> None:
    await _class(console)
    console.clock.set(datetime(2026, 11, 30, 12, 0, tzinfo=UTC))
    await console.ok("@ada /checkin 1h dsa")
    await _dms(console, datetime(2026, 12, 2, 12, 0, tzinfo=UTC))
    nudge = await _dms(console, datetime(2026, 12, 2, 17, 1, tzinfo=UTC))
    assert nudge == [
        "[nudge] to @ada at Wed 2026-12-02 18:00 CET\n"
        "You're at 1h of 5h–7h on dsa with 4 days left — a 25 minute session today keeps you on track\n"
        "Quick log: /checkin 30m dsa · /checkin 1h dsa\n"
        "Start a 25 min session: /session start dsa 25m\n"
        "Remind me later: /me snooze 3h"
    ]
    said = await console.ok("@ada /me snooze 3h")
    assert said.splitlines()[0] == (
        "Snoozed until Wed 2 Dec 21:01: your reminders wait until then. Your midweek nudge comes again then."
    )
    assert "  Snoozed: until Wed 2 Dec 21:01" in said
    assert await _dms(console, datetime(2026, 12, 2, 19, 0, tzinfo=UTC)) == []
    again = await _dms(console, datetime(2026, 12, 2, 20, 2, tzinfo=UTC))
    assert [dm.splitlines()[0] for dm in again] == ["[nudge] to @ada at Wed 2026-12-02 21:01 CET"]
    assert await _dms(console, datetime(2026, 12, 2, 20, 30, tzinfo=UTC)) == []
    said = await console.ok("@ada /me snooze 1d")
    assert said.splitlines()[0] == (
        "Snoozed until Thu 3 Dec 21:30: your reminders wait until then. Your midweek nudge comes again then."
    )
    said = await console.ok("@ada /me snooze off")
    assert said.splitlines()[0] == "Snooze is off: your reminders come at their usual times again."
    assert await _dms(console, datetime(2026, 12, 3, 21, 0, tzinfo=UTC)) == []


async def test_a_snooze_ending_in_quiet_hours_says_when_dms_come(console: Console) -> None:
    await _class(console)
    console.clock.set(datetime(2026, 12, 1, 20, 0, tzinfo=UTC))  # Tue 21:00 Berlin
    said = await console.ok("@ada /me snooze 2h")
    assert said.splitlines()[0] == (
        "Snoozed until Tue 1 Dec 23:00: your reminders wait until then. "
        "That is in your quiet hours, so they come at Wed 2 Dec 08:00."
    )


async def test_the_check_in_dm_checks_last_weeks_commitment_and_asks_about_the_blocker(
    console: Console,
) -> None:
    console.clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    await console.ok(f"/cohort create {COHORT} tz=Europe/Berlin")
    await console.ok(f"@ada /cohort join {COHORT}")
    await console.ok("@ada /budget set dsa 5-7")
    console.clock.set(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))  # Saturday of week 48
    await console.ok('@ada /reflect done="arrays" next="6h on dsa" blocked="no GPU"')
    console.clock.set(datetime(2026, 12, 3, 12, 0, tzinfo=UTC))
    await console.ok("@ada /checkin 4h30m dsa")
    await _dms(console, datetime(2026, 12, 6, 16, 0, tzinfo=UTC))
    sent = await _dms(console, datetime(2026, 12, 6, 17, 1, tzinfo=UTC))
    checkin = next(dm for dm in sent if "[hours_checkin]" in dm).splitlines()
    assert checkin[-6:] == [
        "Your weekly reflection (Mon 30 Nov – Sun 6 Dec): what you did, what you'll do next week, "
        "and what's blocking you. Answer it until Mon 7 Dec 08:00.",
        "You planned 6h on dsa; you did 4h 30m",
        "Last time you were blocked by: “no GPU”. Is it resolved?",
        "Answer it with /reflect (it shows the questions).",
        "Tell Stride with /reflect resolved=yes or /reflect resolved=no.",
        "Remind me later: /me snooze 3h",
    ]


async def test_a_time_already_past_this_week_says_the_next_dm_comes_next_week(console: Console) -> None:
    await _class(console)
    await _dms(console, datetime(2026, 12, 6, 16, 20, tzinfo=UTC))  # Sun 17:20, before the 18:00 DM
    console.clock.set(datetime(2026, 12, 6, 16, 30, tzinfo=UTC))
    said = await console.ok("@ada /me reminders time=17:00")
    assert said.splitlines()[0] == (
        "Your weekly check-in DM comes on Sundays at 17:00 (Europe/Berlin time), and the midweek nudge "
        "on Wednesdays at 17:00. This week's time has passed, so the next one comes next week."
    )
    assert [
        dm for dm in await _dms(console, datetime(2026, 12, 6, 17, 30, tzinfo=UTC)) if "[hours_checkin]" in dm
    ] == []
    said = await console.ok("@ada /me reminders time=20:00")
    assert said.splitlines()[0].endswith("and the midweek nudge on Wednesdays at 20:00.")
