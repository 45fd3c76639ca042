"""A row whose deliverer died between sending and marking it sent is settled by its nonce
before its grace is looked at: the record says sent when the platform has the message,
never "skipped" while the student did get it (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from core.bootstrap import Stride
from core.clock import FixedClock
from core.services.delivery import LEASE, Outgoing, deliver_due, nonce_for, view_of
from core.services.notifications import enqueue_due
from tests.scheduler.support import RecordingSink, make_cohort, set_schedule

ONLY_WEEKLY = {
    kind: {"enabled": False} for kind in ("hours_checkin", "reassessment", "leaderboard", "digest")
}
MONDAY_9H = datetime(2026, 11, 16, 9, 1, tzinfo=UTC)
PAST_GRACE = datetime(2026, 11, 16, 21, 30, tzinfo=UTC)  # a weekly reminder's grace is 12 h


async def _killed_after_sending(stride: Stride, clock: FixedClock, platform: RecordingSink) -> None:
    """A deliverer claims the due rows, hands the first to the platform and is SIGKILLed:
    its leases stay and nothing is marked. A kill runs no ``finally`` (an exception would
    hand the rows back), so the dead deliverer's steps are taken here one by one."""
    await make_cohort(stride, clock, datetime(2026, 11, 14, tzinfo=UTC), "UTC")
    await set_schedule(stride, ONLY_WEEKLY)
    clock.set(MONDAY_9H)
    await enqueue_due(stride.services)
    async with stride.services.uow() as uow:
        claimed = await uow.outbox.claim("killed", clock.now(), clock.now() + LEASE, 50, ("console",))
        await uow.commit()
    assert len(claimed) == 2
    first = claimed[0]
    local = first.due_at.astimezone(ZoneInfo(first.timezone))
    await platform.send(Outgoing(first, view_of(first), nonce_for(first), local))


async def _statuses(stride: Stride) -> list[str]:
    async with stride.services.uow() as uow:
        return sorted(n.status for n in await uow.outbox.listing())


class SettlingSink(RecordingSink):
    """A platform that can look a message up by its nonce (as Slack's history can)."""

    async def settle(self, message: Outgoing) -> bool | None:
        return any(m.nonce == message.nonce for m in self.accepted)


async def test_a_row_sent_before_a_kill_is_marked_sent_even_past_its_grace(
    stride: Stride, clock: FixedClock
) -> None:
    platform = SettlingSink()
    await _killed_after_sending(stride, clock, platform)
    assert len(platform.accepted) == 1  # the first of the two rows went out; both stay leased
    clock.set(PAST_GRACE)
    report = await deliver_due(stride.services, platform, owner="successor")
    # The row on the platform is recorded sent; the one never sent is past its grace: skipped.
    assert (report.sent, report.skipped) == (1, 1)
    assert len(platform.accepted) == 1
    assert platform.attempts == 1  # nothing sent late, nothing sent twice
    assert await _statuses(stride) == ["sent", "skipped"]
    sent = await _statuses_by_nonce(stride)
    assert sent[platform.accepted[0].nonce] == "sent"


async def test_a_platform_that_cannot_look_up_gets_the_same_nonce_again(
    stride: Stride, clock: FixedClock
) -> None:
    """Discord cannot be asked, but drops a resend of a nonce it has (``enforce_nonce``)."""
    platform = RecordingSink(dedupe_nonces=True)
    await _killed_after_sending(stride, clock, platform)
    clock.set(PAST_GRACE)
    report = await deliver_due(stride.services, platform, owner="successor")
    assert (report.sent, report.skipped) == (2, 0)
    assert len(platform.accepted) == 2  # the resend of the first was dropped by its nonce
    assert platform.attempts == 3
    assert await _statuses(stride) == ["sent", "sent"]


async def _statuses_by_nonce(stride: Stride) -> dict[str, str]:
    async with stride.services.uow() as uow:
        return {nonce_for(n): n.status for n in await uow.outbox.listing()}
