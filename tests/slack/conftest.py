"""Fixtures for the Slack tests: a fake Slack on loopback and the real Bolt app serving HTTP.

``slack`` is a :class:`SlackClient`: it sends correctly signed requests, as Slack does, to the
app that ``stride run`` would start (``bot.slack.runner.serving``), whose Web API client points
at ``fake_slack``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from pydantic import SecretStr

from bot.slack.runner import SlackService, serving
from core.bootstrap import Stride
from core.settings import SlackSettings
from tests.slack.fake_slack import APP_TOKEN, BOT_TOKEN, TEAM, FakeSlack

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
INSTRUCTOR = "UPROF"


def sign(body: bytes, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def slash_command(text: str, response_url: str, trigger: str = "t-run") -> tuple[bytes, dict[str, str]]:
    """A ``/stride`` command typed by U1 (ada), signed now: the body and its headers."""
    fields = {
        "team_id": TEAM,
        "channel_id": "C1",
        "user_id": "U1",
        "user_name": "ada",
        "command": "/stride",
        "text": text,
        "response_url": response_url,
        "trigger_id": trigger,
    }
    body = urlencode(fields).encode()
    stamp = int(time.time())
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": str(stamp),
        "X-Slack-Signature": sign(body, stamp),
    }
    return body, headers


def settings_for(fake: FakeSlack, **changes: Any) -> SlackSettings:
    values: dict[str, Any] = {
        "bot_token": SecretStr(BOT_TOKEN),
        "signing_secret": SecretStr(SIGNING_SECRET),
        "app_token": SecretStr(APP_TOKEN),
        "api_base_url": fake.api_url,
        "mode": "http",
        "host": "127.0.0.1",
        "port": 0,
        "instructor_user_ids": [INSTRUCTOR],
        "messages_per_second_per_channel": 10.0,
    }
    values.update(changes)
    return SlackSettings(**values)


@dataclass
class Answer:
    status: int
    body: dict[str, Any] | None


@dataclass
class SlackClient:
    """Plays Slack's side of the HTTP interface: signed slash commands, clicks and events."""

    fake: FakeSlack
    service: SlackService
    http: aiohttp.ClientSession
    path: str = "/slack/events"
    _triggers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.service.port}{self.path}"

    async def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        stamp = int(time.time()) if timestamp is None else timestamp
        sent = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(stamp),
            "X-Slack-Signature": signature or sign(body, stamp),
            **(headers or {}),
        }
        async with self.http.post(self.url, data=body, headers=sent) as response:
            raw = await response.read()
            try:
                parsed = json.loads(raw) if raw else None
            except json.JSONDecodeError:
                parsed = {"raw": raw.decode(errors="replace")}
            return Answer(response.status, parsed)

    def command_body(
        self,
        text: str,
        *,
        user: str = "U1",
        command: str = "/stride",
        trigger: str | None = None,
        channel: tuple[str, str] = ("C0CLASS", "ml-class"),
    ) -> bytes:
        """A slash command's payload, typed by ``user`` in ``channel`` (its id and name)."""
        fields = {
            "token": "legacy",
            "team_id": TEAM,
            "team_domain": "fake",
            "channel_id": channel[0],
            "channel_name": channel[1],
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0APP",
            "response_url": self.fake.response_url(f"{user}-{next(self._triggers)}"),
            "trigger_id": trigger or f"trigger-{next(self._triggers)}",
        }
        return urlencode(fields).encode()

    async def command(self, text: str, **kwargs: Any) -> Answer:
        headers = kwargs.pop("headers", None)
        return await self.post(
            self.command_body(text, **kwargs), "application/x-www-form-urlencoded", headers=headers
        )

    async def say(self, text: str, **kwargs: Any) -> str:
        """A command's reply as one string of its messages' texts and blocks (JSON)."""
        before = len(self.fake.responses)
        answer = await self.command(text, **kwargs)
        assert answer.status == 200, answer
        if not answer.body:  # acknowledged at once, answered later on the response_url (a slow chart)
            await until(lambda: len(self.fake.responses) > before)
        replies = ([answer.body] if answer.body else []) + self.fake.responses[before:]
        return json.dumps(replies, ensure_ascii=False)

    async def interact(self, payload: dict[str, Any], headers: dict[str, str] | None = None) -> Answer:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return await self.post(body, "application/x-www-form-urlencoded", headers=headers)

    async def event(self, event: dict[str, Any], event_id: str = "Ev1") -> Answer:
        body = {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A0APP",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
        }
        return await self.post(json.dumps(body).encode(), "application/json")


async def until(condition: Callable[[], bool], within: float = 10.0) -> None:
    """Wait for work Stride does after acknowledging (replies to clicks, published tabs)."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.02)


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
    assert not fake.refused, f"the fake refused: {fake.refused}"


@pytest.fixture
async def slack(fake_slack: FakeSlack, stride: Stride) -> AsyncIterator[SlackClient]:
    before = asyncio.all_tasks()
    async with (
        serving(stride, settings_for(fake_slack), with_scheduler=False) as service,
        aiohttp.ClientSession() as http,
    ):
        yield SlackClient(fake_slack, service, http)
    await replies_finished(before)


async def replies_finished(before: set[asyncio.Task[Any]], within: float = 30.0) -> None:
    """Wait for what Stride still had under way when the test ended (a digest's chart, sent
    after the digest itself), so it is neither cut off by the database closing under it nor
    left for the chart worker's shutdown to wait out."""
    left = asyncio.all_tasks() - before - {asyncio.current_task()}
    if left:
        _, pending = await asyncio.wait(left, timeout=within)
        assert not pending, f"still running {within:.0f} s after the test: {pending}"
