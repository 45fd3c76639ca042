"""The ledger on Discord: ``/checkins list|undo|remove|edit`` through the fake Discord to the
real client — answers are private, hostile notes never ping, bad values are one sentence,
and the big-number hint shows on ``/checkin``."""

from __future__ import annotations

from typing import Any

from bot.discord.render import fits_discord_limits, message_texts, render
from bot.discord.render_safe import md_block
from core.bootstrap import Stride
from core.clock import FixedClock
from tests.adapters.discord_support import running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.view_samples import ledger

HOSTILE = "@everyone <@&1> **bold** `tick` ||spoiler||"
CONTROL = "bell\x07 esc\x1b[31m rtl\u202e"


async def test_list_edit_remove_and_undo(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)  # ada: 1h of dsa today
        await app.ok(
            app.ada, ["checkin"], {"hours": "30m", "track": "dsa", "note": HOSTILE, "date": "yesterday"}
        )
        listed = await app.ok(app.ada, ["checkins", "list"])
        assert listed.ephemeral
        assert "1. " in listed.text
        assert "2. " in listed.text
        assert md_block(HOSTILE, 300) in listed.text  # shown as written: escaped, never pinging
        for message in listed.messages:
            assert message["_allowed_mentions"] == {"parse": []}
            assert not message["mention_everyone"]
            assert message["mention_roles"] == []
        await app.ok(
            app.ada, ["checkin"], {"hours": "5m", "track": "dsa", "note": CONTROL, "date": "yesterday"}
        )
        shown = (await app.ok(app.ada, ["checkins", "list"])).text
        assert "bell esc[31m rtl" in shown
        assert not any(ch in shown for ch in "\x07\x1b\u202e")
        await app.ok(app.ada, ["checkins", "undo"])
        edited = await app.ok(app.ada, ["checkins", "edit"], {"number": 2, "hours": "45m"})
        assert "Changed check-in 2: 30m of dsa" in edited.text
        assert "45m of dsa" in edited.text
        removed = await app.ok(app.ada, ["checkins", "remove"], {"number": 2})
        assert "Removed check-in 2: 45m of dsa" in removed.text
        undone = await app.ok(app.ada, ["checkins", "undo"])
        assert "Removed your last check-in: 1h of dsa" in undone.text
        nothing = await app.fails(app.ada, ["checkins", "undo"])
        assert "You have no check-ins to undo" in nothing.text


async def test_bad_values_are_one_sentence(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        cases: list[tuple[list[str], dict[str, Any], str]] = [
            (["checkins", "edit"], {"number": 1}, "Say what to change"),
            (["checkins", "edit"], {"number": 1, "hours": "-1"}, "more than 0 and at most 24 hours"),
            (["checkins", "edit"], {"number": 1, "date": "tomorrow"}, "today, yesterday"),
            (["checkins", "edit"], {"number": 1, "track": "list"}, "list is a word of /checkin"),
            (["checkins", "edit"], {"number": 1, "hours": "x" * 5000}, "not an amount of time"),
            (
                ["checkins", "remove"],
                {"number": 999},
                "no check-in number 999; see the numbers with /checkins list",
            ),
            (["checkin"], {"hours": "24h", "track": "dsa"}, "at most 24h a day fits"),
            (["checkin"], {"hours": "2h", "track": "undo"}, "undo is a word of /checkin"),
        ]
        for path, options, says in cases:
            reply = await app.fails(app.ada, path, options)
            assert says in reply.text, (options, reply.text)
            assert "\n" not in reply.text.strip()


async def test_a_big_bare_number_gets_the_hint(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        reply = await app.ok(app.ada, ["checkin"], {"hours": "20", "track": "dsa"})
        assert "20h logged — for minutes write 20m; /checkins undo to take it back." in reply.text
        reply = await app.ok(app.ada, ["checkin"], {"hours": "2h", "track": "dsa", "date": "yesterday"})
        assert "for minutes write" not in reply.text


def test_a_month_of_long_notes_is_split_within_discords_limits() -> None:
    messages = render(ledger(200, "n " * 250))
    assert len(messages) > 1
    for message in messages:
        assert fits_discord_limits(message)
    shown = "\n".join(t for m in messages for t in message_texts(m))
    assert "200. " in shown
    assert "Older ones are not shown." in shown
