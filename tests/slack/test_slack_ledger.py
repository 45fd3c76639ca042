"""The ledger on Slack (``/stride checkin list|undo|remove|edit``) through the real Bolt app:
bad values are one sentence, hostile notes are shown and never act, and a retried undo
removes one check-in."""

from __future__ import annotations

import json

import pytest

from bot.slack.blocks import fits_slack_limits
from bot.slack.render import render
from tests.slack.conftest import INSTRUCTOR, SlackClient, until
from tests.slack.test_slack_interactivity import _opened_modal, submission, text_value
from tests.view_samples import ledger


async def _class(slack: SlackClient) -> None:
    await slack.command("cohort create ML-Fall", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")
    await slack.command("budget set dsa 5-7")
    await slack.command("checkin 1h dsa")
    await slack.command("checkin 2h dsa date=yesterday")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("checkin remove 0", "from 1 to"),
        ("checkin remove 999", "You have no check-in number 999"),
        ("checkin remove abc", "is not a whole number"),
        ("checkin edit 1", "Say what to change"),
        ("checkin edit 1 hours=-1", "more than 0 and at most 24 hours"),
        ("checkin edit 1 date=tomorrow", "today, yesterday"),
        ("checkin edit 1 hours=" + "9" * 5000, "not an amount of time"),
        ("checkin edit 1 track=edit", "edit is a word of /checkin"),
        ("checkin list year", "is not a period"),
        ("checkin 23h30m dsa", "You have already logged 1h on"),
        ("checkin 2h list", "list is a word of /checkin"),
    ],
)
async def test_bad_values_are_one_sentence_and_change_nothing(
    slack: SlackClient, text: str, says: str
) -> None:
    await _class(slack)
    before = await slack.say("checkin list")
    said = await slack.say(text)
    assert says in said
    assert "✗" in said
    assert await slack.say("checkin list") == before


async def test_hostile_notes_are_shown_never_acted_on(slack: SlackClient) -> None:
    await _class(slack)
    await slack.command('checkin 30m dsa "&lt;!channel&gt; &lt;@U123&gt; @everyone *bold* `x`"')
    shown = await slack.say("checkin list")
    assert "&lt;!channel&gt; &lt;@U123&gt; @everyone *bold* `x`" in shown
    assert "<!channel>" not in shown
    assert "<@U123>" not in shown
    await slack.command('checkin 5m dsa "bell\x07 esc\x1b[31m rtl\u202e"')
    shown = await slack.say("checkin list")
    assert "bell esc[31m rtl" in shown
    assert not any(ch in shown for ch in "\x07\x1b\u202e")


async def test_a_retried_undo_removes_one_checkin(slack: SlackClient) -> None:
    await _class(slack)
    first = await slack.command("checkin undo", trigger="t-undo")
    retry = await slack.command("checkin undo", trigger="t-undo", headers={"X-Slack-Retry-Num": "1"})
    assert first.status == retry.status == 200
    assert "Removed your last check-in: 2h of dsa" in str(first.body)
    shown = await slack.say("checkin list")
    assert "1h" in shown  # the first check-in is still there
    assert "2h" not in shown


async def test_a_big_bare_number_in_the_checkin_form_gets_the_hint(slack: SlackClient) -> None:
    await _class(slack)
    await slack.command("", command="/checkin")
    modal = await _opened_modal(slack)
    form = {"hours": text_value("12"), "track": text_value("dsa")}
    assert (await slack.interact(submission(modal, form))).body is None

    def said() -> str:
        return json.dumps([call.body for call in slack.fake.calls], ensure_ascii=False)

    await until(lambda: "12h logged — for minutes write 12m" in said())
    assert "/checkin undo to take it back" in said()  # /checkin is an alias on Slack


def test_a_month_of_long_notes_is_split_within_slacks_limits() -> None:
    messages = render(ledger(200, "n " * 250))
    assert sum(len(m.blocks) for m in messages) > 2  # split into sections (notes are cut at 60 characters)
    for message in messages:
        assert fits_slack_limits(message) == []
    shown = json.dumps([m.payload() for m in messages])
    assert "200. " in shown
    assert "(older ones are not shown)" in shown
