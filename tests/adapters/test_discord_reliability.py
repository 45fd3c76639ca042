"""DESIGN §7 on Discord: a handler slower than Discord's 3 s (deferred, then followed up),
429s per route and global (during a command reply and during outbox delivery: the message
still arrives once), a 5xx during delivery (retried later, sent once), a DM refused by the
user (the member is marked unreachable and never retried), and replies far past Discord's
size limits (split or cut; the fake answers 400 to anything too big, and none came)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.discord import respond as respond_module
from bot.discord.sink import DiscordSink
from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.levels import parse_skill_kind
from core.domain.model import Horizon
from core.domain.weeks import iso_week_key
from core.services import goals, leaderboards, progress, skills
from core.services.delivery import DeliveryReport, deliver_due
from core.services.notifications import enqueue_due
from tests.adapters.discord_support import App, crowd, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord

SUNDAY_18H_BERLIN = datetime(2026, 11, 22, 17, 1, tzinfo=UTC)
DEADLINE = 0.6  # Discord's 3 s, shrunk so the tests stay quick
SLOW = 0.9  # past the deadline: answering without deferring would be too late


def _slowed(service: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    async def slow(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(SLOW)
        return await service(*args, **kwargs)

    return slow


@pytest.fixture
def short_deadline(fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_discord.world.response_deadline = DEADLINE
    monkeypatch.setattr(respond_module, "DEFER_AFTER", DEADLINE / 3)


@pytest.mark.usefixtures("short_deadline")
async def test_a_slow_handler_defers_in_time_then_follows_up(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "progress", _slowed(progress.progress))
    monkeypatch.setattr(leaderboards, "leaderboard", _slowed(leaderboards.leaderboard))
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        mine = await app.say(app.ada, ["progress"])
        board = await app.say(app.ada, ["leaderboard"])
    for reply, flags in ((mine, 64), (board, 0)):
        assert reply.kind == 5
        callback = reply.handle.callback or {}
        assert (callback["type"], (callback.get("data") or {}).get("flags", 0)) == (5, flags)
        assert reply.handle.callback_delay is not None
        assert reply.handle.callback_delay < DEADLINE
        followup, *notes = reply.handle.followups
        assert int(followup.get("flags") or 0) & 64 == flags
        assert all(int(note.get("flags") or 0) & 64 for note in notes)  # the board's private bands
    assert "Progress of Ada" in mine.text
    assert "Leaderboard of" in board.text


@pytest.mark.usefixtures("short_deadline")
async def test_a_slow_page_turn_defers_the_update_then_edits_the_message(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        await crowd(app, 24)
        board, _ada_band = (await app.ok(app.ada, ["leaderboard"])).messages
        monkeypatch.setattr(leaderboards, "leaderboard", _slowed(leaderboards.leaderboard))
        week = iso_week_key(clock.now().date())
        click = await fake_discord.click(
            f"stride:lb:{app.guild_id}:hours:week:{week}:2", message=board, user=app.ada
        )
        turned = await app.collect(click)
    assert turned.kind == 6  # "deferred update": the message is edited after
    assert click.callback_delay is not None
    assert click.callback_delay < DEADLINE
    [edit] = click.edits
    assert edit.target == "@original"
    assert "Page 2/2" in str(edit.json["embeds"])
    assert "Page 2/2" in str(fake_discord.messages[int(board["id"])]["embeds"])


async def test_a_quick_handler_answers_at_once_without_deferring(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        reply = await app.ok(app.ada, ["progress"])
    assert reply.kind == 4
    assert reply.handle.followups == []


@pytest.mark.parametrize("global_", [False, True], ids=["per-route", "global"])
async def test_a_429_during_a_command_reply_still_answers_once(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock, global_: bool
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        await _long_skills(app, 12)  # /skill list: a response and followups
        fake_discord.fail_next("POST /interactions/*/*/callback", 429, retry_after=0.05, global_=global_)
        fake_discord.fail_next("POST /webhooks/*", 429, retry_after=0.05, global_=global_)
        reply = await app.ok(app.ada, ["skill", "list"])
    callbacks = fake_discord.requests_to(f"POST /interactions/{reply.handle.id}/*/callback")
    assert [r.status for r in callbacks] == [429, 200]
    followups = fake_discord.requests_to(f"POST /webhooks/*/{reply.handle.token}")
    assert [r.status for r in followups] == [429] + [200] * (len(followups) - 1)
    assert len(reply.messages) == 1 + len(followups) - 1  # the response and each followup once
    assert reply.ephemeral
    assert "Skill 12" in reply.text
    answered = [
        m
        for m in fake_discord.messages.values()
        if m.get("interaction_metadata", {}).get("id") == str(reply.handle.id)
    ]
    assert len(answered) == len(reply.messages)  # each message once


async def _long_skills(app: App, count: int) -> None:
    for number in range(1, count + 1):
        await skills.add_skill(
            app.stride.services, app.actor(app.ada), None, name=f"Skill {number:02} " + "x" * 80,
            kind=parse_skill_kind("general"), priority=1, current=1, target=3, notes="n" * 1000,
        )  # fmt: skip


async def _deliver(app: App) -> DeliveryReport:
    await enqueue_due(app.stride.services)
    return await deliver_due(app.stride.services, DiscordSink(app.client), owner="test")


async def _outbox_status(app: App) -> list[tuple[str, str]]:
    """The hours check-ins in the outbox (Friday's leaderboard post is long past and skipped)."""
    async with app.stride.services.uow() as uow:
        return [(n.kind, n.status) for n in await uow.outbox.listing() if n.kind == "hours_checkin"]


@pytest.mark.parametrize("global_", [False, True], ids=["per-route", "global"])
async def test_a_429_during_delivery_still_delivers_once(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock, global_: bool
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        clock.set(SUNDAY_18H_BERLIN)
        fake_discord.fail_next("POST /channels/*/messages", 429, retry_after=0.05, global_=global_)
        report = await _deliver(app)
    assert report.sent == 1
    assert len(fake_discord.dm_messages(app.ada)) == 1
    assert [r.status for r in fake_discord.requests_to("POST /channels/*/messages")] == [429, 200]
    assert await _outbox_status(app) == [("hours_checkin", "sent")]


async def test_a_5xx_during_delivery_is_retried_later_and_sent_once(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        clock.set(SUNDAY_18H_BERLIN)
        fake_discord.fail_next("POST /channels/*/messages", 503)  # discord.py raises a 503 at once
        first = await _deliver(app)
        assert (first.sent, first.retried) == (0, 1)
        assert await _outbox_status(app) == [("hours_checkin", "pending")]
        clock.set(SUNDAY_18H_BERLIN + timedelta(minutes=5))
        second = await _deliver(app)
    assert second.sent == 1
    assert len(fake_discord.dm_messages(app.ada)) == 1
    assert await _outbox_status(app) == [("hours_checkin", "sent")]


@pytest.mark.parametrize("at", ["message", "channel"])
async def test_a_refused_dm_marks_the_member_unreachable_and_is_never_retried(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock, at: Any
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        fake_discord.refuse_dms(app.ada, at=at)  # 403, code 50007
        clock.set(SUNDAY_18H_BERLIN)
        report = await _deliver(app)
        assert (report.sent, report.unreachable) == (0, 1)
        assert (await app.member(app.ada)).unreachable
        assert await _outbox_status(app) == [("hours_checkin", "unreachable")]
        tried = len(fake_discord.requests)
        for days in (1, 7):  # later rounds: no retry, and next week's check-in is not even queued
            clock.set(SUNDAY_18H_BERLIN + timedelta(days=days))
            assert (await _deliver(app)).unreachable == 0
        dm = fake_discord.world.dm_channel(app.ada).id
        again = fake_discord.requests[tried:]
        assert [r for r in again if str((r.json or {}).get("recipient_id")) == str(app.ada.id)] == []
        assert [r for r in again if r.path == f"/channels/{dm}/messages"] == []
        assert await _outbox_status(app) == [("hours_checkin", "unreachable")]
        digest = await app.ok(app.prof, ["digest"])
    assert fake_discord.dm_messages(app.ada) == []
    assert "unreachable by DM" in digest.text


async def test_replies_of_many_thousand_characters_are_split_never_rejected(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        await _long_skills(app, 30)
        ctx, ada = stride.services, app.actor(app.ada)
        for _ in range(5):
            await goals.add_goal(ctx, ada, None, Horizon.LONG, "g" * 1000)
        listed = await app.ok(app.ada, ["skill", "list"])
        goals_listed = await app.ok(app.ada, ["goal", "list"])
        check = await app.ok(app.ada, ["plan", "check"])
        long_note = await app.fails(app.ada, ["checkin"], {"hours": "1", "track": "dsa", "note": "y" * 5000})
        long_rationale = await app.fails(
            app.ada,
            ["plan", "set"],
            {"slot": "A", "position": "ML", "industry": "Health", "rationale": "z" * 5000},
        )
    for reply in (listed, goals_listed, check):
        assert reply.ephemeral
        assert all(len(m.get("content") or "") <= 2000 for m in reply.messages)
    assert len(listed.messages) > 1  # 30 skills with 1,000-character notes: several messages
    assert len(listed.text) > 10_000
    assert "Skill 30" in listed.text
    assert "more characters" in goals_listed.text  # 5 goals of 1,000 characters: each one cut
    assert "Skill 30" in check.text
    for refused in (long_note, long_rationale):
        assert len(refused.text) < 400
    assert [r.route for r in fake_discord.requests if r.status == 400] == []
