"""``/cohorts/{cid}``: the cohort overview for its instructors, and its hours chart.

The page is the overview service's view rendered as it is; ``?week=YYYY-Www`` picks the
week (a bad one is a 400 page with the sentence /digest would say). The chart is an SVG
served on its own (an ``<img>`` runs no script), with a policy of its own that allows the
inline styles matplotlib writes into it and nothing else.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from markupsafe import Markup

from bot.web.auth import viewer
from bot.web.errors import PageRefused
from bot.web.keys import OVERVIEWS, SERVICES
from bot.web.security import svg_response
from core.formatting import hour_band, hours, plural, weeks
from core.render.plan_model import plan_hours
from core.services.dashboard.access import NOT_FOUND
from core.services.dashboard.overview import hours_chart, overview
from core.views.dashboard import OverviewView

routes = web.RouteTableDef()

COHORT = r"{cid:\d{1,9}}"
"""Opaque ids only; more digits than any id could have is no page (never a database error)."""
CHARTS = frozenset({"hours"})
MARKS = {"under": "▼", "within": "✓", "over": "▲", "paused": "‖"}
"""A heat map cell's band in a sign (the console's marks; the legend says them in words)."""
FORMATS = {"hours": hours, "hour_band": hour_band, "plural": plural, "weeks": weeks, "plan_hours": plan_hours}
"""The console's own formatting, so a number reads the same on the page as in /digest."""


def heat_cells(view: OverviewView) -> list[Markup]:
    """Each heat map row's cells as one piece of markup: a 1,000-student page has twelve
    thousand cells, and a template step per cell was two thirds of the page's rendering.
    Only our own words and numbers go in (names stay in the template, escaped)."""
    return [
        Markup(
            "".join(
                f'<td class="band-{band}">{hours(logged) if logged else "–"} {MARKS[band]}</td>'
                for logged, band in zip(row.hours, row.bands, strict=True)
            )
        )
        for row in view.heat
    ]


def week_of(request: web.Request) -> str | None:
    week = request.query.get("week")
    return week if week else None


@routes.get(f"/cohorts/{COHORT}", name="overview")
async def overview_page(request: web.Request) -> web.StreamResponse:
    who = await viewer(request)
    cohort_id = int(request.match_info["cid"])
    view = await overview(request.app[SERVICES], who, cohort_id, week_of(request), request.app[OVERVIEWS])
    # A 1,000-student page is tens of milliseconds of Python: on a worker thread, the event
    # loop (every other page, the bot's own commands) keeps running meanwhile.
    html = await asyncio.to_thread(_render, request, view)
    return web.Response(text=html, content_type="text/html")


def _render(request: web.Request, view: OverviewView) -> str:
    context: dict[str, Any] = {
        "title": view.digest.cohort,
        "page": view,
        "cells": heat_cells(view),
        **FORMATS,
    }
    return aiohttp_jinja2.render_string("overview.html", request, context)


@routes.get(f"/cohorts/{COHORT}/charts/{{name}}.svg", name="cohort_chart")
async def chart(request: web.Request) -> web.StreamResponse:
    who = await viewer(request)
    if request.match_info["name"] not in CHARTS:
        raise PageRefused(404, NOT_FOUND)
    cohort_id = int(request.match_info["cid"])
    picture = await hours_chart(
        request.app[SERVICES], who, cohort_id, week_of(request), request.app[OVERVIEWS]
    )
    if picture is None:
        raise PageRefused(404, NOT_FOUND)
    return svg_response(picture.data)
