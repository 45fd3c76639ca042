"""The Slack path of the fan-out run: the real SlackSink on the real slack_sdk AsyncWebClient,
against the lean rate-limited fake (``bench.fake_slack``).

The weekly reminder goes to members whose DM channels are already stored — every week after
the first, since the sink reports each channel it opens and the outbox keeps it. The first
week, when each of them needs ``conversations.open`` (Tier 3, about 50 a minute), is
measured on its own in ``bench.slack_opens``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from slack_sdk.web.async_client import AsyncWebClient

from bench.fake_slack import TOKEN, LeanSlack
from bench.fanout_base import LoopbackFanout
from bot.slack.sink import SlackSink
from core.services.delivery import Sink


def client_for(endpoint: str) -> AsyncWebClient:
    return AsyncWebClient(token=TOKEN, base_url=endpoint)


@asynccontextmanager
async def slack_sink(endpoint: str) -> AsyncIterator[Sink]:
    """A deliverer's sink: its own Web API client, nothing remembered in memory."""
    yield SlackSink(client_for(endpoint))


class SlackFanout(LoopbackFanout):
    name = "slack"
    platform = "slack"

    def __init__(self, limit: int = 50) -> None:
        self.lean = LeanSlack(limit)
        super().__init__(self.lean, limit)

    @property
    def endpoint(self) -> str:
        return self.lean.api_url

    def known_dm_channel(self, user_id: str) -> str | None:
        """The DM channel stored for a member after the first week (the fake's own naming)."""
        return f"D{user_id}"
