"""A fake Discord on 127.0.0.1 (REST + gateway, aiohttp) that the REAL discord.py 2.7 client
logs in to, so adapters are tested end to end without reaching discord.com.

    fake = FakeDiscord(); await fake.start(); restore = fake.point_discord_py()
    async with fake.running(bot):                       # logs in, READY, GUILD_CREATE
        handle = await fake.slash(fake.guild.id, alice, ["skill", "add"], {"name": "SQL"})
        reply = await handle.response()                 # {"type": 4, "data": {..., "flags": 64}}

The endpoints are plain configuration (``base_url``, ``gateway_url``): production takes the
same two knobs for REST and gateway proxies. See DESIGN.md §5."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any, Literal, TypeVar

import discord
import yarl
from aiohttp import web
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from tests.adapters.fake_discord_gateway import Gateway
from tests.adapters.fake_discord_interactions import base_payload, command_data, component_data, modal_data
from tests.adapters.fake_discord_models import JSON, Channel, Guild, User, VoiceState
from tests.adapters.fake_discord_rest import ERROR_MESSAGES, RestApi
from tests.adapters.fake_discord_state import Fault, InteractionRecord, RecordedRequest, World

ClientT = TypeVar("ClientT", bound=discord.Client)
TOKEN = "MTAx.fake.discord-token"
TRAPPED = (
    app_commands.CommandInvokeError,
    app_commands.CommandNotFound,
    app_commands.CommandSignatureMismatch,
)


class ErrorTrap(logging.Handler):
    """Collects what discord.py only logs: errors in commands (``tree.on_error``), views,
    modals, autocomplete and event handlers. The ``fake_discord`` fixture fails the test on
    any; tests that expect one call ``take()``."""

    def __init__(self, world: World) -> None:
        super().__init__(logging.ERROR)
        self.world = world
        self.records: list[logging.LogRecord] = []
        self.command_errors: list[BaseException] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def watch(self, tree: app_commands.CommandTree[Any]) -> None:
        """Wrap ``tree.on_error`` (keeping the bot's own handler) so a command that raised, or
        an interaction the tree cannot map to a command, fails the waiting ``response()`` at
        once. Check failures and bad arguments are left to the bot's handler."""
        if getattr(tree.on_error, "fake_discord_trap", False):
            return
        original = tree.on_error

        async def on_error(
            interaction: discord.Interaction[Any], error: app_commands.AppCommandError
        ) -> None:
            if isinstance(error, TRAPPED):
                self.command_errors.append(error)
                record = self.world.interactions.get(interaction.id)
                if record is not None:
                    record.errors.append(error)
                    record.changed()
            await original(interaction, error)

        on_error.fake_discord_trap = True  # type: ignore[attr-defined]
        tree.on_error = on_error  # type: ignore[method-assign]

    def take(self) -> list[str]:
        """The trapped errors as text, clearing them."""
        found = [repr(e) for e in self.command_errors] + [self._text(r) for r in self.records]
        self.command_errors.clear()
        self.records.clear()
        return found

    def check(self) -> None:
        if self.command_errors or self.records:
            raise AssertionError("discord.py reported errors:\n" + "\n".join(self.take()))

    @staticmethod
    def _text(record: logging.LogRecord) -> str:
        text = f"{record.name}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            text += f" -> {record.exc_info[1]!r}"
        return text


class FakeDiscord:
    def __init__(
        self, *, token: str = TOKEN, guild_name: str = "Study Cohort", channels: tuple[str, ...] = ()
    ) -> None:
        self.world = World(token)
        self.guild: Guild = self.world.add_guild(guild_name, channels=channels)
        self.errors = ErrorTrap(self.world)
        self.port = 0
        self._runner: web.AppRunner | None = None
        self.gateway = Gateway(self.world, "")
        self.rest = RestApi(self.world, "")

    # -- lifecycle --------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(middlewares=[self.rest.middleware])
        app.add_routes(
            [
                web.get("/gateway", self.gateway.handle),
                web.get("/cdn/attachments/{id}/{filename}", self._serve_attachment),
                *self.rest.routes(),
            ]
        )
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = int(self._runner.addresses[0][1])
        self.gateway.url = self.rest.gateway_url = self.gateway_url
        self.world.cdn_base = f"http://127.0.0.1:{self.port}/cdn"
        logging.getLogger("discord").addHandler(self.errors)

    async def _serve_attachment(self, request: web.Request) -> web.Response:
        """Discord's CDN: the bytes of a file a user attached, for ``Attachment.read()``."""
        snowflake = int(request.match_info["id"])
        upload = self.world.uploads.get(snowflake)
        if upload is None:
            return web.Response(status=404, text="404: Not Found")
        self.world.downloads.append(snowflake)
        return web.Response(body=upload.data, content_type=upload.content_type)

    async def stop(self) -> None:
        logging.getLogger("discord").removeHandler(self.errors)
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """REST base, the value for ``discord.http.Route.BASE`` (e.g. in a REST-proxy config)."""
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        """Gateway URL, the value for ``DiscordWebSocket.DEFAULT_GATEWAY``."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    def settings_env(self) -> dict[str, str]:
        """The environment that points a `stride run` subprocess at this fake Discord."""
        return {
            "STRIDE_DISCORD__TOKEN": self.token,
            "STRIDE_DISCORD__APPLICATION_ID": str(self.application_id),
            "STRIDE_DISCORD__API_BASE_URL": self.base_url,
            "STRIDE_DISCORD__GATEWAY_URL": self.gateway_url,
        }

    def point_discord_py(self) -> Callable[[], None]:
        """Point discord.py's two class-level endpoints here; returns the undo."""
        saved = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
        Route.BASE = self.base_url
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

        def restore() -> None:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved

        return restore

    @contextlib.asynccontextmanager
    async def running(
        self,
        client: ClientT,
        *,
        tree: app_commands.CommandTree[Any] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - every wait of the harness is bounded
    ) -> AsyncIterator[ClientT]:
        """Run ``client`` (login, gateway, READY) for the block; close it cleanly after."""
        tree = tree or getattr(client, "tree", None)
        if isinstance(tree, app_commands.CommandTree):
            self.errors.watch(tree)
        loop = asyncio.get_running_loop()
        task = asyncio.create_task(client.start(self.token), name="fake-discord-client")
        try:
            deadline = loop.time() + timeout
            while not client.is_ready():
                if task.done():
                    task.result()  # re-raises a login or gateway failure
                    raise AssertionError("the client stopped before it was ready")
                if loop.time() > deadline:
                    raise AssertionError(f"the client was not ready within {timeout}s")
                await asyncio.sleep(0.01)
            yield client
        finally:
            await client.close()
            done, _ = await asyncio.wait([task], timeout=timeout)
            if not done:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                raise AssertionError(f"the client did not shut down within {timeout}s")
        if not task.cancelled() and (failure := task.exception()) is not None:
            raise AssertionError(f"the client failed while running: {failure!r}") from failure

    # -- world ------------------------------------------------------------------------------
    @property
    def token(self) -> str:
        return self.world.token

    @property
    def application_id(self) -> int:
        return self.world.application_id

    @property
    def bot(self) -> User:
        return self.world.bot

    @property
    def owner(self) -> User:
        return self.world.owner

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.world.requests

    @property
    def messages(self) -> dict[int, JSON]:
        return self.world.messages

    @property
    def commands(self) -> dict[int | None, list[JSON]]:
        """Synced commands by guild id (``None``: global), as the last PUT left them."""
        return self.world.commands

    def add_user(self, name: str, *, guild: Guild | None = None, roles: list[Any] | None = None) -> User:
        """A user, a member of ``guild`` (default: the default guild) with ``roles``."""
        user = self.world.add_user(name)
        (guild or self.guild).add_member(user, roles)
        return user

    def add_guild(self, name: str, *, channels: tuple[str, ...] = ()) -> Guild:
        return self.world.add_guild(name, channels=channels)

    def requests_to(self, pattern: str) -> list[RecordedRequest]:
        """Recorded requests matching ``"POST /channels/*/messages"`` (method optional)."""
        return self.world.requests_to(pattern)

    async def wait_for_request(self, pattern: str, count: int = 1, timeout: float = 5.0) -> RecordedRequest:  # noqa: ASYNC109 - every wait of the harness is bounded
        """The ``count``-th request matching ``pattern``, waiting for it to arrive."""
        async with asyncio.timeout(timeout):
            while len(found := self.requests_to(pattern)) < count:
                await self.world.request_seen.wait()
        return found[count - 1]

    def messages_in(self, channel_id: int) -> list[JSON]:
        return [self.world.public(m) for m in self.world.channel_messages(channel_id)]

    def dm_messages(self, user: User) -> list[JSON]:
        return self.messages_in(self.world.dm_channel(user).id)

    # -- faults -----------------------------------------------------------------------------
    def fail_next(
        self,
        route: str,
        status: int = 429,
        *,
        retry_after: float = 0.05,
        global_: bool = False,
        scope: Literal["user", "shared", "global"] | None = None,
        code: int | None = None,
        message: str | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` requests matching ``route`` (``"POST /channels/*/messages"``)
        with ``status``: 429 with the headers and body discord.py reads (it needs ``Via``, or
        it assumes a Cloudflare ban), 5xx (500/502/504 are retried by discord.py after 1 s;
        503 is raised at once), or 4xx with Discord's JSON error ``code``."""
        headers: dict[str, str] = {}
        body: JSON | str
        if status == 429:
            bucket_scope = "global" if global_ else (scope or "user")
            headers = {
                "Via": "1.1 google",
                "Retry-After": str(math.ceil(retry_after)),
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
                "X-RateLimit-Reset-After": f"{retry_after:.3f}",
                "X-RateLimit-Scope": bucket_scope,
            }
            if global_:
                headers["X-RateLimit-Global"] = "true"
            body = {
                "message": message or "You are being rate limited.",
                "retry_after": retry_after,
                "global": global_,
            }
            if code is not None:
                body["code"] = code
        elif status >= 500 and code is None:
            body = f"<html><body><h1>{status} Server Error</h1></body></html>"
            headers = {"Content-Type": "text/html"}
        else:
            code = code if code is not None else 0
            body = {"message": message or ERROR_MESSAGES.get(code, f"{status} error"), "code": code}
        self.world.faults.append(Fault(route, status, body, headers, times))

    def refuse_dms(self, user: User, *, at: Literal["message", "channel"] = "message") -> None:
        """The user blocks DMs from the bot: 403 with code 50007, by default when the message
        is sent (as Discord does); ``at="channel"`` already refuses opening the DM channel."""
        self.world.dm_refusals[user.id] = at

    # -- gateway events and interactions ----------------------------------------------------
    async def dispatch(self, event: str, data: JSON, *, guild_id: int | None = None) -> int:
        return await self.gateway.dispatch(event, data, guild_id=guild_id)

    async def voice(
        self,
        user: User,
        channel: Channel | None,
        *,
        self_deaf: bool = False,
        guild: Guild | None = None,
        dispatch: bool = True,
    ) -> None:
        """``user`` joins, moves to or (``None``) leaves a voice channel, or (un)deafens. The
        world remembers it (the next GUILD_CREATE reports it) and, with ``dispatch``, every
        connected client of the guild's shard gets VOICE_STATE_UPDATE."""
        guild = guild or self.guild
        state = VoiceState(user, channel.id if channel is not None else None, self_deaf)
        if channel is None:
            guild.voice.pop(user.id, None)
        else:
            guild.voice[user.id] = state
        if dispatch:
            await self.dispatch("VOICE_STATE_UPDATE", state.payload(guild), guild_id=guild.id)

    async def _send(self, payload: JSON, user: User) -> InteractionRecord:
        record = InteractionRecord(self.world, payload, user)
        self.world.interactions[record.id] = record
        await self.dispatch("INTERACTION_CREATE", payload, guild_id=record.guild_id)
        return record

    async def slash(
        self,
        guild_id: int | None,
        user: User,
        command_path: list[str],
        options: Mapping[str, Any] | None = None,
        *,
        channel_id: int | None = None,
        option_types: Mapping[str, int] | None = None,
        validate: bool = True,
    ) -> InteractionRecord:
        """``/command_path options`` by ``user`` in a guild (``None``: in the bot's DM). Option
        types come from the synced commands (or ``option_types``); with ``validate`` choices,
        ranges and required options are enforced as Discord's client would."""
        data = command_data(
            self.world, guild_id, command_path, options or {}, option_types=option_types, validate=validate
        )
        return await self._send(base_payload(self.world, 2, data, user, guild_id, channel_id), user)

    async def autocomplete(
        self,
        guild_id: int | None,
        user: User,
        command_path: list[str],
        options: Mapping[str, Any],
        focused: str,
        *,
        channel_id: int | None = None,
        option_types: Mapping[str, int] | None = None,
    ) -> InteractionRecord:
        """The user typing into ``focused``; the answer is ``(await h.response())["data"]["choices"]``."""
        data = command_data(
            self.world,
            guild_id,
            command_path,
            options,
            focused=focused,
            option_types=option_types,
            validate=False,
        )
        return await self._send(base_payload(self.world, 4, data, user, guild_id, channel_id), user)

    async def click(
        self,
        custom_id: str,
        *,
        message: int | JSON,
        user: User,
        values: list[str] | None = None,
        component_type: int | None = None,
        as_seen: bool = False,
    ) -> InteractionRecord:
        """A button press (or a select choosing ``values``) on a message the bot sent.

        ``as_seen``: the click carries ``message`` as given, the copy a client still showed
        (its buttons since removed): a second click racing the first, or an old client's."""
        message_id = int(message["id"]) if isinstance(message, dict) else message
        stored = self.world.messages.get(message_id)
        if stored is None:
            raise ValueError(f"the fake never saw message {message_id}")
        if as_seen and isinstance(message, dict):
            stored = message
        channel = self.world.channel(int(stored["channel_id"]))
        assert channel is not None
        data = component_data(stored, custom_id, values, component_type)
        payload = base_payload(self.world, 3, data, user, channel.guild_id, channel.id)
        payload["message"] = self.world.public(stored)
        return await self._send(payload, user)

    async def submit_modal(
        self,
        custom_id: str,
        fields: Mapping[str, str | list[str]],
        *,
        origin: InteractionRecord | None = None,
        user: User | None = None,
        guild_id: int | None = None,
        channel_id: int | None = None,
    ) -> InteractionRecord:
        """Submit the modal ``custom_id``; ``origin`` is the interaction that opened it (its
        user, place and modal layout are reused)."""
        opened = [r for r in self.world.interactions.values() if _modal_id(r) == custom_id]
        origin = origin or (opened[-1] if opened else None)
        declared = (origin.callback or {}).get("data") if origin and _modal_id(origin) == custom_id else None
        user = user or (origin.user if origin else None)
        if user is None:
            raise ValueError("submit_modal needs a user or the interaction that opened the modal")
        if origin is not None:
            guild_id = guild_id or origin.guild_id
            channel_id = channel_id or origin.channel_id
        payload = base_payload(
            self.world, 5, modal_data(custom_id, fields, declared), user, guild_id, channel_id
        )
        if origin is not None and "message" in origin.payload:
            payload["message"] = origin.payload["message"]
        return await self._send(payload, user)

    async def response_for(self, interaction_id: int, timeout: float = 5.0) -> JSON:  # noqa: ASYNC109 - every wait of the harness is bounded
        return await self.world.interactions[interaction_id].response(timeout)


def _modal_id(record: InteractionRecord) -> str | None:
    callback = record.callback or {}
    return (callback.get("data") or {}).get("custom_id") if callback.get("type") == 9 else None
