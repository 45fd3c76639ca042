"""The buttons of the DMs that ask something: *Remind me later* (snoozes that DM for a few
hours, once per message) and the nudge's *Start a N min session* (a focus timer)."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.answer import SlackDeps, actor_of, run_view, tell
from bot.slack.clicks import channel_of, dm_of, drop_buttons, message_of
from bot.slack.render_reflections import LATER_ACTION, LATER_KINDS, MAX_SESSION_MINUTES, SESSION_ACTION
from core.domain.limits import TRACK
from core.errors import InvalidInput
from core.services import reminder_prefs, timers
from core.views.base import View

STALE_LATER = "That button is out of date; snooze your reminders with /stride me snooze 3h."
STALE_SESSION = "That button is out of date; start a focus timer with /stride session start TRACK 25m."


def register(app: AsyncApp, deps: SlackDeps) -> None:
    async def on_later(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Acts once per DM: the message's own id is the idempotency key of the snooze."""
        await ack()
        actor, message, done = actor_of(body, deps), message_of(body), False
        key = f"slack:dm:{message[0]}:{message[1]}" if message else f"slack:{body.get('trigger_id')}"

        async def call() -> View:
            nonlocal done
            kind = str(action.get("value") or "")
            if kind not in LATER_KINDS:
                raise InvalidInput(STALE_LATER)
            view = await reminder_prefs.snooze(
                deps.services, actor, None, reminder_prefs.REMIND_LATER, again=kind, idempotency_key=key
            )
            done = True
            return view

        view = await run_view(call, "remind me later")
        if done:
            await drop_buttons(client, body, LATER_ACTION, "Snoozed for 3 hours ✓")
        await tell(client, actor.user_id, channel_of(body), view, dm=dm_of(body))

    async def on_session(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """A timer on the nudge's track; while it runs another click is refused (busy), and
        once started the button leaves the nudge."""
        await ack()
        actor, done = actor_of(body, deps), False

        async def call() -> View:
            nonlocal done
            track, minutes = _session_value(action.get("value"))
            view = await timers.start_timer(deps.services, actor, None, track=track, length=f"{minutes}m")
            done = True
            return view

        view = await run_view(call, "nudge session")
        if done:
            await drop_buttons(client, body, SESSION_ACTION, "Focus session started ✓")
        await tell(client, actor.user_id, channel_of(body), view, dm=dm_of(body))

    app.action(LATER_ACTION)(on_later)
    app.action(SESSION_ACTION)(on_session)


def _session_value(value: object) -> tuple[str, int]:
    try:
        data = json.loads(str(value))
        track, minutes = data["track"], data["minutes"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise InvalidInput(STALE_SESSION) from error
    if not isinstance(track, str) or not 0 < len(track) <= TRACK:
        raise InvalidInput(STALE_SESSION)
    if type(minutes) is not int or not 5 <= minutes <= MAX_SESSION_MINUTES:
        raise InvalidInput(STALE_SESSION)
    return track, minutes
