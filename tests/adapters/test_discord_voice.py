"""Voice study rooms with the real discord.py client against the fake Discord: an instructor
maps rooms with /cohort set, members join and leave through VOICE_STATE_UPDATE, and the time
lands in /progress by the rules; start-up reconciles with GUILD_CREATE's voice states."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
from sqlalchemy import select

from bot.discord.client import PERMISSIONS, ShardedStrideDiscord, StrideDiscord
from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import checkins, study_sessions
from core.domain.model import Actor
from core.services import cohorts
from tests.adapters.discord_support import App, new_client, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import GUILD_STAGE_VOICE, GUILD_VOICE, Channel

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # a Wednesday; Berlin is UTC+1


async def until(check: Callable[[], Awaitable[bool]], what: str, timeout: float = 5.0) -> None:  # noqa: ASYNC109
    """Wait for the bot to have handled a gateway event (its effect is in the database)."""
    async with asyncio.timeout(timeout):
        while not await check():  # noqa: ASYNC110 - the effect is a database row: nothing to await
            await asyncio.sleep(0.02)
    assert await check(), what


async def quiet(timeout: float = 5.0) -> None:  # noqa: ASYNC109
    """For an event that must change nothing: give the frame time to arrive, then wait until
    discord.py runs no voice handler (its event tasks are named ``discord.py: on_EVENT``)."""
    await asyncio.sleep(0.1)
    async with asyncio.timeout(timeout):
        while busy := [
            t
            for t in asyncio.all_tasks()
            if t.get_name() == "discord.py: on_voice_state_update" and not t.done()
        ]:
            await asyncio.wait(busy)


async def voice_minutes(stride: Stride) -> list[tuple[str, int]]:
    async with stride.engine.connect() as connection:
        rows = await connection.execute(
            select(checkins.c.track, checkins.c.minutes)
            .where(checkins.c.source == "voice")
            .order_by(checkins.c.id)
        )
        return [(r.track, r.minutes) for r in rows]


async def sessions(stride: Stride) -> list[tuple[str, str, bool]]:
    """(track, status, counting) of every session, oldest first."""
    async with stride.engine.connect() as connection:
        rows = await connection.execute(
            select(study_sessions.c.track, study_sessions.c.status, study_sessions.c.counting_since).order_by(
                study_sessions.c.id
            )
        )
        return [(r.track, r.status, r.counting_since is not None) for r in rows]


def rooms(fake: FakeDiscord) -> tuple[Channel, Channel, Channel, Channel]:
    guild = fake.guild
    dsa = guild.add_channel("dsa-room", GUILD_VOICE)
    project = guild.add_channel("proj-room", GUILD_STAGE_VOICE)
    lounge = guild.add_channel("lounge", GUILD_VOICE)
    afk = guild.add_channel("afk", GUILD_VOICE)
    guild.afk_channel_id = afk.id
    return dsa, project, lounge, afk


async def mapped(app: App, *pairs: tuple[Channel, str]) -> None:
    await seed_world(app)
    app.clock.set(START)
    for room, track in pairs:
        reply = await app.ok(app.prof, ["cohort", "set"], {"voice_room": room, "voice_track": track})
        assert "Updated voice rooms." in reply.text


async def step(
    app: App, minutes: float, room: Channel | None, *, deaf: bool = False, expect: list[tuple[str, str, bool]]
) -> None:
    """At START + ``minutes`` ada is in ``room`` (deafened or not); wait for the sessions to read
    ``expect``."""
    app.clock.set(START + timedelta(minutes=minutes))
    await app.fake.voice(app.ada, room, self_deaf=deaf)

    async def done() -> bool:
        return await sessions(app.stride) == expect

    await until(done, f"sessions {expect}")


async def test_a_class_joins_a_mapped_room_and_sees_the_hours_in_progress(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    dsa, *_ = rooms(fake_discord)
    async with running_app(fake_discord, stride, clock) as app:
        await mapped(app, (dsa, "dsa"))
        shown = await app.ok(app.ada, ["cohort", "show"])
        assert f"<#{dsa.id}> → dsa" in shown.text
        await step(app, 0, dsa, expect=[("dsa", "open", True)])
        await step(app, 30, None, expect=[("dsa", "logged", False)])
        assert await voice_minutes(stride) == [("dsa", 30)]
        progress = await app.ok(app.ada, ["progress"])
        assert "1h 30m" in progress.text  # the hour seed_world typed, and the half hour in the room


async def test_under_five_minutes_deafened_and_afk_time_do_not_count(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    dsa, _, _, afk = rooms(fake_discord)
    async with running_app(fake_discord, stride, clock) as app:
        await mapped(app, (dsa, "dsa"), (afk, "dsa"))
        await step(app, 0, dsa, expect=[("dsa", "open", True)])
        await step(app, 4, None, expect=[("dsa", "discarded", False)])
        await step(app, 10, dsa, expect=[("dsa", "discarded", False), ("dsa", "open", True)])
        await step(app, 20, dsa, deaf=True, expect=[("dsa", "discarded", False), ("dsa", "open", False)])
        await step(app, 50, dsa, expect=[("dsa", "discarded", False), ("dsa", "open", True)])
        await step(app, 60, afk, expect=[("dsa", "discarded", False), ("dsa", "logged", False)])
        app.clock.set(START + timedelta(minutes=120))
        await fake_discord.voice(app.ada, None)  # out of the AFK channel: nothing may change
        await quiet()
        assert await sessions(stride) == [("dsa", "discarded", False), ("dsa", "logged", False)]
        assert await voice_minutes(stride) == [("dsa", 20)]  # 10 before deafening, 10 after


async def test_moving_rooms_splits_by_track_and_midnight_splits_by_date(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    dsa, project, lounge, _ = rooms(fake_discord)
    async with running_app(fake_discord, stride, clock) as app:
        await mapped(app, (dsa, "dsa"), (project, "project"))
        await step(app, 0, dsa, expect=[("dsa", "open", True)])
        await step(app, 25, project, expect=[("dsa", "logged", False), ("project", "open", True)])
        await step(app, 40, lounge, expect=[("dsa", "logged", False), ("project", "logged", False)])
        assert await voice_minutes(stride) == [("dsa", 25), ("project", 15)]
        # 22:30–01:15 Berlin time: 90 minutes on the 18th, 75 on the 19th.
        late = [("dsa", "logged", False), ("project", "logged", False)]
        await step(app, 11 * 60 + 30, dsa, expect=[*late, ("dsa", "open", True)])
        await step(app, 14 * 60 + 15, None, expect=[*late, ("dsa", "logged", False)])
        async with stride.engine.connect() as connection:
            rows = await connection.execute(
                select(checkins.c.local_date, checkins.c.minutes)
                .where(checkins.c.source == "voice", checkins.c.track == "dsa")
                .order_by(checkins.c.id)
            )
            days = [(r.local_date.isoformat(), r.minutes) for r in rows]
        assert days == [("2026-11-18", 25), ("2026-11-18", 90), ("2026-11-19", 75)]


async def test_the_day_cap_holds_for_voice(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    dsa, *_ = rooms(fake_discord)
    async with running_app(fake_discord, stride, clock) as app:
        await mapped(app, (dsa, "dsa"))  # seed_world typed 1h today
        await app.ok(app.ada, ["checkin"], {"hours": "22h30m", "track": "dsa"})
        await step(app, 0, dsa, expect=[("dsa", "open", True)])
        await step(app, 60, None, expect=[("dsa", "logged", False)])
        assert await voice_minutes(stride) == [("dsa", 30)]


async def test_me_voice_off_stops_tracking(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    dsa, *_ = rooms(fake_discord)
    async with running_app(fake_discord, stride, clock) as app:
        await mapped(app, (dsa, "dsa"))
        await step(app, 0, dsa, expect=[("dsa", "open", True)])
        clock.set(START + timedelta(minutes=20))
        reply = await app.ok(app.ada, ["me", "voice"], {"enabled": False})
        assert reply.ephemeral
        assert "no longer counts for you. Your time in the room so far was logged: 20m on dsa." in reply.text
        assert "not counted" in reply.text
        assert await sessions(stride) == [("dsa", "logged", False)]
        await step(app, 30, None, expect=[("dsa", "logged", False)])
        await step(app, 40, dsa, expect=[("dsa", "logged", False)])  # nothing opens
        await quiet()
        clock.set(START + timedelta(minutes=50))
        on = await app.ok(app.ada, ["me", "voice"], {"enabled": True})
        assert "counts again" in on.text
        await step(app, 60, None, expect=[("dsa", "logged", False)])
        assert await voice_minutes(stride) == [("dsa", 20)]


async def test_mapping_rooms_is_checked_on_the_server(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    dsa, *_ = rooms(fake_discord)
    other = fake_discord.add_guild("Other Server")
    elsewhere = other.add_channel("their-room", GUILD_VOICE)
    text_channel = fake_discord.guild.channels[0]
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        bad: list[dict[str, Any]] = [
            {"voice_room": dsa},
            {"voice_track": "dsa"},
            {"voice_room": dsa, "voice_track": "Not A Track"},
            {"voice_room": dsa, "voice_track": "x" * 5000},
            {"voice_room": dsa, "voice_track": "@everyone"},
            {"voice_room": text_channel, "voice_track": "dsa"},
            {"voice_room": elsewhere, "voice_track": "dsa"},
        ]
        said: dict[object, str] = {}
        for options in bad:
            handle = await fake_discord.slash(
                app.guild_id, app.prof, ["cohort", "set"], options, validate=False
            )
            reply = await app.collect(handle)
            handle.errors.clear()
            assert reply.failed, (options, reply.text)
            assert reply.ephemeral, (options, reply.text)
            assert "Traceback" not in reply.text, reply.text
            assert "did not work" not in reply.text, reply.text
            assert not any(m["mention_everyone"] for m in reply.messages)
            said[options.get("voice_room") or options.get("voice_track")] = reply.text
        # discord.py itself resolves the option against this server's cached channels;
        # Stride says which kind the option takes instead of discord.py's "Failed to convert".
        wrong = (
            "✗ That channel can't be used here; "
            "pick one of this server's stage or voice channels from the list."
        )
        assert said[elsewhere] == wrong
        assert said[text_channel] == wrong
        assert said["dsa"].startswith("✗ Pick the voice room and its track together")
        student = await app.fails(app.ada, ["cohort", "set"], {"voice_room": dsa, "voice_track": "dsa"})
        assert "Only an instructor" in student.text
        fake_discord.errors.take()
        shown = await app.ok(app.prof, ["cohort", "show"])
        assert "Voice study rooms\nnone" in shown.text
        added = await app.ok(app.prof, ["cohort", "set"], {"voice_room": dsa, "voice_track": "dsa"})
        assert f"<#{dsa.id}> → dsa" in added.text
        off = await app.ok(app.prof, ["cohort", "set"], {"voice_room": dsa, "voice_track": "off"})
        assert f"<#{dsa.id}>" not in off.text


async def test_start_up_reconciles_with_the_voice_states_of_guild_create(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    """A restart: ada stays in the room (keeps her session), bob left while the bot was
    down (closed at his last heartbeat), carol came in meanwhile (a session from now)."""
    dsa, *_ = rooms(fake_discord)
    bob = fake_discord.add_user("bob")
    carol = fake_discord.add_user("carol")
    async with running_app(fake_discord, stride, clock) as app:
        await mapped(app, (dsa, "dsa"))
        for user in (bob, carol):
            await app.ok(user, ["cohort", "join"], {"name": "ML-Fall-2026"})
        for user in (app.ada, bob):
            await fake_discord.voice(user, dsa)
        await until(lambda: _count_open(stride, 2), "two sessions")
        clock.set(START + timedelta(minutes=30))
        await app.client.voice.beat()
    # Down: bob leaves, carol joins; nothing is dispatched to anyone.
    await fake_discord.voice(bob, None, dispatch=False)
    await fake_discord.voice(carol, dsa, dispatch=False)
    clock.set(START + timedelta(minutes=50))
    client = new_client(stride)
    async with fake_discord.running(client):
        await until(lambda: _count_open(stride, 2, logged=1), "reconciled")
        clock.set(START + timedelta(minutes=70))
        await fake_discord.voice(app.ada, None)
        await fake_discord.voice(carol, None)
        await until(lambda: _count_open(stride, 0, logged=3), "everyone left")
    assert sorted(await voice_minutes(stride)) == [("dsa", 20), ("dsa", 30), ("dsa", 70)]


async def _count_open(stride: Stride, live: int, *, logged: int = 0) -> bool:
    states = [status for _, status, _ in await sessions(stride)]
    return states.count("open") == live and states.count("logged") == logged


async def test_the_client_asks_for_voice_states_and_nothing_privileged(
    fake_discord: FakeDiscord, stride: Stride
) -> None:
    client = StrideDiscord(stride.services, guild_ready_timeout=0.05)
    assert client.intents.voice_states
    assert not client.intents.members
    assert not client.intents.message_content
    assert discord.Permissions(view_channel=True, send_messages=True, embed_links=True) == PERMISSIONS
    async with fake_discord.running(client):
        identified = int(fake_discord.gateway.identifies[-1]["intents"])
        assert identified == discord.Intents(guilds=True, voice_states=True).value


async def test_a_sharded_client_reconciles_each_guild_on_its_own_shard(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    """Members already in mapped rooms when the bot starts get a session from now, in each
    server, whichever shard brings it; leaving then logs their time."""
    second = fake_discord.add_guild("Second School")
    ada = fake_discord.add_user("ada")
    second.add_member(ada)
    clock.set(START)
    for guild in (fake_discord.guild, second):
        room = guild.add_channel("dsa-room", GUILD_VOICE)
        prof = Actor("discord", str(guild.id), str(fake_discord.owner.id), "Owner")
        await cohorts.create_cohort(stride.services, prof, f"C{guild.id % 1000}", "UTC")
        await cohorts.join_cohort(
            stride.services, Actor("discord", str(guild.id), str(ada.id), "Ada"), f"C{guild.id % 1000}"
        )
        await cohorts.update_cohort(stride.services, prof, None, {"voice": f"{room.id}:dsa"})
        await fake_discord.voice(ada, room, guild=guild, dispatch=False)

    class QuickSharded(ShardedStrideDiscord):
        async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
            return None  # discord.py waits 5 s between IDENTIFYs by default

    client = QuickSharded(stride.services, guild_ready_timeout=0.05, shard_count=2)
    async with fake_discord.running(client):
        await until(lambda: _count_open(stride, 2), "a session in each server")
        clock.set(START + timedelta(minutes=45))
        for guild in (fake_discord.guild, second):
            await fake_discord.voice(ada, None, guild=guild)
        await until(lambda: _count_open(stride, 0, logged=2), "both logged")
    assert await voice_minutes(stride) == [("dsa", 45), ("dsa", 45)]


async def test_a_new_gateway_session_reconciles_like_a_start(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    """The connection drops and RESUME is refused: the new session's GUILD_CREATE no longer
    shows ada in the room, so her session ends at its last heartbeat, not at the reconnect."""
    dsa, *_ = rooms(fake_discord)
    async with running_app(fake_discord, stride, clock) as app:
        await mapped(app, (dsa, "dsa"))
        await step(app, 0, dsa, expect=[("dsa", "open", True)])
        clock.set(START + timedelta(minutes=20))
        await app.client.voice.beat()
        await fake_discord.voice(app.ada, None, dispatch=False)
        fake_discord.gateway.sessions.clear()  # RESUME gets INVALID_SESSION: a new IDENTIFY
        clock.set(START + timedelta(minutes=50))
        await fake_discord.gateway.close_all(code=4000)
        await until(lambda: _count_open(stride, 0, logged=1), "closed at the last heartbeat", timeout=15)
        assert len(fake_discord.gateway.identifies) == 2
    assert await voice_minutes(stride) == [("dsa", 20)]
