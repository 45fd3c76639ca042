"""The APScheduler loop: every minute, enqueue what is due and deliver it.

APScheduler only supplies the heartbeat, from an in-memory job store that no other
process shares; the outbox (core/services/notifications.py and delivery.py) is what makes a
restart or a second replica safe. Coalescing folds ticks missed while the loop was busy
into one; the misfire grace lets a late tick still run instead of being dropped.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from core.services.context import ServiceContext
from core.services.delivery import Delivered, Outgoing, Settles, Sink, deliver_due
from core.services.notifications import enqueue_due

log = logging.getLogger(__name__)

TICK_SECONDS = 60


def worker_id() -> str:
    """Names this process's leases: host and pid, unique among replicas."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


class RoutingSink:
    """Hands each message to the sink of its cohort's platform."""

    def __init__(self, sinks: dict[str, Sink]) -> None:
        self.sinks = sinks

    @property
    def platforms(self) -> tuple[str, ...]:
        return tuple(self.sinks)

    @property
    def in_flight(self) -> int:
        """As many overlapping sends as the most cautious of its sinks allows."""
        return min((int(getattr(sink, "in_flight", 1)) for sink in self.sinks.values()), default=1)

    async def send(self, message: Outgoing) -> Delivered | None:
        return await self.sinks[message.notification.platform].send(message)

    async def settle(self, message: Outgoing) -> bool | None:
        sink = self.sinks[message.notification.platform]
        return await sink.settle(message) if isinstance(sink, Settles) else None


async def tick(services: ServiceContext, sink: Sink, owner: str | None = None) -> None:
    """One heartbeat; failures are logged and the next tick tries again."""
    try:
        report = await enqueue_due(services)
        delivered = await deliver_due(services, sink, owner=owner or worker_id())
    except Exception:
        log.exception("scheduler tick failed; retrying on the next tick")
        return
    if report.new_rows or delivered.sent or delivered.failed:
        log.info(
            "tick: %d new notifications, %d sent, %d retried, %d failed, %d skipped",
            report.new_rows,
            delivered.sent,
            delivered.retried,
            delivered.failed,
            delivered.skipped,
        )


def build_scheduler(services: ServiceContext, sink: Sink, seconds: int = TICK_SECONDS) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        tick,
        IntervalTrigger(seconds=seconds, timezone=UTC),
        args=(services, sink),
        id="stride-tick",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=seconds,
        next_run_time=datetime.now(UTC),
    )
    return scheduler
