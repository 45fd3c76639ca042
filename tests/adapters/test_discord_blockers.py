"""Instructors and reflections on Discord, through the real client and the fake Discord:
/reflections, /reply and the digest's *Reply to NAME* button (a modal) reach the student
by DM once and never ping; /cohort reflection sets the questions the modal asks; students,
outsiders, forged buttons and bad values get one sentence and change nothing."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from bot.discord.sink import DiscordSink
from core.bootstrap import Stride
from core.clock import FixedClock
from core.services import reflections
from core.services.delivery import deliver_due
from core.services.notifications import enqueue_due
from tests.adapters.discord_support import App, message_text, new_client, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import JSON
from tests.adapters.test_discord_assignment import modal_inputs
from tests.adapters.test_discord_reflections import HOSTILE, buttons

BLOCKER = f"Docker {HOSTILE}"
MONDAY_8H_BERLIN = datetime(2026, 11, 23, 7, 1, tzinfo=UTC)  # the digest of week 47 goes out


async def _deliver(app: App) -> int:
    report = await deliver_due(app.stride.services, DiscordSink(app.client), owner="test")
    assert report.errors == []
    return report.sent


async def _ada_blocked(app: App) -> None:
    await seed_world(app)
    await reflections.submit_reflection(
        app.stride.services, app.actor(app.ada), None, {"done": "trees", "next": "6h dsa", "blocked": BLOCKER}
    )


def _replies(app: App) -> list[JSON]:
    return [m for m in app.fake.dm_messages(app.ada) if "replied to your blocker" in message_text(m)]


async def test_reflections_and_reply_reach_the_student_once_without_pings(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await _ada_blocked(app)
        listed = await app.ok(app.prof, ["reflections"], {"week": "this"})
        assert listed.ephemeral
        assert "Reflections of ML-Fall-2026 · Mon 16 Nov – Sun 22 Nov" in listed.text
        assert "1 of 1 student answered." in listed.text
        assert "Docker @\u200beveryone <\u200b@&1>" in listed.text
        refused = await app.fails(app.ada, ["reflections"])
        assert "Only an instructor of ML-Fall-2026 can read the cohort's reflections" in refused.text

        sent = await app.ok(app.prof, ["reply"], {"member": app.ada, "text": f"Try WSL first {HOSTILE}"})
        assert sent.ephemeral
        assert "Your reply to Ada is on its way by DM." in sent.text
        assert await _deliver(app) == 1
        assert await _deliver(app) == 0
        [dm] = _replies(app)
        shown = message_text(dm)
        assert "Prof replied to your blocker" in shown
        assert "Try WSL first @\u200beveryone <\u200b@&1> <\u200b@123> ping" in shown
        assert not dm["mention_everyone"]
        assert dm["mentions"] == []
        assert dm["mention_roles"] == []


async def test_reply_refuses_students_non_students_and_bad_text(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await _ada_blocked(app)
        bob = fake_discord.add_user("bob")  # on the server, in no cohort
        for who, options, says in [
            (app.ada, {"member": app.ada, "text": "hi"}, "Only an instructor of ML-Fall-2026 can reply"),
            (app.prof, {"member": bob, "text": "hi"}, "There is nobody called"),
            (app.prof, {"member": app.prof, "text": "hi"}, "not a student of ML-Fall-2026"),
            (app.prof, {"member": app.ada, "text": "   "}, "The reply is empty; write at least one word."),
            (app.prof, {"member": app.ada, "text": "y" * 1501}, "keep it to 1,500 or fewer."),
        ]:
            assert says in (await app.fails(who, ["reply"], options)).text
        assert await _deliver(app) == 0
        assert _replies(app) == []


async def test_the_digest_reply_button_opens_a_modal_and_replies_once_after_a_restart(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await _ada_blocked(app)
        digest = await app.ok(app.prof, ["digest"], {"week": "this"})
        assert "Blockers (1)" in digest.text
        assert "**Ada**: “Docker @\u200beveryone" in digest.text
        [message] = [m for m in digest.messages if m.get("components")]
        message = copy.deepcopy(message)
        member_id = (await app.member(app.ada)).id
        reply_id = buttons(message)["Reply to Ada"]
        assert reply_id == f"stride:replyblk:{app.guild_id}:{member_id}"

    restarted = new_client(stride)
    async with fake_discord.running(restarted):
        app.client = restarted
        opened = await app.collect(await fake_discord.click(reply_id, message=message, user=app.prof))
        form = opened.handle.callback
        assert form is not None
        assert form["type"] == 9
        assert form["data"]["title"] == "Reply to Ada"
        assert modal_inputs(form) == {"Your reply": "reply"}
        too_long = await fake_discord.submit_modal(  # forged: Discord's form stops at 1,500
            form["data"]["custom_id"], {"reply": "z" * 1501}, origin=opened.handle
        )
        assert "keep it to 1,500 or fewer." in (await app.collect(too_long)).text
        opened = await app.collect(await fake_discord.click(reply_id, message=message, user=app.prof))
        form = opened.handle.callback
        assert form is not None
        submitted = await fake_discord.submit_modal(
            form["data"]["custom_id"], {"reply": f"Pair with Grace {HOSTILE}"}, origin=opened.handle
        )
        done = await app.collect(submitted)
        assert "Your reply to Ada is on its way by DM." in done.text
        assert done.ephemeral
        assert await _deliver(app) == 1
        [dm] = _replies(app)
        assert "Pair with Grace @\u200beveryone <\u200b@&1>" in message_text(dm)
        assert not dm["mention_everyone"]
        assert dm["mention_roles"] == []


async def test_a_student_or_a_forged_reply_button_gets_a_sentence_and_no_modal(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await _ada_blocked(app)
        digest = await app.ok(app.prof, ["digest"], {"week": "this"})
        [message] = [m for m in digest.messages if m.get("components")]
        member_id = (await app.member(app.ada)).id
        for user, custom_id, says in [
            (app.ada, f"stride:replyblk:{app.guild_id}:{member_id}", "Only an instructor"),
            (app.prof, f"stride:replyblk:{app.guild_id}:999999", "no longer"),
            (app.prof, f"stride:replyblk:1:{member_id}", "nobody to reply to"),
        ]:
            forged = copy.deepcopy(message)
            forged["components"][0]["components"][0]["custom_id"] = custom_id
            click = await fake_discord.click(custom_id, message=forged, user=user, as_seen=True)
            reply = await app.collect(click)
            assert reply.kind == 4, reply.text
            assert reply.failed, reply.text
            assert reply.ephemeral
            assert says in reply.text, reply.text
        assert await _deliver(app) == 0


async def test_the_scheduled_digest_dm_carries_a_reply_button_per_blocker(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await _ada_blocked(app)
        clock.set(MONDAY_8H_BERLIN)
        await enqueue_due(stride.services)
        await _deliver(app)
        [digest] = [m for m in fake_discord.dm_messages(app.prof) if m.get("components")]
        assert "Blockers (1)" in message_text(digest)
        member_id = (await app.member(app.ada)).id
        assert buttons(digest) == {"Reply to Ada": f"stride:replyblk:{app.guild_id}:{member_id}"}
        opened = await app.collect(
            await fake_discord.click(buttons(digest)["Reply to Ada"], message=digest, user=app.prof)
        )
        assert opened.kind == 9
        submitted = await fake_discord.submit_modal(
            opened.handle.callback["data"]["custom_id"] if opened.handle.callback else "",
            {"reply": "   "},
            origin=opened.handle,
        )
        empty = await app.collect(submitted)  # a forged empty reply (Discord's form requires one)
        assert "The reply is empty; write at least one word." in empty.text
        assert await _deliver(app) == 0
