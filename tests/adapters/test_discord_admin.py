"""Who counts as an instructor on Discord, the set-up hint on joining a server, /help for
one command, and the sharded client."""

from __future__ import annotations

from datetime import UTC, datetime

import discord

from bot.discord.client import SETUP_HINT, ShardedStrideDiscord
from core.bootstrap import Stride
from core.clock import FixedClock
from core.services import cohorts
from tests.adapters.discord_support import COHORT, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import MANAGE_GUILD


async def test_manage_server_counts_as_an_instructor_of_the_servers_cohort(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    admin_role = fake_discord.guild.add_role("Admins", MANAGE_GUILD)
    dean = fake_discord.add_user("dean", roles=[admin_role])
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        await app.ok(dean, ["cohort", "join"], {"name": COHORT})
        reply = await app.ok(dean, ["cohort", "set"], {"horizon": 40})
        assert "Updated horizon" in reply.text
        assert "Digest" in (await app.ok(dean, ["digest"])).text
        refused = await app.fails(app.ada, ["cohort", "set"], {"horizon": 30})
        assert "Only an instructor" in refused.text
    async with stride.services.uow() as uow:
        cohort = (await uow.cohorts.named(COHORT))[0]
    assert cohort.horizon_weeks == 40


async def test_a_configured_instructor_role_counts_too(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    ta_role = fake_discord.guild.add_role("TA")
    ta = fake_discord.add_user("ta", roles=[ta_role])
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        await app.ok(ta, ["cohort", "join"], {"name": COHORT})
        assert (await app.fails(ta, ["digest"])).text.startswith("✗")
        app.client.instructor_role_ids = frozenset({ta_role.id})
        assert "Digest" in (await app.ok(ta, ["digest"])).text
        plan = await app.ok(ta, ["plan", "show"], {"member": app.ada.id})
        assert "ML Engineer" in plan.text


async def test_joining_a_server_posts_a_setup_hint_in_its_system_channel(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock):
        school = fake_discord.add_guild("New School", channels=("welcome",))
        school.system_channel_id = school.channels[0].id
        joined = school.create_payload()
        del joined["unavailable"]  # a server the bot has just joined, not one coming back online
        await fake_discord.dispatch("GUILD_CREATE", joined, guild_id=school.id)
        posted = await fake_discord.wait_for_request(f"POST /channels/{school.channels[0].id}/messages")
    assert posted.json is not None
    assert posted.json["content"] == SETUP_HINT


async def test_help_for_one_command_or_group(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        group = await app.ok(app.ada, ["help"], {"command": "/skill"})
        assert "/skill add" in group.text
        assert "/checkin" not in group.text
        one = await app.ok(app.ada, ["help"], {"command": "checkin"})
        assert "/checkin" in one.text
        unknown = await app.say(app.ada, ["help"], {"command": "/fly"})
        assert "There is no command /fly" in unknown.text


async def test_the_sharded_client_serves_commands_on_every_shard(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    second = fake_discord.add_guild("Second School")
    prof = fake_discord.add_user("prof")
    second.add_member(prof)

    class QuickSharded(ShardedStrideDiscord):
        async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
            return None  # discord.py waits 5 s between IDENTIFYs by default

    clock.set(datetime(2026, 11, 18, 10, tzinfo=UTC))
    client = QuickSharded(stride.services, guild_ready_timeout=0.05, shard_count=2)
    async with fake_discord.running(client):
        await client.tree.sync()
        assert isinstance(client, discord.AutoShardedClient)
        for guild in (fake_discord.guild, second):
            handle = await fake_discord.slash(
                guild.id, prof, ["cohort", "create"], {"name": f"C{guild.id % 1000}"}
            )
            answer = await handle.response()
            assert answer["type"] in (4, 5)
    assert sorted(i["shard"] for i in fake_discord.gateway.identifies) == [[0, 2], [1, 2]]
    async with stride.services.uow() as uow:
        made = await uow.cohorts.all()
    assert {c.workspace_id for c in made} == {str(fake_discord.guild.id), str(second.id)}
    assert cohorts.check_cohort_name(made[0].name) == made[0].name
