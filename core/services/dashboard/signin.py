"""Signing in to the dashboard from the bot: no passwords, only one-time links.

``/dashboard`` hands the person a link holding 32 random bytes; opening it and pressing
"Sign in" trades it for a browser session. Only SHA-256 digests are stored, so the
database alone opens nothing. A link lasts 15 minutes and works once (one conditional
UPDATE: two tabs racing get one session); a person may ask for 5 links per 15 minutes,
counted in the database so every replica agrees. A session lasts 7 days, and
``/dashboard signout-all`` ends all of a person's sessions and unused links at once.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from datetime import datetime, timedelta

from core.db.repositories.dashboard import LinkState, Person
from core.domain.model import Actor
from core.errors import Conflict, InvalidInput, NotFound
from core.services.context import NOT_IN_A_COHORT, ServiceContext, membership
from core.services.dashboard.access import Viewer, viewer_cohorts
from core.views.base import Notice

LINK_LIFETIME = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(days=7)
LINKS_PER_WINDOW = 5
KEPT_LINKS = timedelta(days=1)
"""A person's used or expired links are deleted when they next ask for one after this."""

_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
"""What ``secrets.token_urlsafe(32)`` makes: anything else is refused without a query."""

WEB_OFF = "The dashboard is off on this server; an operator turns it on with [web] enabled = true."
NOT_SERVED = (
    "No dashboard is served by this process (a console script serves none); start "
    "`stride run` or the interactive console, then type /dashboard again."
)
LINK_USED = "This sign-in link was already used; type /dashboard for a new one."
LINK_EXPIRED = "This sign-in link expired (links last 15 minutes); type /dashboard for a new one."
LINK_INVALID = (
    "This sign-in link is not valid; copy the whole link from Stride's message, "
    "or type /dashboard for a new one."
)


def digest(token: str) -> str:
    """The SHA-256 hex digest a link or session token is stored as."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _person(viewer: Viewer) -> Person:
    return Person(viewer.platform, viewer.workspace_id, viewer.user_id, viewer.workspace_admin)


def _viewer(person: Person) -> Viewer:
    return Viewer(person.platform, person.workspace_id, person.user_id, person.workspace_admin)


async def request_link(ctx: ServiceContext, actor: Actor, cohort_name: str | None = None) -> Notice:
    """A new sign-in link for a member of some cohort (of ``cohort_name`` when given)."""
    base = _base_url(ctx)
    now = ctx.clock.now()
    viewer = Viewer.of(actor)
    person = _person(viewer)
    async with ctx.uow() as uow:
        if cohort_name:  # the usual sentences for a wrong name or someone else's cohort
            await membership(uow, actor, cohort_name)
        elif not await viewer_cohorts(uow, viewer):
            raise NotFound(NOT_IN_A_COHORT)
        count, first = await uow.dashboard.recent_links(person, now - LINK_LIFETIME)
        if count >= LINKS_PER_WINDOW and first is not None:
            raise Conflict(_too_many(first + LINK_LIFETIME - now))
        await uow.dashboard.forget_links(person, now - KEPT_LINKS)
        token = secrets.token_urlsafe(32)
        await uow.dashboard.add_link(person, digest(token), now, now + LINK_LIFETIME)
        await uow.commit()
    return Notice(text=f"Your dashboard sign-in link (valid 15 minutes, works once): {base}/signin/{token}")


def _base_url(ctx: ServiceContext) -> str:
    if not ctx.dashboard.enabled:
        raise NotFound(WEB_OFF)
    if ctx.dashboard.url is None:
        raise NotFound(NOT_SERVED)
    return ctx.dashboard.url


def _too_many(wait: timedelta) -> str:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (
        f"You asked for {LINKS_PER_WINDOW} sign-in links in the last 15 minutes; "
        f"use the latest one or ask again in {minutes} {unit}."
    )


async def link_refusal(ctx: ServiceContext, token: str) -> str | None:
    """Why the link would be refused, or None if it would work; reads only, so a chat
    app fetching the link for a preview uses nothing up."""
    if not _TOKEN.fullmatch(token):
        return LINK_INVALID
    async with ctx.uow(read_only=True) as uow:
        state = await uow.dashboard.link_state(digest(token))
    return _refusal(state, ctx.clock.now())


def _refusal(state: LinkState | None, now: datetime) -> str | None:
    if state is None:
        return LINK_INVALID
    if state.used_at is not None:
        return LINK_USED
    if state.expires_at <= now:
        return LINK_EXPIRED
    return None


async def redeem(ctx: ServiceContext, token: str) -> str:
    """Use the link: a new session's token, or InvalidInput saying why the link is refused."""
    if not _TOKEN.fullmatch(token):
        raise InvalidInput(LINK_INVALID)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        person = await uow.dashboard.use_link(digest(token), now)
        if person is None:
            raise InvalidInput(_refusal(await uow.dashboard.link_state(digest(token)), now) or LINK_USED)
        await uow.dashboard.forget_sessions(person, now)
        session = secrets.token_urlsafe(32)
        await uow.dashboard.add_session(person, digest(session), now, now + SESSION_LIFETIME)
        await uow.commit()
    return session


async def viewer_of_session(ctx: ServiceContext, token: str) -> Viewer | None:
    """Who the session cookie belongs to, or None (unknown, expired or signed out)."""
    if not _TOKEN.fullmatch(token):
        return None
    async with ctx.uow(read_only=True) as uow:
        person = await uow.dashboard.session_owner(digest(token), ctx.clock.now())
    return None if person is None else _viewer(person)


async def sign_out(ctx: ServiceContext, token: str) -> None:
    """End this browser's session (an unknown one is already ended)."""
    if not _TOKEN.fullmatch(token):
        return
    async with ctx.uow() as uow:
        await uow.dashboard.end_session(digest(token))
        await uow.commit()


async def sign_out_all(ctx: ServiceContext, actor: Actor) -> Notice:
    """End every session and unused link of the person, wherever they were opened."""
    async with ctx.uow() as uow:
        ended = await uow.dashboard.end_all(_person(Viewer.of(actor)), ctx.clock.now())
        await uow.commit()
    browsers = "browser" if ended == 1 else "browsers"
    return Notice(text=f"Signed out of the dashboard everywhere ({ended} {browsers}).")
