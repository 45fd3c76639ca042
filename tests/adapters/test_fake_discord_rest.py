"""The fake Discord's REST side against the real discord.py client: DMs and refusals, 429s
(per route and global), 5xx, nonce deduplication, mention resolution and payload limits."""

from __future__ import annotations

import asyncio

import discord
import pytest

from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.toy_bot import ToyBot


def general(bot: discord.Client, fake: FakeDiscord) -> discord.TextChannel:
    channel = bot.get_channel(fake.guild.channel("general").id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_dm_opens_a_channel_then_posts(fake_discord: FakeDiscord) -> None:
    alice = fake_discord.add_user("alice")
    async with fake_discord.running(ToyBot()) as bot:
        user = await bot.fetch_user(alice.id)
        sent = await user.send("Time for your weekly check-in")
    opened = fake_discord.requests_to("POST /users/@me/channels")
    assert [r.json for r in opened] == [{"recipient_id": alice.id}]
    dm = fake_discord.dm_messages(alice)
    assert [m["content"] for m in dm] == ["Time for your weekly check-in"]
    assert int(dm[0]["id"]) == sent.id
    posted = fake_discord.requests_to("POST /channels/*/messages")[0]
    assert posted.path == f"/channels/{dm[0]['channel_id']}/messages"
    assert posted.headers["Content-Type"] == "application/json"


async def test_refused_dm_raises_forbidden_50007(fake_discord: FakeDiscord) -> None:
    bob = fake_discord.add_user("bob")
    fake_discord.refuse_dms(bob)
    async with fake_discord.running(ToyBot()) as bot:
        user = await bot.fetch_user(bob.id)
        with pytest.raises(discord.Forbidden) as refused:
            await user.send("hello?")
    assert refused.value.code == 50007
    assert refused.value.text == "Cannot send messages to this user"
    assert fake_discord.dm_messages(bob) == []


async def test_refusing_at_channel_creation_and_injected_403(fake_discord: FakeDiscord) -> None:
    carol = fake_discord.add_user("carol")
    fake_discord.refuse_dms(carol, at="channel")
    async with fake_discord.running(ToyBot()) as bot:
        with pytest.raises(discord.Forbidden) as at_open:
            await bot.create_dm(discord.Object(carol.id))
        fake_discord.fail_next("POST /channels/*/messages", 403, code=50013)
        with pytest.raises(discord.Forbidden) as injected:
            await general(bot, fake_discord).send("hi")
    assert at_open.value.code == 50007
    assert (injected.value.code, injected.value.text) == (50013, "Missing Permissions")


async def test_per_route_429_is_retried_after_retry_after(fake_discord: FakeDiscord) -> None:
    async with fake_discord.running(ToyBot()) as bot:
        fake_discord.fail_next("POST /channels/*/messages", 429, retry_after=0.2)
        loop = asyncio.get_running_loop()
        started = loop.time()
        sent = await general(bot, fake_discord).send("after a rate limit")
        elapsed = loop.time() - started
    attempts = fake_discord.requests_to("POST /channels/*/messages")
    assert [r.status for r in attempts] == [429, 200]
    assert elapsed >= 0.2
    assert [m["id"] for m in fake_discord.messages_in(sent.channel.id)] == [str(sent.id)]


async def test_global_429_holds_every_route_until_it_is_over(fake_discord: FakeDiscord) -> None:
    alice = fake_discord.add_user("alice")
    async with fake_discord.running(ToyBot()) as bot:
        fake_discord.fail_next("POST /channels/*/messages", 429, retry_after=0.4, global_=True)
        loop = asyncio.get_running_loop()
        send = asyncio.create_task(general(bot, fake_discord).send("globally limited"))
        await fake_discord.wait_for_request("POST /channels/*/messages")
        await asyncio.sleep(0.05)
        started = loop.time()
        await bot.fetch_user(alice.id)  # another route: must wait for the global limit too
        waited = loop.time() - started
        await asyncio.wait_for(send, 5)
    assert waited >= 0.2
    assert [r.status for r in fake_discord.requests_to("POST /channels/*/messages")] == [429, 200]


async def test_429_without_via_header_is_a_cloudflare_ban_for_discord_py(fake_discord: FakeDiscord) -> None:
    async with fake_discord.running(ToyBot()) as bot:
        fake_discord.fail_next("POST /channels/*/messages", 429, retry_after=0.05)
        fake_discord.world.faults[-1].headers.pop("Via")
        with pytest.raises(discord.HTTPException) as banned:
            await general(bot, fake_discord).send("x")
    assert banned.value.status == 429


async def test_5xx_502_is_retried_and_503_is_raised(fake_discord: FakeDiscord) -> None:
    async with fake_discord.running(ToyBot()) as bot:
        channel = general(bot, fake_discord)
        fake_discord.fail_next("POST /channels/*/messages", 502)
        await channel.send("after a bad gateway")  # discord.py sleeps 1 s and retries
        fake_discord.fail_next("POST /channels/*/messages", 503)
        with pytest.raises(discord.DiscordServerError):
            await channel.send("unavailable")
    assert [r.status for r in fake_discord.requests_to("POST /channels/*/messages")] == [502, 200, 503]


async def test_a_repeated_nonce_returns_the_same_message(fake_discord: FakeDiscord) -> None:
    async with fake_discord.running(ToyBot()) as bot:
        channel = general(bot, fake_discord)
        first = await channel.send("digest for week 47", nonce="outbox-42")
        again = await channel.send("digest for week 47", nonce="outbox-42")
    assert first.id == again.id
    assert len(fake_discord.messages_in(channel.id)) == 1
    bodies = [r.json for r in fake_discord.requests_to("POST /channels/*/messages")]
    assert all(b["nonce"] == "outbox-42" and b["enforce_nonce"] is True for b in bodies)


async def test_mentions_resolve_only_as_allowed(fake_discord: FakeDiscord) -> None:
    role = fake_discord.guild.add_role("Students", mentionable=True)
    text = f"@everyone look at {role.mention} and {fake_discord.owner.mention}"
    async with fake_discord.running(ToyBot()) as bot:  # ToyBot: AllowedMentions.none()
        channel = general(bot, fake_discord)
        quiet = await channel.send(text)
        loud = await channel.send(text, allowed_mentions=discord.AllowedMentions.all())
    quiet_data = fake_discord.messages[quiet.id]
    assert quiet_data["mention_everyone"] is False
    assert quiet_data["mention_roles"] == []
    assert quiet_data["mentions"] == []
    loud_data = fake_discord.messages[loud.id]
    assert loud_data["mention_everyone"] is True
    assert loud_data["mention_roles"] == [str(role.id)]
    assert [u["id"] for u in loud_data["mentions"]] == [str(fake_discord.owner.id)]


async def test_oversize_payloads_are_rejected_like_discord(fake_discord: FakeDiscord) -> None:
    async with fake_discord.running(ToyBot()) as bot:
        channel = general(bot, fake_discord)
        with pytest.raises(discord.HTTPException) as too_long:
            await channel.send("x" * 2001)
        embed = discord.Embed(title="t", description="d" * 4096)
        for i in range(25):
            embed.add_field(name=f"f{i}", value="v" * 100)
        with pytest.raises(discord.HTTPException) as too_big:
            await channel.send(embed=embed)
        await channel.send("x" * 2000)
    assert (too_long.value.status, too_long.value.code) == (400, 50035)
    assert "content" in too_long.value.text
    assert too_big.value.code == 50035
    assert "6000" in too_big.value.text


async def test_unknown_endpoints_are_recorded_as_unhandled(fake_discord: FakeDiscord) -> None:
    async with fake_discord.running(ToyBot()) as bot:
        with pytest.raises(discord.NotFound):
            await bot.fetch_guild(fake_discord.guild.id)  # GET /guilds/{id}: not faked
    assert [r.route for r in fake_discord.rest.unhandled] == [f"GET /guilds/{fake_discord.guild.id}"]
    fake_discord.rest.unhandled.clear()


async def test_sharded_client_routes_guilds_to_their_shard(fake_discord: FakeDiscord) -> None:
    second = fake_discord.add_guild("Second Cohort")

    class Sharded(discord.AutoShardedClient):
        async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
            return None  # discord.py waits 5 s between IDENTIFYs by default

    bot = Sharded(intents=discord.Intents.default(), shard_count=2, guild_ready_timeout=0.05)
    async with fake_discord.running(bot):
        assert {g.id for g in bot.guilds} == {fake_discord.guild.id, second.id}
        shards = {g.id: g.shard_id for g in bot.guilds}
    assert sorted(i["shard"] for i in fake_discord.gateway.identifies) == [[0, 2], [1, 2]]
    assert shards[second.id] == (second.id >> 22) % 2
