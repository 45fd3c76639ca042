"""Modals, buttons, selects and the App Home tab, clicked as Slack sends them.

The scheduled DMs are produced by the real outbox (``enqueue_due`` → ``deliver_due`` →
``SlackSink``), so the buttons and selects clicked here are the ones Stride really posted.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import answer
from core.bootstrap import Stride
from core.clock import FixedClock
from core.commands import format_minutes
from core.domain.model import Actor
from core.services import skills
from core.services.delivery import deliver_due
from core.services.notifications import enqueue_due
from core.views.base import Notice, View
from tests.slack.conftest import INSTRUCTOR, SlackClient, until
from tests.slack.fake_slack import BOT_TOKEN, TEAM, Failure, FakeSlack

SUNDAY_18H_BERLIN = datetime(2026, 11, 22, 17, 1, tzinfo=UTC)  # hours check-in DM
FIRST_OF_MONTH_10H_BERLIN = datetime(2026, 12, 1, 9, 1, tzinfo=UTC)  # re-assessment DM


def _user(user: str = "U1") -> dict[str, Any]:
    return {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM}


def click(
    action: dict[str, Any],
    *,
    channel: str = "DU1",
    user: str = "U1",
    trigger: str = "tc-1",
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A block_actions payload; ``message``: the message clicked on, as the client shows it."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "fake"},
        "user": _user(user),
        "api_app_id": "A0APP",
        "trigger_id": trigger,
        "channel": {"id": channel, "name": "directmessage"},
        "container": {"type": "message", "channel_id": channel},
        "actions": [{**action, "action_ts": "1.0"}],
    }
    if message is not None:
        payload["container"].update(message_ts=message["ts"], is_ephemeral=False)
        payload["message"] = {"type": "message", "ts": message["ts"], "blocks": message["blocks"]}
    return payload


def submission(
    view: dict[str, Any], values: dict[str, Any], *, user: str = "U1", view_id: str = "V9"
) -> dict[str, Any]:
    state = {block: {"value": value} for block, value in values.items()}
    return {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "fake"},
        "user": _user(user),
        "api_app_id": "A0APP",
        "trigger_id": f"ts-{view_id}",
        "view": {**view, "id": view_id, "hash": "h-1", "state": {"values": state}},
    }


def text_value(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


async def _class(slack: SlackClient) -> None:
    await slack.command("cohort create ML-Fall tz=Europe/Berlin", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")
    await slack.command("budget set dsa 5-7")
    await slack.command('skill add "SQL" general priority=1 current=1 target=3')


async def _deliver(slack: SlackClient, stride: Stride, clock: FixedClock, at: datetime) -> None:
    clock.set(at)
    await enqueue_due(stride.services)
    report = await deliver_due(stride.services, slack.service.sink, owner="test")
    assert report.errors == []
    assert report.sent >= 1


async def _opened_modal(slack: SlackClient) -> dict[str, Any]:
    await until(lambda: bool(slack.fake.calls_to("views.open")))
    view = slack.fake.calls_to("views.open")[-1].body["view"]
    return dict(json.loads(view) if isinstance(view, str) else view)


async def test_plan_set_alone_opens_the_plan_modal_and_its_submission_saves_the_plan(
    slack: SlackClient,
) -> None:
    await _class(slack)
    answer = await slack.command("plan set")
    assert answer.status == 200
    modal = await _opened_modal(slack)
    assert modal["callback_id"] == "stride_plan"
    assert slack.fake.calls_to("views.open")[-1].body["trigger_id"].startswith("trigger-")
    values = {
        "slot": {"type": "static_select", "selected_option": {"value": "B"}},
        "position": text_value("Data Engineer"),
        "industry": text_value("Healthcare"),
        "rationale": text_value("Pipelines <!channel>"),
    }
    closed = await slack.interact(submission(modal, values))
    assert closed.status == 200
    assert closed.body is None  # the modal closes
    shown = await slack.say("plan show")
    assert "Data Engineer" in shown
    assert "Pipelines &lt;!channel&gt;" in shown
    await until(lambda: bool(slack.fake.calls_to("chat.postEphemeral")))
    [confirmation] = slack.fake.calls_to("chat.postEphemeral")
    assert confirmation.body["channel"] == "C0CLASS"
    assert "Data Engineer" in json.dumps(confirmation.body)


async def test_a_refused_plan_value_is_shown_under_its_field_and_nothing_is_saved(slack: SlackClient) -> None:
    await _class(slack)
    await slack.command("plan set")
    values = {
        "slot": {"type": "static_select", "selected_option": {"value": "A"}},
        "position": text_value("   "),
        "industry": text_value("x" * 5000),
    }
    answer = await slack.interact(submission(await _opened_modal(slack), values))
    assert answer.status == 200
    assert answer.body is not None
    assert answer.body["response_action"] == "errors"
    [(field, message)] = answer.body["errors"].items()
    assert field in {"position", "industry"}
    assert len(message) <= 150
    assert "No plan yet" in await slack.say("plan show")


async def test_checkin_alone_opens_the_checkin_modal_and_bad_hours_stay_in_it(slack: SlackClient) -> None:
    await _class(slack)
    await slack.command("", command="/checkin")
    modal = await _opened_modal(slack)
    assert modal["callback_id"] == "stride_checkin"
    bad = await slack.interact(submission(modal, {"hours": text_value("25h"), "track": text_value("dsa")}))
    assert bad.body is not None
    assert list(bad.body["errors"]) == ["hours"]
    good = {"hours": text_value("1:30"), "track": text_value("dsa"), "note": text_value("graphs")}
    assert (await slack.interact(submission(modal, good, view_id="V10"))).body is None
    assert "1h 30m of 5h–7h" in await slack.say("progress")


async def test_the_hours_checkin_dm_buttons_log_hours_and_other_amount_opens_the_modal(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await _class(slack)
    await _deliver(slack, stride, clock, SUNDAY_18H_BERLIN)
    [dm] = slack.fake.posted_in("DU1")
    [actions] = [b for b in dm["blocks"] if b.get("block_id") == "quick_log"]
    first, *_, other = actions["elements"]
    assert other["action_id"] == "stride_log_custom"
    await slack.interact(click({**first, "block_id": actions["block_id"]}))
    await until(lambda: len(slack.fake.posted_in("DU1")) == 2)
    minutes = json.loads(first["value"])["minutes"]
    assert f"Logged {format_minutes(minutes)} of dsa" in json.dumps(slack.fake.posted_in("DU1")[-1])
    await slack.interact(click({**other, "block_id": actions["block_id"]}, trigger="tc-2"))
    await until(lambda: len(slack.fake.calls_to("views.open")) == 1)
    assert (await _opened_modal(slack))["callback_id"] == "stride_checkin"


async def test_a_forged_button_value_gets_a_clear_sentence_and_logs_nothing(slack: SlackClient) -> None:
    await _class(slack)
    forged = {
        "type": "button",
        "action_id": "stride_log_0",
        "block_id": "quick_log",
        "value": '{"track":"dsa","minutes":99999}',
    }
    await slack.interact(click(forged))
    await until(lambda: bool(slack.fake.posted_in("DU1")))
    assert "That button is out of date" in json.dumps(slack.fake.posted_in("DU1"))
    assert "0h of 5h–7h" in await slack.say("progress")


async def test_the_reassessment_dm_has_a_level_select_per_skill_that_records_the_level(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await _class(slack)
    await _deliver(slack, stride, clock, FIRST_OF_MONTH_10H_BERLIN)
    dm = slack.fake.posted_in("DU1")[-1]
    [select_block] = [b for b in dm["blocks"] if "accessory" in b]
    assert select_block["block_id"] == "assess:SQL"
    select = select_block["accessory"]
    assert select["initial_option"]["value"] == "1"
    chosen = {
        "type": "static_select",
        "action_id": select["action_id"],
        "block_id": select_block["block_id"],
        "selected_option": select["options"][3],
    }
    before = len(slack.fake.posted_in("DU1"))
    await slack.interact(click(chosen))
    await until(lambda: len(slack.fake.posted_in("DU1")) > before)
    ada = Actor("slack", TEAM, "U1", "u1")
    [sql] = (await skills.list_skills(stride.services, ada, None)).skills
    assert sql.current == 3
    assert "SQL" in json.dumps(slack.fake.posted_in("DU1")[-1])


async def test_the_app_home_shows_the_week_budgets_streak_and_plan(slack: SlackClient) -> None:
    await _class(slack)
    await slack.command("checkin 2h dsa")
    await slack.event(
        {"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home"}, event_id="Ev-home"
    )
    await until(lambda: bool(slack.fake.calls_to("views.publish")))
    [publish] = slack.fake.calls_to("views.publish")
    assert publish.body["user_id"] == "U1"
    home = publish.body["view"]
    home = json.loads(home) if isinstance(home, str) else home
    said = json.dumps(home, ensure_ascii=False)
    assert home["type"] == "home"
    for words in (
        "Your week",
        "dsa",
        "2h",
        "Budgets",
        "5h–7h per week",
        "Streak",
        "Plan",
        "not complete yet",
    ):
        assert words in said, words
    assert any(
        e["action_id"] == "stride_home_checkin"
        for b in home["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    )


async def test_the_app_home_of_someone_in_no_cohort_says_how_to_join(slack: SlackClient) -> None:
    await slack.event(
        {"type": "app_home_opened", "user": "U5", "channel": "DU5", "tab": "home"}, event_id="Ev-new"
    )
    await until(lambda: bool(slack.fake.calls_to("views.publish")))
    said = json.dumps(slack.fake.calls_to("views.publish")[0].body)
    assert "/stride cohort join NAME" in said


async def _plan_saved_in_the_class_channel(slack: SlackClient, *failures: tuple[str, Failure]) -> None:
    """Plan A saved through its form from the class channel, where Slack refuses Stride's
    ephemeral confirmation (not_in_channel); ``failures`` are scripted on the way to the DM."""
    await _class(slack)
    await slack.command("plan set")
    slack.fake.fail("chat.postEphemeral", Failure(error="not_in_channel"))
    for method, failure in failures:
        slack.fake.fail(method, failure)
    values = {
        "slot": {"type": "static_select", "selected_option": {"value": "A"}},
        "position": text_value("Data Engineer"),
        "industry": text_value("Healthcare"),
    }
    await slack.interact(submission(await _opened_modal(slack), values))


async def test_a_confirmation_slack_will_not_show_in_the_channel_comes_by_dm(slack: SlackClient) -> None:
    await _plan_saved_in_the_class_channel(slack)
    await until(lambda: bool(slack.fake.posted_in("DU1")))
    [dm] = slack.fake.posted_in("DU1")
    assert "Data Engineer" in json.dumps(dm)


async def _checkin_prompt(slack: SlackClient, stride: Stride, clock: FixedClock) -> dict[str, Any]:
    """Sunday's check-in DM as the student's client shows it (a copy: later edits don't reach it)."""
    await _class(slack)
    await _deliver(slack, stride, clock, SUNDAY_18H_BERLIN)
    [dm] = slack.fake.posted_in("DU1")
    return copy.deepcopy(dm)


def _button(prompt: dict[str, Any], index: int) -> dict[str, Any]:
    [actions] = [b for b in prompt["blocks"] if b.get("block_id") == "quick_log"]
    return {**actions["elements"][index], "block_id": actions["block_id"]}


def _answers(slack: SlackClient) -> list[str]:
    """What Stride said in the student's DM after the prompt."""
    return [json.dumps(m, ensure_ascii=False) for m in slack.fake.posted_in("DU1")[1:]]


async def _answered(slack: SlackClient, count: int) -> None:
    await until(lambda: len(_answers(slack)) == count)


async def test_a_quick_log_click_replaces_the_buttons_and_a_second_click_logs_nothing(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    seen = await _checkin_prompt(slack, stride, clock)
    opened = len(slack.fake.calls_to("conversations.open"))
    await slack.interact(click(_button(seen, 1), message=seen))  # 1h dsa
    await _answered(slack, 1)
    assert "Logged 1h of dsa" in _answers(slack)[0]
    [update] = slack.fake.calls_to("chat.update")
    assert (update.body["channel"], update.body["ts"]) == ("DU1", seen["ts"])
    prompt = slack.fake.posted_in("DU1")[0]
    assert not [b for b in prompt["blocks"] if b.get("block_id") == "quick_log"]  # nothing left to log
    kept = [e["action_id"] for b in prompt["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert kept[-1] == "stride_remind_later"  # the DM's other buttons stay
    assert "Logged 1h of dsa ✓" in json.dumps(prompt["blocks"], ensure_ascii=False)
    assert prompt["blocks"][0] == seen["blocks"][0]  # the week so far stays readable

    for index, trigger in ((1, "tc-2"), (2, "tc-3")):  # an old client still showing the buttons
        await slack.interact(click(_button(seen, index), message=seen, trigger=trigger))
        await _answered(slack, index + 1)
        assert "Already logged: 1h of dsa" in _answers(slack)[-1]
    assert "1h of 5h–7h" in await slack.say("progress")
    assert len(slack.fake.calls_to("conversations.open")) == opened  # answered in the DM clicked in


async def test_clicks_racing_on_one_prompt_log_once(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    seen = await _checkin_prompt(slack, stride, clock)
    await asyncio.gather(
        *(slack.interact(click(_button(seen, 1), message=seen, trigger=f"race-{n}")) for n in range(3))
    )
    await _answered(slack, 3)
    assert sum("Already logged" in answer for answer in _answers(slack)) == 2
    assert "1h of 5h–7h" in await slack.say("progress")


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_click_in_a_dm_is_answered_there_while_conversations_open_is_rate_limited(
    slack: SlackClient, stride: Stride, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    seen = await _checkin_prompt(slack, stride, clock)
    opened = len(slack.fake.calls_to("conversations.open"))
    slack.fake.fail("conversations.open", *[Failure(status=429, retry_after=30)] * 3)
    answer = await slack.interact(click(_button(seen, 0), message=seen))  # 30m dsa
    assert answer.status == 200
    await _answered(slack, 1)
    assert "Logged 30m of dsa" in _answers(slack)[0]
    assert len(slack.fake.calls_to("conversations.open")) == opened
    assert _errors(caplog) == []


async def test_a_confirmation_waits_out_a_429_and_a_5xx_on_its_way_to_the_dm(
    slack: SlackClient, caplog: pytest.LogCaptureFixture
) -> None:
    await _plan_saved_in_the_class_channel(
        slack,
        ("conversations.open", Failure(status=429, retry_after=1)),
        ("chat.postMessage", Failure(status=503, error="service_unavailable")),
    )
    await until(lambda: bool(slack.fake.posted_in("DU1")))
    assert "Data Engineer" in json.dumps(slack.fake.posted_in("DU1"))
    assert len(slack.fake.calls_to("conversations.open")) == 2
    assert _errors(caplog) == []


async def test_a_confirmation_slack_keeps_refusing_is_given_up_quietly(
    slack: SlackClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):  # (slack_sdk's DEBUG prints every request body)
        await _plan_saved_in_the_class_channel(
            slack, ("conversations.open", Failure(status=429, retry_after=600))
        )
        await until(lambda: any("gave up" in r.getMessage() for r in caplog.records))
    assert _errors(caplog) == []
    assert not any("Data Engineer" in r.getMessage() for r in caplog.records)
    assert "Data Engineer" in await slack.say("plan show")  # saved all the same


async def test_a_reply_outside_a_command_sends_its_follow_up(fake_slack: FakeSlack) -> None:
    async def chart() -> View:
        return Notice(text="the rest of the reply")

    client = AsyncWebClient(token=BOT_TOKEN, base_url=fake_slack.api_url)
    await answer.tell(client, "U1", None, Notice(text="first", follow_up=chart))
    said = [m["text"] for m in fake_slack.posted_in("DU1")]
    assert said == ["first", "the rest of the reply"]
