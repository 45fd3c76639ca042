"""A deliverer told to stop (a shutdown) or cancelled mid-send holds no lease afterwards:
rows it never started go back as they were, the one whose send was cut keeps its
owner's name so the next deliverer knows it may already be out."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.model import Notification
from core.services.delivery import LEASE, Outgoing, deliver_due
from core.services.notifications import enqueue_due
from tests.scheduler.support import make_cohort

MONDAY_9H = datetime(2026, 11, 16, 9, 1, tzinfo=UTC)
STUDENTS = tuple(f"s{n}" for n in range(12))


class StoppingSink:
    """Accepts messages; the first one asks the deliverer to stop while it is being sent."""

    platforms = ("console",)

    def __init__(self, stopping: asyncio.Event, in_flight: int) -> None:
        self.stopping, self.in_flight = stopping, in_flight
        self.sent: list[Outgoing] = []

    async def send(self, message: Outgoing) -> None:
        self.stopping.set()
        await asyncio.sleep(0.05)  # the send under way still finishes
        self.sent.append(message)


class HangingSink:
    in_flight = 1
    platforms = ("console",)

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.sending: list[int] = []

    async def send(self, message: Outgoing) -> None:
        self.sending.append(message.notification.id)
        self.started.set()
        await asyncio.Event().wait()


async def _due(stride: Stride, clock: FixedClock) -> set[int]:
    """Monday morning's rows that a deliverer may send now."""
    await make_cohort(stride, clock, datetime(2026, 11, 10, tzinfo=UTC), "UTC", STUDENTS)
    clock.set(MONDAY_9H)
    await enqueue_due(stride.services)
    return {n.id for n in await _rows(stride) if n.status == "pending" and n.due_at <= clock.now()}


async def _rows(stride: Stride) -> list[Notification]:
    async with stride.services.uow(read_only=True) as uow:
        return await uow.outbox.listing()


async def _claimable(stride: Stride, clock: FixedClock) -> list[Notification]:
    async with stride.services.uow() as uow:
        claimed = await uow.outbox.claim("next", clock.now(), clock.now() + LEASE, 1000, ("console",))
        await uow.commit()
    return claimed


@pytest.mark.parametrize("in_flight", [1, 4])
async def test_a_stopped_deliverer_finishes_its_sends_and_hands_back_the_rest(
    stride: Stride, clock: FixedClock, in_flight: int
) -> None:
    due = await _due(stride, clock)
    assert len(due) > in_flight + 2
    stopping = asyncio.Event()
    sink = StoppingSink(stopping, in_flight)
    report = await deliver_due(stride.services, sink, owner="test", stopping=stopping)
    assert 1 <= report.sent == len(sink.sent) <= in_flight
    sent = {m.notification.id for m in sink.sent}
    assert {n.id for n in await _rows(stride) if n.status == "sent"} == sent
    again = await _claimable(stride, clock)
    assert {n.id for n in again} == due - sent  # none held by a lease
    assert not any(n.interrupted for n in again)  # none was started, so none may be out


async def test_a_cancelled_send_frees_its_lease_and_is_marked_interrupted(
    stride: Stride, clock: FixedClock
) -> None:
    due = await _due(stride, clock)
    sink = HangingSink()
    task = asyncio.create_task(deliver_due(stride.services, sink, owner="test"))
    await asyncio.wait_for(sink.started.wait(), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    again = await _claimable(stride, clock)
    assert {n.id for n in again} == due  # every row claimable at once, not after the lease runs out
    assert [n.id for n in again if n.interrupted] == sink.sending  # the one being sent: it may be out
