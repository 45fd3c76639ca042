"""What a person must not be able to do through Discord: ping everyone (or a role) with a
skill name or a display name, run an instructor command as a student (whatever Discord's
own command permissions allow), or slip in a value that autocomplete never offered. And
autocomplete itself offers the member's own skills, tracks and time zones."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.discord.sink import DiscordSink
from core.bootstrap import Stride
from core.clock import FixedClock
from core.services.delivery import deliver_due
from core.services.notifications import enqueue_due
from tests.adapters.discord_support import COHORT, App, message_text, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import JSON

RAW_MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>", re.IGNORECASE)
FRIDAY_18H_BERLIN = datetime(2026, 11, 20, 17, 1, tzinfo=UTC)  # the weekly leaderboard post
FIRST_OF_MONTH_10H_BERLIN = datetime(2026, 12, 1, 9, 5, tzinfo=UTC)


def _assert_pings_nobody(messages: list[JSON]) -> None:
    assert messages
    for message in messages:
        assert message["mention_everyone"] is False, message
        assert message["mention_roles"] == [], message
        assert message["mentions"] == [], message
        assert RAW_MENTION.search(message_text(message)) is None, message_text(message)
        for row in message.get("components") or []:  # button labels and select placeholders too
            for item in row["components"]:
                shown = " ".join(str(item.get(k) or "") for k in ("label", "placeholder"))
                assert RAW_MENTION.search(shown) is None, shown


async def test_mentions_in_a_skill_name_and_a_display_name_ping_nobody(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    role = fake_discord.guild.add_role("students", mentionable=True)
    hostile = f"@everyone <@&{role.id}> @here"
    async with running_app(fake_discord, stride, clock) as app:
        fake_discord.guild.members[app.ada.id].nick = f"Ada {hostile}"
        await app.ok(app.prof, ["cohort", "create"], {"name": COHORT, "tz": "Europe/Berlin"})
        joined = await app.ok(app.ada, ["cohort", "join"], {"name": COHORT})
        await app.ok(app.ada, ["budget", "set"], {"track": "dsa", "hours": "5-7"})
        await app.ok(app.ada, ["checkin"], {"hours": "2", "track": "dsa"})
        skill = {"name": f"SQL {hostile}", "kind": "general", "priority": 1, "current": 1, "target": 3}
        added = await app.ok(app.ada, ["skill", "add"], skill)
        listed = await app.ok(app.ada, ["skill", "list"])
        board = await app.ok(app.ada, ["leaderboard"])
        digest = await app.ok(app.prof, ["digest"])
        clock.set(FRIDAY_18H_BERLIN)
        await enqueue_due(stride.services)
        posted = await deliver_due(stride.services, DiscordSink(app.client), owner="test")
        clock.set(FIRST_OF_MONTH_10H_BERLIN)
        await enqueue_due(stride.services)
        dm = await deliver_due(stride.services, DiscordSink(app.client), owner="test")
    assert (posted.sent, dm.sent) == (1, 1)
    assert not int(board.messages[0].get("flags") or 0) & 64  # the board is public
    assert "Your budget" in board.text  # and ada's band follows it, privately
    for reply in (joined, added, listed, board, digest):
        _assert_pings_nobody(reply.messages)
    assert "Ada" in board.text  # shown, only neutralised
    assert "everyone" in board.text
    assert "SQL" in listed.text
    assert "everyone" in listed.text
    channel_posts = fake_discord.messages_in(app.channel_id)
    _assert_pings_nobody(channel_posts)
    _assert_pings_nobody(fake_discord.dm_messages(app.ada))
    delivered = [m for m in channel_posts if "interaction_metadata" not in m]
    assert len(delivered) == 1
    for message in [*delivered, *fake_discord.dm_messages(app.ada)]:
        assert message.get("nonce")
    async with stride.services.uow() as uow:
        cohort = (await uow.cohorts.named(COHORT))[0]
        member = await uow.members.get(cohort.id, str(app.ada.id))
        assert member is not None
        stored = [s.name for s in await uow.skills.for_member(member.id)]
    assert member.display_name == f"Ada {hostile}"  # kept verbatim, shown safely
    assert stored == [f"SQL {hostile}"]


async def _cohort_settings(app: App) -> tuple[int, str | None, str, dict[str, object]]:
    async with app.stride.services.uow() as uow:
        cohort = (await uow.cohorts.named(COHORT))[0]
    return cohort.horizon_weeks, cohort.channel_id, cohort.timezone, cohort.settings


async def test_a_student_calling_instructor_commands_is_refused_and_nothing_changes(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    other = fake_discord.guild.add_channel("elsewhere")  # before login: the bot knows it
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        before = await _cohort_settings(app)
        refusals = [
            await app.fails(app.ada, ["cohort", "set"], {"horizon": 10, "channel": other, "timezone": "UTC"}),
            await app.fails(app.ada, ["cohort", "schedule"], {"kind": "digest", "enabled": False}),
            await app.fails(app.ada, ["digest"]),
            await app.fails(app.ada, ["plan", "show"], {"member": app.prof}),
        ]
        assert await _cohort_settings(app) == before
        allowed = await app.ok(app.prof, ["cohort", "set"], {"horizon": 40})
    for refusal in refusals[:3]:
        assert "Only an instructor of ML-Fall-2026" in refusal.text
        assert refusal.text.count(". ") == 0  # one sentence
    assert "Plans are private" in refusals[3].text
    assert "Updated horizon" in allowed.text
    # Discord itself would let anyone run them: the commands are synced without restrictions.
    cohort = next(c for c in fake_discord.commands[None] if c["name"] == "cohort")
    digest = next(c for c in fake_discord.commands[None] if c["name"] == "digest")
    assert cohort.get("default_member_permissions") is None
    assert digest.get("default_member_permissions") is None


async def _choices(app: App, path: list[str], options: dict[str, str], focused: str) -> list[str]:
    handle = await app.fake.autocomplete(app.guild_id, app.ada, path, options, focused=focused)
    answer = await handle.response()
    assert answer["type"] == 8
    return [choice["value"] for choice in answer["data"]["choices"]]


async def test_autocomplete_offers_the_members_own_values(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)  # ada: the skill SQL and the track dsa
        await app.ok(app.ada, ["budget", "set"], {"track": "reading", "hours": "4", "per": "month"})
        await app.ok(app.prof, ["budget", "set"], {"track": "teaching", "hours": "2"})
        assert await _choices(app, ["skill", "update"], {"name": ""}, "name") == ["SQL"]
        assert await _choices(app, ["skill", "assess"], {"name": "sq"}, "name") == ["SQL"]
        assert await _choices(app, ["checkin"], {"hours": "1", "track": ""}, "track") == ["dsa", "reading"]
        assert await _choices(app, ["budget", "remove"], {"track": "rea"}, "track") == ["reading"]
        assert await _choices(app, ["checkin"], {"hours": "1", "track": "dsa", "skill": "s"}, "skill") == [
            "SQL"
        ]
        zones = await _choices(app, ["me", "timezone"], {"zone": "berl"}, "zone")
        assert zones == ["Europe/Berlin"]
        assert len(await _choices(app, ["cohort", "create"], {"name": "x", "tz": "America"}, "tz")) == 25


async def test_values_autocomplete_never_offered_get_a_clear_error(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        member = await app.member(app.ada)
        async with stride.services.uow() as uow:
            minutes_before = await uow.checkins.count(member.id)
        nope = await app.fails(app.ada, ["skill", "update"], {"name": "nope", "target": 5})
        zzz = await app.fails(app.ada, ["checkin"], {"hours": "1", "track": "zzz"})
        no_skill = await app.fails(app.ada, ["checkin"], {"hours": "1", "track": "dsa", "skill": "nope"})
        zone = await app.fails(app.ada, ["me", "timezone"], {"zone": "Mars/Olympus"})
        gone = await app.fails(app.ada, ["budget", "remove"], {"track": "zzz"})
        async with stride.services.uow() as uow:
            assert await uow.checkins.count(member.id) == minutes_before
    assert "no skill called 'nope'" in nope.text
    assert "SQL" in nope.text  # says which ones there are
    assert "no budget for track 'zzz'" in zzz.text
    assert "dsa" in zzz.text
    assert "no skill called 'nope'" in no_skill.text
    assert "Mars/Olympus" in zone.text
    assert "no budget for zzz" in gone.text
