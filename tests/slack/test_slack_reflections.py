"""Weekly reflections on Slack, through the real Bolt app and the fake Slack: ``/stride
reflect`` alone opens the week's questions in a modal, its submission saves them once, the
reply's *Share*, *Resolved* / *Still blocked* and *Edit* buttons, the text grammar's forms,
and every bad value a field, a button or a tampered form can carry."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.slack.listeners.commands import reflection_form_asked
from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import reflections
from core.services.delivery import deliver_due
from tests.slack.conftest import INSTRUCTOR, SlackClient, until
from tests.slack.delivery_support import set_up_class
from tests.slack.fake_slack import Failure
from tests.slack.test_slack_interactivity import click, submission, text_value

LAST_WED = datetime(2026, 11, 25, 10, tzinfo=UTC)  # week 48
WED = datetime(2026, 12, 2, 10, tzinfo=UTC)  # week 49, 11:00 in Berlin
DM = ("DU1", "directmessage")
HOSTILE = "<!channel> <@U2> @everyone <#C1>"


async def _class(slack: SlackClient, clock: FixedClock, at: datetime = WED) -> None:
    clock.set(at)
    await set_up_class(slack)


async def _rows(stride: Stride) -> int:
    async with stride.engine.connect() as connection:
        return int((await connection.execute(select(func.count()).select_from(reflections))).scalar_one())


async def _modal(slack: SlackClient, count: int = 1) -> dict[str, Any]:
    await until(lambda: len(slack.fake.calls_to("views.open")) >= count)
    view = slack.fake.calls_to("views.open")[count - 1].body["view"]
    return dict(json.loads(view) if isinstance(view, str) else view)


async def _open_form(
    slack: SlackClient, count: int = 1, text: str = "reflect", **where: Any
) -> dict[str, Any]:
    answer = await slack.command(text, **where)
    assert answer.status == 200
    return await _modal(slack, count)


def _answers(**given: str) -> dict[str, Any]:
    return {key: text_value(value) for key, value in given.items()}


def _dm(slack: SlackClient) -> list[dict[str, Any]]:
    return slack.fake.posted_in("DU1")


def _ephemeral(slack: SlackClient) -> list[str]:
    return [json.dumps(c.body, ensure_ascii=False) for c in slack.fake.calls_to("chat.postEphemeral")]


def _button(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    for block in message["blocks"]:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return {**element, "block_id": block.get("block_id", "")}
    raise AssertionError(f"no {action_id} button")


async def test_reflect_alone_opens_the_questions_and_the_submission_saves_them_once(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await _class(slack, clock)
    modal = await _open_form(slack)
    assert modal["callback_id"] == "stride_reflection"
    assert json.loads(modal["private_metadata"]) == {"channel": "C0CLASS", "week": "2026-W49"}
    inputs = [b for b in modal["blocks"] if b["type"] == "input"]
    assert [(b["block_id"], b["label"]["text"]) for b in inputs] == [
        ("q1", "What did you get done this week?"),
        ("q2", "What will you do next week?"),
        ("q3", "What's blocking you?"),
    ]
    assert "Mon 30 Nov – Sun 6 Dec" in json.dumps(modal, ensure_ascii=False)

    values = _answers(q1="Two graph chapters " + HOSTILE, q2="6h dsa", q3="")
    for trigger in ("ts-1", "ts-retry"):  # Slack retries one submission: one reflection
        closed = await slack.interact({**submission(modal, values), "trigger_id": trigger})
        assert closed.status == 200
        assert closed.body is None
    await until(lambda: len(_ephemeral(slack)) >= 2)
    first = _ephemeral(slack)[0]
    assert "Saved your reflection" in first
    assert "Commitment for next week: 6h on dsa." in first
    assert "Two graph chapters &lt;!channel&gt; &lt;@U2&gt; @everyone &lt;#C1&gt;" in first
    assert "<!channel>" not in first
    assert '"action_id": "stride_reflection_share"' in first
    assert await _rows(stride) == 1
    shown = await slack.say("reflect show")
    assert "6h dsa" in shown

    edit = await _open_form(slack, 2)  # prefilled; an emptied field clears its answer
    [done] = [b for b in edit["blocks"] if b.get("block_id") == "q1"]
    assert done["element"]["initial_value"].startswith("Two graph chapters <!channel>")
    assert edit["title"]["text"] == "Edit reflection"
    await slack.interact(submission(edit, _answers(q1="", q2="5h dsa", q3="the heap"), view_id="V10"))
    await until(lambda: len(_ephemeral(slack)) >= 3)
    assert "Commitment for next week: 5h on dsa." in _ephemeral(slack)[-1]
    assert await _rows(stride) == 1


async def test_from_a_dm_the_reply_comes_there_and_share_posts_once(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await _class(slack, clock)
    modal = await _open_form(slack, channel=DM)
    await slack.interact(submission(modal, _answers(q1="Graphs " + HOSTILE, q2="6h dsa", q3="")))
    await until(lambda: bool(_dm(slack)))
    reply = copy.deepcopy(_dm(slack)[0])
    share = _button(reply, "stride_reflection_share")
    assert share["value"] == "2026-W49"

    for trigger in ("tc-1", "tc-2"):  # an old client clicks again
        await slack.interact(click(share, message=reply, trigger=trigger))
    await until(lambda: len(_dm(slack)) >= 3)
    said = [json.dumps(m, ensure_ascii=False) for m in _dm(slack)[1:]]
    assert any("already shared with the cohort" in s for s in said)
    update = slack.fake.calls_to("chat.update")[0]
    assert "stride_reflection_share" not in json.dumps(update.body)  # the button left the reply
    await deliver_due(stride.services, slack.service.sink, owner="test")
    await deliver_due(stride.services, slack.service.sink, owner="test")
    posts = [m for m in slack.fake.posted_in("C0CLASS") if "reflection on" in json.dumps(m)]
    assert len(posts) == 1
    post = json.dumps(posts[0], ensure_ascii=False)
    assert "Graphs &lt;!channel&gt; &lt;@U2&gt;" in post
    assert "<!channel>" not in post.replace('"text": "u1\'s', "")


async def test_last_weeks_blocker_is_asked_about_and_answered_once_by_button(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await _class(slack, clock, LAST_WED)
    await slack.say('reflect done="trees" next="6h dsa" blocked="the heap chapter <!here>"')
    clock.set(WED)
    assert "✗ You planned 6h on dsa; you did 0h" in await slack.say("progress")
    modal = await _open_form(slack, channel=DM)
    assert "Last time you were blocked by" in json.dumps(modal, ensure_ascii=False)
    await slack.interact(submission(modal, _answers(q1="heaps", q2="", q3="")))
    await until(lambda: bool(_dm(slack)))
    reply = copy.deepcopy(_dm(slack)[0])
    shown = json.dumps(reply, ensure_ascii=False)
    assert "Last time you were blocked by: “the heap chapter &lt;!here&gt;”. Is it resolved?" in shown
    resolved = _button(reply, "stride_blocker_resolved")

    await slack.interact(click(resolved, message=reply))
    await until(lambda: len(_dm(slack)) >= 2)
    assert "Good to hear “the heap chapter &lt;!here&gt;” is resolved." in json.dumps(
        _dm(slack)[1], ensure_ascii=False
    )
    [update] = slack.fake.calls_to("chat.update")
    assert "stride_blocker" not in json.dumps(update.body)
    assert "stride_reflection_share" in json.dumps(update.body)  # the other buttons stay
    assert "Blocker: resolved ✓" in json.dumps(update.body, ensure_ascii=False)


async def test_reflections_off_or_no_cohort_answer_one_sentence_and_open_nothing(
    slack: SlackClient, clock: FixedClock
) -> None:
    clock.set(WED)
    said = await slack.say("reflect", user="U7")
    assert "✗" in said
    assert "/stride cohort join" in said
    await _class(slack, clock)
    assert "✗" not in await slack.say("cohort reflection off", user=INSTRUCTOR)
    said = await slack.say("reflect")
    assert "Weekly reflections are off in ML-Fall" in said
    assert '"response_type": "ephemeral"' in said
    assert slack.fake.calls_to("views.open") == []


async def test_a_submission_refused_shows_under_its_field_and_saves_nothing(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await _class(slack, clock)
    modal = await _open_form(slack)
    cases = [
        (
            _answers(q1="", q2="  ", q3=""),
            "q1",
            "A reflection needs at least one answer; write it like /stride reflect",
        ),
        (_answers(q1="ok", q2="x" * 1001, q3=""), "q2", "keep it to 1,000 or fewer"),
        (_answers(q9="forged"), "q1", "A reflection needs at least one answer"),
    ]
    for n, (values, field, says) in enumerate(cases):
        answer = await slack.interact(submission(modal, values, view_id=f"V-bad-{n}"))
        assert answer.body is not None, values
        assert answer.body["response_action"] == "errors"
        [(where, message)] = answer.body["errors"].items()
        assert (where, says in message) == (field, True), answer.body
        assert len(message) <= 150
    assert await _rows(stride) == 0


@pytest.mark.parametrize(
    ("metadata", "says"),
    [
        ('{"channel": "C0CLASS"}', "That form is out of date; open it again with /stride reflect."),
        ('{"week": "49; drop table"}', "That form is out of date"),
        ('{"week": "2026-W40"}', "Week 40's reflection closed"),
        ('{"week": "2026-W52"}', "has not begun yet"),
        ("not json", "That form is out of date"),
    ],
)
async def test_a_tampered_form_week_is_refused(
    slack: SlackClient, stride: Stride, clock: FixedClock, metadata: str, says: str
) -> None:
    await _class(slack, clock)
    modal = {**await _open_form(slack), "private_metadata": metadata}
    answer = await slack.interact(submission(modal, _answers(q1="done", q2="", q3="")))
    assert answer.body is not None
    [message] = answer.body["errors"].values()
    assert says in message
    assert await _rows(stride) == 0


async def test_the_text_grammar_renders_on_slack(slack: SlackClient, clock: FixedClock) -> None:
    await _class(slack, clock)
    await slack.command("cohort join ML-Fall", user="U2")
    said = await slack.say(f'reflect done="{HOSTILE}" next="6h on dsa" blocked="recursion"')
    assert "Commitment for next week: 6h on dsa." in said
    assert "&lt;!channel&gt;" in said
    assert "<!channel>" not in said
    assert '"response_type": "ephemeral"' in said
    assert "/stride reflect resolved" not in said  # no blocker asked about this week
    refusals = [
        ("reflect resolved=maybe", "U1"),
        ("reflect done=ok resolved=yes", "U1"),
        ("reflect q9=x", "U1"),
        ("reflect done=" + "x" * 1200, "U1"),
        ("reflections", "U1"),
        ('reply <@U2|u2> "hi"', "U1"),
        ('reply <@U9|u9> "hi"', INSTRUCTOR),
        ('cohort reflection questions="Done: a | Done: b"', INSTRUCTOR),
        ('cohort reflection questions="' + "x" * 60 + '"', INSTRUCTOR),
        ("cohort reflection questions=a", "U1"),
    ]
    for line, user in refusals:
        answer = await slack.say(line, user=user)
        assert "✗" in answer, (line, answer[:300])
        assert "Traceback" not in answer
        assert '"response_type": "ephemeral"' in answer
    listing = await slack.say("reflections", user=INSTRUCTOR)
    assert "1 of 2 students* answered" in listing
    assert "Not answered yet" in listing
    sent = await slack.say('reply <@U1|u1> "Try the visualiser <!channel>"', user=INSTRUCTOR)
    assert "on its way by DM" in sent
    assert "Shared with the cohort." in await slack.say("reflect share")


async def test_reflect_pressed_outside_a_cohort_or_too_late_for_slack_says_so(
    slack: SlackClient, clock: FixedClock
) -> None:
    await _class(slack, clock)
    reflect = {"type": "button", "action_id": "stride_reflect", "block_id": "reflection", "value": "2026-W49"}
    await slack.interact(click(reflect, channel="DU7", user="U7"))
    await until(lambda: bool(slack.fake.posted_in("DU7")))
    assert "/stride cohort join" in json.dumps(slack.fake.posted_in("DU7"))
    assert slack.fake.calls_to("views.open") == []

    slack.fake.fail("views.open", Failure(error="expired_trigger"))
    await slack.interact(click(reflect, trigger="tc-late"))
    await until(lambda: bool(_dm(slack)))
    said = json.dumps(_dm(slack), ensure_ascii=False)
    assert "✗ Slack closed the form before it opened; press the button or type /stride reflect again." in said
    slack.fake.fail("views.open", Failure(error="expired_trigger"))
    answer = await slack.command("reflect", channel=DM)  # the same from the command
    assert answer.status == 200
    await until(lambda: any("closed the form" in json.dumps(r) for r in slack.fake.responses))


@pytest.mark.parametrize(
    ("line", "asked"),
    [
        ("reflect", (True, None)),
        ("  Reflect  ", (True, None)),
        ("reflect cohort=ML-Fall", (True, "ML-Fall")),
        ('reflect cohort="ML Fall"', (True, "ML Fall")),
        ("reflect cohort=", (False, None)),
        ("reflect show", (False, None)),
        ("reflect done=x", (False, None)),
        ('reflect "unclosed', (False, None)),
        ("reflections", (False, None)),
    ],
)
def test_which_lines_open_the_form(line: str, asked: tuple[bool, str | None]) -> None:
    assert reflection_form_asked(line) == asked


async def test_reflect_with_a_cohort_opens_that_cohorts_form(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await _class(slack, clock)
    said = await slack.say("reflect cohort=Nope")
    assert "✗" in said
    assert slack.fake.calls_to("views.open") == []
    assert "The cohort= option is empty" in await slack.say("reflect cohort=")
    modal = await _open_form(slack, text="reflect cohort=ML-Fall")
    assert json.loads(modal["private_metadata"]) == {
        "cohort": "ML-Fall",
        "channel": "C0CLASS",
        "week": "2026-W49",
    }
    assert (await slack.interact(submission(modal, _answers(q1="graphs")))).body is None
    assert await _rows(stride) == 1
