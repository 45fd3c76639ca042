"""Budgets as students write them (issue 18, item 6) through the real slack-bolt app."""

from __future__ import annotations

import pytest

from tests.slack.conftest import INSTRUCTOR, SlackClient


async def _class(slack: SlackClient) -> None:
    await slack.command("cohort create ML-Fall", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")


async def test_without_a_budget_a_checkin_on_any_track_is_taken(slack: SlackClient) -> None:
    await _class(slack)
    said = await slack.say("checkin 2h papers")
    assert "Logged 2h of papers" in said
    assert "cohort default of 6h a week in all applies" in said
    assert "of at least 6h (cohort default, ▼ under)" in await slack.say("progress")


async def test_a_budget_links_to_a_skill_and_budget_show_says_so(slack: SlackClient) -> None:
    await _class(slack)
    await slack.command('skill add "SQL" general priority=1 current=1 target=3')
    said = await slack.say('budget set dsa 5-7 skill="sql"')
    assert "its hours count toward SQL" in said
    assert "Counts toward" in await slack.say("budget show")
    assert "linked to no skill" in await slack.say("budget set dsa 5-7 skill=none")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('budget set dsa 5-7 skill="Cooking"', "no skill called 'Cooking'"),
        ("budget set dsa 5-7 skill=", "Name the skill"),
        ('budget set dsa 5-7 skill="&lt;!channel&gt; *bold*"', "no skill called"),
        ("budget set dsa 5-7 skill=" + "x" * 5000, "no skill called"),
        ("budget set dsa 0 skill=none", "more than 0"),
    ],
)
async def test_a_bad_skill_link_is_one_sentence_and_writes_nothing(
    slack: SlackClient, text: str, says: str
) -> None:
    await _class(slack)
    await slack.command("budget set dsa 3-4")
    said = await slack.say(text)
    assert "✗" in said
    assert says in said
    assert "<!channel>" not in said
    assert "3h–4h" in await slack.say("budget show")


async def test_a_monthly_budget_shows_the_month_so_far_and_its_pace(slack: SlackClient) -> None:
    await _class(slack)  # Wednesday 18 November: 4 h a month is 2h 24m due by today
    await slack.command("budget set reading 4-6 per=month")
    assert "this month: 3h of 4h–6h" in await slack.say("checkin 3h reading")
    progress = await slack.say("progress")
    assert "reading (this month)" in progress
    assert "✓ on pace" in progress
