"""``/``: where a signed-in person lands — their cohorts' overviews, or their own page.
With exactly one place to go, it goes there (303). And ``/healthz`` for probes."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.web.auth import viewer
from bot.web.errors import see_other
from bot.web.keys import SERVICES
from core.services.dashboard.home import HomeEntry, home_entries

routes = web.RouteTableDef()


def entry_url(entry: HomeEntry) -> str:
    if entry.instructor:
        return f"/cohorts/{entry.cohort_id}"
    return f"/cohorts/{entry.cohort_id}/students/{entry.member_id}"


@routes.get("/", name="home")
async def home(request: web.Request) -> web.StreamResponse:
    entries = await home_entries(request.app[SERVICES], await viewer(request))
    if len(entries) == 1:
        return see_other(entry_url(entries[0]))
    context: dict[str, Any] = {
        "title": "Your cohorts",
        "entries": [(entry, entry_url(entry)) for entry in entries],
    }
    return aiohttp_jinja2.render_template("home.html", request, context)


@routes.get("/healthz", name="healthz")
async def healthz(_: web.Request) -> web.Response:
    """For load balancers and container probes (Slack's server answers the same)."""
    return web.json_response({"ok": True})
