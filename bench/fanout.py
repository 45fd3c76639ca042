"""Fan-out: the weekly reminder to a big cohort through a deliverer, against a fake platform
that enforces its global rate limit, with the deliverer killed halfway and restarted.

What is measured at the fake: the rate it accepted as a fraction of its limit, the 429s it
had to send, and, per recipient, how many reminders arrived — duplicates and losses are
both counted there, where a person would see them. Platforms plug in through
:class:`FanoutPlatform` and ``PLATFORMS`` (Discord and Slack); ``FIRST_WEEK`` adds a
platform's own measure of its first delivery (Slack: opening every DM under Tier 3).
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import func, select

from bench import slack_opens
from bench.backends import Backend
from bench.discord_fanout import DiscordFanout
from bench.fanout_base import CHANNEL, CREATED, DUE, build_cohort
from bench.scale import Scale
from bench.slack_fanout import SlackFanout
from bench.stats import Result
from core.bootstrap import Stride, start
from core.clock import FixedClock
from core.db.tables import notifications
from core.services.delivery import LEASE
from core.services.notifications import enqueue_due
from core.settings import Settings

TARGET_FRACTION = 0.95
RESTART_SECONDS = 1.0


class FanoutPlatform(Protocol):
    name: str
    platform: str
    """The ``platform`` value of the cohort and members (an Actor's platform)."""
    limit: int
    """The fake's global limit, requests per second."""

    @property
    def endpoint(self) -> str:
        """Where a deliverer process sends (its sink factory in ``bench.deliverer.SINKS``)."""
        ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def known_dm_channel(self, user_id: str) -> str | None:
        """The DM channel stored with a member before the run (None: the sink opens it)."""
        ...

    def user_key(self, user_id: str) -> str: ...

    def channel_key(self, channel_id: str) -> str: ...

    def per_recipient(self) -> dict[str, int]: ...

    @property
    def accepted(self) -> list[float]: ...

    @property
    def limited(self) -> int: ...


PLATFORMS: dict[str, Callable[[], FanoutPlatform]] = {"discord": DiscordFanout, "slack": SlackFanout}
FIRST_WEEK: dict[str, Callable[[Backend, Scale], Awaitable[list[Result]]]] = {"slack": slack_opens.measure}


async def measure(
    stride: Stride, backend: Backend, scale: Scale, platforms: Sequence[str] | None = None
) -> list[Result]:
    """Every platform in ``PLATFORMS`` (or those named), each on a scratch database."""
    chosen = list(PLATFORMS) if platforms is None else list(platforms)
    unknown = sorted(set(chosen) - set(PLATFORMS))
    if unknown:
        raise SystemExit(f"unknown platform(s): {', '.join(unknown)}; choose from {', '.join(PLATFORMS)}")
    results: list[Result] = []
    for name in chosen:
        results += await run_fanout(PLATFORMS[name](), await backend.scratch(f"fanout_{name}"), scale.fanout)
        if name in FIRST_WEEK:
            results += await FIRST_WEEK[name](backend, scale)
    return results


async def run_fanout(platform: FanoutPlatform, url: str, size: int) -> list[Result]:
    clock = FixedClock(CREATED)
    fan = await start(Settings(), database_url=url, clock=clock)
    try:
        users = await build_cohort(fan, platform.platform, size, platform.known_dm_channel)
        clock.set(DUE)
        began = time.perf_counter()
        await enqueue_due(fan.services)
        enqueue_seconds = time.perf_counter() - began
        async with fan.engine.connect() as connection:
            rows = int(await connection.scalar(select(func.count()).select_from(notifications)) or 0)
        await platform.start()
        try:
            killed_at, split = await _deliver_killed_halfway(url, platform, clock, rows)
        finally:
            await platform.stop()
        async with fan.engine.connect() as connection:
            unsent = int(
                await connection.scalar(
                    select(func.count()).select_from(notifications).where(notifications.c.status != "sent")
                )
                or 0
            )
    finally:
        await fan.close()
    expected = {platform.user_key(u) for u in users} | {platform.channel_key(CHANNEL)}
    counts = platform.per_recipient()
    duplicates = sum(n - 1 for n in counts.values() if n > 1)
    lost = sum(1 for key in expected if counts.get(key, 0) == 0)
    stray = sum(1 for key in counts if key not in expected)
    rate, span = _rate(platform.accepted, split)
    detail = {
        "recipients": len(expected),
        "outbox_rows": rows,
        "requests": len(platform.accepted),
        "seconds": round(span, 1),
        "enqueue_seconds": round(enqueue_seconds, 2),
        "killed_after_rows": killed_at,
        "unsent_rows": unsent,
        "stray_recipients": stray,
    }
    label = f"{platform.name}, {size:,} members"
    return [
        Result(
            "fan-out",
            f"rate / limit ({label})",
            rate / platform.limit,
            "",
            None,
            f"≥{TARGET_FRACTION}",
            rate / platform.limit >= TARGET_FRACTION,
            {**detail, "rate_per_second": round(rate, 2)},
        ),
        Result(
            "fan-out",
            f"429s received ({platform.name})",
            float(platform.limited),
            "",
            None,
            "0",
            platform.limited == 0,
        ),
        Result(
            "fan-out",
            f"duplicates ({platform.name}, killed + restarted)",
            float(duplicates),
            "",
            None,
            "0",
            duplicates == 0,
        ),
        Result(
            "fan-out",
            f"losses ({platform.name}, killed + restarted)",
            float(lost + unsent),
            "",
            None,
            "0",
            not lost and not unsent,
        ),
    ]


def _rate(accepted: list[float], split: int) -> tuple[float, float]:
    """Requests per second while a deliverer ran: the two runs, without the restart between."""
    runs = [run for run in (accepted[:split], accepted[split:]) if len(run) > 1]
    span = sum(run[-1] - run[0] for run in runs)
    return (sum(len(run) - 1 for run in runs) / span if span else 0.0), span


async def _deliverer(
    platform: FanoutPlatform, url: str, now: datetime, owner: str
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.deliverer",
        platform.name,
        platform.endpoint,
        url,
        now.isoformat(),
        owner,
        stdout=asyncio.subprocess.DEVNULL,
    )


async def _deliver_killed_halfway(
    url: str, platform: FanoutPlatform, clock: FixedClock, rows: int
) -> tuple[int, int]:
    """Deliver until half the rows arrived, kill the deliverer process (SIGKILL) mid-flight,
    then start a new one, which finishes once the dead one's leases ran out."""
    first = await _deliverer(platform, url, clock.now(), "deliverer-1")
    while first.returncode is None and sum(platform.per_recipient().values()) < rows // 2:  # noqa: ASYNC110
        await asyncio.sleep(0.02)  # polls what the fake received; it has no event to wait on
    killed_at = sum(platform.per_recipient().values())
    if first.returncode is None:
        first.kill()
    await first.wait()
    # A process takes longer than a second to come back: its requests and its successor's
    # never share one second of the platform's limit (each paces only its own).
    await asyncio.sleep(RESTART_SECONDS)
    clock.set(clock.now() + LEASE + timedelta(seconds=1))
    restarted_at = len(platform.accepted)
    second = await _deliverer(platform, url, clock.now(), "deliverer-2")
    await second.wait()
    if second.returncode != 0:
        raise RuntimeError(f"the restarted deliverer failed ({second.returncode})")
    return killed_at, restarted_at
