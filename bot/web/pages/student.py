"""A student's page and its two charts: the student's own, or one of an instructor's
students (``core/services/dashboard/student.py`` decides; anyone else gets the 404 page).
The charts are separate SVG responses the page shows with ``<img alt="…">``."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.web.auth import viewer
from bot.web.keys import SERVICES
from bot.web.security import svg_response
from core.formatting import hour_band, hours, weeks
from core.render.counts import STATUS_MARKS
from core.services.dashboard.student import student_chart, student_page

routes = web.RouteTableDef()
PAGE = r"/cohorts/{cohort_id:\d{1,18}}/students/{member_id:\d{1,18}}"
FORMAT = SimpleNamespace(hours=hours, weeks=weeks, band=hour_band, status=STATUS_MARKS)
"""How the template writes numbers: the bot's own words (``1h 30m``, ``14 weeks``, ``✓ within``)."""


@routes.get(PAGE, name="student")
async def student(request: web.Request) -> web.StreamResponse:
    who = await viewer(request)
    cohort_id, member_id = int(request.match_info["cohort_id"]), int(request.match_info["member_id"])
    page = await student_page(request.app[SERVICES], who, cohort_id, member_id)
    context: dict[str, Any] = {"title": f"{page.member} · {page.cohort}", "page": page, "fmt": FORMAT}
    return aiohttp_jinja2.render_template("student.html", request, context)


@routes.get(PAGE + r"/charts/{name:[a-z]{1,20}}.svg", name="student_chart")
async def chart(request: web.Request) -> web.StreamResponse:
    who = await viewer(request)
    cohort_id, member_id = int(request.match_info["cohort_id"]), int(request.match_info["member_id"])
    image = await student_chart(request.app[SERVICES], who, cohort_id, member_id, request.match_info["name"])
    return svg_response(image.data)
