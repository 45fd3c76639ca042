"""Buttons and selects: quick-log buttons and "Other amount…" on the hours check-in DM, the
level select per skill on the re-assessment DM, and the App Home's buttons.

They carry everything they need in their own ids and values, so they keep working after a
restart. Each click is acknowledged at once; its answer is posted where the click happened.
"""

from __future__ import annotations

import json
import re
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.answer import SlackDeps, actor_of, run_view, tell
from bot.slack.clicks import channel_of, dm_of, message_of
from bot.slack.home import HOME_CHECKIN_ACTION, HOME_PLAN_ACTION
from bot.slack.modals import Origin, checkin_modal, plan_modal
from bot.slack.render_scheduled import (
    ASSESS_ACTION,
    ASSESS_BLOCK_PREFIX,
    CUSTOM_LOG_ACTION,
    QUICK_LOG_ACTION,
    TIMER_ACTION,
    answered_prompt,
    answered_timer,
)
from bot.slack.webapi import Patience, or_give_up
from core.errors import InvalidInput
from core.services import checkins, skills, timers
from core.views.activity import CheckinView
from core.views.base import View
from core.views.sessions import SessionView

QUICK_LOG = re.compile(rf"^{QUICK_LOG_ACTION}_\d+$")
TIMER = re.compile(rf"^{TIMER_ACTION}_(?:log|keep|discard)$")
TIMER_OUT_OF_DATE = "That button is out of date; see where your timer stands with /stride session status."
MAX_MINUTES = 24 * 60


def register(app: AsyncApp, deps: SlackDeps) -> None:
    async def on_quick_log(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        actor, prompt = actor_of(body, deps), message_of(body)
        # Once per prompt: every click on it (a repeat, a race, an old client) has its key.
        key = f"slack:prompt:{prompt[0]}:{prompt[1]}" if prompt else f"slack:{body.get('trigger_id')}"

        async def call() -> View:
            track, minutes = _quick_log_value(action.get("value"))
            return await checkins.check_in(
                deps.services, actor, None, minutes=minutes, track=track, idempotency_key=key
            )

        view = await run_view(call, "quick log")
        if prompt and isinstance(view, CheckinView):
            await or_give_up(_answer_prompt(client, prompt, body, view), "quick log")
        await tell(client, actor.user_id, channel_of(body), view, dm=dm_of(body))

    async def on_assess(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        actor = actor_of(body, deps)

        async def call() -> View:
            skill, level = _assessment(action)
            return await skills.assess_skill(deps.services, actor, None, skill, level)

        view = await run_view(call, "assessment")
        await tell(client, actor.user_id, channel_of(body), view, dm=dm_of(body))

    async def on_timer(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """*Log it*, *Keep going* or *Discard* on a focus timer's end DM: acts once (the
        service finds a session already answered), and the DM's buttons give way."""
        await ack()
        actor, prompt = actor_of(body, deps), message_of(body)

        async def call() -> View:
            choice, session, period = _timer_value(action)
            return await timers.answer_timer(
                deps.services, actor, None, choice, session_id=session, period=period
            )

        view = await run_view(call, "timer answer")
        if prompt and isinstance(view, SessionView) and not view.stale:
            await or_give_up(_answer_timer_prompt(client, prompt, body, view), "timer answer")
        await tell(client, actor.user_id, channel_of(body), view, dm=dm_of(body))

    async def on_open_checkin(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(
            trigger_id=body["trigger_id"], view=checkin_modal(Origin(channel=channel_of(body)))
        )

    async def on_open_plan(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(
            trigger_id=body["trigger_id"], view=plan_modal(Origin(channel=channel_of(body)))
        )

    app.action(QUICK_LOG)(on_quick_log)
    app.action(ASSESS_ACTION)(on_assess)
    app.action(TIMER)(on_timer)
    app.action(CUSTOM_LOG_ACTION)(on_open_checkin)
    app.action(HOME_CHECKIN_ACTION)(on_open_checkin)
    app.action(HOME_PLAN_ACTION)(on_open_plan)


async def _answer_prompt(
    client: AsyncWebClient, prompt: tuple[str, str], body: dict[str, Any], view: CheckinView
) -> None:
    """The prompt's buttons give way to what it logged, so it is not clicked again."""
    line, blocks = answered_prompt(list((body.get("message") or {}).get("blocks") or []), view)
    channel, ts = prompt
    await Patience().call(partial(client.chat_update, channel=channel, ts=ts, text=line, blocks=blocks))


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
        raise InvalidInput(
            "That menu is out of date; answer with /stride skill assess N LEVEL (N from /stride skill list)."
        )
    return block.removeprefix(ASSESS_BLOCK_PREFIX), int(level)


async def _answer_timer_prompt(
    client: AsyncWebClient, prompt: tuple[str, str], body: dict[str, Any], view: SessionView
) -> None:
    line, blocks = answered_timer(list((body.get("message") or {}).get("blocks") or []), view)
    channel, ts = prompt
    await Patience().call(partial(client.chat_update, channel=channel, ts=ts, text=line, blocks=blocks))


def _timer_value(action: dict[str, Any]) -> tuple[timers.Choice, int, int]:
    """A timer button's choice, session and period, refusing anything Stride did not put there."""
    choice = str(action.get("action_id") or "").removeprefix(f"{TIMER_ACTION}_")
    try:
        data = json.loads(str(action.get("value")))
        session, period = data["session"], data["period"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise InvalidInput(TIMER_OUT_OF_DATE) from error
    numbers = (session, period)
    if choice not in timers.CHOICES or not all(type(n) is int and 0 < n < 10**15 for n in numbers):
        raise InvalidInput(TIMER_OUT_OF_DATE)
    chosen: timers.Choice = choice  # one of CHOICES, checked above
    return chosen, session, period
