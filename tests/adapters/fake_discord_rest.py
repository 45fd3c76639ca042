"""The fake Discord REST API (aiohttp handlers under ``/api/v10``).

Every request is recorded (method, path, query, JSON body, headers) before injected faults are
applied. JSON replies carry ``Content-Type: application/json`` exactly: discord.py compares the
header verbatim and treats anything else (``; charset=utf-8``) as text."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import BodyPartReader, web

from tests.adapters.fake_discord_limits import callback_errors, command_errors, message_errors
from tests.adapters.fake_discord_models import DM, JSON
from tests.adapters.fake_discord_state import (
    EPHEMERAL,
    LOADING,
    Edit,
    InteractionRecord,
    RecordedRequest,
    World,
)

API = "/api/v10"
ERROR_MESSAGES = {
    10003: "Unknown Channel",
    10008: "Unknown Message",
    10013: "Unknown User",
    10015: "Unknown Webhook",
    10062: "Unknown interaction",
    40060: "Interaction has already been acknowledged.",
    50006: "Cannot send an empty message",
    50007: "Cannot send messages to this user",
    50013: "Missing Permissions",
    50035: "Invalid Form Body",
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
BODY = web.RequestKey("fake_discord_body", object)  # the parsed JSON body


def reply(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    if data is None:
        return web.Response(status=204, headers=headers)
    # Not web.json_response: aiohttp would append "; charset=utf-8" and discord.py would
    # then hand the body back as a str.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def error(
    status: int, code: int, message: str | None = None, errors: list[str] | None = None
) -> web.Response:
    body: JSON = {"message": message or ERROR_MESSAGES.get(code, "Error"), "code": code}
    if errors:
        tree: JSON = {}
        for text in errors:
            path, _, what = text.partition(": ")
            node = tree
            for part in path.split("."):
                node = node.setdefault(part, {})
            node.setdefault("_errors", []).append({"code": "BASE_TYPE_INVALID", "message": what})
        body["errors"] = tree
    return reply(body, status)


def invalid(errors: list[str]) -> web.Response:
    return error(400, 50035, errors=errors)


def bucket_headers(request: web.Request) -> dict[str, str]:
    """Generous rate-limit headers for successful answers, as Discord sends on every route."""
    route = request.match_info.route.resource
    template = route.canonical if route is not None else request.path
    bucket = hashlib.md5(f"{request.method} {template}".encode()).hexdigest()[:16]
    return {
        "X-RateLimit-Bucket": bucket,
        "X-RateLimit-Limit": "50",
        "X-RateLimit-Remaining": "49",
        "X-RateLimit-Reset-After": "1.000",
    }


class RestApi:
    def __init__(self, world: World, gateway_url: str) -> None:
        self.world = world
        self.gateway_url = gateway_url
        self.unhandled: list[RecordedRequest] = []

    def routes(self) -> list[web.RouteDef]:
        a, w = API, f"{API}/webhooks/{{app}}/{{token}}"
        return [
            web.get(f"{a}/users/@me", self.get_me),
            web.get(f"{a}/users/{{user}}", self.get_user),
            web.get(f"{a}/oauth2/applications/@me", self.get_application),
            web.get(f"{a}/gateway", self.get_gateway),
            web.get(f"{a}/gateway/bot", self.get_gateway),
            web.post(f"{a}/users/@me/channels", self.create_dm),
            web.get(f"{a}/channels/{{channel}}", self.get_channel),
            web.post(f"{a}/channels/{{channel}}/messages", self.create_message),
            web.get(f"{a}/channels/{{channel}}/messages/{{message}}", self.get_message),
            web.patch(f"{a}/channels/{{channel}}/messages/{{message}}", self.edit_message),
            web.delete(f"{a}/channels/{{channel}}/messages/{{message}}", self.delete_message),
            web.get(f"{a}/guilds/{{guild}}/members/{{user}}", self.get_member),
            web.get(f"{a}/applications/{{app}}/commands", self.get_commands),
            web.put(f"{a}/applications/{{app}}/commands", self.put_commands),
            web.get(f"{a}/applications/{{app}}/guilds/{{guild}}/commands", self.get_commands),
            web.put(f"{a}/applications/{{app}}/guilds/{{guild}}/commands", self.put_commands),
            web.post(f"{a}/interactions/{{interaction}}/{{token}}/callback", self.callback),
            web.post(w, self.followup),
            web.get(f"{w}/messages/{{message}}", self.get_webhook_message),
            web.patch(f"{w}/messages/{{message}}", self.edit_webhook_message),
            web.delete(f"{w}/messages/{{message}}", self.delete_webhook_message),
            web.route("*", f"{a}/{{tail:.*}}", self.not_found),
        ]

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(API + "/"):
            return await handler(request)
        record = RecordedRequest(
            request.method, request.path[len(API) :], dict(request.query), None, dict(request.headers)
        )
        record.json, record.files = await _read_body(request)
        request[BODY] = record.json
        self.world.record(record)
        fault = self.world.take_fault(request.method, record.path)
        if fault is not None:
            response: web.StreamResponse = (
                reply(fault.body, fault.status, fault.headers)
                if isinstance(fault.body, dict)
                else web.Response(text=fault.body, status=fault.status, headers=fault.headers)
            )
        else:
            response = await handler(request)
            if response.status < 300:
                response.headers.update(bucket_headers(request))
        record.status = response.status
        return response

    # -- identity and gateway ---------------------------------------------------------------
    async def get_me(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bot {self.world.token}":
            return error(401, 0, "401: Unauthorized")
        return reply({**self.world.bot.payload(), "verified": True, "mfa_enabled": False, "flags": 0})

    async def get_user(self, request: web.Request) -> web.Response:
        user = self.world.users.get(int(request.match_info["user"]))
        return reply(user.payload()) if user else error(404, 10013)

    async def get_application(self, request: web.Request) -> web.Response:
        world = self.world
        return reply(
            {
                "id": str(world.application_id),
                "name": world.bot.name,
                "icon": None,
                "description": "",
                "summary": "",
                "rpc_origins": [],
                "bot_public": True,
                "bot_require_code_grant": False,
                "bot": world.bot.payload(),
                "owner": world.owner.payload(),
                "team": None,
                "verify_key": "0" * 64,
                "flags": 0,
                "interactions_endpoint_url": None,
                "install_params": {"scopes": ["bot", "applications.commands"], "permissions": "0"},
                "integration_types_config": {},
            }
        )

    async def get_gateway(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return reply({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    # -- channels and messages --------------------------------------------------------------
    async def create_dm(self, request: web.Request) -> web.Response:
        user = self.world.users.get(int(_json(request)["recipient_id"]))
        if user is None:
            return error(404, 10013)
        if self.world.dm_refusals.get(user.id) == "channel":
            return error(403, 50007)
        return reply(self.world.dm_channel(user).payload())

    async def get_channel(self, request: web.Request) -> web.Response:
        channel = self.world.channel(int(request.match_info["channel"]))
        return reply(channel.payload()) if channel else error(404, 10003)

    async def create_message(self, request: web.Request) -> web.Response:
        channel = self.world.channel(int(request.match_info["channel"]))
        if channel is None:
            return error(404, 10003)
        body: JSON = _json(request) or {}
        if channel.type == DM and channel.recipient and channel.recipient.id in self.world.dm_refusals:
            return error(403, 50007)
        if errors := message_errors(body):
            return invalid(errors)
        if not any(body.get(k) for k in ("content", "embeds", "components", "sticker_ids", "attachments")):
            return error(400, 50006)
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce") and str(nonce) in self.world.nonces:
            existing = self.world.messages.get(self.world.nonces[str(nonce)])
            if existing is not None:
                return reply(self.world.public(existing))
        message = self.world.create_message(channel.id, body)
        if nonce is not None:
            self.world.nonces[str(nonce)] = int(message["id"])
        return reply(self.world.public(message))

    def _message(self, request: web.Request) -> JSON | None:
        message = self.world.messages.get(int(request.match_info["message"]))
        if message is None or message["channel_id"] != request.match_info["channel"]:
            return None
        return message

    async def get_message(self, request: web.Request) -> web.Response:
        message = self._message(request)
        return reply(self.world.public(message)) if message else error(404, 10008)

    async def edit_message(self, request: web.Request) -> web.Response:
        message = self._message(request)
        if message is None:
            return error(404, 10008)
        if errors := message_errors(_json(request) or {}):
            return invalid(errors)
        self.world.apply_body(message, _json(request) or {}, edit=True)
        return reply(self.world.public(message))

    async def delete_message(self, request: web.Request) -> web.Response:
        message = self._message(request)
        if message is None:
            return error(404, 10008)
        self.world.deleted_messages.append(self.world.messages.pop(int(message["id"])))
        return reply(None)

    async def get_member(self, request: web.Request) -> web.Response:
        guild = self.world.guilds.get(int(request.match_info["guild"]))
        user = self.world.users.get(int(request.match_info["user"]))
        if guild is None or user is None or user.id not in guild.members:
            return error(404, 10013)
        return reply(guild.member_payload(user))

    # -- application commands ---------------------------------------------------------------
    def _scope(self, request: web.Request) -> int | None:
        guild = request.match_info.get("guild")
        return int(guild) if guild else None

    async def get_commands(self, request: web.Request) -> web.Response:
        return reply(self.world.commands.get(self._scope(request), []))

    async def put_commands(self, request: web.Request) -> web.Response:
        if request.match_info["app"] != str(self.world.application_id):
            return error(403, 50001, "Missing Access")
        payload: list[JSON] = _json(request) or []
        errors = [e for i, c in enumerate(payload) for e in command_errors(c, str(i))]
        if len(payload) > 100:
            errors.append("commands: must be 100 or fewer in length")
        if errors:
            return invalid(errors)
        return reply(self.world.sync_commands(self._scope(request), payload))

    # -- interactions -----------------------------------------------------------------------
    async def callback(self, request: web.Request) -> web.Response:
        record = self.world.interactions.get(int(request.match_info["interaction"]))
        if record is None or record.token != request.match_info["token"]:
            return error(404, 10062)
        delay = asyncio.get_running_loop().time() - record.created_at
        if record.callback is not None:
            return error(400, 40060)
        if delay > self.world.response_deadline:
            return error(404, 10062)
        body: JSON = _json(request) or {}
        if errors := callback_errors(body):
            return invalid(errors)
        kind, data = body.get("type"), body.get("data") or {}
        message: JSON | None = None
        if kind in (4, 5):
            flags = LOADING if kind == 5 else 0
            message = self.world.create_message(
                record.channel_id, data, flags=flags, kind=20 if record.type == 2 else 0, interaction=record
            )
            record.original_id = int(message["id"])
        elif kind in (6, 7) and record.message_id is not None:
            record.original_id = record.message_id
            message = self.world.messages.get(record.message_id)
            if kind == 7 and message is not None:
                self.world.apply_body(message, data, edit=True)
        record.callback, record.callback_delay = body, delay
        record.changed()
        if request.query.get("with_response") not in ("1", "true", "True"):
            return reply(None)
        flags = int(message["flags"]) if message else 0
        answer: JSON = {
            "interaction": {
                "id": str(record.id),
                "type": record.type,
                "activity_instance_id": None,
                "response_message_id": str(record.original_id) if record.original_id else None,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(flags & EPHEMERAL),
            }
        }
        if message is not None and kind in (4, 5, 7):
            answer["resource"] = {"type": kind, "message": self.world.public(message)}
        return reply(answer)

    def _webhook(self, request: web.Request) -> InteractionRecord | None:
        if request.match_info["app"] != str(self.world.application_id):
            return None
        token = request.match_info["token"]
        return next((r for r in self.world.interactions.values() if r.token == token), None)

    async def followup(self, request: web.Request) -> web.Response:
        record = self._webhook(request)
        if record is None or record.callback is None:
            return error(404, 10015)
        body: JSON = _json(request) or {}
        if errors := message_errors(body):
            return invalid(errors)
        message = self.world.create_message(record.channel_id, body, interaction=record)
        record.followups.append(copy.deepcopy(message))  # as sent, not as edited since
        record.changed()
        wait = request.query.get("wait", "0") in ("1", "true", "True")
        return reply(self.world.public(message) if wait else None)

    def _webhook_message(self, request: web.Request) -> tuple[InteractionRecord | None, JSON | None]:
        record = self._webhook(request)
        if record is None:
            return None, None
        target = request.match_info["message"]
        message_id = record.original_id if target == "@original" else int(target)
        return record, (self.world.messages.get(message_id) if message_id is not None else None)

    async def get_webhook_message(self, request: web.Request) -> web.Response:
        _, message = self._webhook_message(request)
        return reply(self.world.public(message)) if message else error(404, 10008)

    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        record, message = self._webhook_message(request)
        if record is None or message is None:
            return error(404, 10015 if record is None else 10008)
        body: JSON = _json(request) or {}
        if errors := message_errors(body):
            return invalid(errors)
        self.world.apply_body(message, body, edit=True)
        record.edits.append(Edit(request.match_info["message"], body))
        record.changed()
        return reply(self.world.public(message))

    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        record, message = self._webhook_message(request)
        if record is None or message is None:
            return error(404, 10015 if record is None else 10008)
        self.world.deleted_messages.append(self.world.messages.pop(int(message["id"])))
        record.original_deleted = record.original_deleted or int(message["id"]) == record.original_id
        record.changed()
        return reply(None)

    async def not_found(self, request: web.Request) -> web.Response:
        self.unhandled.append(self.world.requests[-1])
        return error(404, 0, "404: Not Found")


def _json(request: web.Request) -> Any:
    return request[BODY]


async def _read_body(request: web.Request) -> tuple[Any, list[str]]:
    """The JSON body (``payload_json`` for multipart uploads) and uploaded file names."""
    if request.content_type == "application/json":
        raw = await request.read()
        return (json.loads(raw) if raw else None), []
    if request.content_type.startswith("multipart/"):
        payload: Any = None
        files: list[str] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):  # nested multipart: not used by Discord
                continue
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            else:
                await part.read()
                files.append(part.filename or part.name or "")
        return payload, files
    await request.read()
    return None, []
