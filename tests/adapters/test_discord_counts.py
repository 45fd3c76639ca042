"""Budgets in counts (issue 18, item 6 c) through the real discord.py client: the same
``hours`` option takes "1 book every 3 months" or a ``unit``/``every`` pair, and /checkin
takes "1 book" (or a bare number on a count track)."""

from __future__ import annotations

from typing import Any

import pytest

from core.bootstrap import Stride
from core.clock import FixedClock
from tests.adapters.discord_support import running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord


async def test_a_count_budget_is_set_logged_shown_and_undone(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)  # Wednesday 18 November
        saved = await app.ok(
            app.ada, ["budget", "set"], {"track": "reading", "hours": "1 book every 3 months"}
        )
        assert "Budget for reading saved: 1 book every 3 months." in saved.text
        assert "reading (count)" in saved.text
        options = {"track": "papers", "hours": "2-4", "unit": "papers", "every": 2, "per": "week"}
        assert "2–4 papers every 2 weeks" in (await app.ok(app.ada, ["budget", "set"], options)).text
        logged = await app.ok(app.ada, ["checkin"], {"hours": "1 book", "track": "reading"})
        assert "Logged 1 book of reading" in logged.text
        assert "1 of 1 book this block (Nov 2026–Jan 2027) · ✓ within" in logged.text
        assert logged.ephemeral
        bare = await app.ok(app.ada, ["checkin"], {"hours": "3", "track": "papers"})
        assert "Logged 3 papers of papers" in bare.text
        progress = await app.ok(app.ada, ["progress"])
        assert "papers (count)" in progress.text
        assert "3 of 2–4 papers this block (16 Nov–29 Nov) · ✓ within" in progress.text
        listed = await app.ok(app.ada, ["checkins", "list"])
        assert "Wed 18 Nov · 3 papers · papers" in listed.text
        undone = await app.ok(app.ada, ["checkins", "undo"])
        assert "Removed your last check-in: 3 papers of papers" in undone.text


@pytest.mark.parametrize(
    ("path", "options", "says"),
    [
        (["budget", "set"], {"track": "reading", "hours": "0 books per month"}, "must be 1 or more"),
        (["budget", "set"], {"track": "reading", "hours": "-1", "unit": "book"}, "whole number or a range"),
        (["budget", "set"], {"track": "reading", "hours": "1e400", "unit": "book"}, "you wrote '1e400'"),
        (["budget", "set"], {"track": "reading", "hours": "99999999999999999999 books"}, "at most 1000"),
        (["budget", "set"], {"track": "reading", "hours": "1", "unit": "📚"}, "A unit is one word"),
        (["budget", "set"], {"track": "reading", "hours": "1", "unit": "**b**"}, "A unit is one word"),
        (["budget", "set"], {"track": "reading", "hours": "1", "unit": "b" * 300}, "A unit is one word"),
        (["budget", "set"], {"track": "reading", "hours": "1 book", "every": 0, "per": "month"}, "1 to 12"),
        (["budget", "set"], {"track": "reading", "hours": "1 book", "every": 1000}, "from 1 to 52"),
        (["budget", "set"], {"track": "reading", "hours": "1 book per year"}, "week or month"),
        (["budget", "set"], {"track": "reading", "hours": "5-7 every 2 weeks"}, "Hour budgets are per week"),
        (["checkin"], {"hours": "0 books", "track": "reading"}, "from 1 to 1000"),
        (["checkin"], {"hours": "1e400 books", "track": "reading"}, "from 1 to 1000"),
        (["checkin"], {"hours": "99999999999999999999", "track": "reading"}, "from 1 to 1000"),
        (["checkin"], {"hours": "1 spaceship", "track": "reading"}, "'spaceship' is not a unit of it"),
        (["checkin"], {"hours": "2h", "track": "reading"}, "reading counts books, not hours"),
    ],
)
async def test_bad_counts_are_one_ephemeral_sentence_and_write_nothing(
    fake_discord: FakeDiscord,
    stride: Stride,
    clock: FixedClock,
    path: list[str],
    options: dict[str, Any],
    says: str,
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        await app.ok(app.ada, ["budget", "set"], {"track": "reading", "hours": "1-2 books every 3 months"})
        refused = await app.fails(app.ada, path, options)
        assert says in refused.text
        assert "Traceback" not in refused.text
        assert "0 of 1–2 books" in (await app.ok(app.ada, ["progress"])).text


async def test_help_shows_counts_as_discord_options(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        budget = await app.ok(app.ada, ["help"], {"command": "budget set"})
        assert "/budget set track:reading hours:1 book every 3 months" in budget.text
        assert "per:book" not in budget.text
        one = await app.ok(app.ada, ["help"], {"command": "checkin"})
        assert "/checkin hours:1 book track:reading note:Dune" in one.text
