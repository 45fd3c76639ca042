"""Scheduled group sessions on the fake Discord with the real discord.py client: /session
plan with a voice room (checked against the server), the reminder posted once in the
cohort's channel with a persistent *I'll be there* button that still works after a restart
and acts once, attendance from the voice room reaching /digest, and refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.discord.sink import DiscordSink
from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import session_rsvps
from core.domain.sessions import SessionKind
from core.services.context import membership
from core.services.delivery import deliver_due
from core.services.notifications import enqueue_due
from core.services.study_log import log_session
from tests.adapters.discord_support import EPHEMERAL, App, Reply, new_client, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import JSON, User

GUILD_VOICE = 2
WED = datetime(2026, 11, 18, 10, tzinfo=UTC)
TUE_24 = datetime(2026, 11, 24, 18, tzinfo=UTC)  # 19:00 in Berlin
PLAN = {"title": "DSA night", "day": "tue", "start": "19:00", "length": "90m"}


async def _deliver(app: App) -> int:
    await enqueue_due(app.stride.services)
    report = await deliver_due(app.stride.services, DiscordSink(app.client), owner="test")
    assert report.errors == []
    return report.sent


def _posts(app: App) -> list[JSON]:
    return [m for m in app.fake.world.channel_messages(app.channel_id) if "starts at" in str(m.get("embeds"))]


async def _rsvps(stride: Stride) -> int:
    async with stride.engine.connect() as connection:
        return len((await connection.execute(select(session_rsvps))).all())


async def test_plan_with_a_voice_room_remind_once_and_rsvp_by_button_after_a_restart(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    room = fake_discord.guild.add_channel("dsa-room", GUILD_VOICE)
    clock.set(WED)
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        planned = await app.ok(app.prof, ["session", "plan"], {**PLAN, "room": room})
        assert "Planned session 1, DSA night: every Tue at 19:00 (Europe/Berlin) for 1h 30m" in planned.text
        assert f"every Tue 19:00, 1h 30m in <#{room.id}>" in planned.text
        assert planned.ephemeral
        listing = await app.ok(app.ada, ["session", "plans"])
        assert "DSA night" in listing.text
        assert "next Tue 24 Nov 19:00 · 0 going" in listing.text
        await app.ok(app.ada, ["session", "rsvp"], {"number": 1})  # by text: 1 going
        clock.set(TUE_24 - timedelta(minutes=29))
        assert await _deliver(app) == 1
        assert await _deliver(app) == 0  # a repeated tick posts nothing more
        [post] = _posts(app)
        [embed] = post["embeds"]
        assert embed["title"] == "📅 DSA night"
        assert embed["description"].startswith(
            f"**DSA night** starts at 19:00 in <#{room.id}> (1h 30m) — 1 going"
        )
        [button] = [c for row in post["components"] for c in row["components"]]
        custom_id = f"stride:rsvp:{app.guild_id}:{_session_id(post)}:2026-11-24"
        assert (button["label"], button["custom_id"]) == ("I'll be there", custom_id)
        assert "ada" not in str(post["embeds"]).lower()  # counts only, never names

    restarted = new_client(stride)  # a new process: only the dynamic items know the button
    async with fake_discord.running(restarted):
        app.client = restarted
        bob = fake_discord.add_user("bob")
        await app.ok(bob, ["cohort", "join"], {"name": "ML-Fall-2026"})
        first = await app.collect(await fake_discord.click(custom_id, message=post, user=bob))
        assert first.ephemeral
        assert "You're going to DSA night on Tue 24 Nov 19:00 ✓ (2 going)" in first.text
        second = await app.collect(await fake_discord.click(custom_id, message=post, user=bob))
        assert "You're already going to DSA night on Tue 24 Nov 19:00 (2 going)." in second.text
        assert await _rsvps(stride) == 2
        assert len(_posts(app)) == 1


def _session_id(post: JSON) -> str:
    return str(post["components"][0]["components"][0]["custom_id"]).split(":")[3]


async def test_the_room_must_be_a_voice_channel_of_this_server(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    other = fake_discord.add_guild("Elsewhere", channels=("lounge",))
    far_room = other.add_channel("far-room", GUILD_VOICE)
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        for room in (fake_discord.guild.channel("general"), far_room):
            handle = await fake_discord.slash(
                app.guild_id, app.prof, ["session", "plan"], {**PLAN, "room": room}, validate=False
            )
            reply = await app.collect(handle)
            assert reply.failed
            assert reply.ephemeral
            assert "The room must be a voice channel of this server" in reply.text
        listing = await app.ok(app.ada, ["session", "plans"])
        assert "No group sessions are planned" in listing.text


async def test_students_cannot_plan_and_hostile_titles_get_a_sentence(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        refused = await app.fails(app.ada, ["session", "plan"], PLAN)
        assert (
            "Only an instructor of ML-Fall-2026 can plan a group session; ask your instructor."
            in refused.text
        )
        for title, says in (
            ("@everyone party", "cannot contain @, < or >"),
            ("<@&123> night", "cannot contain @, < or >"),
            ("x" * 5000, "keep it to 80 or fewer"),
        ):
            reply = await app.fails(app.prof, ["session", "plan"], {**PLAN, "title": title})
            assert says in reply.text
            assert all(not m["mention_everyone"] and m["mention_roles"] == [] for m in reply.messages)
        for options, says in (
            ({"day": "someday"}, "is not a day of the week"),
            ({"start": "25:00"}, "is not a time of day"),
            ({"length": "9999h"}, "is not a length"),
            ({"length": "5m"}, "from 15 minutes to 12 hours"),
        ):
            handle = await fake_discord.slash(
                app.guild_id, app.prof, ["session", "plan"], {**PLAN, **options}, validate=False
            )
            reply = await app.collect(handle)
            assert reply.failed, options
            assert says in reply.text
        handle = await fake_discord.slash(
            app.guild_id, app.ada, ["session", "rsvp"], {"number": 10**12}, validate=False
        )
        assert "must be from 1 to 999" in (await app.collect(handle)).text
        missing = await app.fails(app.ada, ["session", "rsvp"], {"number": 3})
        assert "There is no session 3; none are planned yet (see /session plans)." in missing.text


async def _digest(app: App) -> Reply:
    """/digest week=last; its chart follows from a worker process, which may be slow to start."""
    handle = await app.fake.slash(app.guild_id, app.prof, ["digest"], {"week": "last"})
    reply = await app.collect(handle, timeout=60)
    assert not reply.failed, reply.text
    return reply


async def _in_room(stride: Stride, app: App, user: User, start: datetime, minutes: int, room: str) -> None:
    async with stride.services.uow() as uow:
        member = (await membership(uow, app.actor(user), None)).member
        session = await uow.sessions.open(
            member.id, SessionKind.VOICE, "dsa", now=start, counting_since=start, channel_id=room
        )
        end = start + timedelta(minutes=minutes)
        await log_session(uow, session, zone=ZoneInfo("Europe/Berlin"), until=end, now=end)
        await uow.commit()


async def test_attendance_from_the_voice_room_reaches_the_digest(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    room = fake_discord.guild.add_channel("dsa-room", GUILD_VOICE)
    clock.set(WED)
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        bob = fake_discord.add_user("bob")
        await app.ok(bob, ["cohort", "join"], {"name": "ML-Fall-2026"})
        await app.ok(app.prof, ["session", "plan"], {**PLAN, "room": room})
        for week in (TUE_24, TUE_24 + timedelta(days=7)):
            clock.set(week - timedelta(days=1))
            for user in (app.ada, bob):
                await app.ok(user, ["session", "rsvp"], {"number": 1})
            # ada is in the room the whole time; bob only in the text channel's voice-less world
            await _in_room(stride, app, app.ada, week - timedelta(minutes=5), 100, str(room.id))
        clock.set(datetime(2026, 11, 30, 8, tzinfo=UTC))
        first = await _digest(app)
        clock.set(datetime(2026, 12, 7, 8, tzinfo=UTC))
        second = await _digest(app)
    assert "DSA night Tue 24 Nov: 1 of 2 who RSVPed came" in first.text
    assert "missed the last two sessions they RSVPed to" not in first.text  # one miss only
    assert "DSA night Tue 1 Dec: 1 of 2 who RSVPed came" in second.text
    assert "**Bob**: " in second.text
    assert "missed the last two sessions they RSVPed to" in second.text
    assert int(second.messages[0].get("flags") or 0) & EPHEMERAL
