"""Focus timers on Slack, through the real Bolt app and the fake Slack: /stride session start,
the end-of-session DM posted by the real outbox (``enqueue_due`` → ``deliver_due`` →
``SlackSink``) with *Log it* / *Keep going* / *Discard*, and clicks that act once."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.slack.sink import SlackSink
from core.bootstrap import Stride
from core.clock import FixedClock
from core.services.delivery import deliver_due
from core.services.notifications import enqueue_due
from tests.slack.conftest import INSTRUCTOR, SlackClient, until
from tests.slack.test_slack_interactivity import click

START = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)  # Sat 5 Dec, 10:00 in Berlin


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


async def _class(slack: SlackClient, clock: FixedClock) -> None:
    clock.set(START)
    await slack.command("cohort create ML-Fall tz=Europe/Berlin", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")
    await slack.command("budget set dsa 5-7")


async def _tick(slack: SlackClient, stride: Stride, clock: FixedClock, minute: int, sink: Any = None) -> int:
    clock.set(at(minute))
    await enqueue_due(stride.services)
    report = await deliver_due(stride.services, sink or slack.service.sink, owner="test")
    assert report.errors == []
    return report.sent


def _timer_dms(slack: SlackClient) -> list[dict[str, Any]]:
    return [
        m
        for m in slack.fake.posted_in("DU1")
        if "focus session" in json.dumps(m) or "Focus period" in m["text"]
    ]


def _button(message: dict[str, Any], label: str) -> dict[str, Any]:
    [actions] = [b for b in message["blocks"] if b["type"] == "actions"]
    [button] = [e for e in actions["elements"] if e["text"]["text"] == label]
    return {**button, "block_id": actions["block_id"]}


def _answers(slack: SlackClient, after: dict[str, Any]) -> list[str]:
    posted = slack.fake.posted_in("DU1")
    index = next(n for n, m in enumerate(posted) if m["ts"] == after["ts"])
    return [json.dumps(m, ensure_ascii=False) for m in posted[index + 1 :]]


async def _ended(
    slack: SlackClient, stride: Stride, clock: FixedClock, length: str = "25m"
) -> dict[str, Any]:
    await _class(slack, clock)
    said = await slack.say(f"session start dsa {length}")
    assert "Focus timer started" in said
    assert "/stride session status shows it" in said
    assert '"response_type": "ephemeral"' in said
    assert await _tick(slack, stride, clock, 26) == 1
    [dm] = _timer_dms(slack)
    return copy.deepcopy(dm)


async def test_a_timer_ends_with_one_dm_whose_log_it_logs_once(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    seen = await _ended(slack, stride, clock)
    assert seen["text"] == "Your 25m focus session on dsa ended."
    [actions] = [b for b in seen["blocks"] if b["type"] == "actions"]
    assert [(e["action_id"], e["text"]["text"]) for e in actions["elements"]] == [
        ("stride_timer_log", "Log it"),
        ("stride_timer_keep", "Keep going"),
        ("stride_timer_discard", "Discard"),
    ]
    assert "/stride session log · /stride session keep · /stride session discard" in json.dumps(
        seen["blocks"], ensure_ascii=False
    )
    # A second tick and a new deliverer (a restart) post nothing more.
    assert await _tick(slack, stride, clock, 27) == 0
    assert await _tick(slack, stride, clock, 40, SlackSink(slack.service.app.client)) == 0
    assert len(_timer_dms(slack)) == 1

    await slack.interact(click(_button(seen, "Log it"), message=seen))
    await until(lambda: len(_answers(slack, slack.fake.posted_in("DU1")[0])) >= 1)
    assert (
        "Logged 25m of dsa from your focus session (Sat 5 Dec)"
        in _answers(slack, slack.fake.posted_in("DU1")[0])[0]
    )
    [update] = slack.fake.calls_to("chat.update")
    assert (update.body["channel"], update.body["ts"]) == ("DU1", seen["ts"])
    prompt = slack.fake.posted_in("DU1")[0]
    assert not [b for b in prompt["blocks"] if b["type"] == "actions"]  # nothing left to click

    await slack.interact(click(_button(seen, "Log it"), message=seen, trigger="tc-2"))  # an old client
    await until(lambda: len(_answers(slack, prompt)) >= 2)
    assert "Already logged: 25m of dsa from this focus session." in _answers(slack, prompt)[1]
    listed = await slack.say("checkin list")
    assert "25m in all" in listed
    assert listed.count("· dsa") == 1


async def test_keep_going_then_discard_from_the_buttons(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    seen = await _ended(slack, stride, clock)
    clock.set(at(30))
    await slack.interact(click(_button(seen, "Keep going"), message=seen))
    await until(lambda: len(_answers(slack, slack.fake.posted_in("DU1")[0])) >= 1)
    assert (
        "Keep going: one more 25m period on dsa, until 10:55."
        in _answers(slack, slack.fake.posted_in("DU1")[0])[0]
    )
    assert await _tick(slack, stride, clock, 56) == 1
    second = copy.deepcopy(_timer_dms(slack)[-1])
    assert second["text"] == "Your 50m focus session on dsa ended."
    clock.set(at(57))
    await slack.interact(click(_button(seen, "Discard"), message=seen, trigger="tc-old"))  # the first DM
    await until(lambda: any("earlier period" in a for a in _answers(slack, second)))
    await slack.interact(click(_button(second, "Discard"), message=second, trigger="tc-new"))
    await until(lambda: any("Discarded your focus session on dsa" in a for a in _answers(slack, second)))
    assert "No check-ins this week yet" in await slack.say("checkin list")


@pytest.mark.parametrize(
    "value",
    [
        "not json",
        json.dumps({"session": "1; drop table", "period": 1}),
        json.dumps({"session": 10**40, "period": 1}),
        json.dumps({"session": 1}),
        json.dumps({"session": -1, "period": 1}),
        json.dumps({"session": True, "period": 1}),
        json.dumps([1, 2]),
        "<!channel>" * 500,
    ],
)
async def test_a_tampered_button_changes_nothing(
    slack: SlackClient, stride: Stride, clock: FixedClock, value: str
) -> None:
    seen = await _ended(slack, stride, clock)
    forged = {**_button(seen, "Log it"), "value": value}
    answer = await slack.interact(click(forged, message=seen))
    assert answer.status == 200
    await until(lambda: len(_answers(slack, slack.fake.posted_in("DU1")[0])) >= 1)
    [said] = _answers(slack, slack.fake.posted_in("DU1")[0])
    assert "✗ That button is out of date; see where your timer stands with /stride session status." in said
    assert "<!channel>" not in said
    assert "waits for your answer" in await slack.say("session status")  # still waiting, nothing logged


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("session start dsa 50", "has no unit"),
        ("session start dsa 9h", "The focus length must be from 5m to 4h"),
        ("session start dsa cycles=99", "Cycles must be from 1 to 12"),
        ("session start dsa cycles=2 break=0m", "The break must be from 1m to 1h"),
        ("session start <!channel>", "A track must be"),
        ("session start dsa " + "1" * 4000 + "m", "is not a length of time"),
        ("session start dsa skill=<@U2>", "skill"),
        ("session stop", "You have no focus session running"),
        ("session keep", "You have no focus session waiting for an answer"),
    ],
)
async def test_bad_commands_answer_one_private_sentence(
    slack: SlackClient, clock: FixedClock, text: str, says: str
) -> None:
    await _class(slack, clock)
    said = await slack.say(text)
    assert "✗" in said
    assert says in said
    assert '"response_type": "ephemeral"' in said
    assert "<!channel>" not in said.replace("&lt;!channel&gt;", "")
    assert "No session running" in await slack.say("session status")
