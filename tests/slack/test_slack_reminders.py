"""The DMs that ask something, posted by the real outbox (``enqueue_due`` → ``deliver_due``
→ ``SlackSink``) and clicked as Slack sends clicks: the check-in DM's *Reflect* and *Remind
me later*, the reflection reminder, and Wednesday's nudge with its buttons."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from core.bootstrap import Stride
from core.clock import FixedClock
from tests.slack.conftest import SlackClient, until
from tests.slack.delivery_support import SUNDAY_18H_BERLIN, set_up_class, tick
from tests.slack.test_slack_interactivity import click, submission, text_value

WED_18H_BERLIN = datetime(2026, 11, 18, 17, 1, tzinfo=UTC)  # the nudge (1h of 5h–7h on dsa)
NUDGE = "You're at 1h of 5h–7h on dsa with 4 days left — a 25 minute session today keeps you on track"


def _find(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    for block in message["blocks"]:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return {**element, "block_id": block.get("block_id", "")}
    raise AssertionError(f"no {action_id} in {message['blocks']}")


def _said(slack: SlackClient) -> list[str]:
    return [json.dumps(m, ensure_ascii=False) for m in slack.fake.posted_in("DU1")]


async def _press(slack: SlackClient, button: dict[str, Any], message: dict[str, Any], trigger: str) -> str:
    """U1 presses ``button`` on ``message`` in the DM; what Stride answered there."""
    before = len(slack.fake.posted_in("DU1"))
    assert (await slack.interact(click(button, message=message, trigger=trigger))).status == 200
    await until(lambda: len(slack.fake.posted_in("DU1")) > before)
    return _said(slack)[before]


async def test_the_nudge_comes_once_with_its_buttons_and_remind_me_later_brings_it_back_once(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await set_up_class(slack)
    await tick(slack, stride, clock, WED_18H_BERLIN)
    await tick(slack, stride, clock, WED_18H_BERLIN + timedelta(minutes=5))  # a repeated tick
    nudges = [m for m in slack.fake.posted_in("DU1") if NUDGE in json.dumps(m, ensure_ascii=False)]
    assert len(nudges) == 1
    seen = copy.deepcopy(nudges[0])
    labels = [e["text"]["text"] for b in seen["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert labels == ["Log 30m dsa", "Log 1h dsa", "Start a 25 min session", "Remind me later"]

    later = _find(seen, "stride_remind_later")
    assert later["value"] == "nudge"
    first = await _press(slack, later, seen, "tc-1")
    assert "Snoozed until" in first
    assert "comes again then" in first
    again = await _press(slack, later, seen, "tc-2")  # an old client: acts once
    assert "Already done" in again
    update = slack.fake.calls_to("chat.update")[-1]
    assert "stride_remind_later" not in json.dumps(update.body)
    assert "stride_nudge_session" in json.dumps(update.body)  # the rest of the nudge stays
    assert json.dumps(update.body, ensure_ascii=False).count("Snoozed for 3 hours ✓") == 1

    report = await tick(slack, stride, clock, WED_18H_BERLIN + timedelta(hours=3, minutes=5))
    await tick(slack, stride, clock, WED_18H_BERLIN + timedelta(hours=4))
    assert report.errors == []
    nudges = [m for m in slack.fake.posted_in("DU1") if NUDGE in json.dumps(m, ensure_ascii=False)]
    assert len(nudges) == 2

    started = await _press(slack, _find(nudges[1], "stride_nudge_session"), nudges[1], "tc-3")
    assert "Focus timer started: 25m on dsa" in started


async def _checkin_dm(slack: SlackClient, stride: Stride, clock: FixedClock) -> dict[str, Any]:
    await set_up_class(slack)
    await tick(slack, stride, clock, SUNDAY_18H_BERLIN)
    [dm] = [m for m in slack.fake.posted_in("DU1") if "how did week" in json.dumps(m)]
    return copy.deepcopy(dm)


async def test_the_checkin_dms_reflect_button_opens_the_weeks_questions(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    seen = await _checkin_dm(slack, stride, clock)
    shown = json.dumps(seen, ensure_ascii=False)
    assert "Your weekly reflection (Mon 16 Nov – Sun 22 Nov)" in shown
    assert "/stride me snooze 3h" not in shown  # a button here
    reflect = _find(seen, "stride_reflect")
    assert reflect["text"]["text"] == "Reflect"
    assert (await slack.interact(click(reflect, message=seen))).status == 200
    await until(lambda: bool(slack.fake.calls_to("views.open")))
    raw = slack.fake.calls_to("views.open")[0].body["view"]
    modal = json.loads(raw) if isinstance(raw, str) else raw
    assert json.loads(modal["private_metadata"]) == {"channel": "DU1", "week": "2026-W47"}
    values = {"q1": text_value("graphs"), "q2": text_value("6h dsa"), "q3": text_value("")}
    before = len(slack.fake.posted_in("DU1"))
    assert (await slack.interact(submission(modal, values))).body is None
    await until(lambda: len(slack.fake.posted_in("DU1")) > before)
    assert "Commitment for next week: 6h on dsa." in _said(slack)[-1]

    # Answered: the reflection reminder three hours later is not sent.
    after = len(slack.fake.posted_in("DU1"))
    await tick(slack, stride, clock, SUNDAY_18H_BERLIN + timedelta(hours=3, minutes=5))
    assert not any("still waiting" in s for s in _said(slack)[after:])


async def test_an_unanswered_reflection_gets_one_reminder_with_its_buttons(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await _checkin_dm(slack, stride, clock)
    for minutes in (185, 200):
        await tick(slack, stride, clock, SUNDAY_18H_BERLIN + timedelta(minutes=minutes))
    reminders = [m for m in slack.fake.posted_in("DU1") if "still waiting" in json.dumps(m)]
    assert len(reminders) == 1
    [reminder] = reminders
    assert _find(reminder, "stride_reflect")["text"]["text"] == "Reflect"
    assert _find(reminder, "stride_remind_later")["value"] == "reflection_reminder"
