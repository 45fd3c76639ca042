"""The dashboard's aiohttp application: templates, security headers, and one module of
routes per page (``bot/web/pages``). Built by the one wiring point, never at import time.

Pages are server-rendered with Jinja2 and work without JavaScript; every number on them
comes from the same services the bot answers with (``core/services/dashboard``).
"""

from __future__ import annotations

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.web.keys import OVERVIEWS, SERVICES, SETTINGS
from core.services.context import ServiceContext
from core.services.dashboard.overview import OverviewCache
from core.settings import WebSettings


def build_web_app(services: ServiceContext, settings: WebSettings) -> web.Application:
    """The dashboard, ready to be served on its own port or added to Slack's server."""
    from bot.web import pages
    from bot.web.auth import request_scope, signout_csrf
    from bot.web.errors import error_pages
    from bot.web.security import security_headers

    app = web.Application(middlewares=[security_headers, request_scope, error_pages])
    app[SERVICES] = services
    app[SETTINGS] = settings
    app[OVERVIEWS] = OverviewCache()
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.PackageLoader("bot.web", "templates"),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["signout_csrf"] = signout_csrf
    pages.add_routes(app)
    return app
