"""The APScheduler loop: every minute, enqueue what is due and deliver it.

APScheduler only supplies the heartbeat, from an in-memory job store that no other
process shares; the outbox (core/services/notifications.py and delivery.py) is what makes a
restart or a second replica safe. Coalescing folds ticks missed while the loop was busy
into one; the misfire grace lets a late tick still run instead of being dropped.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from core.services.context import ServiceContext
from core.services.delivery import Delivered, Outgoing, Settles, Sink, deliver_due
from core.services.notifications import TickReport, enqueue_due

log = logging.getLogger(__name__)

TICK_SECONDS = 60
JOB_ID = "stride-tick"


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


async def tick(
    services: ServiceContext, sink: Sink, owner: str | None = None, stopping: asyncio.Event | None = None
) -> TickReport | None:
    """One heartbeat; failures are logged (None) and the next tick tries again."""
    try:
        report = await enqueue_due(services)
        delivered = await deliver_due(services, sink, owner=owner or worker_id(), stopping=stopping)
    except Exception:
        log.exception("scheduler tick failed; retrying on the next tick")
        return None
    if report.new_rows or delivered.sent or delivered.failed:
        log.info(
            "tick: %d new notifications, %d sent, %d retried, %d failed, %d skipped",
            report.new_rows,
            delivered.sent,
            delivered.retried,
            delivered.failed,
            delivered.skipped,
        )
    return report


class Heartbeat:
    """The APScheduler loop, and a stop that lets the tick under way finish its sends.

    APScheduler's own shutdown cancels a running coroutine job wherever it is, which left
    the rest of a claimed batch leased for minutes. :meth:`stop` asks the deliverer to
    start nothing more (it hands back what it has not started), waits up to ``grace``
    seconds for the send under way, and only then cancels (the deliverer still frees its
    leases then, marking the interrupted row as possibly sent).
    """

    def __init__(self, services: ServiceContext, sink: Sink, seconds: int = TICK_SECONDS) -> None:
        self.services, self.sink = services, sink
        self.stopping = asyncio.Event()
        self._ticks: set[asyncio.Task[object]] = set()
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self.scheduler.add_job(
            self._tick,
            IntervalTrigger(seconds=seconds, timezone=UTC),
            id=JOB_ID,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=seconds,
            next_run_time=datetime.now(UTC),
        )

    async def _tick(self) -> None:
        if self.stopping.is_set():
            return
        task = asyncio.current_task()
        assert task is not None  # APScheduler runs a coroutine job as a task
        self._ticks.add(task)
        try:
            report = await tick(self.services, self.sink, stopping=self.stopping)
        finally:
            self._ticks.discard(task)
        if report is not None and report.next_timer_end is not None:
            self.beat_at(report.next_timer_end)

    def beat_at(self, at: datetime) -> bool:
        """Bring the next beat forward to ``at`` (a focus period's end), so its message goes
        out then rather than up to a minute later; the interval goes on from there. Still one
        job, so beats never overlap; True if the beat was moved."""
        job = self.scheduler.get_job(JOB_ID)
        if job is None or job.next_run_time is None or not datetime.now(UTC) < at < job.next_run_time:
            return False
        job.modify(next_run_time=at)
        return True

    def start(self) -> None:
        self.scheduler.start()

    def shutdown(self, wait: bool = True) -> None:
        """APScheduler's stop, for callers that cannot await (the console's prompt)."""
        self.stopping.set()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)

    async def stop(self, grace: float = 5.0) -> None:
        self.stopping.set()
        running = set(self._ticks)
        if running:
            _, late = await asyncio.wait(running, timeout=grace)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late, timeout=grace)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[Heartbeat]:
        """Started on entry, stopped (drained) on exit, however the block ends."""
        self.start()
        try:
            yield self
        finally:
            await self.stop()


def build_scheduler(services: ServiceContext, sink: Sink, seconds: int = TICK_SECONDS) -> Heartbeat:
    return Heartbeat(services, sink, seconds)
