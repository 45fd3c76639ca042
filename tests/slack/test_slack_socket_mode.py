"""Socket Mode: the real Bolt handler dials the fake's websocket (found through
``apps.connections.open`` with the app token) and answers envelopes over it."""

from __future__ import annotations

import json
from typing import Any

from bot.slack.runner import serving
from core.bootstrap import Stride
from tests.slack.conftest import INSTRUCTOR, settings_for, until
from tests.slack.fake_slack import APP_TOKEN, TEAM, FakeSlack


def _command(text: str, user: str, trigger: str) -> dict[str, Any]:
    return {
        "team_id": TEAM,
        "channel_id": "C0CLASS",
        "user_id": user,
        "user_name": user.lower(),
        "command": "/stride",
        "text": text,
        "api_app_id": "A0APP",
        "response_url": "http://127.0.0.1:9/unused",
        "trigger_id": trigger,
    }


async def _ack_for(fake: FakeSlack, envelope_id: str) -> dict[str, Any]:
    await until(lambda: any(ack.get("envelope_id") == envelope_id for ack in fake.socket_acks))
    return next(ack for ack in fake.socket_acks if ack["envelope_id"] == envelope_id)


async def test_commands_and_events_arrive_and_are_answered_over_the_socket(
    fake_slack: FakeSlack, stride: Stride
) -> None:
    settings = settings_for(fake_slack, mode="socket", signing_secret=None)
    async with serving(stride, settings, with_scheduler=False) as service:
        assert service.port is None
        [opened] = fake_slack.calls_to("apps.connections.open")
        assert opened.token == APP_TOKEN
        created = await fake_slack.push("slash_commands", _command("cohort create ML", INSTRUCTOR, "s-1"))
        assert "Created cohort ML" in json.dumps(await _ack_for(fake_slack, created))
        for n, text in enumerate(["cohort join ML", "budget set dsa 5-7"]):
            await _ack_for(
                fake_slack, await fake_slack.push("slash_commands", _command(text, "U1", f"s-{n + 2}"))
            )
        logged = await fake_slack.push("slash_commands", _command("checkin 2h dsa", "U1", "s-4"))
        ack = await _ack_for(fake_slack, logged)
        assert ack["payload"]["response_type"] == "ephemeral"
        assert "Logged 2h of dsa" in ack["payload"]["text"]
        home = {"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home"}
        event = {
            "team_id": TEAM,
            "api_app_id": "A0APP",
            "event": home,
            "type": "event_callback",
            "event_id": "Ev9",
        }
        await fake_slack.push("events_api", event)
        await until(lambda: bool(fake_slack.calls_to("views.publish")))
        assert "2h" in json.dumps(fake_slack.calls_to("views.publish")[0].body)
