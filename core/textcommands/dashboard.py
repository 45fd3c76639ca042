"""``/dashboard``: a one-time sign-in link to the web dashboard, answered privately; and
``/dashboard signout-all``, which ends every browser session of the person."""

from __future__ import annotations

from core.errors import InvalidInput
from core.services.context import short
from core.services.dashboard import signin
from core.textcommands.registry import Request, command
from core.views.base import View

EXTRA_WORDS = (
    "/dashboard takes no words, but '{word}' was given; type /dashboard for a sign-in link "
    "or /dashboard signout-all to sign out of every browser."
)


@command(
    "dashboard",
    "/dashboard",
    "A private one-time link that signs you in to the web dashboard (valid 15 minutes).",
)
async def dashboard_link(r: Request) -> View:
    if r.args.positionals:
        raise InvalidInput(EXTRA_WORDS.format(word=short(r.args.positionals[0], 30)))
    return await signin.request_link(r.ctx, r.actor, r.cohort)


@command(
    "dashboard signout-all",
    "/dashboard signout-all",
    "Sign out of the web dashboard in every browser, and cancel your unused sign-in links.",
)
async def dashboard_signout_all(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/dashboard signout-all")
    return await signin.sign_out_all(r.ctx, r.actor)
