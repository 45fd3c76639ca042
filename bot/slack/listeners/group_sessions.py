"""The *I'll be there* button under a group session's reminder: RSVPs once per member and
occurrence (its value carries the session and the date, so it works after a restart)."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.answer import SlackDeps, actor_of, run_view, tell
from bot.slack.render_group_sessions import RSVP_ACTION
from core.errors import InvalidInput
from core.services import group_sessions
from core.views.base import View

STALE = "That button is out of date; see the planned sessions with /stride session plans."


def _rsvp_value(value: object) -> tuple[int, str]:
    try:
        data = json.loads(str(value))
        session, day = data["session"], data["day"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise InvalidInput(STALE) from error
    if not isinstance(session, int) or not isinstance(day, str) or not 0 < session < 10**12 or len(day) != 10:
        raise InvalidInput(STALE)
    return session, day


def register(app: AsyncApp, deps: SlackDeps) -> None:
    async def on_rsvp(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Once per member and occurrence: a second click writes nothing and says so."""
        await ack()
        actor = actor_of(body, deps)

        async def call() -> View:
            session, day = _rsvp_value(action.get("value"))
            return await group_sessions.rsvp_button(deps.services, actor, None, session, day)

        channel = (body.get("channel") or {}).get("id")
        await tell(client, actor.user_id, str(channel) if channel else None, await run_view(call, "rsvp"))

    app.action(RSVP_ACTION)(on_rsvp)
