"""Every refusal and failure as a page in the dashboard's look, with one sentence.

Pages raise :class:`PageRefused` (or a service's StrideError); aiohttp's own refusals (no
such route, wrong method) and any unexpected exception come here too, so nobody sees a
traceback or aiohttp's default text. Another cohort's or student's page is the same 404
as a missing one: ``PermissionDenied`` is answered as "not found" too.
"""

from __future__ import annotations

import logging
import secrets

import aiohttp_jinja2
from aiohttp import web
from aiohttp.typedefs import Handler

from core.errors import Conflict, InvalidInput, NotFound, PermissionDenied, StrideError
from core.services.dashboard.access import NOT_FOUND

log = logging.getLogger(__name__)

TITLES = {
    400: "That did not work",
    401: "Sign in",
    403: "Refused",
    404: "Not found",
    405: "Not here",
    409: "Try again",
    413: "Too large",
    500: "Something went wrong",
}
SENTENCES = {
    400: "The request was not understood; go back to the dashboard's home page and try again.",
    403: "This is not yours to see.",
    404: NOT_FOUND,
    405: "This address does not take that kind of request; open it from the dashboard's pages.",
    413: "The request was too large.",
}


class PageRefused(Exception):
    """An error page: its status and the one sentence it says."""

    def __init__(self, status: int, sentence: str) -> None:
        super().__init__(sentence)
        self.status = status
        self.sentence = sentence


def _status_of(error: StrideError) -> int:
    if isinstance(error, InvalidInput):
        return 400
    if isinstance(error, Conflict):
        return 409
    return 404  # NotFound, PermissionDenied: never confirm that a page exists


@web.middleware
async def error_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except PageRefused as refused:
        return error_page(request, refused.status, refused.sentence)
    except (NotFound, PermissionDenied, InvalidInput, Conflict) as error:
        return error_page(request, _status_of(error), error.message)
    except web.HTTPMove as redirect:
        return see_other(str(redirect.location), redirect.status)
    except web.HTTPException as http:
        if http.status < 400:
            raise
        page = error_page(request, http.status, SENTENCES.get(http.status, SENTENCES[400]))
        if "Allow" in http.headers:
            page.headers["Allow"] = http.headers["Allow"]
        return page
    except Exception:
        reference = secrets.token_hex(4)
        route = request.match_info.route.name or "unnamed"
        log.exception("dashboard page %s failed (ref %s)", route, reference)
        sentence = f"Something went wrong on Stride's side (ref {reference}); try again in a moment."
        return error_page(request, 500, sentence)


def see_other(location: str, status: int = 303) -> web.Response:
    """A redirect as a plain response (a raised one would skip the other middlewares)."""
    return web.Response(status=status, headers={"Location": location})


def error_page(request: web.Request, status: int, sentence: str) -> web.Response:
    title = TITLES.get(status, TITLES[400])
    context = {"title": title, "sentence": sentence, "status": status}
    return aiohttp_jinja2.render_template("error.html", request, context, status=status)
