"""Budgets in counts (issue 18, item 6 c) through the real slack-bolt app."""

from __future__ import annotations

import pytest

from tests.slack.conftest import INSTRUCTOR, SlackClient


async def _class(slack: SlackClient) -> None:
    await slack.command("cohort create ML-Fall", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")


async def test_a_count_budget_is_set_logged_shown_and_undone(slack: SlackClient) -> None:
    await _class(slack)
    said = await slack.say("budget set reading 1 book every 3 months")
    assert "Budget for reading saved: 1 book every 3 months." in said
    logged = await slack.say('checkin 1 book reading "Dune"')
    assert "Logged 1 book of reading" in logged
    assert "1 of 1 book (✓ within)" in logged
    progress = await slack.say("progress")
    assert "*reading* (count)" in progress
    assert "1 of 1 book this block" in progress
    assert "1 book · reading · “Dune”" in await slack.say("checkin list")
    assert "Removed your last check-in: 1 book of reading" in await slack.say("checkin undo")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("budget set reading 0 books every 3 months", "must be 1 or more"),
        ("budget set reading -1 books every 3 months", "whole number or a range"),
        ("budget set reading 1e400 books per month", "you wrote '1e400'"),
        ("budget set reading 99999999999999999999 books per month", "at most 1000"),
        ("budget set reading 1 📚 every 3 months", "A unit is one word"),
        ("budget set reading 1 *&lt;!channel&gt;* every 3 months", "A unit is one word"),
        ("budget set reading 1 " + "b" * 5000 + " every 3 months", "A unit is one word"),
        ("budget set reading 1 book every=0 per=month", "from 1 to 12"),
        ("budget set reading 1 book every=1000", "from 1 to 52"),
        ("budget set reading 1 book per year", "week or month"),
        ("checkin 0 books reading", "from 1 to 1000"),
        ("checkin 99999999999999999999 books reading", "from 1 to 1000"),
        ("checkin 1 spaceship reading", "'spaceship' is not a unit of it"),
    ],
)
async def test_bad_counts_are_one_sentence_and_write_nothing(
    slack: SlackClient, text: str, says: str
) -> None:
    await _class(slack)
    await slack.command("budget set reading 1-2 books every 3 months")
    said = await slack.say(text)
    assert "✗" in said
    assert says in said
    assert "<!channel>" not in said
    assert "0 of 1–2 books" in await slack.say("progress")
