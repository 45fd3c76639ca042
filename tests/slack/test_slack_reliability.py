"""DESIGN §7 on Slack: forged, tampered and stale signatures (401, nothing done), Slack's
retries of one request (one side effect), a handler slower than Slack's 3 s (acknowledged
first, answered by response_url), and the health endpoint."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.slack import answer
from core.bootstrap import Stride
from core.services import progress
from tests.slack.conftest import INSTRUCTOR, SlackClient, sign, until


async def _class(slack: SlackClient) -> None:
    await slack.command("cohort create ML-Fall", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")
    await slack.command("budget set dsa 5-7")


async def _hours_logged(slack: SlackClient) -> str:
    return await slack.say("progress")


@pytest.mark.parametrize("forgery", ["forged", "tampered", "stale", "missing"])
async def test_a_request_slack_did_not_sign_is_refused_and_does_nothing(
    slack: SlackClient, stride: Stride, forgery: str
) -> None:
    await _class(slack)
    body = slack.command_body("checkin 2h dsa")
    now = int(time.time())
    if forgery == "forged":
        answer_ = await slack.post(
            body, "application/x-www-form-urlencoded", signature=sign(body, now, "wrong-secret")
        )
    elif forgery == "tampered":
        signature = sign(body, now)
        tampered = body.replace(b"checkin+2h", b"checkin+9h")
        answer_ = await slack.post(
            tampered, "application/x-www-form-urlencoded", timestamp=now, signature=signature
        )
    elif forgery == "stale":
        old = now - 6 * 60
        answer_ = await slack.post(
            body, "application/x-www-form-urlencoded", timestamp=old, signature=sign(body, old)
        )
    else:
        answer_ = await slack.post(body, "application/x-www-form-urlencoded", signature="v0=")
    assert answer_.status == 401
    assert "0h" in await _hours_logged(slack)
    assert "1h" not in await _hours_logged(slack)


async def test_slacks_retry_of_a_command_logs_the_hours_once(slack: SlackClient) -> None:
    await _class(slack)
    first = await slack.command("checkin 2h dsa", trigger="t-42")
    retry = await slack.command("checkin 2h dsa", trigger="t-42", headers={"X-Slack-Retry-Num": "1"})
    assert first.status == retry.status == 200
    assert "Logged 2h of dsa" in str(first.body)
    shown = await slack.say("progress")
    assert "2h of 5h–7h" in shown
    assert "4h" not in shown


async def test_a_retried_event_publishes_the_home_tab_once(slack: SlackClient) -> None:
    await _class(slack)
    event = {"type": "app_home_opened", "user": "U1", "channel": "D0U1", "tab": "home"}
    for _ in range(3):
        assert (await slack.event(event, event_id="Ev-same")).status == 200
    await until(lambda: len(slack.fake.calls_to("views.publish")) >= 1)
    await asyncio.sleep(0.2)
    assert len(slack.fake.calls_to("views.publish")) == 1


def _slowed(service: Callable[..., Awaitable[Any]], seconds: float) -> Callable[..., Awaitable[Any]]:
    async def slow(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(seconds)
        return await service(*args, **kwargs)

    return slow


async def test_a_slow_command_is_acknowledged_in_time_then_answered_by_response_url(
    slack: SlackClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _class(slack)
    monkeypatch.setattr(progress, "progress", _slowed(progress.progress, 3.5))
    started = time.monotonic()
    acknowledged = await slack.command("progress")
    waited = time.monotonic() - started
    assert acknowledged.status == 200
    assert acknowledged.body is None  # an empty acknowledgement...
    assert waited < 3.0  # ...well inside Slack's 3 seconds
    await until(lambda: bool(slack.fake.responses))
    [late] = slack.fake.responses
    assert late["response_type"] == "ephemeral"
    assert "Progress of u1" in late["text"]


async def test_a_command_that_fails_unexpectedly_shows_a_reference_not_a_traceback(
    slack: SlackClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await _class(slack)

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(progress, "progress", broken)
    said = await slack.say("progress")
    assert "Something went wrong on Stride's side and nothing was saved (ref " in said
    assert "database on fire" not in said
    assert "Traceback" not in said
    assert any("database on fire" in str(r.exc_info) for r in caplog.records if r.name == answer.__name__)


async def test_healthz_answers_ok(slack: SlackClient) -> None:
    async with slack.http.get(f"http://127.0.0.1:{slack.service.port}/healthz") as response:
        assert response.status == 200
        assert (await response.json()) == {"ok": True}
