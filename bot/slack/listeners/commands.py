"""Slash commands: ``/stride <subcommand> …`` and the short aliases a workspace may add.

Every one goes through the shared text grammar (``core.textcommands``), so Slack accepts and
refuses exactly what the console does. ``/stride plan set`` and ``/checkin`` with nothing
after them open a modal instead, straight away, before any slow work can let the trigger
expire; ``/stride reflect`` alone opens the week's questions (read first, then opened).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.answer import SlackDeps, actor_of, answer_command
from bot.slack.listeners.reflections import open_reflection
from bot.slack.modals import Origin, checkin_modal, plan_modal
from bot.slack.render import render
from core.commands import parse_args, tokenise
from core.errors import InvalidInput
from core.textcommands import dispatch, find_command
from core.views.base import Notice, View
from core.views.member import HelpView

COMMAND_PREFIXES = {"/stride": "", "/checkin": "checkin", "/plan": "plan", "/progress": "progress"}
"""Each slash command and the words it stands for in the shared grammar."""
SLACK_HELP = "On Slack, type /stride before each command, like /stride checkin 1h dsa (or /checkin 1h dsa)."
FILES_BY_DM = (
    "Slack cannot attach a file to a slash command: drag the file into your direct messages with "
    "Stride and write {command} as the message."
)

Listener = Callable[[AsyncAck, dict[str, Any], AsyncRespond, AsyncWebClient], Awaitable[None]]


def register(app: AsyncApp, deps: SlackDeps) -> None:
    for name, prefix in COMMAND_PREFIXES.items():
        app.command(name)(_listener(deps, prefix))


_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")


def command_line(prefix: str, text: str) -> str:
    """The command as the shared grammar reads it.

    Slack sends ``@ada`` as ``<@U123|ada>`` and ``#class`` as ``<#C123|class>`` (the commands
    escape them, see manifest.yml), and ``&``, ``<``, ``>`` as entities; members are found by
    user id and cohort channels are kept as channel ids.
    """
    text = _CHANNEL.sub(r"\1", _USER.sub(r"@\1", text))
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    line = f"{prefix} {text}".strip()
    return line or "help"


def class_channel(body: dict[str, Any]) -> str | None:
    """The channel a slash command was typed in, unless it is a direct message (a ``D`` id,
    or Slack's ``directmessage`` / ``mpdm-…`` names): a cohort is never bound to a DM."""
    channel = str(body.get("channel_id") or "")
    name = str(body.get("channel_name") or "")
    if not channel or channel.startswith("D") or name == "directmessage" or name.startswith("mpdm-"):
        return None
    return channel


def _modal_for(line: str, body: dict[str, Any]) -> dict[str, Any] | None:
    words = " ".join(line.lower().split())
    origin = Origin(channel=str(body.get("channel_id") or "") or None)
    if words == "plan set":
        return plan_modal(origin)
    if words == "checkin":
        return checkin_modal(origin)
    return None


def reflection_form_asked(line: str) -> tuple[bool, str | None]:
    """Whether ``line`` is ``reflect`` alone (or with only ``cohort=NAME``), which opens the
    questions in a modal, and that cohort; any other line goes to the shared grammar."""
    try:
        tokens = tokenise(line)
        args = parse_args(tokens[1:])
    except InvalidInput:
        return False, None
    if not tokens or tokens[0].lower() != "reflect" or args.positionals or set(args.options) - {"cohort"}:
        return False, None
    cohort = args.option("cohort")
    return (False, None) if cohort == "" else (True, cohort)  # an empty one: the grammar's sentence


def _listener(deps: SlackDeps, prefix: str) -> Listener:
    async def on_command(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        line = command_line(prefix, str(body.get("text") or ""))
        modal = _modal_for(line, body)
        if modal is not None:
            await ack()
            await client.views_open(trigger_id=body["trigger_id"], view=modal)
            return
        actor, key = actor_of(body, deps), f"slack:{body.get('trigger_id')}"
        form, cohort = reflection_form_asked(line)
        if form:
            await ack()
            channel = str(body.get("channel_id") or "") or None
            trigger = str(body.get("trigger_id"))
            refused = await open_reflection(client, deps, actor, trigger, channel, cohort)
            if refused is not None:
                await respond(response_type="ephemeral", **render(refused)[0].payload())
            return

        async def call() -> View:
            spec, _ = find_command(line.split())
            if spec is not None and spec.takes_upload:
                return Notice(text=FILES_BY_DM.format(command=" ".join(spec.path)))
            channel = class_channel(body)
            view = await dispatch(deps.services, actor, line, idempotency_key=key, channel=channel)
            if isinstance(view, HelpView) and view.detail is None:
                view = view.model_copy(update={"detail": SLACK_HELP})
            return view

        await answer_command(ack, respond, client, body, call)

    return on_command
