"""Weeks and private bands on Discord (issue 18, items 10 and 11), through the real
discord.py client and the fake Discord: the board for the channel carries rank, name and
hours only, ada's own band follows it ephemerally and the instructor's follow-up has every
student's; the Friday post has no band; ``week`` picks past weeks on /leaderboard and
/digest, with suggestions for it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any, cast

import pytest

from bot.discord.commands.choices import weeks
from core.bootstrap import Stride
from core.clock import FixedClock
from core.services import checkins
from tests.adapters.discord_support import EPHEMERAL, App, message_text, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.test_discord_components import FRIDAY_18H_BERLIN, _deliver

PRIVATE_MARKS = ("5h–7h", "▼ under", "✓ within", "▲ over", "Budget", "budget")
NEXT_MONDAY_10H_BERLIN = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _ephemeral(message: dict[str, Any]) -> bool:
    return bool(int(message.get("flags") or 0) & EPHEMERAL)


@pytest.fixture
async def app(fake_discord: FakeDiscord, stride: Stride, clock: FixedClock) -> AsyncIterator[App]:
    async with running_app(fake_discord, stride, clock) as running:
        await seed_world(running)  # ada: a 5–7 h dsa budget, 1 h logged this week (2026-W47)
        yield running


async def test_the_public_board_has_no_band_and_each_asker_gets_theirs_privately(app: App) -> None:
    board = await app.ok(app.ada, ["leaderboard"], {"metric": "hours"})
    public, mine = board.messages
    assert not _ephemeral(public)
    assert "Ada" in message_text(public)
    assert "1h" in message_text(public)
    for mark in PRIVATE_MARKS:
        assert mark not in message_text(public), mark
    assert _ephemeral(mine)
    assert "Your budget for week 2026-W47" in message_text(mine)
    assert "1h of 5h–7h · ▼ under" in message_text(mine)

    seen_by_prof = await app.ok(app.prof, ["leaderboard"], {})
    public, everyone = seen_by_prof.messages
    assert not any(mark in message_text(public) for mark in PRIVATE_MARKS)
    assert _ephemeral(everyone)
    assert "only instructors see this" in message_text(everyone)
    assert "Ada" in message_text(everyone)
    assert "▼ under" in message_text(everyone)


async def test_the_instructors_digest_still_shows_the_bands(app: App) -> None:
    digest = await app.ok(
        app.prof,
        ["digest"],
        {},
    )
    assert digest.ephemeral
    assert "5h–7h" in digest.text
    assert "▼ under" in digest.text


async def test_the_friday_post_carries_no_band(app: App, fake_discord: FakeDiscord) -> None:
    app.clock.set(FRIDAY_18H_BERLIN)
    assert await _deliver(app) >= 1
    [post] = [m for m in fake_discord.messages_in(app.channel_id) if "nonce" in m]
    assert "Ada" in message_text(post)
    for mark in PRIVATE_MARKS:
        assert mark not in message_text(post), mark


async def test_week_picks_a_past_week_on_both_commands(app: App) -> None:
    app.clock.set(NEXT_MONDAY_10H_BERLIN)  # Monday of 2026-W48: nothing logged yet
    empty = await app.ok(app.ada, ["leaderboard"], {})
    assert empty.ephemeral
    assert "Nobody on the board has logged any hours yet for week 2026-W48" in empty.text

    last = await app.ok(app.ada, ["leaderboard"], {"week": "last"})
    assert not _ephemeral(last.messages[0])
    assert "2026-W47" in message_text(last.messages[0])
    assert "Ada" in message_text(last.messages[0])
    same = await app.ok(app.ada, ["leaderboard"], {"week": "2026-w47"})
    assert message_text(same.messages[0]) == message_text(last.messages[0])

    # A bare digest on Monday is the week just ended; week=this is the new one.
    bare = await app.ok(app.prof, ["digest"], {})
    assert "week 2026-W47 (Mon 16 Nov – Sun 22 Nov)" in bare.text
    assert "so far" not in bare.text.split("\n")[0]
    this = await app.ok(app.prof, ["digest"], {"week": "this"})
    assert "week 2026-W48 (Mon 23 Nov – Sun 29 Nov) so far" in this.text


async def test_a_new_check_in_moves_only_the_week_it_is_in(app: App) -> None:
    app.clock.set(NEXT_MONDAY_10H_BERLIN)
    await checkins.check_in(app.stride.services, app.actor(app.ada), None, minutes=180, track="dsa")
    this = await app.ok(app.ada, ["leaderboard"], {"week": "this"})
    assert "3h" in message_text(this.messages[0])
    last = await app.ok(app.ada, ["leaderboard"], {"week": "last"})
    assert "1h" in message_text(last.messages[0])


async def test_week_suggestions_offer_last_this_and_recent_weeks() -> None:
    offered = [choice.value for choice in await weeks(cast(Any, None), "")]
    assert offered[:2] == ["last", "this"]
    assert all(value.startswith("20") for value in offered[2:])
    assert [choice.value for choice in await weeks(cast(Any, None), "la")] == ["last"]
    assert await weeks(cast(Any, None), "<@&1>" * 100) == []
