"""Issue 18's polish on Slack, through the real slack-bolt app against the fake Slack: skills
by their number, /stride help with grammar and examples, and the numbered re-assessment DM
answered in words."""

from __future__ import annotations

import json

import pytest

from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.model import Actor
from core.services import skills
from tests.slack.conftest import SlackClient
from tests.slack.fake_slack import TEAM
from tests.slack.test_slack_interactivity import FIRST_OF_MONTH_10H_BERLIN, _class, _deliver

U1 = Actor("slack", TEAM, "U1", "u1")


async def _levels(stride: Stride) -> dict[str, int]:
    return {s.name: s.current for s in (await skills.list_skills(stride.services, U1, None)).skills}


async def test_skills_by_number_on_slack(slack: SlackClient, stride: Stride) -> None:
    await _class(slack)  # U1: SQL (general, P1) and a dsa budget
    await slack.command('skill add "Python" specific priority=2 current=2 target=4')
    listed = await slack.say("skill list")
    assert "\\n1    SQL      general" in listed
    assert "\\n2    Python   specific" in listed
    assert "Python: 2 Can execute independently → 3 Connect (up)" in await slack.say("skill assess 2 3")
    assert "Logged 1h of dsa toward SQL" in await slack.say("checkin 1h dsa skill=1")
    assert "Updated Python." in await slack.say("skill update #2 target=5")
    assert await _levels(stride) == {"SQL": 1, "Python": 3}


@pytest.mark.parametrize("number", ["0", "11", "-1", "99999999999999999999"])
async def test_a_bad_skill_number_on_slack_is_one_sentence(
    slack: SlackClient, stride: Stride, number: str
) -> None:
    await _class(slack)
    for line in (f"skill assess {number} 3", f"skill remove {number}", f"checkin 1h dsa skill={number}"):
        said = await slack.say(line)
        assert f"You have no skill {number[:11]}" in said, (line, said)
        assert "your only skill is number 1 in /stride skill list" in said, said
        assert "Something went wrong" not in said
    assert await _levels(stride) == {"SQL": 1}
    assert "0h of 5h–7h" in await slack.say("progress")  # no check-in was logged


async def test_help_on_slack_lists_getting_started_first_and_gives_examples(slack: SlackClient) -> None:
    everything = await slack.say("help")
    assert everything.index("Getting started") < everything.index("cohort join NAME")
    assert everything.index("checkin HOURS") < everything.index("Plan and skills")
    one = await slack.say("help skill assess")
    assert 'skill assess \\"NAME\\"|N LEVEL' in one
    assert "Example: /stride skill assess 3 4 note=" in one
    assert "perhaps you meant /checkin, or type /stride help" in await slack.say("help chekin")
    unknown = await slack.say("help nosuchcommand")
    assert "There is no command /nosuchcommand" in unknown


async def test_the_reassessment_dm_numbers_the_skills_and_a_typed_answer_works(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await _class(slack)
    await slack.command('skill add "Python" specific priority=2 current=2 target=4')
    await _deliver(slack, stride, clock, FIRST_OF_MONTH_10H_BERLIN)
    dm = slack.fake.posted_in("DU1")[-1]
    said = json.dumps(dm, ensure_ascii=False)
    assert "*1. SQL*" in said
    assert "*2. Python*" in said
    assert "Answer with /stride skill assess N LEVEL" in said
    assert "Python: 2" in await slack.say("skill assess 2 3")
    assert await _levels(stride) == {"SQL": 1, "Python": 3}
