"""Weekly reflections: *Reflect* opens the week's questions in a modal and its submission
saves them; *Resolved* / *Still blocked* answer last week's blocker; *Share with the cohort*
posts the reflection; the digest's *Reply* opens a modal whose text goes to the student.

Each click is acknowledged at once. A button that has done its work leaves the message it
was on (``chat.update``), and the services act once besides: a submission carries its
modal's id as the idempotency key, so Slack's retry of it writes nothing twice.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.answer import SlackDeps, actor_of, run_view, tell
from bot.slack.clicks import channel_of, dm_of, drop_buttons
from bot.slack.listeners.submissions import read_submission, submit_modal
from bot.slack.modals import REFLECTION_MODAL, REPLY_FIELD, REPLY_MODAL, Origin, reflection_modal, reply_modal
from bot.slack.render_reflections import (
    BLOCKER_ACTION,
    REFLECT_ACTION,
    REPLY_ACTION,
    SHARE_ACTION,
)
from bot.slack.webapi import error_code
from core.domain.model import Actor
from core.errors import InvalidInput
from core.services import reflections
from core.views.base import Notice, View
from core.views.reflections import ReflectionFormView

log = logging.getLogger(__name__)

WEEK = re.compile(r"^\d{4}-W\d{2}$")
ANSWER_KEY = re.compile(r"^q[1-5]$")
BLOCKER = re.compile(rf"^{BLOCKER_ACTION}_(?:resolved|open)$")
STALE_FORM = "That form is out of date; open it again with /stride reflect."
STALE_SHARE = "That button is out of date; share your reflection with /stride reflect share."
STALE_REPLY = 'That button is out of date; answer a blocker with /stride reply @student "…".'
NOT_OPENED = "✗ Slack closed the form before it opened; press the button or type /stride reflect again."


async def open_reflection(
    client: AsyncWebClient,
    deps: SlackDeps,
    actor: Actor,
    trigger: str,
    channel: str | None,
    cohort: str | None = None,
) -> View | None:
    """Open the open week's questions in a modal; the view to show instead when it cannot
    (not in a cohort, reflections off, Slack's trigger gone): None once it is open."""
    form = await run_view(
        lambda: reflections.reflection_form(deps.services, actor, cohort), "reflection form"
    )
    if not isinstance(form, ReflectionFormView):
        return form
    origin = Origin(cohort=cohort, channel=channel, week=form.week)
    return await _open(client, trigger, reflection_modal(form, origin))


async def _open(client: AsyncWebClient, trigger: str, modal: dict[str, Any]) -> View | None:
    try:
        await client.views_open(trigger_id=trigger, view=modal)
    except SlackApiError as error:  # the trigger lasts 3 seconds: the member is told, not left waiting
        log.warning("slack: a modal did not open (%s)", error_code(error))
        return Notice(text=NOT_OPENED)
    return None


def register(app: AsyncApp, deps: SlackDeps) -> None:
    async def on_reflect(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        actor = actor_of(body, deps)
        refused = await open_reflection(client, deps, actor, str(body.get("trigger_id")), channel_of(body))
        if refused is not None:
            await tell(client, actor.user_id, channel_of(body), refused, dm=dm_of(body))

    async def on_blocker(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Once: the buttons leave the message, and the service stores one answer."""
        await ack()
        actor, done = actor_of(body, deps), False
        resolved = action.get("action_id") == f"{BLOCKER_ACTION}_resolved"

        async def call() -> View:
            nonlocal done
            view = await reflections.answer_blocker(deps.services, actor, None, resolved)
            done = True
            return view

        view = await run_view(call, "blocker answer")
        if done:
            note = "Blocker: resolved ✓" if resolved else "Blocker: still blocking — your instructor sees it"
            await drop_buttons(client, body, BLOCKER_ACTION, note)
        await tell(client, actor.user_id, channel_of(body), view, dm=dm_of(body))

    async def on_share(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        actor, done = actor_of(body, deps), False

        async def call() -> View:
            nonlocal done
            week = str(action.get("value") or "")
            if not WEEK.fullmatch(week):
                raise InvalidInput(STALE_SHARE)
            view = await reflections.share_reflection(deps.services, actor, None, week)
            done = True
            return view

        view = await run_view(call, "reflection share")
        if done:
            await drop_buttons(client, body, SHARE_ACTION, "Shared with the cohort ✓")
        await tell(client, actor.user_id, channel_of(body), view, dm=dm_of(body))

    async def on_reply(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """The digest's *Reply*: only an instructor of the student's cohort gets the form."""
        await ack()
        actor, channel = actor_of(body, deps), channel_of(body)
        member = _member_value(action.get("value"))
        modal: dict[str, Any] | None = None

        async def call() -> View:
            nonlocal modal
            if member is None:
                raise InvalidInput(STALE_REPLY)
            blocker = await reflections.blocker_to_answer(deps.services, actor, member)
            modal = reply_modal(blocker, Origin(channel=channel, member=member))
            return Notice(text="")

        refused: View | None = await run_view(call, "blocker reply form")
        if modal is not None:
            refused = await _open(client, str(body.get("trigger_id")), modal)
        if refused is not None:
            await tell(client, actor.user_id, channel, refused, dm=dm_of(body))

    async def on_reflection(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        values, actor, origin = read_submission(body, view, deps)
        answers = {key: value or "" for key, value in values.items() if ANSWER_KEY.fullmatch(key)}
        fields = _questions(view) or {"q1": "q1"}

        async def call() -> View:
            if origin.week is None or not WEEK.fullmatch(origin.week):
                raise InvalidInput(STALE_FORM)
            return await reflections.submit_reflection(
                deps.services,
                actor,
                origin.cohort,
                answers,
                week=origin.week,
                idempotency_key=f"slack:reflection:{view.get('id')}",
            )

        if (result := await submit_modal(ack, call, fields, next(iter(fields.values())))) is not None:
            await tell(client, actor.user_id, origin.channel, result, dm=_dm_channel(origin))

    async def on_reply_sent(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        values, actor, origin = read_submission(body, view, deps)

        async def call() -> View:
            if origin.member is None:
                raise InvalidInput(STALE_REPLY)
            return await reflections.reply_to_blocker(
                deps.services,
                actor,
                origin.cohort,
                text=values.get(REPLY_FIELD) or "",
                member_id=origin.member,
                idempotency_key=f"slack:reply:{view.get('id')}",
            )

        if (result := await submit_modal(ack, call, (REPLY_FIELD,), REPLY_FIELD)) is not None:
            await tell(client, actor.user_id, origin.channel, result, dm=_dm_channel(origin))

    app.action(REFLECT_ACTION)(on_reflect)
    app.action(BLOCKER)(on_blocker)
    app.action(SHARE_ACTION)(on_share)
    app.action(REPLY_ACTION)(on_reply)
    app.view(REFLECTION_MODAL)(on_reflection)
    app.view(REPLY_MODAL)(on_reply_sent)


def _questions(view: dict[str, Any]) -> dict[str, str]:
    """Each question's text → its field, as the modal asked them (a refusal names the
    question it is about)."""
    found = {}
    for block in view.get("blocks") or []:
        key, label = str(block.get("block_id") or ""), (block.get("label") or {}).get("text")
        if ANSWER_KEY.fullmatch(key) and isinstance(label, str) and label:
            found[label] = key
    return found


def _member_value(value: object) -> int | None:
    """A *Reply* button's member id, or None for anything Stride did not put there."""
    try:
        member = json.loads(str(value))["member"]
    except (json.JSONDecodeError, KeyError, TypeError):
        return None
    return member if type(member) is int and 0 < member < 10**15 else None


def _dm_channel(origin: Origin) -> str | None:
    return origin.channel if origin.channel and origin.channel.startswith("D") else None
