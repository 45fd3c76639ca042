"""Headers every dashboard response carries: a strict Content-Security-Policy (no inline
script or style, nothing from elsewhere), no framing, no sniffing, no Referer (a sign-in
link never leaks through one), and no caching of personal pages."""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

SVG_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
"""A chart's own policy: matplotlib writes its SVG's styles inline; nothing else may load."""


def svg_response(svg: bytes) -> web.Response:
    """A chart for an ``<img>`` (where an SVG runs no script), under its own policy."""
    response = web.Response(body=svg, content_type="image/svg+xml")
    response.headers["Content-Security-Policy"] = SVG_CONTENT_SECURITY_POLICY
    return response


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers.setdefault("Cache-Control", "no-store")
    return response
