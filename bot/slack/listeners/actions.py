"""Buttons and selects: quick-log buttons and "Other amount…" on the hours check-in DM, the
level select per skill on the re-assessment DM, and the App Home's buttons.

They carry everything they need in their own ids and values, so they keep working after a
restart. Each click is acknowledged at once; its answer is posted where the click happened.
"""

from __future__ import annotations

import json
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.answer import SlackDeps, actor_of, run_view, tell
from bot.slack.home import HOME_CHECKIN_ACTION, HOME_PLAN_ACTION
from bot.slack.modals import Origin, checkin_modal, plan_modal
from bot.slack.render import ASSESS_ACTION, ASSESS_BLOCK_PREFIX, CUSTOM_LOG_ACTION, QUICK_LOG_ACTION
from core.errors import InvalidInput
from core.services import checkins, skills
from core.views import View

QUICK_LOG = re.compile(rf"^{QUICK_LOG_ACTION}_\d+$")
MAX_MINUTES = 24 * 60


def register(app: AsyncApp, deps: SlackDeps) -> None:
    async def on_quick_log(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        actor, key = actor_of(body, deps), f"slack:{body.get('trigger_id')}"

        async def call() -> View:
            track, minutes = _quick_log_value(action.get("value"))
            return await checkins.check_in(
                deps.services, actor, None, minutes=minutes, track=track, idempotency_key=key
            )

        await tell(client, actor.user_id, _channel(body), await run_view(call, "quick log"))

    async def on_assess(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        actor = actor_of(body, deps)

        async def call() -> View:
            skill, level = _assessment(action)
            return await skills.assess_skill(deps.services, actor, None, skill, level)

        await tell(client, actor.user_id, _channel(body), await run_view(call, "assessment"))

    async def on_open_checkin(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(
            trigger_id=body["trigger_id"], view=checkin_modal(Origin(channel=_channel(body)))
        )

    async def on_open_plan(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(
            trigger_id=body["trigger_id"], view=plan_modal(Origin(channel=_channel(body)))
        )

    app.action(QUICK_LOG)(on_quick_log)
    app.action(ASSESS_ACTION)(on_assess)
    app.action(CUSTOM_LOG_ACTION)(on_open_checkin)
    app.action(HOME_CHECKIN_ACTION)(on_open_checkin)
    app.action(HOME_PLAN_ACTION)(on_open_plan)


def _channel(body: dict[str, Any]) -> str | None:
    channel = (body.get("channel") or {}).get("id")
    return str(channel) if channel else None


def _quick_log_value(value: object) -> tuple[str, int]:
    """A quick-log button's track and minutes, refusing anything Stride did not put there."""
    try:
        data = json.loads(str(value))
        track, minutes = data["track"], data["minutes"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise InvalidInput("That button is out of date; log your hours with /checkin HOURS TRACK.") from error
    if not isinstance(track, str) or not isinstance(minutes, int) or not 0 < minutes <= MAX_MINUTES:
        raise InvalidInput("That button is out of date; log your hours with /checkin HOURS TRACK.")
    return track, minutes


def _assessment(action: dict[str, Any]) -> tuple[str, int]:
    block = str(action.get("block_id") or "")
    level = str((action.get("selected_option") or {}).get("value") or "")
    if not block.startswith(ASSESS_BLOCK_PREFIX) or not level.isdigit():
        raise InvalidInput('That menu is out of date; answer with /stride skill assess "NAME" LEVEL.')
    return block.removeprefix(ASSESS_BLOCK_PREFIX), int(level)
