"""A lean Slack Web API fake on loopback for the fan-out run: what SlackSink delivers with.

It answers ``conversations.open``, ``chat.postMessage`` and ``conversations.history`` and
enforces two limits the strict way, each over a sliding window: at most ``limit`` requests
in any second across every method, and at most ``opens`` ``conversations.open`` calls in any
``open_window`` seconds (Slack's Tier 3, about 50 a minute). Beyond either it answers
HTTP 429 with ``Retry-After`` in whole seconds and ``{"ok": false, "error": "ratelimited"}``,
as Slack does. Messages are kept with their metadata (the outbox nonce and part), so
``conversations.history`` shows an interrupted delivery what it already posted, and
duplicates and losses are counted per recipient at the far end.
(``tests/slack/fake_slack.py`` is the full fake the tests drive Bolt with; this one stays
small so 10,000 messages cost the benchmark nothing.)
"""

from __future__ import annotations

import collections
import itertools
import json
import math
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bench.loopback import Loopback

TOKEN = "xoxb-bench-token"
SECOND = 1.0

Handler = Callable[[dict[str, Any]], dict[str, Any]]


class SlidingLimit:
    """At most ``count`` events in any ``window`` seconds."""

    def __init__(self, count: int, window: float) -> None:
        self.count, self.window = count, window
        self._times: collections.deque[float] = collections.deque()

    def wait(self, now: float) -> float:
        """0 if one more fits now, else the seconds until it would."""
        while self._times and now - self._times[0] >= self.window:
            self._times.popleft()
        return 0.0 if len(self._times) < self.count else self.window - (now - self._times[0])

    def add(self, now: float) -> None:
        self._times.append(now)


class LeanSlack:
    def __init__(self, limit: int = 50, opens: int = 50, open_window: float = 60.0) -> None:
        self.limit = limit
        self.opens = opens
        self.open_window = open_window
        self._global = SlidingLimit(limit, SECOND)
        self._tier3 = SlidingLimit(opens, open_window)
        self.accepted: list[float] = []
        """When each request under the limits arrived (every method counts)."""
        self.opened: list[float] = []
        """When each accepted ``conversations.open`` arrived."""
        self.limited = 0
        self.limited_by: collections.Counter[str] = collections.Counter()
        self.limited_at: list[tuple[float, str]] = []
        self.messages: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
        """Channel id → every message posted there (its metadata carries nonce and part)."""
        self._ts = itertools.count(1)
        self._server = Loopback()
        self.port = 0
        self._methods: dict[str, Handler] = {
            "conversations.open": self._open,
            "chat.postMessage": self._post,
            "conversations.history": self._history,
        }

    @property
    def api_url(self) -> str:
        """slack_sdk's ``base_url`` (the trailing slash is required)."""
        return f"http://127.0.0.1:{self.port}/api/"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        self.port = await self._server.serve(app)

    async def stop(self) -> None:
        await self._server.stop()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        now = time.monotonic()
        wait = max(self._global.wait(now), self._tier3.wait(now) if method == "conversations.open" else 0.0)
        if wait > 0:
            self.limited += 1
            self.limited_by[method] += 1
            self.limited_at.append((now, method))
            headers = {"Retry-After": str(max(1, math.ceil(wait)))}
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers=headers)
        self._global.add(now)
        self.accepted.append(now)
        if method == "conversations.open":
            self._tier3.add(now)
            self.opened.append(now)
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = self._methods.get(method)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        return web.json_response({"ok": True, **handler(await _body(request))})

    def _open(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"channel": {"id": f"D{body['users']}"}}

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        channel = str(body["channel"])
        ts = f"{next(self._ts)}.000000"
        self.messages[channel].append({"ts": ts, "metadata": _json(body.get("metadata")) or {}})
        return {"channel": channel, "ts": ts}

    def _history(self, body: dict[str, Any]) -> dict[str, Any]:
        newest_first = list(reversed(self.messages.get(str(body["channel"]), [])))
        return {"messages": newest_first[: int(body.get("limit", 100))], "has_more": False}

    def per_recipient(self) -> dict[str, int]:
        """Recipient ("user:ID" for a DM channel ``D<ID>``, "channel:ID") → outbox rows posted
        there. A row split over several messages counts once: by its part 0."""
        found: dict[str, int] = {}
        for channel, posted in self.messages.items():
            key = f"user:{channel[1:]}" if channel.startswith("D") else f"channel:{channel}"
            found[key] = sum(1 for m in posted if (m["metadata"].get("event_payload") or {}).get("part") == 0)
        return found


async def _body(request: web.Request) -> dict[str, Any]:
    """Query, form or JSON arguments, as slack_sdk sends them for each method."""
    merged: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        raw = await request.read()
        merged.update(json.loads(raw) if raw else {})
    elif request.method == "POST":
        form = await request.post()
        merged.update({key: value for key, value in form.items() if isinstance(value, str)})
    return merged


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
