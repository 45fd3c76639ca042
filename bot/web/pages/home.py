"""``/``: where a signed-in person lands — their cohorts, or their own page."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

routes = web.RouteTableDef()


@routes.get("/", name="home")
@aiohttp_jinja2.template("home.html")
async def home(request: web.Request) -> dict[str, Any]:
    return {"title": "Stride dashboard"}
