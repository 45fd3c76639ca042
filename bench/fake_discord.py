"""A lean Discord REST fake on loopback for the fan-out run: what DiscordSink uses, nothing else.

It enforces Discord's global limit the strict way — at most ``limit`` requests in any
sliding second; beyond that a 429 with ``Retry-After`` and ``"global": true`` — and keeps
``enforce_nonce`` as Discord does (a repeated nonce returns the first message and posts
nothing), so duplicates and losses can be counted per recipient at the far end.
(``tests/adapters/fake_discord.py`` is the full fake with a gateway and interactions; this
one stays small so 20,000 requests cost the benchmark nothing.)
"""

from __future__ import annotations

import collections
import itertools
import json
import time
from typing import Any

from aiohttp import web

from bench.loopback import Loopback

TOKEN = "bench.token"
APP_ID = 4000
BOT = {
    "id": "4001",
    "username": "stride",
    "discriminator": "0",
    "global_name": None,
    "avatar": None,
    "bot": True,
}
DM_BASE = 7 * 10**15


def _reply(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py only parses JSON whose Content-Type is exactly application/json.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


class LeanDiscord:
    def __init__(self, limit: int = 50) -> None:
        self.limit = limit
        self.window: collections.deque[float] = collections.deque()
        self.accepted: list[float] = []
        """When each delivery request (a DM opened, a message posted) under the limit arrived."""
        self.limited = 0
        self.limited_at: list[tuple[float, str]] = []
        self.messages: dict[int, list[str]] = collections.defaultdict(list)
        """Channel id → nonce of every message posted there."""
        self.nonces: set[str] = set()
        self.nonce_repeats = 0
        self._ids = itertools.count(10**12)
        self._server = Loopback()
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    async def start(self) -> None:
        app = web.Application(middlewares=[self._limit])
        a = "/api/v10"
        app.add_routes(
            [
                web.get(f"{a}/users/@me", self._me),
                web.get(f"{a}/oauth2/applications/@me", self._application),
                web.post(f"{a}/users/@me/channels", self._open_dm),
                web.post(f"{a}/channels/{{channel}}/messages", self._post),
            ]
        )
        self.port = await self._server.serve(app)

    async def stop(self) -> None:
        await self._server.stop()

    @web.middleware
    async def _limit(self, request: web.Request, handler: Any) -> web.StreamResponse:
        now = time.monotonic()
        while self.window and now - self.window[0] >= 1.0:
            self.window.popleft()
        if len(self.window) >= self.limit:
            self.limited += 1
            self.limited_at.append((now, request.path))
            wait = round(1.0 - (now - self.window[0]), 3)
            body = {"message": "You are being rate limited.", "retry_after": wait, "global": True}
            headers = {"Retry-After": str(wait), "X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"}
            return _reply(body, 429, headers)
        self.window.append(now)
        if request.method == "POST":  # deliveries; logging in counts against the limit only
            self.accepted.append(now)
        response: web.StreamResponse = await handler(request)
        return response

    async def _me(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bot {TOKEN}":
            return _reply({"message": "401: Unauthorized", "code": 0}, 401)
        return _reply({**BOT, "verified": True, "mfa_enabled": False, "flags": 0})

    async def _application(self, request: web.Request) -> web.Response:
        return _reply(
            {
                "id": str(APP_ID),
                "name": "stride",
                "icon": None,
                "description": "",
                "rpc_origins": [],
                "bot_public": True,
                "bot_require_code_grant": False,
                "bot": BOT,
                "owner": {**BOT, "id": "4002", "username": "owner", "bot": False},
                "team": None,
                "verify_key": "0" * 64,
                "flags": 0,
                "interactions_endpoint_url": None,
            }
        )

    async def _open_dm(self, request: web.Request) -> web.Response:
        user = int((await request.json())["recipient_id"])
        recipient = {**BOT, "id": str(user), "username": f"u{user}", "bot": False}
        return _reply(
            {"id": str(DM_BASE + user), "type": 1, "last_message_id": None, "recipients": [recipient]}
        )

    async def _post(self, request: web.Request) -> web.Response:
        channel = int(request.match_info["channel"])
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            body = json.loads(str(form["payload_json"]))
        else:
            body = await request.json()
        nonce = str(body.get("nonce") or "")
        if nonce and body.get("enforce_nonce") and nonce in self.nonces:
            self.nonce_repeats += 1
        else:
            self.nonces.add(nonce)
            self.messages[channel].append(nonce)
        return _reply(
            {
                "id": str(next(self._ids)),
                "channel_id": str(channel),
                "content": body.get("content") or "",
                "nonce": nonce,
                "type": 0,
            }
        )

    def per_recipient(self) -> dict[str, int]:
        """Recipient ("user:ID" for a DM, "channel:ID") → outbox rows posted there. A row split
        over several messages counts once: only its first part's nonce ends in ``-0``."""
        found: dict[str, int] = {}
        for channel, nonces in self.messages.items():
            key = f"user:{channel - DM_BASE}" if channel >= DM_BASE else f"channel:{channel}"
            found[key] = sum(1 for nonce in nonces if nonce.endswith("-0"))
        return found
