"""DM channels are kept in the database, and Slack's requests are paced below its limits.

``conversations.open`` is a Tier 3 method (about 50 a minute): a member's DM channel is
opened once, stored with the member, and used by every later delivery, also after a
restart. A stored channel Slack no longer finds is opened again, once, without marking
the member unreachable. All requests go at ``rate`` per second at most (from a bucket of
one and a half), and opens at 48 per ``open_period``, from the same size of bucket.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace

from bot.slack.runner import serving
from bot.slack.sink import SlackSink
from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.model import Notification
from core.services.delivery import Outgoing
from core.views.base import Notice
from tests.slack.conftest import SlackClient, settings_for
from tests.slack.delivery_support import (
    MONDAY_9H_BERLIN,
    SUNDAY_18H_BERLIN,
    claimed,
    set_up_class,
    student,
    tick,
)
from tests.slack.fake_slack import Failure, FakeSlack


def _opened(slack: SlackClient) -> list[str]:
    return sorted(call.body["users"] for call in slack.fake.calls_to("conversations.open"))


def _most_in_a_second(times: Sequence[float]) -> int:
    return max(sum(1 for t in times if first <= t < first + 1.0) for first in times)


def _dm(row: Notification, user: str, channel: str | None) -> Outgoing:
    """``row`` readdressed to ``user``, whose DM channel is ``channel`` (None: not known yet)."""
    return Outgoing(
        replace(row, user_id=user, dm_channel_id=channel), Notice(text="hi"), f"n-{user}", row.due_at
    )


async def _store_channel_of_u1(stride: Stride, channel: str) -> None:
    member = await student(stride)
    async with stride.services.uow() as uow:
        await uow.members.update(member.id, dm_channel_id=channel)
        await uow.commit()


async def test_an_opened_dm_channel_is_stored_and_a_restarted_sink_does_not_open_it_again(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await set_up_class(slack)
    assert (await student(stride)).dm_channel_id is None
    assert (await tick(slack, stride, clock, SUNDAY_18H_BERLIN)).sent == 1
    assert _opened(slack) == ["U1"]
    assert (await student(stride)).dm_channel_id == "DU1"
    restarted = SlackSink(slack.service.app.client)  # a new process: nothing in memory
    assert (await tick(slack, stride, clock, MONDAY_9H_BERLIN, restarted)).sent == 3
    assert _opened(slack) == ["U1", "UPROF"]  # U1's channel came from the database
    assert len(slack.fake.posted_in("DU1")) == 2
    assert (await student(stride, "UPROF")).dm_channel_id == "DUPROF"


async def test_a_stored_channel_slack_no_longer_finds_is_opened_again_and_replaced(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await set_up_class(slack)
    await _store_channel_of_u1(stride, "DGONE")
    slack.fake.fail("chat.postMessage", Failure(error="channel_not_found"))
    report = await tick(slack, stride, clock, SUNDAY_18H_BERLIN)
    assert (report.sent, report.unreachable) == (1, 0)
    first, second = slack.fake.calls_to("chat.postMessage")
    assert (first.body["channel"], second.body["channel"]) == ("DGONE", "DU1")
    assert _opened(slack) == ["U1"]
    member = await student(stride)
    assert (member.dm_channel_id, member.unreachable) == ("DU1", False)


async def test_a_channel_still_not_found_after_reopening_marks_the_member_unreachable(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await set_up_class(slack)
    await _store_channel_of_u1(stride, "DGONE")
    gone = Failure(error="channel_not_found")
    slack.fake.fail("chat.postMessage", gone, gone)
    report = await tick(slack, stride, clock, SUNDAY_18H_BERLIN)
    assert (report.sent, report.unreachable) == (0, 1)
    assert _opened(slack) == ["U1"]  # reopened once, not in a loop
    assert len(slack.fake.calls_to("chat.postMessage")) == 2
    assert (await student(stride)).unreachable


async def test_requests_are_paced_evenly_at_the_configured_overall_rate(
    slack: SlackClient, fake_slack: FakeSlack, stride: Stride, clock: FixedClock
) -> None:
    await set_up_class(slack)
    row = await claimed(stride, clock)
    messages = [_dm(row, f"U{n}", f"DU{n}") for n in range(24)]
    async with (
        serving(stride, settings_for(fake_slack, requests_per_second=20), with_scheduler=False) as paced,
        _loop_stalls() as stalled,
    ):
        await asyncio.gather(*(paced.sink.send(message) for message in messages))
    times = [call.at for call in slack.fake.calls_to("chat.postMessage")]
    assert len(times) == 24
    # A bucket of one and a half, then 20 a second. The times are the fake's, when it took
    # each request: requests paced evenly arrive bunched when the event loop (which the
    # sink, the sockets and the fake share) was held up, by at most 20 a second of the
    # longest hold-up (1.5 + 20 × (1 s + hold-up) in a second). Unloaded, 21 as before.
    assert _most_in_a_second(times) <= 21 + round(20 * stalled.longest)
    assert times[-1] - times[0] >= (24 - 1.5) / 20 - 0.05 - stalled.longest
    assert slack.fake.calls_to("conversations.open") == []


@dataclass
class Stalls:
    longest: float = 0.0


@asynccontextmanager
async def _loop_stalls(tick: float = 0.005) -> AsyncIterator[Stalls]:
    """The longest the event loop was held up (past a short sleep's end) inside the block."""
    stalls = Stalls()
    loop = asyncio.get_running_loop()

    async def watch() -> None:
        while True:
            started = loop.time()
            await asyncio.sleep(tick)
            stalls.longest = max(stalls.longest, loop.time() - started - tick)

    watcher = asyncio.create_task(watch())
    try:
        yield stalls
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher


async def test_conversations_are_opened_evenly_from_a_small_bucket(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await set_up_class(slack)
    row = await claimed(stride, clock)
    sink = SlackSink(slack.service.app.client, open_period=6.0)  # 48 per 6 s: 8 a second
    messages = [_dm(row, f"U{n}", None) for n in range(10)]
    delivered = await asyncio.gather(*(sink.send(message) for message in messages))
    assert [d.dm_channel_id if d else None for d in delivered] == [f"DU{n}" for n in range(10)]
    times = [call.at for call in slack.fake.calls_to("conversations.open")]
    assert len(times) == 10
    for k in range(1, 10):
        assert times[k] - times[0] >= (k - 0.5) / 8 - 0.03  # the first at once, then every 1/8 s
