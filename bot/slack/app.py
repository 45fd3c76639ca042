"""Builds the Bolt app: its Web API client, signature checking, retry handling, listeners.

Slack retries an event it did not see acknowledged in time, and a flaky network can
deliver one request twice. Each request names itself (``event_id``, or the ``trigger_id``
of a command or interaction), and the ``skip_repeats`` middleware answers a repeat of one
seen in the last ``REPEAT_WINDOW`` with a bare 200, so its work happens once. Check-ins carry
the same id to the database as their idempotency key, which covers a repeat that reaches
another replica.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.answer import SlackDeps
from bot.slack.listeners import register_all
from core.services.context import ServiceContext
from core.settings import SlackSettings

log = logging.getLogger(__name__)

REPEAT_WINDOW = 15 * 60.0
REMEMBERED = 10_000


class RecentRequests:
    """The ids of requests seen lately (bounded in time and in number)."""

    def __init__(self, window: float = REPEAT_WINDOW, size: int = REMEMBERED) -> None:
        self.window, self.size = window, size
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        while self._seen and (
            len(self._seen) >= self.size or next(iter(self._seen.values())) < now - self.window
        ):
            self._seen.popitem(last=False)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True


def request_key(body: dict[str, Any]) -> str | None:
    """What names one request across Slack's retries of it."""
    for name in ("event_id", "trigger_id"):
        value = body.get(name)
        if isinstance(value, str) and value:
            return f"{name}:{value}"
    return None


def api_base_url(settings: SlackSettings) -> str:
    """The Web API's base URL; slack_sdk needs the trailing slash."""
    base = settings.api_base_url or "https://slack.com/api/"
    return base if base.endswith("/") else base + "/"


def build_app(services: ServiceContext, settings: SlackSettings) -> AsyncApp:
    if settings.bot_token is None:
        raise ValueError("set STRIDE_SLACK__BOT_TOKEN to run on Slack")
    client = AsyncWebClient(token=settings.bot_token.get_secret_value(), base_url=api_base_url(settings))
    secret = settings.signing_secret.get_secret_value() if settings.signing_secret else None
    app = AsyncApp(
        client=client,
        signing_secret=secret,
        request_verification_enabled=settings.mode == "http",
        process_before_response=False,
    )
    recent = RecentRequests()

    async def skip_repeats(body: dict[str, Any], next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
        key = request_key(body)
        if key is not None and not recent.first_time(key):
            return BoltResponse(status=200, body="")
        await next()
        return None

    app.middleware(skip_repeats)
    app.error(_unhandled)
    register_all(app, SlackDeps(services, frozenset(settings.instructor_user_ids)))
    return app


async def _unhandled(error: Exception) -> None:
    """An error that escaped a listener. Bolt's default handler writes the exception's
    message into the line, and that message can quote a user; the type is enough here."""
    log.error("slack listener failed: %s", type(error).__name__, exc_info=error)
