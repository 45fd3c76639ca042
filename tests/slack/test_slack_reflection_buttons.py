"""The digest's *Reply* (a modal whose text reaches the student by DM, once) and the nudge's
buttons (quick log, *Start a N min session*, *Remind me later*) through the real Bolt app
and the fake Slack, with students pressing instructor buttons and forged values."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.slack import answer
from core.bootstrap import Stride
from core.clock import FixedClock
from core.services.delivery import deliver_due
from core.views.reflections import NudgeLineView, NudgeView
from tests.slack.conftest import INSTRUCTOR, SlackClient, until
from tests.slack.delivery_support import set_up_class, student, tick
from tests.slack.test_slack_interactivity import click, submission, text_value

LAST_WED = datetime(2026, 11, 25, 10, tzinfo=UTC)
WED = datetime(2026, 12, 2, 10, tzinfo=UTC)
REPLY = "stride_digest_reply"


def _reply_button(member: object) -> dict[str, Any]:
    value = member if isinstance(member, str) else json.dumps({"member": member})
    return {"type": "button", "action_id": REPLY, "block_id": "digest", "value": value}


def _said(slack: SlackClient, channel: str) -> list[str]:
    return [json.dumps(m, ensure_ascii=False) for m in slack.fake.posted_in(channel)]


async def _member_id(stride: Stride) -> int:
    return (await student(stride)).id


async def _modal(slack: SlackClient) -> dict[str, Any]:
    await until(lambda: bool(slack.fake.calls_to("views.open")))
    view = slack.fake.calls_to("views.open")[-1].body["view"]
    return dict(json.loads(view) if isinstance(view, str) else view)


async def _set_up(slack: SlackClient, stride: Stride, clock: FixedClock) -> int:
    clock.set(LAST_WED)
    await set_up_class(slack)
    await slack.command("cohort join ML-Fall", user="U2")
    await slack.say('reflect done="trees" blocked="the heap chapter <!channel>"')
    clock.set(WED)
    return await _member_id(stride)


async def test_the_digest_reply_opens_a_modal_and_the_student_gets_the_reply_once(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    member = await _set_up(slack, stride, clock)
    await slack.interact(click(_reply_button(member), channel="DUPROF", user=INSTRUCTOR))
    modal = await _modal(slack)
    assert modal["callback_id"] == "stride_blocker_reply"
    assert json.loads(modal["private_metadata"]) == {"channel": "DUPROF", "member": member}
    shown = json.dumps(modal["blocks"], ensure_ascii=False)
    assert "the heap chapter &lt;!channel&gt;" in shown
    assert "<!channel>" not in shown

    values = {"reply": text_value("Try the visualiser <!channel> <@U2>")}
    for trigger in ("ts-1", "ts-retry"):  # Slack retries the submission: one DM
        closed = await slack.interact(
            {**submission(modal, values, user=INSTRUCTOR, view_id="V-reply"), "trigger_id": trigger}
        )
        assert closed.body is None
    await until(lambda: len(slack.fake.posted_in("DUPROF")) >= 2)
    told = _said(slack, "DUPROF")
    assert "Your reply to u1 is on its way by DM." in told[0]
    assert "Your reply to u1 was already sent." in told[1]
    for _ in range(2):
        await deliver_due(stride.services, slack.service.sink, owner="test")
    [dm] = _said(slack, "DU1")
    assert "answered your blocker in ML-Fall" in dm
    assert "Try the visualiser &lt;!channel&gt; &lt;@U2&gt;" in dm
    assert "the heap chapter &lt;!channel&gt;" in dm
    assert "<!channel>" not in dm.replace('"text": "uprof answered', "")


@pytest.mark.parametrize(
    ("value", "user", "says"),
    [
        (None, "U2", "Only an instructor"),  # a student pressing the instructor's button
        (
            "not json",
            INSTRUCTOR,
            "That button is out of date; answer a blocker with /stride reply @student",
        ),
        (json.dumps({"member": "1"}), INSTRUCTOR, "That button is out of date"),
        (json.dumps({"member": True}), INSTRUCTOR, "That button is out of date"),
        (json.dumps({"member": 10**20}), INSTRUCTOR, "That button is out of date"),
        (json.dumps({"member": 99999}), INSTRUCTOR, "no longer in the cohort"),
        ("<!channel>" * 300, INSTRUCTOR, "That button is out of date"),
    ],
)
async def test_a_reply_button_pressed_by_a_student_or_forged_opens_nothing(
    slack: SlackClient, stride: Stride, clock: FixedClock, value: str | None, user: str, says: str
) -> None:
    member = await _set_up(slack, stride, clock)
    button = _reply_button(member if value is None else value)
    answer_ = await slack.interact(click(button, channel=f"D{user}", user=user))
    assert answer_.status == 200
    await until(lambda: bool(slack.fake.posted_in(f"D{user}")))
    [said] = _said(slack, f"D{user}")
    assert "✗" in said
    assert says in said
    assert "<!channel>" not in said
    assert slack.fake.calls_to("views.open") == []


async def test_a_student_submitting_a_reply_form_sends_nothing(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    member = await _set_up(slack, stride, clock)
    await slack.interact(click(_reply_button(member), channel="DUPROF", user=INSTRUCTOR))
    modal = await _modal(slack)
    refused = await slack.interact(submission(modal, {"reply": text_value("hi")}, user="U2"))
    assert refused.body is not None
    assert "Only an instructor" in refused.body["errors"]["reply"]
    await deliver_due(stride.services, slack.service.sink, owner="test")
    assert slack.fake.posted_in("DU1") == []


@pytest.mark.parametrize(
    ("reply", "metadata", "says"),
    [
        ("", None, "The reply"),
        ("   ", None, "The reply"),
        ("x" * 1501, None, "1,500"),
        ("fine", '{"channel": "DUPROF"}', "That button is out of date"),
        ("fine", '{"member": "7"}', "That button is out of date"),
    ],
)
async def test_a_bad_reply_stays_in_the_modal_and_sends_nothing(
    slack: SlackClient, stride: Stride, clock: FixedClock, reply: str, metadata: str | None, says: str
) -> None:
    member = await _set_up(slack, stride, clock)
    await slack.interact(click(_reply_button(member), channel="DUPROF", user=INSTRUCTOR))
    modal = await _modal(slack)
    if metadata is not None:
        modal["private_metadata"] = metadata
    refused = await slack.interact(submission(modal, {"reply": text_value(reply)}, user=INSTRUCTOR))
    assert refused.body is not None
    assert refused.body["response_action"] == "errors"
    [(field, message)] = refused.body["errors"].items()
    assert field == "reply"
    assert says in message
    assert len(message) <= 150
    await deliver_due(stride.services, slack.service.sink, owner="test")
    assert slack.fake.posted_in("DU1") == []


def _nudge(track: str = "dsa") -> NudgeView:
    line = NudgeLineView(track=track, done_hours=1, min_hours=5, max_hours=7, days_left=4, session_minutes=25)
    return NudgeView(member="u1", week="2026-W49", lines=[line])


async def _nudged(slack: SlackClient, clock: FixedClock) -> dict[str, Any]:
    """A nudge in U1's DM (posted as the outbox posts it), as the client shows it."""
    clock.set(WED)
    await set_up_class(slack)
    await answer.tell(slack.service.app.client, "U1", None, _nudge())
    [dm] = slack.fake.posted_in("DU1")
    assert "You're at 1h of 5h–7h on dsa with 4 days left — a 25 minute session today keeps you on track" in (
        json.dumps(dm, ensure_ascii=False)
    )
    return copy.deepcopy(dm)


