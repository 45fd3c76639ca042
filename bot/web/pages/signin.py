"""Signing in and out. ``GET /signin/{token}`` only shows a "Sign in" button (chat apps
fetch links for their previews, so a GET must never use the link up); the button posts
the token to ``POST /signin``, which trades it for the session cookie. ``POST /signout``
ends this browser's session; ``/dashboard signout-all`` in the bot ends all of them."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.web.auth import check_csrf, check_same_origin, clear_session, set_session
from bot.web.errors import PageRefused, see_other
from bot.web.keys import SERVICES
from core.errors import InvalidInput
from core.services.dashboard import signin

routes = web.RouteTableDef()

MAX_FORM = 4096
"""A sign-in or sign-out form is one short field; a bigger body is no form of ours."""


@routes.get("/signin/{token}", name="signin_link")
async def signin_link(request: web.Request) -> web.StreamResponse:
    token = request.match_info["token"]
    refusal = await signin.link_refusal(request.app[SERVICES], token)
    if refusal is not None:
        raise PageRefused(400, refusal)
    context: dict[str, Any] = {"title": "Sign in to the dashboard", "token": token}
    return aiohttp_jinja2.render_template("signin.html", request, context)


@routes.post("/signin", name="signin")
async def signin_post(request: web.Request) -> web.StreamResponse:
    check_same_origin(request)
    token = str((await _form(request)).get("token", ""))
    try:
        session = await signin.redeem(request.app[SERVICES], token)
    except InvalidInput as refused:
        raise PageRefused(400, refused.message) from None
    response = see_other("/")
    set_session(request, response, session)
    return response


@routes.post("/signout", name="signout")
async def signout_post(request: web.Request) -> web.StreamResponse:
    check_same_origin(request)
    sent = (await _form(request)).get("csrf")
    token = check_csrf(request, sent if isinstance(sent, str) else None)
    await signin.sign_out(request.app[SERVICES], token)
    response = see_other("/signed-out")
    clear_session(request, response)
    return response


@routes.get("/signed-out", name="signed_out")
@aiohttp_jinja2.template("signed_out.html")
async def signed_out(_: web.Request) -> dict[str, Any]:
    return {"title": "Signed out"}


async def _form(request: web.Request) -> dict[str, Any]:
    if request.content_length is not None and request.content_length > MAX_FORM:
        raise PageRefused(413, "This form is too large to be one of the dashboard's.")
    return dict(await request.post())
