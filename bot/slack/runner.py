"""Start-up for Slack: the Bolt app, its delivery sink and the scheduler, over HTTP or a socket.

HTTP mode serves Slack's requests on ``host:port`` at ``path`` with a ``/healthz`` for load
balancers and container probes; Socket Mode dials out to Slack (no public URL needed).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.scheduler import RoutingSink, build_scheduler
from bot.slack.app import build_app
from bot.slack.sink import SlackSink
from bot.web.app import build_web_app
from bot.web.server import announce, running
from core.bootstrap import Stride
from core.settings import SlackSettings, WebSettings

log = logging.getLogger(__name__)


def check_settings(settings: SlackSettings) -> None:
    """One clear sentence for a mode whose secret is missing."""
    if settings.bot_token is None:
        raise ValueError("Set STRIDE_SLACK__BOT_TOKEN (the xoxb- token) to run on Slack.")
    if settings.mode == "http" and settings.signing_secret is None:
        raise ValueError("HTTP mode needs STRIDE_SLACK__SIGNING_SECRET (Basic Information → Signing Secret).")
    if settings.mode == "socket" and settings.app_token is None:
        raise ValueError("Socket Mode needs STRIDE_SLACK__APP_TOKEN (an xapp- token with connections:write).")


def web_app(
    app: AsyncApp, settings: SlackSettings, dashboard: web.Application | None = None
) -> web.Application:
    """Slack's endpoint plus ``/healthz``; with ``dashboard``, the endpoint is added to the
    dashboard's app instead (one port; the dashboard answers ``/healthz`` the same way)."""
    if dashboard is not None:
        dashboard.router.add_post(settings.path, _endpoint(app), name="slack")
        return dashboard
    server = app.web_app(path=settings.path, port=settings.port)

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    server.router.add_get("/healthz", healthz)
    return server


def _endpoint(app: AsyncApp) -> Callable[[web.Request], Awaitable[web.Response]]:
    """Slack's requests handed to Bolt, as Bolt's own aiohttp server does."""

    async def endpoint(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    return endpoint


@dataclass(frozen=True)
class SlackService:
    """A running Slack adapter: the app, its sink, and the HTTP port it listens on (if any)."""

    app: AsyncApp
    sink: SlackSink
    port: int | None


@asynccontextmanager
async def serving(
    stride: Stride,
    settings: SlackSettings,
    *,
    with_scheduler: bool = True,
    dashboard: WebSettings | None = None,
) -> AsyncIterator[SlackService]:
    """The app answering Slack (HTTP or Socket Mode) with the scheduler delivering, until
    exit; with ``dashboard``, HTTP mode serves the dashboard from the same port."""
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
        shared = None if dashboard is None else build_web_app(stride.services, dashboard)
        port = await stack.enter_async_context(_transport(app, settings, shared))
        if shared is not None and port is not None:
            url = announce(stride.services, settings.host, port)
            stack.callback(setattr, stride.services.dashboard, "bound_url", None)
            log.info("dashboard: served with Slack's endpoint at %s", url)
        yield SlackService(app, sink, port)


@asynccontextmanager
async def _transport(
    app: AsyncApp, settings: SlackSettings, dashboard: web.Application | None
) -> AsyncIterator[int | None]:
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
    setting = "[slack] port (STRIDE_SLACK__PORT)" if dashboard is None else "[slack] port and [web] port"
    async with running(web_app(app, settings, dashboard), settings.host, settings.port, setting) as port:
        log.info("slack: listening on %s:%d%s", settings.host, port, settings.path)
        yield port


async def run_slack(stride: Stride, settings: SlackSettings, dashboard: WebSettings | None = None) -> None:
    async with serving(stride, settings, dashboard=dashboard):
        await asyncio.Event().wait()