def _find(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    for block in message["blocks"]:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return {**element, "block_id": block.get("block_id", "")}
    raise AssertionError(action_id)


async def test_the_nudge_session_button_starts_a_timer_once(slack: SlackClient, clock: FixedClock) -> None:
    seen = await _nudged(slack, clock)
    start = _find(seen, "stride_nudge_session")
    assert start["text"]["text"] == "Start a 25 min session"
    await slack.interact(click(start, message=seen))
    await until(lambda: len(slack.fake.posted_in("DU1")) >= 2)
    assert "Focus timer started: 25m on dsa" in _said(slack, "DU1")[1]
    [update] = slack.fake.calls_to("chat.update")
    assert "stride_nudge_session" not in json.dumps(update.body)
    assert "stride_log_0" in json.dumps(update.body)  # the quick-log buttons stay
    await slack.interact(click(start, message=seen, trigger="tc-old"))  # an old client
    await until(lambda: len(slack.fake.posted_in("DU1")) >= 3)
    assert "You already have a focus session on dsa running" in _said(slack, "DU1")[2]


async def test_a_nudge_quick_log_logs_once_and_leaves_remind_me_later(
    slack: SlackClient, clock: FixedClock
) -> None:
    seen = await _nudged(slack, clock)
    for trigger in ("tc-1", "tc-2"):
        await slack.interact(click(_find(seen, "stride_log_0"), message=seen, trigger=trigger))
    await until(lambda: len(slack.fake.posted_in("DU1")) >= 3)
    said = _said(slack, "DU1")
    assert "Logged 30m of dsa" in said[1]
    assert "Already logged: 30m of dsa" in said[2]
    kept = json.dumps(slack.fake.posted_in("DU1")[0]["blocks"])
    assert "stride_log_" not in kept
    assert "stride_nudge_session" not in kept
    assert "stride_remind_later" in kept
    assert "1h 30m of 5h–7h" in await slack.say("progress")


@pytest.mark.parametrize(
    ("action_id", "value", "says"),
    [
        ("stride_nudge_session", "not json", "start a focus timer with /stride session start TRACK 25m"),
        ("stride_nudge_session", json.dumps({"track": "dsa", "minutes": 9999}), "out of date"),
        ("stride_nudge_session", json.dumps({"track": "dsa", "minutes": 1}), "out of date"),
        ("stride_nudge_session", json.dumps({"track": "x" * 40, "minutes": 25}), "out of date"),
        ("stride_nudge_session", json.dumps({"track": "<!channel>", "minutes": 25}), "A track must be"),
        ("stride_nudge_session", json.dumps({"track": "dsa", "minutes": 25.5}), "out of date"),
        ("stride_remind_later", "weekly_reminder", "snooze your reminders with /stride me snooze 3h"),
        ("stride_remind_later", "<!channel>", "out of date"),
        ("stride_remind_later", "", "out of date"),
        ("stride_blocker_resolved", "resolved", "nothing to mark resolved"),
        ("stride_reflection_share", "2026-W49; drop", "share your reflection with /stride reflect share"),
        (
            "stride_reflection_share",
            "2026-W49",
            "You have not written a reflection on Mon 30 Nov – Sun 6 Dec yet",
        ),
    ],
)
async def test_forged_buttons_change_nothing(
    slack: SlackClient, clock: FixedClock, action_id: str, value: str, says: str
) -> None:
    clock.set(WED)
    await set_up_class(slack)
    forged = {"type": "button", "action_id": action_id, "block_id": "x", "value": value}
    assert (await slack.interact(click(forged))).status == 200
    await until(lambda: bool(slack.fake.posted_in("DU1")))
    [said] = _said(slack, "DU1")
    assert "✗" in said
    assert says in said
    assert "<!channel>" not in said
    assert "No session running" in await slack.say("session status")


async def test_the_monday_digest_names_the_blocker_with_a_reply_button_that_works(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    member = await _set_up(slack, stride, clock)
    await tick(slack, stride, clock, datetime(2026, 11, 30, 7, 1, tzinfo=UTC))  # Mon 08:01 Berlin
    digests = [m for m in slack.fake.posted_in("DUPROF") if "Digest of ML-Fall" in json.dumps(m)]
    assert len(digests) == 1
    digest = json.dumps(digests[0], ensure_ascii=False)
    assert "*Reflections:* 1 of 2 students answered." in digest
    assert "*u1*: “the heap chapter &lt;!channel&gt;”" in digest
    assert "<!channel>" not in digest
    [button] = [b["accessory"] for b in digests[0]["blocks"] if "accessory" in b]
    assert (button["text"]["text"], json.loads(button["value"])) == ("Reply", {"member": member})
    await slack.interact(
        click({**button, "block_id": "b"}, channel="DUPROF", user=INSTRUCTOR, message=digests[0])
    )
    modal = await _modal(slack)
    sent = await slack.interact(submission(modal, {"reply": text_value("Read 6.4 first")}, user=INSTRUCTOR))
    assert sent.body is None
    await until(lambda: any("on its way by DM" in s for s in _said(slack, "DUPROF")))
    await deliver_due(stride.services, slack.service.sink, owner="test")
    assert any("Read 6.4 first" in s for s in _said(slack, "DU1"))
