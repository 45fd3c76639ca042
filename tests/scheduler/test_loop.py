"""The APScheduler heartbeat: configured on purpose, and printing what fires on the console."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import UTC, datetime

import pytest

from bot.console.sink import ConsoleSink
from bot.scheduler import RoutingSink, build_scheduler, tick
from core.bootstrap import Stride
from core.clock import FixedClock
from core.services.delivery import Outgoing, deliver_due
from core.services.notifications import enqueue_due
from tests.scheduler.support import make_cohort


async def test_the_job_coalesces_and_never_overlaps(stride: Stride) -> None:
    scheduler = build_scheduler(stride.services, ConsoleSink(io.StringIO()), seconds=60)
    job = scheduler.scheduler.get_job("stride-tick")
    assert job is not None
    assert job.coalesce is True
    assert job.max_instances == 1
    assert job.misfire_grace_time == 60
    assert scheduler.scheduler.get_jobs() == [job]


async def test_a_tick_prints_each_message_with_kind_recipient_and_local_time(
    stride: Stride, clock: FixedClock
) -> None:
    await make_cohort(stride, clock, datetime(2026, 11, 10, tzinfo=UTC), "Europe/Berlin", ("ada",))
    clock.set(datetime(2026, 11, 16, 8, 1, tzinfo=UTC))
    out = io.StringIO()
    await tick(stride.services, ConsoleSink(out), owner="test")
    text = out.getvalue()
    assert "[weekly_reminder] to @ada at Mon 2026-11-16 09:00 CET" in text
    assert "Hello Ada!" in text


async def test_the_running_scheduler_delivers_on_its_first_beat(stride: Stride, clock: FixedClock) -> None:
    await make_cohort(stride, clock, datetime(2026, 11, 10, tzinfo=UTC), "UTC", ("ada",))
    clock.set(datetime(2026, 11, 16, 9, 1, tzinfo=UTC))
    out = io.StringIO()
    scheduler = build_scheduler(stride.services, ConsoleSink(out), seconds=3600)
    scheduler.start()
    try:
        for _ in range(600):  # up to 30 s on a loaded machine; it breaks as soon as it is there
            if "[weekly_reminder] to @ada" in out.getvalue():
                break
            await asyncio.sleep(0.05)
    finally:
        await scheduler.stop()  # lets the beat under way finish, as the bot does
    assert "[weekly_reminder] to @ada" in out.getvalue()


async def test_a_failing_tick_is_logged_and_the_next_tick_still_runs(
    stride: Stride, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    await make_cohort(stride, clock, datetime(2026, 11, 10, tzinfo=UTC), "UTC", ("ada",))
    clock.set(datetime(2026, 11, 16, 9, 1, tzinfo=UTC))

    class DownOnce:
        platforms = ("console",)

        def __init__(self) -> None:
            self.calls = 0
            self.out = io.StringIO()

        async def send(self, message: Outgoing) -> None:
            self.calls += 1
            if self.calls == 1:
                raise RuntimeError("the platform client crashed")
            await ConsoleSink(self.out).send(message)

    sink = DownOnce()
    with caplog.at_level(logging.ERROR):
        await tick(stride.services, sink, owner="test")
    assert "unexpected error sending notification" in caplog.text
    # The first message due (08:00's digest) failed; the rest of the batch still went out.
    assert sink.out.getvalue().count("[digest]") == 0
    assert sink.out.getvalue().count("[weekly_reminder]") == 2
    clock.set(datetime(2026, 11, 16, 9, 2, tzinfo=UTC))  # past the first retry's backoff
    await tick(stride.services, sink, owner="test")
    assert sink.out.getvalue().count("[digest]") == 1
    assert sink.out.getvalue().count("[weekly_reminder]") == 2


class Paced:
    """A sink that paces itself and allows four sends at once; it notes how many overlap."""

    in_flight = 4
    platforms = ("console",)

    def __init__(self, seconds: float = 0.05) -> None:
        self.seconds = seconds
        self.now = self.most = self.sent = 0

    async def send(self, message: Outgoing) -> None:
        self.now += 1
        self.most = max(self.most, self.now)
        await asyncio.sleep(self.seconds)
        self.now -= 1
        self.sent += 1


async def _four_students(stride: Stride, clock: FixedClock) -> None:
    await make_cohort(stride, clock, datetime(2026, 11, 10, tzinfo=UTC), "UTC", ("ada", "bo", "cy", "di"))
    clock.set(datetime(2026, 11, 16, 9, 1, tzinfo=UTC))


async def test_the_scheduler_overlaps_sends_as_far_as_its_most_careful_sink_allows(
    stride: Stride, clock: FixedClock
) -> None:
    await _four_students(stride, clock)
    paced = Paced()
    assert RoutingSink({"console": paced, "other": ConsoleSink(io.StringIO())}).in_flight == 1
    await tick(stride.services, RoutingSink({"console": paced}), owner="test")
    assert paced.most == 4  # four at a time


async def test_the_next_batch_is_claimed_before_this_one_drains(stride: Stride, clock: FixedClock) -> None:
    await _four_students(stride, clock)
    await enqueue_due(stride.services)
    paced = Paced()
    report = await deliver_due(stride.services, paced, owner="test", batch=2)
    assert report.sent == paced.sent == 6  # the digest, the channel post and four DMs
    assert paced.most == 4  # more than a batch of two at once: batches overlap


@pytest.mark.parametrize("seconds", [0.0, 0.01])
async def test_overlapping_batches_deliver_every_row(
    stride: Stride, clock: FixedClock, seconds: float
) -> None:
    await _four_students(stride, clock)
    await enqueue_due(stride.services)
    paced = Paced(seconds)
    report = await deliver_due(stride.services, paced, owner="test", batch=1)
    assert report.sent == paced.sent == 6


async def test_a_send_failing_outside_the_outbox_stops_overlapping_delivery_and_is_raised(
    stride: Stride, clock: FixedClock
) -> None:
    await _four_students(stride, clock)
    await enqueue_due(stride.services)

    class Crash(BaseException):
        """What the outbox does not handle (as a lost database would be)."""

    class Crashing(Paced):
        async def send(self, message: Outgoing) -> None:
            await super().send(message)
            raise Crash

    crashing = Crashing(0.0)
    with pytest.raises(Crash):
        await deliver_due(stride.services, crashing, owner="test", batch=1)
    assert crashing.sent < 6  # it stopped claiming rows
