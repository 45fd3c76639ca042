"""The fake Discord drives the REAL discord.py client: login, gateway, slash commands,
deferred responses, components (also after a restart), modals, selects and autocomplete."""

from __future__ import annotations

import asyncio

import discord
import pytest

from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import EVERYONE_PERMISSIONS
from tests.adapters.toy_bot import CheckinView, ToyBot

EPHEMERAL = 64


async def test_client_logs_in_and_becomes_ready_with_the_guild(fake_discord: FakeDiscord) -> None:
    async with fake_discord.running(ToyBot()) as bot:
        assert bot.user is not None
        assert bot.user.id == fake_discord.bot.id
        assert bot.application_id == fake_discord.application_id
        guild = bot.get_guild(fake_discord.guild.id)
        assert guild is not None
        assert guild.name == "Study Cohort"
        assert [c.name for c in guild.text_channels] == ["general"]
        assert guild.me is not None
        assert guild.me.id == fake_discord.bot.id
    routes = [r.route for r in fake_discord.requests]
    assert routes[:2] == ["GET /users/@me", "GET /oauth2/applications/@me"]
    assert fake_discord.requests[0].headers["Authorization"] == f"Bot {fake_discord.token}"
    identify = fake_discord.gateway.identifies[0]
    assert identify["intents"] == discord.Intents.default().value
    assert not discord.Intents.default().members


async def test_command_sync_is_recorded_globally_and_per_guild(fake_discord: FakeDiscord) -> None:
    bot = ToyBot()
    async with fake_discord.running(bot):
        synced = await bot.tree.sync()
        guild = discord.Object(fake_discord.guild.id)
        bot.tree.copy_global_to(guild=guild)
        await bot.tree.sync(guild=guild)
    app = fake_discord.application_id
    assert [r.route for r in fake_discord.requests_to("PUT *")] == [
        f"PUT /applications/{app}/commands",
        f"PUT /applications/{app}/guilds/{fake_discord.guild.id}/commands",
    ]
    names = {c["name"] for c in fake_discord.commands[None]}
    assert {"skill", "slow", "plan", "track", "checkin"} <= names
    assert {c["name"] for c in fake_discord.commands[fake_discord.guild.id]} == names
    skill = next(c for c in fake_discord.commands[None] if c["name"] == "skill")
    add = skill["options"][0]
    assert (add["name"], add["type"]) == ("add", 1)
    assert [(o["name"], o["type"], o.get("min_value"), o.get("max_value")) for o in add["options"]] == [
        ("name", 3, None, None),
        ("level", 4, 0, 5),
    ]
    assert {c.name for c in synced} == names
    assert all(c.id for c in synced)


async def test_slash_subcommand_gets_an_ephemeral_reply(fake_discord: FakeDiscord) -> None:
    alice = fake_discord.add_user("alice")
    bot = ToyBot()
    async with fake_discord.running(bot):
        await bot.tree.sync()
        handle = await fake_discord.slash(
            fake_discord.guild.id, alice, ["skill", "add"], {"name": "SQL", "level": 3}
        )
        reply = await handle.response()
    assert reply["type"] == 4
    assert reply["data"]["content"] == "added SQL at level 3"
    assert reply["data"]["flags"] == EPHEMERAL
    assert reply["data"]["allowed_mentions"] == {"parse": []}
    options = handle.payload["data"]["options"]
    assert options == [
        {
            "name": "add",
            "type": 1,
            "options": [
                {"name": "name", "type": 3, "value": "SQL"},
                {"name": "level", "type": 4, "value": 3},
            ],
        }
    ]
    assert handle.original_message is not None
    assert handle.original_message["flags"] == EPHEMERAL
    assert await fake_discord.response_for(handle.id) == reply


async def test_original_response_edits_and_followup_edit_and_delete(fake_discord: FakeDiscord) -> None:
    bot = ToyBot()
    async with fake_discord.running(bot):
        await bot.tree.sync()
        fake_discord.fail_next("POST /webhooks/*", 429, retry_after=0.05)  # webhooks retry too
        handle = await fake_discord.slash(fake_discord.guild.id, fake_discord.owner, ["progress"])
        first = await handle.response()
        edit = await handle.edit()
        followup = await handle.followup()
        second = await handle.edit(1)
        await handle.wait(lambda: len(fake_discord.world.deleted_messages) == 1, 5, "delete")
    assert first["data"]["content"] == "working: 0%"
    assert (edit.target, edit.json["content"]) == ("@original", "working: 50%")
    assert followup["content"] == "was 'working: 50%'"
    assert second.json["content"] == "done: 100%"
    assert second.target == fake_discord.world.deleted_messages[0]["id"]
    assert handle.original_message is not None
    assert handle.original_message["content"] == "working: 50%"
    assert handle.original_message["edited_timestamp"] is not None
    app = fake_discord.application_id
    routes = [r.route.replace(handle.token, "T") for r in fake_discord.requests_to(f"* /webhooks/{app}/*")]
    assert routes == [
        f"PATCH /webhooks/{app}/T/messages/@original",
        f"GET /webhooks/{app}/T/messages/@original",
        f"POST /webhooks/{app}/T",
        f"POST /webhooks/{app}/T",
        f"PATCH /webhooks/{app}/T/messages/{second.target}",
        f"DELETE /webhooks/{app}/T/messages/{second.target}",
    ]


