"""A small Slack on 127.0.0.1 for the real slack-bolt app and slack_sdk client to talk to.

It answers the Web API methods Stride uses (``/api/<method>``), records every call, takes
``response_url`` posts (``/respond/<id>``) and file uploads (``/upload/<id>``), and serves a
Socket Mode websocket (``/socket``). Like Slack, it refuses messages over its limits
(``invalid_blocks``) and answers scripted failures: a 429 with Retry-After, or an error such
as ``not_in_channel``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

BLOCKS_PER_MESSAGE = 50
SECTION_TEXT_LIMIT = 3000
HEADER_LIMIT = 150
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
TEAM = "T0TEAM"


@dataclass
class Call:
    method: str
    body: dict[str, Any]
    token: str | None
    at: float


@dataclass
class Failure:
    status: int = 200
    error: str = "ratelimited"
    retry_after: float | None = None


def limit_problems(blocks: list[dict[str, Any]]) -> list[str]:
    """What real Slack would refuse in a message's blocks."""
    problems = []
    if len(blocks) > BLOCKS_PER_MESSAGE:
        problems.append(f"{len(blocks)} blocks")
    for block in blocks:
        text = (block.get("text") or {}).get("text", "")
        limit = HEADER_LIMIT if block.get("type") == "header" else SECTION_TEXT_LIMIT
        if len(text) > limit:
            problems.append(f"{block.get('type')} text of {len(text)} characters")
    return problems


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, list[Failure]] = field(default_factory=lambda: defaultdict(list))
    socket_acks: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    shared: dict[str, bytes] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)
    port: int = 0
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _socket_ready: asyncio.Event = field(default_factory=asyncio.Event)

    # --- lifecycle ----------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/respond/{id}", self._respond)
        app.router.add_post("/upload/{id}", self._upload)
        app.router.add_get("/socket", self._socket)
        app.router.add_get("/files/{id}/{name}", self._download)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "cmd") -> str:
        return f"http://127.0.0.1:{self.port}/respond/{name}"

    # --- scripting and reading ----------------------------------------------------------
    def fail(self, method: str, *failures: Failure) -> None:
        """The next calls of ``method`` answer these failures, in order."""
        self.failures[method].extend(failures)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def posted_in(self, channel: str) -> list[dict[str, Any]]:
        return self.messages[channel]

    # --- Web API ------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await _body(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else body.get("token")
        self.calls.append(Call(method, body, token, time.monotonic()))
        if self.failures[method]:
            failure = self.failures[method].pop(0)
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            return web.json_response(
                {"ok": False, "error": failure.error}, status=failure.status, headers=headers
            )
        expected = APP_TOKEN if method == "apps.connections.open" else BOT_TOKEN
        if token != expected:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            self.refused.append(method)
            return web.json_response({"ok": False, "error": "unknown_method"})
        answer: dict[str, Any] = handler(body)
        return web.json_response({"ok": "error" not in answer, **answer})

    def _auth_test(self, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": "https://fake.slack/",
            "team": "Fake",
            "team_id": TEAM,
            "user_id": "UBOT",
            "bot_id": "BBOT",
        }

    def _blocks_refused(self, body: dict[str, Any]) -> dict[str, Any] | None:
        blocks = _json_field(body.get("blocks")) or []
        problems = limit_problems(blocks)
        if problems:
            self.refused.append("; ".join(problems))
            return {"error": "invalid_blocks"}
        return None

    def _chat_postMessage(self, body: dict[str, Any]) -> dict[str, Any]:
        refused = self._blocks_refused(body)
        if refused:
            return refused
        channel = str(body["channel"])
        ts = f"{time.time():.6f}"
        message = {**body, "ts": ts, "blocks": _json_field(body.get("blocks")) or []}
        message["metadata"] = _json_field(body.get("metadata"))
        self.messages[channel].append(message)
        return {"channel": channel, "ts": ts, "message": message}

    def _chat_update(self, body: dict[str, Any]) -> dict[str, Any]:
        refused = self._blocks_refused(body)
        if refused:
            return refused
        channel, ts = str(body["channel"]), str(body["ts"])
        found = next((m for m in self.messages[channel] if m["ts"] == ts), None)
        if found is None:
            return {"error": "message_not_found"}
        found.update(text=body.get("text", found.get("text")), blocks=_json_field(body.get("blocks")) or [])
        return {"channel": channel, "ts": ts, "text": found["text"]}

    def _chat_postEphemeral(self, body: dict[str, Any]) -> dict[str, Any]:
        return self._blocks_refused(body) or {"message_ts": f"{time.time():.6f}"}

    def _conversations_open(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"channel": {"id": "D" + str(body["users"])}}

    def _conversations_history(self, body: dict[str, Any]) -> dict[str, Any]:
        posted = list(reversed(self.messages[str(body["channel"])]))
        return {"messages": posted[: int(body.get("limit", 100))]}

    def _views_open(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"view": {**(_json_field(body.get("view")) or {}), "id": f"V{next(self._ids)}"}}

    def _views_publish(self, body: dict[str, Any]) -> dict[str, Any]:
        view = _json_field(body.get("view")) or {}
        if len(view.get("blocks", [])) > 100:
            return {"error": "invalid_arguments"}
        return {"view": {**view, "id": f"V{next(self._ids)}"}}

    def _apps_connections_open(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"url": f"ws://127.0.0.1:{self.port}/socket"}

    def _files_getUploadURLExternal(self, body: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._ids)}"
        return {"upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}", "file_id": file_id}

    def _files_completeUploadExternal(self, body: dict[str, Any]) -> dict[str, Any]:
        files = _json_field(body.get("files")) or []
        return {"files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}

    def share(self, name: str, data: bytes, *, size: int | None = None) -> dict[str, Any]:
        """A file a member shared, as a message event's ``files`` lists it."""
        file_id = f"F{next(self._ids)}"
        self.shared[file_id] = data
        url = f"http://127.0.0.1:{self.port}/files/{file_id}/{name}"
        return {
            "id": file_id,
            "name": name,
            "size": len(data) if size is None else size,
            "url_private_download": url,
        }

    async def _download(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
            return web.Response(status=403)
        self.downloads.append(request.match_info["id"])
        return web.Response(body=self.shared[request.match_info["id"]])

    # --- response_url, uploads, Socket Mode ---------------------------------------------
    async def _respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        problems = limit_problems(body.get("blocks") or [])
        if problems:
            self.refused.append("; ".join(problems))
            return web.Response(status=400, text="invalid_blocks")
        self.responses.append({"url_id": request.match_info["id"], **body})
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads[request.match_info["id"]] = await request.read()
        return web.Response(text="OK - 0")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {}, "connection_info": {}})
        self._socket_ready.set()
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
        return ws

    async def push(self, kind: str, payload: dict[str, Any]) -> str:
        """Send one Socket Mode envelope (``slash_commands``, ``interactive``, ``events_api``)."""
        await asyncio.wait_for(self._socket_ready.wait(), 10)
        envelope_id = f"env-{next(self._ids)}"
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": True,
        }
        await self._sockets[-1].send_json(envelope)
        return envelope_id


async def _body(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        raw = await request.read()
        return dict(json.loads(raw)) if raw else {}
    form = await request.post()
    merged: dict[str, Any] = dict(request.query)
    merged.update({key: value for key, value in form.items() if isinstance(value, str)})
    return merged


def _json_field(value: Any) -> Any:
    """A field slack_sdk may send as JSON text (form posts) or as JSON itself."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value
