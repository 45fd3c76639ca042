"""Weeks and private bands on Slack (issue 18, items 10 and 11), through the real Bolt app:
``/stride leaderboard`` answers in the channel with rank, name and hours only, the asker's
budget band follows ephemerally (every student's for the instructor); a bare ``digest``
on a Monday covers the week just ended and still shows the bands to the instructor."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from core.clock import FixedClock
from tests.slack.conftest import INSTRUCTOR, SlackClient, until

BANDS = ("5h–7h", "▼ under", "✓ within", "▲ over")
NEXT_MONDAY_10H_BERLIN = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def _class(slack: SlackClient) -> None:
    await slack.command("cohort create ML-Fall tz=Europe/Berlin", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")
    await slack.command("budget set dsa 5-7")
    await slack.command("checkin 1h dsa")


async def _replies(slack: SlackClient, text: str, user: str = "U1", expect: int = 1) -> list[dict[str, Any]]:
    """The command's replies once ``expect`` of them arrived: a follow-up (the private bands)
    comes on the response_url after the command was acknowledged."""
    before = len(slack.fake.responses)
    answer = await slack.command(text, user=user)
    assert answer.status == 200
    first = [answer.body] if answer.body else []
    await until(lambda: len(first) + len(slack.fake.responses) - before >= expect)
    return first + slack.fake.responses[before:]


async def test_the_board_is_public_without_bands_and_the_bands_follow_privately(slack: SlackClient) -> None:
    await _class(slack)
    public, mine = await _replies(slack, "leaderboard", expect=2)
    assert public["response_type"] == "in_channel"
    shown = json.dumps(public, ensure_ascii=False)
    assert "1. u1 — 1h" in shown
    assert not any(band in shown for band in BANDS)
    assert mine["response_type"] == "ephemeral"
    private = json.dumps(mine, ensure_ascii=False)
    assert "Your budget for week 2026-W47" in private
    assert "1h of 5h–7h · ▼ under" in private

    public, everyone = await _replies(slack, "leaderboard", INSTRUCTOR, expect=2)
    assert not any(band in json.dumps(public, ensure_ascii=False) for band in BANDS)
    assert everyone["response_type"] == "ephemeral"
    assert "only instructors see this" in json.dumps(everyone, ensure_ascii=False)


async def test_a_bare_digest_on_monday_is_the_week_just_ended_with_its_bands(
    slack: SlackClient, clock: FixedClock
) -> None:
    await _class(slack)
    clock.set(NEXT_MONDAY_10H_BERLIN)
    said = await slack.say("digest", user=INSTRUCTOR)
    assert "Digest of ML-Fall — week 2026-W47 (Mon 16 Nov – Sun 22 Nov)" in said
    assert "5h–7h" in said
    assert "▼ under" in said
    this = await slack.say("digest week=this", user=INSTRUCTOR)
    assert "week 2026-W48 (Mon 23 Nov – Sun 29 Nov) so far" in this
    empty = await _replies(slack, "leaderboard")
    assert [reply["response_type"] for reply in empty] == ["ephemeral"]
    assert "Nobody on the board has logged any hours yet for week 2026-W48" in json.dumps(
        empty, ensure_ascii=False
    )
