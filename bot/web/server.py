"""Serving the dashboard: on its own port, or from Slack's HTTP server when they share
one (``[web] port`` = ``[slack] port``: one port to expose). Either way the sign-in links
learn the bound address (``[web] public_url`` wins), and a stop (SIGTERM cancelling
``stride run``) closes the server with the rest.

The access log names the route, never the path: a path holds a sign-in token or ids.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TextIO

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from aiohttp.web_request import BaseRequest

from bot.web.app import build_web_app
from core.services.context import ServiceContext
from core.settings import Settings, WebSettings

log = logging.getLogger(__name__)
WEB_PORT = "[web] port (STRIDE_WEB__PORT)"
SHUTDOWN_TIMEOUT_S = 3.0
"""How long a stop waits for requests under way: pages take milliseconds."""


class PortInUse(Exception):
    """The configured port is taken; the message is the sentence an operator reads."""

    def __init__(self, host: str, port: int, setting: str) -> None:
        super().__init__(
            f"Port {port} on {host} is already in use; stop what uses it or choose another with {setting}."
        )


class AccessLogger(AbstractAccessLogger):
    """Method, route name, status and time: nothing a person typed, no token, no id."""

    def log(self, request: BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info("%s %s %d %.1fms", request.method, route_name(request), response.status, time * 1000)


def route_name(request: BaseRequest) -> str:
    """The matched route's name, else its pattern (Slack's ``/slack/events``), else "unmatched"."""
    if not isinstance(request, web.Request):
        return "unmatched"
    route = request.match_info.route
    if route.name:
        return route.name
    return "unmatched" if route.resource is None else route.resource.canonical


def shares_slack_port(settings: Settings) -> bool:
    """The dashboard rides on Slack's HTTP server (one port)."""
    return (
        settings.web.enabled
        and settings.slack_enabled
        and settings.slack.mode == "http"
        and settings.web.port == settings.slack.port
    )


def base_url(host: str, port: int) -> str:
    """How a link spells a bound address; an any-address bind is linked as loopback
    (set ``[web] public_url`` for the address others open)."""
    shown = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


def announce(services: ServiceContext, host: str, port: int) -> str:
    """Tell the sign-in links where the dashboard is; the address people open."""
    services.dashboard.bound_url = base_url(host, port)
    url = services.dashboard.url
    assert url is not None
    return url


@asynccontextmanager
async def running(app: web.Application, host: str, port: int, setting: str = WEB_PORT) -> AsyncIterator[int]:
    """``app`` served on host:port until exit; yields the bound port (0 picks one). A port
    in use is :class:`PortInUse` naming ``setting``, the configuration that chose it."""
    runner = web.AppRunner(app, access_log_class=AccessLogger, shutdown_timeout=SHUTDOWN_TIMEOUT_S)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PortInUse(host, port, setting) from None
            raise
        yield int(runner.addresses[0][1])
    finally:
        await runner.cleanup()


@asynccontextmanager
async def serving(services: ServiceContext, settings: WebSettings) -> AsyncIterator[str]:
    """The dashboard on its own port until exit; yields the address links use."""
    app = build_web_app(services, settings)
    async with running(app, settings.host, settings.port) as port:
        url = announce(services, settings.host, port)
        log.info("dashboard: listening on %s:%d", settings.host, port)
        try:
            yield url
        finally:
            services.dashboard.bound_url = None


@asynccontextmanager
async def beside_platforms(services: ServiceContext, settings: Settings) -> AsyncIterator[None]:
    """``stride run``'s dashboard on its own port, bound before the platforms start so a
    taken port stops the start-up at once; nothing when off or riding on Slack's port."""
    if not settings.web.enabled or shares_slack_port(settings):
        yield
        return
    async with serving(services, settings.web):
        yield


@asynccontextmanager
async def beside_console(services: ServiceContext, settings: WebSettings, out: TextIO) -> AsyncIterator[None]:
    """The interactive console's dashboard, announced on ``out``; a taken port is a
    warning and the console goes on without it."""
    if not settings.enabled:
        yield
        return
    stack = AsyncExitStack()
    try:
        url = await stack.enter_async_context(serving(services, settings))
    except PortInUse as busy:
        out.write(f"Warning: no dashboard this time. {busy}\n")
        yield
        return
    async with stack:
        out.write(f"Dashboard: {url}/ — type /dashboard for a sign-in link.\n")
        yield
