"""Ease of learning on Slack, end to end through the real Bolt app: ``ease=`` on /stride skill
add and skill update (numbers or words), /stride skill list showing it, /stride plan check
pointing at the quick wins, the Priority × Ease matrix in /stride plan export's file, and every
malformed, hostile or oversized ease answered with one private sentence and nothing written."""

from __future__ import annotations

import pytest

from tests.slack.conftest import INSTRUCTOR, SlackClient, until

RULE = "The ease of learning must be 1 easy, 2 medium or 3 hard; you wrote"


async def _class(slack: SlackClient) -> None:
    await slack.command("cohort create ML-Fall", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")
    await slack.command('plan set A position="ML Engineer" industry="Healthcare" rationale="Models"')


async def test_ease_on_add_and_update_reaches_the_list_the_check_and_the_export(slack: SlackClient) -> None:
    await _class(slack)
    added = await slack.say('skill add "SQL" specific priority=1 current=1 target=3 ease=easy')
    assert "Added specific skill SQL." in added
    assert "Rate how hard" not in added
    unrated = await slack.say('skill add "Spark" specific priority=2 current=0 target=2')
    assert 'Rate how hard it is to learn: /stride skill update \\"Spark\\" ease=easy|medium|hard.' in unrated
    listed = await slack.say("skill list")
    assert "1 easy" in listed
    assert "not rated" in listed
    check = await slack.say("plan check")
    assert "Quick wins (priority 1, easy): SQL — start here." in check
    hint = '/stride skill update \\"NAME\\" ease=easy|medium|hard.'
    assert f"1 skill has no ease of learning yet: rate it with {hint}" in check
    assert "ephemeral" in check
    assert "in_channel" not in check
    updated = await slack.say('skill update "Spark" ease=3')
    assert "Updated Spark." in updated
    assert "3 hard" in await slack.say("skill list")
    assert "no ease of learning yet" not in await slack.say("plan check")
    await slack.say("plan export")
    await until(lambda: bool(slack.fake.calls_to("files.completeUploadExternal")))
    [markdown] = slack.fake.uploads.values()
    text = markdown.decode()
    assert "## Priority × ease of learning" in text
    assert "| **1 Critical** | **⭐ SQL** | — | — |" in text
    assert "| **2 Important** | — | — | Spark |" in text


BAD = [
    "ease=0",
    "ease=4",
    "ease=-1",
    "ease=1.5",
    "ease=hardest",
    "ease=none",
    "ease=99999999999999999999",
    "ease=",
    "ease=" + "x" * 5000,
    'ease="<!channel> <@U2>"',
]


@pytest.mark.parametrize("bad", BAD, ids=[b[:20] for b in BAD])
async def test_a_bad_ease_is_one_private_sentence_and_writes_nothing(slack: SlackClient, bad: str) -> None:
    await _class(slack)
    await slack.command('skill add "SQL" specific priority=1 current=1 target=3')
    before = await slack.say("skill list")
    for line in (
        f'skill add "Git" specific priority=1 current=0 target=2 {bad}',
        f'skill update "SQL" {bad}',
    ):
        said = await slack.say(line)
        assert "✗" in said, (line, said)
        assert RULE in said, said
        assert "in_channel" not in said
        assert "<!channel>" not in said  # shown escaped, never acted on
        assert "<@U2>" not in said
        assert "x" * 61 not in said
    assert await slack.say("skill list") == before
