"""Focus timers on Discord, through the real client and the fake Discord: /session start, the
end-of-session DM sent by the outbox through ``DiscordSink`` with *Log it* / *Keep going* /
*Discard* (persistent buttons: a NEW client serves the clicks), one check-in however often
Log it is clicked, and buttons nobody was given refused in one sentence."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest

from bot.discord.sink import DiscordSink
from core.bootstrap import Stride
from core.clock import FixedClock
from core.services.delivery import deliver_due
from core.services.notifications import enqueue_due
from tests.adapters.discord_support import App, custom_ids, message_text, new_client, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import JSON


async def _deliver(app: App, sink: DiscordSink | None = None) -> int:
    await enqueue_due(app.stride.services)
    report = await deliver_due(app.stride.services, sink or DiscordSink(app.client), owner="test")
    assert report.errors == []
    return report.sent


def _timer_dms(fake: FakeDiscord, app: App) -> list[JSON]:
    return [m for m in fake.dm_messages(app.ada) if "focus session" in str(m.get("content"))]


async def _ended(app: App, fake: FakeDiscord, clock: FixedClock, length: str = "25m") -> JSON:
    await seed_world(app)  # ada: a dsa budget, 1h logged this week
    started = await app.ok(app.ada, ["session", "start"], {"track": "dsa", "length": length})
    assert started.ephemeral
    assert "Focus timer started: 25m on dsa, until" in started.text
    clock.set(clock.now() + timedelta(minutes=26))
    assert await _deliver(app) == 1
    [dm] = _timer_dms(fake, app)
    return copy.deepcopy(dm)


async def test_log_it_from_the_dm_logs_once_and_shows_in_the_ledger(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        seen = await _ended(app, fake_discord, clock)
        ids = custom_ids(seen)
        assert [i.rsplit(":", 1)[1] for i in ids] == ["log", "keep", "discard"]
        assert all(i.startswith(f"stride:timer:{app.guild_id}:") and ":1:" in i for i in ids)
        labels = [c["label"] for row in seen["components"] for c in row["components"]]
        assert labels == ["Log it", "Keep going", "Discard"]
        assert str(seen["content"]).startswith("Your 25m focus session on dsa ended.")
        # A second tick, and a new deliverer (a restart), send nothing more.
        clock.set(clock.now() + timedelta(minutes=1))
        assert await _deliver(app) == 0
        assert await _deliver(app, DiscordSink(app.client)) == 0
        assert len(_timer_dms(fake_discord, app)) == 1

    restarted = new_client(stride)  # a new process: nothing in memory but the dynamic items
    async with fake_discord.running(restarted):
        app.client = restarted
        log_it = ids[0]
        first = await app.collect(await fake_discord.click(log_it, message=seen, user=app.ada))
        assert first.kind == 7  # the DM itself now says what was done
        prompt = fake_discord.messages[int(seen["id"])]
        assert not prompt.get("components")
        assert "Logged 25m" in str(prompt["content"])
        [answer] = first.handle.followups
        assert "Logged 25m" in message_text(answer)
        for again in (ids[0], ids[2]):  # an old client still showing the buttons
            replay = await app.collect(
                await fake_discord.click(again, message=seen, user=app.ada, as_seen=True)
            )
            assert "Already logged: 25m of dsa from this focus session." in replay.text
        listed = await app.ok(app.ada, ["checkins", "list"])
        assert listed.text.count("· 25m · dsa") == 1
        assert "1h 25m in all" in listed.text  # the hour seeded, and the timer's 25 minutes


async def test_keep_going_then_a_new_end_dm_and_the_old_buttons_do_nothing(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        seen = await _ended(app, fake_discord, clock)
        keep = custom_ids(seen)[1]
        kept = await app.collect(await fake_discord.click(keep, message=seen, user=app.ada))
        assert "Keep going: one more 25m period on dsa" in kept.text
        clock.set(clock.now() + timedelta(minutes=26))
        assert await _deliver(app) == 1
        second = _timer_dms(fake_discord, app)[-1]
        assert str(second["content"]).startswith("Your 50m focus session on dsa ended.")
        stale = await app.collect(
            await fake_discord.click(custom_ids(seen)[0], message=seen, user=app.ada, as_seen=True)
        )
        assert "That message is about an earlier period, so nothing was done." in stale.text
        discard = await app.collect(
            await fake_discord.click(custom_ids(second)[2], message=second, user=app.ada)
        )
        assert "Discarded your focus session on dsa; nothing was logged." in discard.text
        status = await app.ok(app.ada, ["session", "status"])
        assert "No session running" in status.text


@pytest.mark.parametrize("forged", ["{guild}:999999:1:log", "{guild}:{session}:7:keep", "1:{session}:1:log"])
async def test_a_button_nobody_was_given_changes_nothing(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock, forged: str
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        seen = await _ended(app, fake_discord, clock)
        session = custom_ids(seen)[0].split(":")[3]
        custom_id = "stride:timer:" + forged.format(guild=app.guild_id, session=session)
        tampered = copy.deepcopy(seen)  # a client showing a button Stride never sent
        tampered["components"][0]["components"][0]["custom_id"] = custom_id
        click = await fake_discord.click(custom_id, message=tampered, user=app.ada, as_seen=True)
        reply = await app.collect(click)
        assert reply.failed or "earlier period" in reply.text, reply.text
        answers = reply.handle.followups if reply.kind == 7 else reply.messages
        assert answers
        assert all(int(m.get("flags") or 0) & 64 for m in answers)
        assert custom_ids(fake_discord.messages[int(seen["id"])]) == custom_ids(
            seen
        )  # the DM keeps its buttons
        status = await app.ok(app.ada, ["session", "status"])
        assert "waits for your answer" in status.text  # still waiting: nothing logged or dropped


async def test_another_member_cannot_answer_someone_elses_timer(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        seen = await _ended(app, fake_discord, clock)
        await app.ok(app.prof, ["cohort", "show"])
        reply = await app.collect(await fake_discord.click(custom_ids(seen)[0], message=seen, user=app.prof))
        assert reply.failed
        assert "That button is out of date" in reply.text
        assert "waits for your answer" in (await app.ok(app.ada, ["session", "status"])).text
