"""Start-up for Slack: the Bolt app, its delivery sink and the scheduler, over HTTP or a socket.

HTTP mode serves Slack's requests on ``host:port`` at ``path`` with a ``/healthz`` for load
balancers and container probes; Socket Mode dials out to Slack (no public URL needed).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.scheduler import RoutingSink, build_scheduler
from bot.slack.app import build_app
from bot.slack.sink import SlackSink
from core.bootstrap import Stride
from core.settings import SlackSettings

log = logging.getLogger(__name__)


def check_settings(settings: SlackSettings) -> None:
    """One clear sentence for a mode whose secret is missing."""
    if settings.bot_token is None:
        raise ValueError("Set STRIDE_SLACK__BOT_TOKEN (the xoxb- token) to run on Slack.")
    if settings.mode == "http" and settings.signing_secret is None:
        raise ValueError("HTTP mode needs STRIDE_SLACK__SIGNING_SECRET (Basic Information → Signing Secret).")
    if settings.mode == "socket" and settings.app_token is None:
        raise ValueError("Socket Mode needs STRIDE_SLACK__APP_TOKEN (an xapp- token with connections:write).")


def web_app(app: AsyncApp, settings: SlackSettings) -> web.Application:
    """Slack's endpoint plus ``/healthz``."""
    server = app.web_app(path=settings.path, port=settings.port)

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    server.router.add_get("/healthz", healthz)
    return server


@dataclass(frozen=True)
class SlackService:
    """A running Slack adapter: the app, its sink, and the HTTP port it listens on (if any)."""

    app: AsyncApp
    sink: SlackSink
    port: int | None


@asynccontextmanager
async def serving(
    stride: Stride, settings: SlackSettings, *, with_scheduler: bool = True
) -> AsyncIterator[SlackService]:
    """The app answering Slack (HTTP or Socket Mode) with the scheduler delivering, until exit."""
    check_settings(settings)
    app = build_app(stride.services, settings)
    sink = SlackSink(
        app.client,
        per_channel_rate=settings.messages_per_second_per_channel,
        rate=settings.requests_per_second,
    )
    scheduler = build_scheduler(stride.services, RoutingSink({"slack": sink}))
    async with AsyncExitStack() as stack:
        # Unwound in reverse: Slack's requests stop being taken first, then the loop's
        # sends under way finish (they go through app.client, not the server).
        if with_scheduler:
            await stack.enter_async_context(scheduler.running())
        port = await stack.enter_async_context(_transport(app, settings))
        yield SlackService(app, sink, port)


@asynccontextmanager
async def _transport(app: AsyncApp, settings: SlackSettings) -> AsyncIterator[int | None]:
    """Serve until exit; yields the bound HTTP port (None in Socket Mode)."""
    if settings.mode == "socket":
        assert settings.app_token is not None  # checked by check_settings
        handler = AsyncSocketModeHandler(app, settings.app_token.get_secret_value())
        await handler.connect_async()  # type: ignore[no-untyped-call]
        log.info("slack: connected in Socket Mode")
        try:
            yield None
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]
        return
    runner = web.AppRunner(web_app(app, settings), shutdown_timeout=3.0)  # a stop takes seconds
    await runner.setup()
    await web.TCPSite(runner, settings.host, settings.port).start()
    port = int(runner.addresses[0][1])
    log.info("slack: listening on %s:%d%s", settings.host, port, settings.path)
    try:
        yield port
    finally:
        await runner.cleanup()


async def run_slack(stride: Stride, settings: SlackSettings) -> None:
    async with serving(stride, settings):
        await asyncio.Event().wait()
