"""Modal submissions: the career plan and a check-in.

A refused value is shown under its field in the still-open modal (``response_action:
errors``), so nothing typed is lost; an accepted one closes the modal and the confirmation
is posted where the modal was opened.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.answer import ACK_WITHIN, SlackDeps, actor_of, run_view, tell
from bot.slack.blocks import clip
from bot.slack.hints import slack_hints
from bot.slack.modals import CHECKIN_MODAL, PLAN_MODAL, Origin, submitted
from core.commands import is_bare_number, parse_hours
from core.domain.model import Actor
from core.errors import StrideError
from core.services import checkins, plans
from core.services.plans import parse_slot
from core.views.base import View

log = logging.getLogger(__name__)

ERROR_LIMIT = 150


def register(app: AsyncApp, deps: SlackDeps) -> None:
    async def on_plan(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        values, actor, origin = read_submission(body, view, deps)

        async def call() -> View:
            return await plans.set_plan(
                deps.services,
                actor,
                origin.cohort,
                parse_slot(values.get("slot") or "A"),
                position=values.get("position"),
                industry=values.get("industry"),
                rationale=values.get("rationale"),
            )

        if (result := await submit_modal(ack, call, ("industry", "rationale"), "position")) is not None:
            await tell(client, actor.user_id, origin.channel, result)

    async def on_checkin(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        values, actor, origin = read_submission(body, view, deps)
        key = f"slack:{view.get('id')}:{view.get('hash')}"

        async def call() -> View:
            amount = values.get("hours") or ""
            minutes = parse_hours(amount)
            return await checkins.check_in(
                deps.services,
                actor,
                origin.cohort,
                minutes=minutes,
                track=values.get("track") or "",
                note=values.get("note"),
                when=values.get("date"),
                idempotency_key=key,
                unitless=is_bare_number(amount),
            )

        if (result := await submit_modal(ack, call, ("track", "note", "date", "day"), "hours")) is not None:
            await tell(client, actor.user_id, origin.channel, result)

    app.view(PLAN_MODAL)(on_plan)
    app.view(CHECKIN_MODAL)(on_checkin)


Named = tuple[str, ...] | Mapping[str, str]
"""The fields a refusal may be about: their names, or the words that name each in a
sentence (a question's text names its answer's field)."""


def _field(message: str, named: Named, default: str) -> str:
    """The input a refusal is about: the first field its sentence names, else ``default``."""
    lowered = message.lower()
    needles = named if isinstance(named, Mapping) else {name: name for name in named}
    found = next((field for needle, field in needles.items() if needle.lower() in lowered), default)
    return "date" if found == "day" else found


def read_submission(
    body: dict[str, Any], view: dict[str, Any], deps: SlackDeps
) -> tuple[dict[str, str | None], Actor, Origin]:
    """A submission's values, who sent it, and where its modal was opened."""
    return submitted(view), actor_of(body, deps), Origin.load(view.get("private_metadata"))


async def submit_modal(
    ack: AsyncAck, call: Callable[[], Awaitable[View]], named: Named, default: str
) -> View | None:
    """Run ``call``; a quick refusal goes back into the modal, under the field its sentence
    names (else ``default``); anything else closes it."""
    task = asyncio.ensure_future(call())
    done, _ = await asyncio.wait({task}, timeout=ACK_WITHIN)
    if not done:
        await ack()
        return await run_view(lambda: task, "modal")
    try:
        view = task.result()
    except StrideError as error:
        field = _field(error.message, named, default)
        said = slack_hints(error.message)
        await ack(response_action="errors", errors={field: clip(said, ERROR_LIMIT)})
        return None
    except Exception:
        reference = secrets.token_hex(4)
        log.exception("slack modal failed (ref %s)", reference)
        await ack(
            response_action="errors",
            errors={default: f"Something went wrong on Stride's side (ref {reference})."},
        )
        return None
    await ack()
    return view
