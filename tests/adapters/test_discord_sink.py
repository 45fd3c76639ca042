"""Outbox delivery over Discord (``DiscordSink`` on the real client against the fake), and
the two set-up commands: ``stride discord invite-url`` and ``stride discord sync``.

Channel posts land in the cohort's own channel; a DM channel is opened once per user and
reused; every message carries a nonce derived from its outbox row with ``enforce_nonce``,
so the resend that follows a crash between sending and marking sent posts nothing new."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import discord
import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.discord.sink import DiscordSink
from core.bootstrap import Stride
from core.clock import FixedClock
from core.services import budgets, checkins, cohorts, reflections
from core.services.delivery import LEASE, Outgoing, deliver_due, nonce_for, view_of
from core.services.notifications import enqueue_due
from core.views.base import Attachment
from tests.adapters.discord_support import COHORT, App, new_client, running_app
from tests.adapters.fake_discord import FakeDiscord

FRIDAY_18H_BERLIN = datetime(2026, 11, 20, 17, 1, tzinfo=UTC)  # leaderboard post (channel)
SUNDAY_18H_BERLIN = datetime(2026, 11, 22, 17, 1, tzinfo=UTC)  # hours check-in (DM)
MONDAY_9H_BERLIN = datetime(2026, 11, 23, 8, 1, tzinfo=UTC)  # weekly reminder (channel + DM)


async def _class(app: App, channel_id: int) -> None:
    """prof's cohort bound to ``channel_id``; ada in it with a budget (so she gets check-ins)."""
    ctx = app.stride.services
    await cohorts.create_cohort(ctx, app.actor(app.prof), COHORT, "Europe/Berlin", str(channel_id))
    await cohorts.join_cohort(ctx, app.actor(app.ada), COHORT)
    await budgets.set_budget(ctx, app.actor(app.ada), None, "dsa", 300, 420, "week")
    await checkins.check_in(ctx, app.actor(app.ada), None, minutes=60, track="dsa")  # a board to post


async def _tick(app: App, sink: DiscordSink, at: datetime) -> int:
    app.clock.set(at)
    await enqueue_due(app.stride.services)
    report = await deliver_due(app.stride.services, sink, owner="test")
    assert report.errors == []
    return report.sent


async def test_channel_posts_go_to_the_cohorts_channel_and_dm_channels_are_opened_once(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    classroom = fake_discord.guild.add_channel("ml-class")
    async with running_app(fake_discord, stride, clock) as app:
        await _class(app, classroom.id)
        sink = DiscordSink(app.client)
        assert await _tick(app, sink, FRIDAY_18H_BERLIN) == 1  # the leaderboard
        assert await _tick(app, sink, SUNDAY_18H_BERLIN) == 1  # ada's check-in DM
        sent = await _tick(app, sink, MONDAY_9H_BERLIN)  # reminder: channel, ada; digest: prof
        assert sent == 3
    posts = [m for m in fake_discord.messages_in(classroom.id) if "interaction_metadata" not in m]
    assert len(posts) == 2
    assert posts[0]["embeds"][0]["title"].startswith("Leaderboard of")
    assert fake_discord.messages_in(app.channel_id) == []  # nothing in the server's other channel
    assert len(fake_discord.dm_messages(app.ada)) == 2
    assert len(fake_discord.dm_messages(app.prof)) == 1
    opened = [str(r.json["recipient_id"]) for r in fake_discord.requests_to("POST /users/@me/channels")]
    assert sorted(opened) == sorted([str(app.ada.id), str(app.prof.id)])  # ada's opened once
    sends = fake_discord.requests_to("POST /channels/*/messages")
    assert len(sends) == 5
    for request in sends:
        assert request.json["enforce_nonce"] is True
        assert request.json["nonce"].startswith("stride-")
        assert request.json["allowed_mentions"] == {"parse": []}
    assert len({r.json["nonce"] for r in sends}) == 5


@pytest.mark.parametrize("back_after", [LEASE + timedelta(minutes=1), timedelta(hours=6)])
async def test_a_crash_between_send_and_mark_sent_posts_the_message_once(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock, back_after: timedelta
) -> None:
    """Back within the check-in's 5 h grace or after it: resent under its nonce, which
    Discord drops, and recorded sent (never "skipped" while the student has it)."""
    async with running_app(fake_discord, stride, clock) as app:
        await _class(app, app.channel_id)
        # Reflections off: the check-in DM alone, without the reflection reminder 3 h after it.
        await reflections.set_questions(stride.services, app.actor(app.prof), None, "off")
        clock.set(SUNDAY_18H_BERLIN)
        await enqueue_due(stride.services)
        async with stride.services.uow() as uow:  # a deliverer claims the row and sends it...
            [row] = await uow.outbox.claim("crashing", clock.now(), clock.now() + LEASE, 10, ("discord",))
            await uow.commit()
        local = row.due_at.astimezone(ZoneInfo(row.timezone))
        await DiscordSink(app.client).send(Outgoing(row, view_of(row), nonce_for(row), local))
        # ...and dies before marking it sent. Its lease runs out; a new process takes over.
    restarted = new_client(stride)
    async with fake_discord.running(restarted):
        app.client = restarted
        clock.set(SUNDAY_18H_BERLIN + back_after)
        report = await deliver_due(stride.services, DiscordSink(restarted), owner="successor")
    assert report.sent == 1
    sends = fake_discord.requests_to("POST /channels/*/messages")
    assert len(sends) == 2
    assert sends[0].json["nonce"] == sends[1].json["nonce"] == f"{nonce_for(row)}-0"
    assert len(fake_discord.dm_messages(app.ada)) == 1
    async with stride.services.uow() as uow:
        assert [n.status for n in await uow.outbox.listing() if n.id == row.id] == ["sent"]


def test_invite_url_asks_for_exactly_the_scopes_and_permissions_needed(no_env_config: None) -> None:
    result = CliRunner().invoke(
        cli, ["discord", "invite-url"], env={"STRIDE_DISCORD__APPLICATION_ID": "1234"}
    )
    assert result.exit_code == 0, result.output
    url = urlsplit(result.stdout.strip())
    query = parse_qs(url.query)
    assert (url.scheme, url.netloc, url.path) == ("https", "discord.com", "/oauth2/authorize")
    assert query["client_id"] == ["1234"]
    assert query["scope"] == ["bot applications.commands"]
    wanted = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)
    assert query["permissions"] == [str(wanted.value)]
    # The intents cannot ride on the link; the command says them, with the rooms' permission.
    assert "Gateway intents: guilds, voice_states — none is privileged" in result.stderr
    assert "view the voice channels you map" in result.stderr


