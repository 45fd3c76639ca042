"""Everything the fake Discord remembers: messages, DM channels, synced commands, interactions
(with awaitable handles for the bot's responses), recorded requests and injected faults."""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.adapters.fake_discord_models import (
    DM,
    JSON,
    Channel,
    FileUpload,
    Guild,
    Snowflakes,
    User,
    now_iso,
    resolve_mentions,
)

LOADING = 128  # message flag: "the bot is thinking" (deferred response)
EPHEMERAL = 64


@dataclass
class RecordedRequest:
    method: str
    path: str  # relative to the API base, e.g. "/channels/123/messages"
    query: dict[str, str]
    json: Any
    headers: dict[str, str]
    status: int = 0
    files: list[str] = field(default_factory=list)

    @property
    def route(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class Fault:
    """An injected failure answering the next ``times`` requests matching ``pattern``:
    ``"POST /channels/*/messages"`` (method optional, ``fnmatch`` on the path)."""

    pattern: str
    status: int
    body: JSON | str
    headers: dict[str, str]
    times: int = 1

    def matches(self, method: str, path: str) -> bool:
        want_method, _, want_path = self.pattern.rpartition(" ")
        if want_method and not fnmatch.fnmatchcase(method.upper(), want_method.upper()):
            return False
        return fnmatch.fnmatchcase(path, want_path)


@dataclass
class Edit:
    target: str  # "@original" or a message id
    json: JSON


class InteractionRecord:
    """One interaction the fake dispatched, and everything the bot answered to it. Returned by
    ``FakeDiscord.slash/autocomplete/click/submit_modal`` as the test's handle."""

    def __init__(self, world: World, payload: JSON, user: User) -> None:
        self.world = world
        self.payload = payload
        self.user = user
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.type: int = payload["type"]
        self.guild_id = int(payload["guild_id"]) if "guild_id" in payload else None
        self.channel_id = int(payload["channel_id"])
        self.message_id = int(payload["message"]["id"]) if "message" in payload else None
        self.created_at = asyncio.get_running_loop().time()
        self.callback: JSON | None = None
        self.callback_delay: float | None = None  # seconds from dispatch to the callback
        self.original_id: int | None = None
        self.followups: list[JSON] = []
        self.edits: list[Edit] = []
        self.original_deleted = False
        self.errors: list[BaseException] = []
        self._changed = asyncio.Event()

    def __repr__(self) -> str:
        return f"<InteractionRecord id={self.id} type={self.type} callback={self.callback}>"

    def changed(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait(self, ready: Callable[[], bool], timeout: float, what: str) -> None:  # noqa: ASYNC109 - every wait of the harness is bounded
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not ready():
            if self.errors:
                raise AssertionError(f"interaction {self.id} raised in the bot: {self.errors[0]!r}")
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(
                    f"no {what} for interaction {self.id} within {timeout}s "
                    f"(callback={self.callback}, followups={len(self.followups)}, edits={len(self.edits)})"
                )
            event = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def response(self, timeout: float = 5.0) -> JSON:  # noqa: ASYNC109 - every wait of the harness is bounded
        """The callback body the bot POSTed: ``{"type": 4|5|6|7|8|9, "data": {...}}``."""
        await self.wait(lambda: self.callback is not None, timeout, "callback")
        assert self.callback is not None
        return self.callback

    async def followup(self, index: int = 0, timeout: float = 30.0) -> JSON:  # noqa: ASYNC109 - every wait of the harness is bounded
        """The ``index``-th followup message as created (POST /webhooks/{app}/{token}). A
        followup may carry a chart drawn in the worker process, seconds on a loaded machine:
        the bound catches a followup that never comes, it is not a speed target."""
        await self.wait(lambda: len(self.followups) > index, timeout, f"followup #{index}")
        return self.followups[index]

    async def edit(self, index: int = 0, timeout: float = 5.0) -> Edit:  # noqa: ASYNC109 - every wait of the harness is bounded
        """The ``index``-th edit (PATCH /webhooks/{app}/{token}/messages/{id})."""
        await self.wait(lambda: len(self.edits) > index, timeout, f"edit #{index}")
        return self.edits[index]

    @property
    def original_message(self) -> JSON | None:
        """The response message as users now see it (after edits), if there is one."""
        return None if self.original_id is None else self.world.messages.get(self.original_id)


class World:
    def __init__(self, token: str) -> None:
        self.ids = Snowflakes()
        self.token = token
        self.application_id = self.ids.next()
        self.bot = User(self.ids.next(), "stride", bot=True)
        self.owner = User(self.ids.next(), "owner")
        self.users: dict[int, User] = {u.id: u for u in (self.bot, self.owner)}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self.messages: dict[int, JSON] = {}
        self.deleted_messages: list[JSON] = []
        self.nonces: dict[str, int] = {}
        self.dm_refusals: dict[int, str] = {}  # user id -> "message" | "channel"
        self.commands: dict[int | None, list[JSON]] = {}  # guild id (None: global) -> commands
        self.command_ids: dict[tuple[int | None, str], int] = {}
        self.interactions: dict[int, InteractionRecord] = {}
        self.requests: list[RecordedRequest] = []
        self.faults: list[Fault] = []
        self.request_seen = asyncio.Event()  # replaced after each recorded request
        self.response_deadline = 3.0  # seconds a bot has for the initial interaction response
        self.uploads: dict[int, FileUpload] = {}  # attachment id -> the file a user attached
        self.downloads: list[int] = []  # attachment ids the bot fetched from the CDN
        self.cdn_base = ""  # set by the server once it listens

    # -- world building -------------------------------------------------------------------
    def attach(self, upload: FileUpload) -> JSON:
        """Store an attached file; its ``resolved.attachments`` entry, with its CDN URL."""
        snowflake = self.ids.next()
        self.uploads[snowflake] = upload
        url = f"{self.cdn_base}/attachments/{snowflake}/{upload.filename}"
        return {
            "id": str(snowflake),
            "filename": upload.filename,
            "size": upload.size,
            "url": url,
            "proxy_url": url,
            "content_type": upload.content_type,
        }

    def add_user(self, name: str, *, bot: bool = False) -> User:
        user = User(self.ids.next(), name, bot)
        self.users[user.id] = user
        return user

    def add_guild(self, name: str, *, owner: User | None = None, channels: tuple[str, ...] = ()) -> Guild:
        guild = Guild(self.ids.next(), name, (owner or self.owner).id, ids=self.ids)
        guild.add_member(self.bot)
        guild.add_member(owner or self.owner)
        for channel_name in channels or ("general",):
            guild.add_channel(channel_name)
        self.guilds[guild.id] = guild
        return guild

    def channel(self, channel_id: int) -> Channel | None:
        for guild in self.guilds.values():
            for channel in guild.channels:
                if channel.id == channel_id:
                    return channel
        return self.channels.get(channel_id)

    def dm_channel(self, user: User) -> Channel:
        for channel in self.channels.values():
            if channel.type == DM and channel.recipient == user:
                return channel
        channel = Channel(self.ids.next(), "", DM, recipient=user)
        self.channels[channel.id] = channel
        return channel

    def new_token(self) -> str:
        return "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)

    # -- messages ---------------------------------------------------------------------------
    def create_message(
        self,
        channel_id: int,
        body: JSON,
        *,
        flags: int = 0,
        kind: int = 0,
        interaction: InteractionRecord | None = None,
    ) -> JSON:
        channel = self.channel(channel_id)
        message: JSON = {
            "id": str(self.ids.next()),
            "channel_id": str(channel_id),
            "author": self.bot.payload(),
            "content": "",
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "attachments": [],
            "embeds": [],
            "components": [],
            "reactions": [],
            "pinned": False,
            "type": kind,
            "flags": flags | int(body.get("flags") or 0),
        }
        if channel is not None and channel.guild_id is not None:
            message["guild_id"] = str(channel.guild_id)
        if "nonce" in body:
            message["nonce"] = body["nonce"]
        if interaction is not None:
            message["webhook_id"] = str(self.application_id)
            message["application_id"] = str(self.application_id)
            message["interaction_metadata"] = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": interaction.user.payload(),
                "authorizing_integration_owners": interaction.payload["authorizing_integration_owners"],
            }
        self.apply_body(message, body)
        self.messages[int(message["id"])] = message
        return message

    def apply_body(self, message: JSON, body: JSON, *, edit: bool = False) -> None:
        for key in ("content", "embeds", "components"):
            if key in body and body[key] is not None:
                message[key] = body[key]
        if body.get("attachments") is not None:
            message["attachments"] = [self._stored_file(item) for item in body["attachments"]]
        if edit:
            message["edited_timestamp"] = now_iso()
            flags = body.get("flags")
            kept = int(message["flags"]) & EPHEMERAL  # an edit cannot change ephemerality
            message["flags"] = (int(message["flags"] if flags is None else flags) & ~LOADING) | kept
        allowed = body.get("allowed_mentions", message.get("_allowed_mentions"))
        message["_allowed_mentions"] = allowed
        everyone, users, roles = resolve_mentions(message["content"], allowed)
        message["mention_everyone"] = everyone
        message["mentions"] = [self.users[u].payload() for u in users if u in self.users]
        message["mention_roles"] = [str(r) for r in roles]

    def _stored_file(self, item: JSON) -> JSON:
        """A file of a message as Discord returns it: the partial entry a bot sends (an
        index and a name) becomes a full attachment object with an id and a CDN URL."""
        if "url" in item:
            return item
        snowflake = self.ids.next()
        filename = str(item.get("filename") or "file")
        url = f"{self.cdn_base}/attachments/{snowflake}/{filename}"
        return {
            "id": str(snowflake),
            "filename": filename,
            "description": item.get("description"),
            "size": 0,
            "url": url,
            "proxy_url": url,
        }

    def channel_messages(self, channel_id: int) -> list[JSON]:
        return [m for m in self.messages.values() if int(m["channel_id"]) == channel_id]

    @staticmethod
    def public(message: JSON) -> JSON:
        """A message as Discord returns it (without the fake's bookkeeping keys)."""
        return {k: v for k, v in message.items() if not k.startswith("_")}

    # -- commands ---------------------------------------------------------------------------
    def sync_commands(self, guild_id: int | None, payload: list[JSON]) -> list[JSON]:
        synced = []
        for command in payload:
            key = (guild_id, command["name"])
            command_id = self.command_ids.setdefault(key, self.ids.next())
            item = {
                "type": 1,
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                "description_localizations": None,
                "name_localizations": None,
                **command,
                "id": str(command_id),
                "application_id": str(self.application_id),
                "version": str(self.ids.next()),
            }
            if guild_id is not None:
                item["guild_id"] = str(guild_id)
            synced.append(item)
        self.commands[guild_id] = synced
        return synced

    def find_command(self, guild_id: int | None, name: str) -> JSON | None:
        scopes = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for command in self.commands.get(scope, []):
                if command["name"] == name and command.get("type", 1) == 1:
                    return command
        return None

    # -- faults -----------------------------------------------------------------------------
    def take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method, path):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def record(self, request: RecordedRequest) -> None:
        self.requests.append(request)
        self.request_seen.set()
        self.request_seen = asyncio.Event()

    def requests_to(self, pattern: str) -> list[RecordedRequest]:
        probe = Fault(pattern, 0, "", {})
        return [r for r in self.requests if probe.matches(r.method, r.path)]
