"""One deliverer process for the fan-out run: ``python -m bench.deliverer PLATFORM ENDPOINT DB NOW OWNER``.

It is a process of its own so that killing it halfway is a real kill (SIGKILL): whatever
it held — leases, a half-sent message, an open transaction — is left exactly as a crash
leaves it, and the next deliverer has to cope.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime

from bench.discord_fanout import discord_sink
from bench.slack_fanout import slack_sink
from core.bootstrap import start
from core.clock import FixedClock
from core.services.delivery import Sink, deliver_due
from core.settings import Settings

SINKS: dict[str, Callable[[str], AbstractAsyncContextManager[Sink]]] = {
    "discord": discord_sink,
    "slack": slack_sink,
}


async def deliver(platform: str, endpoint: str, url: str, now: datetime, owner: str) -> int:
    stride = await start(Settings(), database_url=url, clock=FixedClock(now), migrate=False)
    try:
        async with SINKS[platform](endpoint) as sink:
            report = await deliver_due(stride.services, sink, owner=owner)
    finally:
        await stride.close()
    return report.sent


def main(argv: list[str]) -> int:
    platform, endpoint, url, now, owner = argv
    sent = asyncio.run(deliver(platform, endpoint, url, datetime.fromisoformat(now), owner))
    print(sent, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
