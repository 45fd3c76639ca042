"""Who is asking: the session cookie, the ``viewer(request)`` every page starts with, and
the same-origin and CSRF checks of the two requests that change anything (POST /signin,
POST /signout). No GET changes state.

The session cookie is HttpOnly, SameSite=Lax, Path=/, lasts 7 days, and is Secure when
the dashboard's public address is https. The sign-out form carries an HMAC of the
session token, which a page of another site cannot know.
"""

from __future__ import annotations

import hashlib
import hmac
from contextvars import ContextVar

from aiohttp import web
from aiohttp.typedefs import Handler
from yarl import URL

from bot.web.errors import PageRefused
from bot.web.keys import SERVICES, SETTINGS
from core.services.dashboard import signin
from core.services.dashboard.access import Viewer

COOKIE = "stride_session"
VIEWER = web.RequestKey("viewer", Viewer)
SIGN_IN_FIRST = (
    "Sign in first: type /dashboard to Stride (on Discord, Slack or the console) "
    "and open the link it sends you."
)
CROSS_SITE = "This form was sent from another site, so Stride ignored it; use the dashboard's own pages."
STALE_FORM = "This sign-out form is out of date; reload the page and press Sign out again."

_SIGNOUT_CSRF: ContextVar[str | None] = ContextVar("signout_csrf", default=None)
"""The sign-out form's token for the request being answered (each runs in its own task)."""


def session_token(request: web.Request) -> str | None:
    return request.cookies.get(COOKIE) or None


async def viewer(request: web.Request) -> Viewer:
    """The signed-in person, or a 401 page saying how to sign in (no redirect loop).
    Read once per request; pages rendered after it get the sign-out form's token."""
    if VIEWER in request:
        return request[VIEWER]
    token = session_token(request)
    found = None if token is None else await signin.viewer_of_session(request.app[SERVICES], token)
    if token is None or found is None:
        raise PageRefused(401, SIGN_IN_FIRST)
    request[VIEWER] = found
    _SIGNOUT_CSRF.set(csrf_token(token))
    return found


@web.middleware
async def request_scope(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Each request starts with no sign-out token. aiohttp answers every request in a task
    of its own today; this keeps a proxy's keep-alive connection, shared by many people,
    from ever showing one person's token to the next should that change."""
    scope = _SIGNOUT_CSRF.set(None)
    try:
        return await handler(request)
    finally:
        _SIGNOUT_CSRF.reset(scope)


def signout_csrf() -> str | None:
    """For templates (a Jinja global): the sign-out form's token once ``viewer`` found a
    session in this request, else None (no sign-out button)."""
    return _SIGNOUT_CSRF.get()


def csrf_token(token: str) -> str:
    """The sign-out form's token: an HMAC keyed by the session's own secret."""
    return hmac.new(token.encode("utf-8"), b"stride-dashboard-signout", hashlib.sha256).hexdigest()


def check_csrf(request: web.Request, sent: str | None) -> str:
    """The session token, if ``sent`` is its form token; else a 403 page."""
    token = session_token(request)
    if token is None or not sent or not hmac.compare_digest(csrf_token(token), sent):
        raise PageRefused(403, STALE_FORM)
    return token


def expected_origin(request: web.Request) -> str:
    """The dashboard's own origin: its public address, else the address it was asked at."""
    public = request.app[SETTINGS].public_url
    url = URL(public) if public else URL.build(scheme=request.scheme, authority=request.host)
    return str(url.origin())


def check_same_origin(request: web.Request) -> None:
    """A 403 page for a form posted from another site: ``Origin`` when the browser sends
    it, else ``Sec-Fetch-Site``. A client sending neither is no browser (no CSRF)."""
    origin = request.headers.get("Origin")
    if origin is not None:
        if origin != expected_origin(request):
            raise PageRefused(403, CROSS_SITE)
        return
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        raise PageRefused(403, CROSS_SITE)


def secure_cookie(request: web.Request) -> bool:
    public = request.app[SETTINGS].public_url
    return request.secure or (public is not None and public.startswith("https://"))


def set_session(request: web.Request, response: web.StreamResponse, token: str) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(signin.SESSION_LIFETIME.total_seconds()),
        path="/",
        httponly=True,
        samesite="Lax",
        secure=secure_cookie(request),
    )


def clear_session(request: web.Request, response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path="/", secure=secure_cookie(request), httponly=True, samesite="Lax")