async def test_the_fake_refuses_values_discords_client_would_not_send(fake_discord: FakeDiscord) -> None:
    bot = ToyBot()
    async with fake_discord.running(bot):
        await bot.tree.sync()
        with pytest.raises(ValueError, match="max_value"):
            await fake_discord.slash(
                fake_discord.guild.id, fake_discord.owner, ["skill", "add"], {"name": "x", "level": 9}
            )
        with pytest.raises(ValueError, match="missing required"):
            await fake_discord.slash(
                fake_discord.guild.id, fake_discord.owner, ["skill", "add"], {"name": "x"}
            )


async def test_slow_handler_defers_then_follows_up(fake_discord: FakeDiscord) -> None:
    fake_discord.world.response_deadline = 0.5  # Discord's 3 s, shrunk so the test is quick
    bot = ToyBot(slow_seconds=0.6)
    async with fake_discord.running(bot):
        await bot.tree.sync()
        handle = await fake_discord.slash(fake_discord.guild.id, fake_discord.owner, ["slow"])
        deferred = await handle.response()
        followup = await handle.followup(timeout=3)
    assert deferred == {"type": 5, "data": {"flags": EPHEMERAL}}
    assert handle.callback_delay is not None
    assert handle.callback_delay < 0.5
    assert followup["content"] == "done after a while"
    assert followup["flags"] == EPHEMERAL
    assert fake_discord.requests_to(f"POST /webhooks/{fake_discord.application_id}/*")[0].query["wait"] == "1"


async def test_a_response_after_the_deadline_is_unknown_interaction(fake_discord: FakeDiscord) -> None:
    fake_discord.world.response_deadline = 0.1
    bot = ToyBot(slow_seconds=0.2)
    async with fake_discord.running(bot):
        await bot.tree.sync()
        handle = await fake_discord.slash(fake_discord.guild.id, fake_discord.owner, ["late"])
        with pytest.raises(AssertionError, match="raised in the bot"):
            await handle.response(timeout=3)
    assert handle.callback is None
    errors = fake_discord.errors.take()
    assert any("10062" in e and "Unknown interaction" in e for e in errors), errors


async def test_an_error_in_a_command_fails_fast_and_is_trapped(fake_discord: FakeDiscord) -> None:
    bot = ToyBot()
    async with fake_discord.running(bot):
        await bot.tree.sync()
        handle = await fake_discord.slash(fake_discord.guild.id, fake_discord.owner, ["broken"])
        with pytest.raises(AssertionError, match="boom"):
            await handle.response(timeout=3)
    errors = fake_discord.errors.take()
    assert any("boom" in e for e in errors)


async def test_a_check_failure_handled_by_the_bot_is_not_an_error(fake_discord: FakeDiscord) -> None:
    student = fake_discord.add_user("student")
    bot = ToyBot()
    async with fake_discord.running(bot):
        await bot.tree.sync()
        denied = await fake_discord.slash(fake_discord.guild.id, student, ["digest"])
        allowed = await fake_discord.slash(fake_discord.guild.id, fake_discord.owner, ["digest"])
        assert (await denied.response())["data"]["content"] == "only instructors can do that"
        assert (await allowed.response())["data"]["content"] == "the digest"
    assert denied.payload["member"]["permissions"] == str(EVERYONE_PERMISSIONS)
    assert not discord.Permissions(EVERYONE_PERMISSIONS).manage_guild


