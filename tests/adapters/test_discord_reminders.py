"""Personal DMs of issue 20 on Discord, sent by the outbox through ``DiscordSink`` and
answered through the real client: the check-in DM asks for the week's reflection (*Reflect*
opens the questions, *Resolved* / *Still blocked* answer last week's blocker), the one
reflection reminder, the midweek nudge with quick-log and *Start a N min session* buttons,
and *Remind me later*, which acts once per message. Buttons work after a restart; forged
ones get a sentence."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest

from core.bootstrap import Stride
from core.clock import FixedClock
from core.services.notifications import enqueue_due
from tests.adapters.discord_support import App, message_text, new_client, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import JSON
from tests.adapters.test_discord_reflections import _blocked_last_week, _deliver, buttons, submit

SUNDAY_18H_BERLIN = datetime(2026, 11, 22, 17, 1, tzinfo=UTC)
WEDNESDAY_18H_BERLIN = datetime(2026, 11, 18, 17, 1, tzinfo=UTC)
NUDGE = "You're at 1h of 5h–7h on dsa with 4 days left — a 25 minute session today keeps you on track"


async def _dm_at(app: App, at: datetime, says: str) -> JSON:
    """Deliver what is due at ``at``; the one DM to ada that says ``says`` (a copy, as shown)."""
    app.clock.set(at)
    await enqueue_due(app.stride.services)
    await _deliver(app)
    found = [m for m in app.fake.dm_messages(app.ada) if says in message_text(m)]
    assert len(found) == 1, [message_text(m) for m in app.fake.dm_messages(app.ada)]
    return copy.deepcopy(found[0])


async def test_the_checkin_dm_asks_for_the_reflection_and_reflect_works_after_a_restart(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        dm = await _dm_at(app, SUNDAY_18H_BERLIN, "How did week 2026-W47 go")
        shown = message_text(dm)
        assert "Your weekly reflection (Mon 16 Nov – Sun 22 Nov)" in shown
        assert "Answer it until Mon 23 Nov 08:00." in shown
        guild = app.guild_id
        assert buttons(dm) == {
            "30m dsa": f"stride:log:{guild}:30:dsa",
            "1h dsa": f"stride:log:{guild}:60:dsa",
            "2h dsa": f"stride:log:{guild}:120:dsa",
            "Other amount…": f"stride:logcustom:{guild}",
            "Reflect": f"stride:reflect:{guild}",
            "Remind me later": f"stride:later:{guild}:hours_checkin",
        }
        assert [len(row["components"]) for row in dm["components"]] == [4, 2]  # the reflection's own row

    restarted = new_client(stride)
    async with fake_discord.running(restarted):
        app.client = restarted
        opened = await app.collect(await fake_discord.click(buttons(dm)["Reflect"], message=dm, user=app.ada))
        form = opened.handle.callback
        assert form is not None
        assert form["data"]["custom_id"] == f"stride:reflectform:{guild}:2026-W47:{app.ada.id}"
        saved = await submit(app, opened.handle, form, {"q1": "trees", "q2": "6h dsa", "q3": ""})
        assert "Saved your reflection on Mon 16 Nov – Sun 22 Nov." in saved.text
        clock.set(SUNDAY_18H_BERLIN + timedelta(hours=3, minutes=5))  # answered: no reminder comes
        await enqueue_due(stride.services)
        assert await _deliver(app) == 0


async def test_the_blocker_buttons_on_the_checkin_dm_answer_once(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        await _blocked_last_week(app, clock)
        dm = await _dm_at(app, SUNDAY_18H_BERLIN, "How did week 2026-W47 go")
        assert "Last time you were blocked by: “Docker on Windows”. Is it resolved?" in message_text(dm)
        resolved = buttons(dm)["Resolved"]
        for _ in range(2):  # a double click: the same answer, stored once
            reply = await app.collect(
                await fake_discord.click(resolved, message=dm, user=app.ada, as_seen=True)
            )
            assert reply.ephemeral
            assert "Good to hear “Docker on Windows” is resolved" in reply.text
        member = await app.member(app.ada)
        async with stride.services.uow() as uow:
            [last] = await uow.reflections.latest(member.id, "2026-W46", 1)
        assert last.blocker_status == "resolved"
        assert buttons(fake_discord.messages[int(dm["id"])]) == buttons(dm)  # the DM keeps its buttons


async def test_the_reflection_reminder_comes_once_with_its_buttons(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        await _dm_at(app, SUNDAY_18H_BERLIN, "How did week 2026-W47 go")
        later = SUNDAY_18H_BERLIN + timedelta(hours=3, minutes=1)
        reminder = await _dm_at(app, later, "is waiting")
        assert "Your reflection on Mon 16 Nov – Sun 22 Nov is waiting, Ada" in message_text(reminder)
        assert buttons(reminder) == {
            "Reflect": f"stride:reflect:{app.guild_id}",
            "Remind me later": f"stride:later:{app.guild_id}:reflection_reminder",
        }
        clock.set(later + timedelta(minutes=30))
        await enqueue_due(stride.services)
        assert await _deliver(app) == 0  # never more than one


async def test_the_nudge_logs_starts_a_session_and_remind_me_later_acts_once(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)  # ada: 1h of her 5h–7h dsa budget by Wednesday
        nudge = await _dm_at(app, WEDNESDAY_18H_BERLIN, "Midweek check")
        assert NUDGE in message_text(nudge)
        guild = app.guild_id
        assert buttons(nudge) == {
            "30m dsa": f"stride:log:{guild}:30:dsa",
            "1h dsa": f"stride:log:{guild}:60:dsa",
            "Start a 25 min session": f"stride:focus:{guild}:25:dsa",
            "Remind me later": f"stride:later:{guild}:nudge",
        }
        later = buttons(nudge)["Remind me later"]
        first = await app.collect(await fake_discord.click(later, message=nudge, user=app.ada))
        assert "Snoozed until Wed 18 Nov 21:01: your reminders wait until then." in first.text
        again = await app.collect(await fake_discord.click(later, message=nudge, user=app.ada, as_seen=True))
        assert "Already done: your midweek nudge comes again at Wed 18 Nov 21:01." in again.text

        start = buttons(nudge)["Start a 25 min session"]
        started = await app.collect(await fake_discord.click(start, message=nudge, user=app.ada))
        assert "Focus timer started: 25m on dsa" in started.text
        twice = await app.collect(await fake_discord.click(start, message=nudge, user=app.ada, as_seen=True))
        assert twice.failed
        assert twice.ephemeral
        logged = await app.collect(
            await fake_discord.click(buttons(nudge)["30m dsa"], message=nudge, user=app.ada)
        )
        assert "Logged 30m of dsa" in logged.text

        clock.set(WEDNESDAY_18H_BERLIN + timedelta(hours=3, minutes=1))  # the snooze is over
        await enqueue_due(stride.services)
        assert await _deliver(app) >= 1
        assert len([m for m in fake_discord.dm_messages(app.ada) if "Midweek check" in message_text(m)]) == 2
        await enqueue_due(stride.services)
        assert await _deliver(app) == 0


@pytest.mark.parametrize(
    ("custom_id", "says"),
    [
        ("stride:focus:{guild}:0:dsa", "✗"),
        ("stride:focus:{guild}:999:dsa", "✗"),
        ("stride:focus:1:25:dsa", "not in a cohort"),
        ("stride:later:1:nudge", "not in a cohort"),
        ("stride:reflect:1", "not in a cohort"),
        ("stride:blocker:{guild}:open", "named no blocker"),
        ("stride:share:{guild}:2026-W47", "You have not written a reflection"),
        ("stride:share:{guild}:2026-W52", "has not begun yet"),
    ],
)
async def test_a_forged_button_gets_one_sentence(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock, custom_id: str, says: str
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        nudge = await _dm_at(app, WEDNESDAY_18H_BERLIN, "Midweek check")
        forged_id = custom_id.format(guild=app.guild_id)
        forged = copy.deepcopy(nudge)
        forged["components"][0]["components"][0]["custom_id"] = forged_id
        reply = await app.collect(
            await fake_discord.click(forged_id, message=forged, user=app.ada, as_seen=True)
        )
        assert reply.kind == 4
        assert reply.failed
        assert reply.ephemeral
        assert says in reply.text, reply.text
        status = await app.ok(app.ada, ["session", "status"])
        assert "No session running" in status.text
