"""Block Kit rendering of every view: within Slack's limits whatever the text, and inert.

The view builders are the Discord renderer tests' (one of every view kind), so a view added
later is rendered and checked here too.
"""

from __future__ import annotations

import json

import pytest

from bot.slack.blocks import BLOCKS_PER_MESSAGE, SECTION_TEXT_LIMIT, SlackMessage, esc, fits_slack_limits
from bot.slack.hints import slack_hints
from bot.slack.render import render
from core.views.base import Notice, View
from core.views.scheduled import HoursCheckinView, WeeklyStatusView
from tests.view_samples import all_views, digest, leaderboard, plan_check, skill_list

HOSTILE = "<!channel> <@U123> <!here|here> <#C1> & <https://evil.example|click> @everyone"


def _all_fit(messages: list[SlackMessage]) -> None:
    assert messages
    for message in messages:
        assert fits_slack_limits(message) == []
        assert len(message.payload()["text"]) <= 3000


def _mrkdwn(value: object) -> list[str]:
    """Every mrkdwn text inside ``value`` (plain_text is never parsed for mentions by Slack)."""
    if isinstance(value, list):
        return [text for item in value for text in _mrkdwn(item)]
    if not isinstance(value, dict):
        return []
    own = [value["text"]] if value.get("type") == "mrkdwn" and isinstance(value.get("text"), str) else []
    return own + [text for key, item in value.items() if key != "text" or not own for text in _mrkdwn(item)]


def _no_raw_controls(messages: list[SlackMessage]) -> None:
    texts = [m.payload()["text"] for m in messages] + _mrkdwn([m.blocks for m in messages])
    assert len(texts) > len(messages)
    for text in texts:
        for raw in ("<!channel>", "<@U123>", "<!here", "<#C1>", "<https://"):
            assert raw not in text


@pytest.mark.parametrize("view", all_views(), ids=lambda v: v.view)
def test_every_view_renders_within_slacks_limits(view: View) -> None:
    _all_fit(render(view))


@pytest.mark.parametrize("view", all_views(HOSTILE, HOSTILE), ids=lambda v: v.view)
def test_user_text_never_pings_in_any_view(view: View) -> None:
    messages = render(view)
    _all_fit(messages)
    _no_raw_controls(messages)


@pytest.mark.parametrize("view", all_views("x" * 3000, "y " * 4000), ids=lambda v: v.view)
def test_oversized_text_is_split_or_cut_never_refused(view: View) -> None:
    _all_fit(render(view))


def test_a_sixty_block_digest_is_split_into_messages_of_fifty_blocks_at_most() -> None:
    view = digest(count=120)
    messages = render(view)
    blocks = [block for message in messages for block in message.blocks]
    assert len(blocks) > 60
    assert len(messages) == 2
    assert len(messages[0].blocks) == BLOCKS_PER_MESSAGE
    _all_fit(messages)
    said = json.dumps([m.payload() for m in messages])
    assert "Linus 119" in said  # the last at-risk student is in the second message
    assert "(part 2 of 2)" in messages[1].text


def test_a_long_leaderboard_and_plan_check_split_between_lines() -> None:
    for view in (leaderboard(count=400, name="G" * 60), plan_check(count=200), skill_list(count=200)):
        messages = render(view)
        _all_fit(messages)
        blocks = [block for message in messages for block in message.blocks]
        sections = [b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b]
        assert all(len(text) <= SECTION_TEXT_LIMIT for text in sections)
        assert all(text.count("```") % 2 == 0 for text in sections)


def test_escaping_is_exactly_slacks_three_entities() -> None:
    assert esc("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert esc("&amp;") == "&amp;amp;"


def test_an_entity_is_never_cut_in_two_at_a_section_boundary() -> None:
    messages = render(Notice(text="<" * 5000))
    for message in messages:
        for block in message.blocks:
            text = block["text"]["text"]
            assert text.replace("&lt;", "").strip("…") == ""


def test_hints_name_the_slack_command_but_keep_the_registered_aliases() -> None:
    assert slack_hints("Try /skill add or /checkin 1h dsa, /plan show, /progress.") == (
        "Try /stride skill add or /checkin 1h dsa, /plan show, /progress."
    )
    assert slack_hints("see https://x.io/help and a/b/me") == "see https://x.io/help and a/b/me"


def _shown(view: View) -> str:
    return json.dumps([m.blocks for m in render(view)], ensure_ascii=False)


def test_the_plan_model_reads_the_same_on_slack() -> None:
    """Rows give the week each skill arrives and its hours done and left; the check says how
    it was judged; digest rows give the plan's hours; prompts ask to re-assess."""
    check = _shown(plan_check())
    assert "week 31" in check
    assert "55h: 12h 30m done, 42h 30m left" in check
    assert "How this was judged" in check
    assert "Not attainable within one year (52 weeks)" in check
    rows = _shown(digest(3))
    assert "plan 420h left" in rows
    assert "plan no skills" in rows
    prompts = [view for view in all_views("SQL") if isinstance(view, HoursCheckinView | WeeklyStatusView)]
    assert len(prompts) == 2
    for view in prompts:
        assert "/stride skill assess 2 2" in _shown(view)