def test_invite_url_without_an_application_id_says_what_to_set(no_env_config: None) -> None:
    result = CliRunner().invoke(cli, ["discord", "invite-url"])
    assert result.exit_code != 0
    assert "application_id" in result.output


async def test_sync_to_a_guild_puts_the_commands_there(
    fake_discord: FakeDiscord, no_env_config: None, sqlite_template: Path, tmp_path: Path
) -> None:
    database = tmp_path / "sync.db"
    shutil.copyfile(sqlite_template, database)
    env = {
        "STRIDE_DISCORD__TOKEN": fake_discord.token,
        "STRIDE_DISCORD__APPLICATION_ID": str(fake_discord.application_id),
        "STRIDE_DISCORD__API_BASE_URL": fake_discord.base_url,
    }
    guild = fake_discord.guild.id
    args = ["discord", "sync", "--guild", str(guild), "--db", f"sqlite+aiosqlite:///{database}"]
    # The command runs its own event loop, so it runs in a thread while the fake serves here.
    result = await asyncio.wait_for(asyncio.to_thread(CliRunner().invoke, cli, args, env=env), 30)
    assert result.exit_code == 0, (result.output, result.exception)
    app = fake_discord.application_id
    assert [r.route for r in fake_discord.requests_to("PUT *")] == [
        f"PUT /applications/{app}/guilds/{guild}/commands"
    ]
    names = sorted(c["name"] for c in fake_discord.commands[guild])
    assert names == sorted(
        [
            "budget",
            "checkin",
            "checkins",
            "cohort",
            "dashboard",
            "digest",
            "export",
            "goal",
            "help",
            "leaderboard",
            "me",
            "plan",
            "progress",
            "reflect",
            "reflections",
            "reply",
            "roadmap",
            "session",
            "skill",
            "streak",
        ]
    )
    assert result.output.strip() == f"synced {len(names)} commands to server {guild}"
    assert None not in fake_discord.commands  # nothing synced globally


async def test_a_notification_with_a_file_goes_out_as_an_upload_that_keeps_its_nonce(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await _class(app, app.channel_id)
        app.clock.set(SUNDAY_18H_BERLIN)
        await enqueue_due(app.stride.services)
        async with stride.services.uow() as uow:
            [row] = await uow.outbox.claim("test", clock.now(), clock.now() + LEASE, 10, ("discord",))
            await uow.commit()
        chart = Attachment(filename="week.png", media_type="image/png", data=b"\x89PNG\r\n\x1a\n")
        view = view_of(row).model_copy(update={"attachments": (chart,)})
        local = row.due_at.astimezone(ZoneInfo(row.timezone))
        await DiscordSink(app.client).send(Outgoing(row, view, nonce_for(row), local))
    sends = fake_discord.requests_to("POST /channels/*/messages")
    assert [r.files for r in sends][-1] == ["week.png"]
    assert all(r.json["enforce_nonce"] is True and r.json["nonce"].startswith(nonce_for(row)) for r in sends)