async def test_persistent_button_and_select_work_after_a_restart(fake_discord: FakeDiscord) -> None:
    alice = fake_discord.add_user("alice")
    general = fake_discord.guild.channel("general")
    first = ToyBot()
    async with fake_discord.running(first):
        channel = first.get_channel(general.id)
        assert isinstance(channel, discord.TextChannel)
        sent = await channel.send("Time to check in", view=CheckinView())
    stored = fake_discord.messages[sent.id]
    assert [c["custom_id"] for row in stored["components"] for c in row["components"]] == [
        "checkin:log:60",
        "checkin:level",
    ]

    second = ToyBot()  # a new process: nothing in memory but add_view() in setup_hook
    async with fake_discord.running(second):
        click = await fake_discord.click("checkin:log:60", message=sent.id, user=alice)
        pressed = await click.response()
        select = await fake_discord.click("checkin:level", message=sent.id, user=alice, values=["4"])
        chosen = await select.response()
    assert click.payload["data"] == {"custom_id": "checkin:log:60", "component_type": 2}
    assert pressed["type"] == 4
    assert pressed["data"]["content"] == "logged 60 min for alice"
    assert pressed["data"]["flags"] == EPHEMERAL
    assert select.payload["data"] == {"custom_id": "checkin:level", "component_type": 3, "values": ["4"]}
    assert chosen["type"] == 7
    assert fake_discord.messages[sent.id]["content"] == "level set to 4"


async def test_view_sent_in_an_interaction_reply_handles_clicks(fake_discord: FakeDiscord) -> None:
    bot = ToyBot(persistent=False)
    async with fake_discord.running(bot):
        await bot.tree.sync()
        handle = await fake_discord.slash(fake_discord.guild.id, fake_discord.owner, ["checkin"])
        await handle.response()
        assert handle.original_message is not None
        click = await fake_discord.click(
            "checkin:log:60", message=handle.original_message, user=fake_discord.owner
        )
        assert (await click.response())["data"]["content"] == "logged 60 min for owner"


async def test_modal_opens_and_its_submission_is_handled(fake_discord: FakeDiscord) -> None:
    alice = fake_discord.add_user("alice")
    bot = ToyBot()
    async with fake_discord.running(bot):
        await bot.tree.sync()
        opened = await fake_discord.slash(fake_discord.guild.id, alice, ["plan"])
        modal = await opened.response()
        submitted = await fake_discord.submit_modal(
            "plan:modal", {"plan:position": "Data analyst", "plan:rationale": "I like SQL"}, origin=opened
        )
        saved = await submitted.response()
    assert modal["type"] == 9
    assert modal["data"]["custom_id"] == "plan:modal"
    assert modal["data"]["title"] == "Your plan"
    assert submitted.payload["type"] == 5
    assert saved["data"]["content"] == "plan saved: Data analyst (I like SQL)"
    assert saved["data"]["flags"] == EPHEMERAL


async def test_autocomplete_offers_choices_and_the_command_still_validates(fake_discord: FakeDiscord) -> None:
    bot = ToyBot()
    async with fake_discord.running(bot):
        await bot.tree.sync()
        typing = await fake_discord.autocomplete(
            fake_discord.guild.id, fake_discord.owner, ["track"], {"name": "data"}, focused="name"
        )
        offered = await typing.response()
        forged = await fake_discord.slash(
            fake_discord.guild.id, fake_discord.owner, ["track"], {"name": "hacking"}
        )
        refused = await forged.response()
    assert offered["type"] == 8
    assert offered["data"]["choices"] == [
        {"name": "data-analysis", "value": "data-analysis"},
        {"name": "data-engineering", "value": "data-engineering"},
    ]
    assert typing.payload["data"]["options"] == [
        {"name": "name", "type": 3, "value": "data", "focused": True}
    ]
    assert bot.seen == ["data"]
    assert refused["data"]["content"] == "unknown track 'hacking'"


async def test_gateway_reconnect_resumes_and_keeps_serving(fake_discord: FakeDiscord) -> None:
    bot = ToyBot()
    resumed = asyncio.Event()

    async def on_resumed() -> None:
        resumed.set()

    bot.event(on_resumed)
    async with fake_discord.running(bot):
        await bot.tree.sync()
        await fake_discord.gateway.request_reconnect()
        await asyncio.wait_for(resumed.wait(), 5)
        handle = await fake_discord.slash(
            fake_discord.guild.id, fake_discord.owner, ["skill", "add"], {"name": "Go", "level": 1}
        )
        assert (await handle.response())["data"]["content"] == "added Go at level 1"
    assert len(fake_discord.gateway.identifies) == 1
    assert fake_discord.gateway.resumes[0]["session_id"] in fake_discord.gateway.sessions


async def test_dm_interaction_carries_user_not_member(fake_discord: FakeDiscord) -> None:
    alice = fake_discord.add_user("alice")
    bot = ToyBot()
    async with fake_discord.running(bot):
        await bot.tree.sync()
        handle = await fake_discord.slash(None, alice, ["skill", "add"], {"name": "R", "level": 2})
        assert (await handle.response())["data"]["content"] == "added R at level 2"
    assert "member" not in handle.payload
    assert handle.payload["user"]["id"] == str(alice.id)
    assert handle.payload["channel"]["type"] == 1
