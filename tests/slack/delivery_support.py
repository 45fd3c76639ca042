"""A Slack class with a channel and a student, and the outbox ticks the delivery tests drive."""

from __future__ import annotations

from datetime import UTC, datetime

from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.model import Member, Notification
from core.services.delivery import LEASE, DeliveryReport, Sink, deliver_due
from core.services.notifications import enqueue_due
from tests.slack.conftest import INSTRUCTOR, SlackClient
from tests.slack.fake_slack import TEAM

FRIDAY_18H_BERLIN = datetime(2026, 11, 20, 17, 1, tzinfo=UTC)  # leaderboard post (channel)
SUNDAY_18H_BERLIN = datetime(2026, 11, 22, 17, 1, tzinfo=UTC)  # hours check-in (DM)
MONDAY_9H_BERLIN = datetime(2026, 11, 23, 8, 1, tzinfo=UTC)  # reminder (channel + DM), digest (DM)


async def set_up_class(slack: SlackClient) -> None:
    """ML-Fall, bound to #ml-class, with UPROF teaching and U1 studying (an hour logged, so
    the Friday board has something to post)."""
    await slack.command("cohort create ML-Fall tz=Europe/Berlin", user=INSTRUCTOR)
    await slack.command("cohort set channel=<#C0CLASS|ml-class>", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")
    await slack.command("budget set dsa 5-7")
    await slack.command("checkin 1h dsa")


async def tick(
    slack: SlackClient, stride: Stride, clock: FixedClock, at: datetime, sink: Sink | None = None
) -> DeliveryReport:
    clock.set(at)
    await enqueue_due(stride.services)
    return await deliver_due(stride.services, sink or slack.service.sink, owner="test")


async def claimed(stride: Stride, clock: FixedClock, owner: str = "test") -> Notification:
    """Sunday's hours check-in DM, enqueued and leased as a deliverer would before sending."""
    clock.set(SUNDAY_18H_BERLIN)
    await enqueue_due(stride.services)
    async with stride.services.uow() as uow:
        [row] = await uow.outbox.claim(owner, clock.now(), clock.now() + LEASE, 10, ("slack",))
        await uow.commit()
    return row


async def student(stride: Stride, user: str = "U1") -> Member:
    async with stride.services.uow() as uow:
        [(cohort, _)] = await uow.members.memberships("slack", TEAM, user)
        member = await uow.members.get(cohort.id, user)
    assert member is not None
    return member
