"""The overview's downloads: ``/cohorts/{cid}/cohort.csv`` and ``deliverables.zip``, the
files /export gives, for the cohort's instructors (anyone else: the usual 404 page)."""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web

from bot.web.auth import viewer
from bot.web.keys import SERVICES
from bot.web.pages.overview import COHORT
from core.services.dashboard.downloads import cohort_csv_file, deliverables_file
from core.views.base import Attachment

routes = web.RouteTableDef()


@routes.get(f"/cohorts/{COHORT}/cohort.csv", name="cohort_csv")
async def cohort_csv(request: web.Request) -> web.StreamResponse:
    who = await viewer(request)
    return download(await cohort_csv_file(request.app[SERVICES], who, int(request.match_info["cid"])))


@routes.get(f"/cohorts/{COHORT}/deliverables.zip", name="deliverables")
async def deliverables(request: web.Request) -> web.StreamResponse:
    who = await viewer(request)
    return download(await deliverables_file(request.app[SERVICES], who, int(request.match_info["cid"])))


def download(file: Attachment) -> web.Response:
    """The file as an attachment under its own name (RFC 6266: an ASCII fallback, and the
    name itself for a cohort named in another script)."""
    fallback = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in file.filename)
    response = web.Response(body=file.data, content_type=file.media_type)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file.filename, safe='')}"
    )
    return response
