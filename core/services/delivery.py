"""The deliverer's half of the outbox: claim due rows with a lease, send, record the outcome.

Each platform supplies a :class:`Sink`. A sink raises :class:`RateLimited` for a 429 (the
row waits Retry-After and is tried again), :class:`TransientFailure` for a 5xx or network
error (backoff, then give up after ``MAX_ATTEMPTS``), and :class:`PermanentRefusal` when the
platform will never accept it (DMs closed, user gone): the member is marked unreachable
and the row is never retried. The nonce lets a platform drop a resend after a crash
between sending and marking sent. A sink that had to open a DM channel reports it
(:class:`Delivered`), and it is remembered for the member with the row marked sent, so the
next delivery — in this process or after a restart — need not open it again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated, Protocol, runtime_checkable
from zoneinfo import ZoneInfo

from pydantic import Field, TypeAdapter, ValidationError

from core.domain.model import Notification
from core.services.context import ServiceContext
from core.services.held_rows import HeldRows
from core.views.base import Notice, View
from core.views.kinds import AnyView

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=2)
MAX_INLINE_WAIT = 30.0
"""A Retry-After up to this many seconds is waited out in place; longer ones reschedule."""

_VIEWS: TypeAdapter[View] = TypeAdapter(Annotated[AnyView, Field(discriminator="view")])


class DeliveryError(Exception):
    pass


class RateLimited(DeliveryError):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited for {retry_after:.1f}s")
        self.retry_after = max(0.0, retry_after)


class TransientFailure(DeliveryError):
    pass


class PermanentRefusal(DeliveryError):
    pass


class NoChannel(PermanentRefusal):
    """A channel post for a cohort with no channel: never retried, and the cohort's
    instructors are told (once) how to set one."""


@dataclass(frozen=True)
class Outgoing:
    notification: Notification
    view: View
    nonce: str
    local_time: datetime


@dataclass(frozen=True)
class Delivered:
    """What a sink learnt while sending, for the outbox to keep."""

    dm_channel_id: str | None = None
    """The DM channel the sink opened (or reopened) for the recipient, when it differs from
    the one the notification carried."""


class Sink(Protocol):
    """Sends one message of its ``platforms``: the deliverer claims only their rows, in
    SQL, so no sink ever takes (and swallows) a message for a platform it cannot reach.
    A sink may also set ``in_flight`` (an int, default 1): how many
    sends may overlap, when it paces its requests itself. One at a time cannot keep a
    platform's rate: each send would also wait for the one before it to be marked sent.

    A sink that can look a message up by its nonce may also offer
    ``async def settle(message) -> bool | None`` (see :class:`Settles`): asked about an
    interrupted row past its grace, whether the platform already has it."""

    @property
    def platforms(self) -> Sequence[str]: ...

    async def send(self, message: Outgoing) -> Delivered | None: ...


@runtime_checkable
class Settles(Protocol):
    async def settle(self, message: Outgoing) -> bool | None:
        """True: the platform has this message (by its nonce); False: it has not; None:
        it cannot tell."""
        ...


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    unreachable: int = 0
    skipped: int = 0
    lost_leases: int = 0
    errors: list[str] = field(default_factory=list)


def nonce_for(notification: Notification) -> str:
    """Stable per outbox row, so a resend of the same row is recognisably the same message."""
    return f"stride-{notification.id}"


def view_of(notification: Notification) -> View:
    try:
        return _VIEWS.validate_python(notification.payload)
    except ValidationError:
        return Notice(text=f"{notification.kind.replace('_', ' ').capitalize()}.", private=False)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(15 * 60, 5 * 2**attempts))


async def deliver_due(
    ctx: ServiceContext,
    sink: Sink,
    *,
    owner: str,
    batch: int = 50,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    max_rounds: int = 1000,
    stopping: asyncio.Event | None = None,
) -> DeliveryReport:
    """Send everything due now; returns what happened (nothing when nothing is due).

    Up to the sink's ``in_flight`` sends overlap, and the next batch is claimed as soon as
    the last row of this one has started, so the sends never drain at a batch's end: a sink
    that paces itself keeps its even rate instead of idling, then bursting, every batch.

    Once ``stopping`` is set (the process is shutting down) nothing more is claimed or
    started; the sends under way finish. However it ends (stopped, cancelled, failed), the
    rows it still holds are handed back at once (:class:`HeldRows`), none left leased.
    """
    report = DeliveryReport()
    platforms = tuple(sink.platforms)
    held = HeldRows()
    in_flight = max(1, int(getattr(sink, "in_flight", 1)))

    def stopped() -> bool:
        return stopping is not None and stopping.is_set()

    try:
        if in_flight == 1:
            for _ in range(max_rounds):
                claimed = (
                    [] if stopped() else held.claimed(await _claim(ctx, owner, batch, platforms, report))
                )
                if not claimed:
                    break
                for notification in claimed:
                    if stopped():
                        break
                    await held.sent(notification, _deliver_one(ctx, sink, owner, notification, report, sleep))
            return report
        await _overlapping(
            ctx, sink, owner, batch, platforms, report, sleep, max_rounds, in_flight, held, stopped
        )
        return report
    finally:
        await held.release(ctx, owner)


async def _overlapping(
    ctx: ServiceContext,
    sink: Sink,
    owner: str,
    batch: int,
    platforms: Sequence[str],
    report: DeliveryReport,
    sleep: Callable[[float], Awaitable[None]],
    max_rounds: int,
    in_flight: int,
    held: HeldRows,
    stopped: Callable[[], bool],
) -> None:
    gate = asyncio.Semaphore(in_flight)
    running: set[asyncio.Task[None]] = set()

    def failed(task: asyncio.Task[None]) -> bool:
        return task.done() and (task.cancelled() or task.exception() is not None)

    def settled(task: asyncio.Task[None]) -> None:
        if not failed(task):
            running.discard(task)  # a failed one stays, for the gather below to raise

    try:
        for _ in range(max_rounds):
            if any(failed(task) for task in running) or stopped():
                break  # a send failed outside the outbox's handling (the database): stop claiming
            claimed = held.claimed(await _claim(ctx, owner, batch, platforms, report))
            if not claimed:
                break
            for notification in claimed:
                await gate.acquire()
                if stopped():
                    gate.release()
                    break
                send = _deliver_one(ctx, sink, owner, notification, report, sleep)
                task = asyncio.create_task(_released(gate, held.sent(notification, send)))
                running.add(task)
                task.add_done_callback(settled)
        await asyncio.gather(*running)
    except BaseException:
        for task in running:
            task.cancel()
        if running:
            await asyncio.wait(running)
        raise


async def left_for_others(ctx: ServiceContext, sink: Sink) -> dict[str, int]:
    """How many rows are due now for platforms other than ``sink``'s, per platform: what a
    deliverer of its own (the bot) is left to send."""
    async with ctx.uow(read_only=True) as uow:
        return await uow.outbox.due_by_platform(ctx.clock.now(), exclude=tuple(sink.platforms))


async def _claim(
    ctx: ServiceContext, owner: str, batch: int, platforms: Sequence[str], report: DeliveryReport
) -> list[Notification]:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        report.skipped += await uow.outbox.skip_expired(now)
        claimed = await uow.outbox.claim(owner, now, now + LEASE, batch, platforms)
        await uow.commit()
    return claimed


async def _released(gate: asyncio.Semaphore, send: Awaitable[None]) -> None:
    try:
        await send
    finally:
        gate.release()


async def _deliver_one(
    ctx: ServiceContext,
    sink: Sink,
    owner: str,
    notification: Notification,
    report: DeliveryReport,
    sleep: Callable[[float], Awaitable[None]],
) -> None:
    message = Outgoing(
        notification=notification,
        view=view_of(notification),
        nonce=nonce_for(notification),
        local_time=notification.due_at.astimezone(ZoneInfo(notification.timezone)),
    )
    if _past_grace(notification, ctx.clock.now()) and await _settled(ctx, sink, owner, message, report):
        return
    for _ in range(3):
        try:
            delivered = await sink.send(message)
        except RateLimited as limited:
            if limited.retry_after <= MAX_INLINE_WAIT:
                await sleep(limited.retry_after)
                continue
            await _retry(
                ctx, owner, notification, timedelta(seconds=limited.retry_after), str(limited), False
            )
            report.retried += 1
            return
        except NoChannel as missing:
            await _no_channel(ctx, owner, notification, str(missing), report)
            return
        except PermanentRefusal as refusal:
            await _unreachable(ctx, owner, notification, str(refusal))
            report.unreachable += 1
            return
        except TransientFailure as failure:
            await _transient(ctx, owner, notification, str(failure), report)
            return
        except Exception as error:
            # A bug or an unexpected client error must not stall the rest of the batch.
            log.exception("unexpected error sending notification %s", notification.id)
            await _transient(ctx, owner, notification, f"unexpected {type(error).__name__}", report)
            return
        else:
            opened = delivered.dm_channel_id if delivered is not None else None
            await _finish(ctx, owner, notification, "sent", None, report, dm_channel_id=opened)
            report.sent += 1
            return
    await _retry(ctx, owner, notification, timedelta(seconds=MAX_INLINE_WAIT), "still rate limited", False)
    report.retried += 1


def _past_grace(notification: Notification, now: datetime) -> bool:
    """Interrupted (its earlier deliverer may have sent it) and now past its grace."""
    expires = notification.expires_at
    return notification.interrupted and expires is not None and expires < now


async def _settled(
    ctx: ServiceContext, sink: Sink, owner: str, message: Outgoing, report: DeliveryReport
) -> bool:
    """Settle a row an earlier deliverer leased and never reported on, now past its grace:
    sent if the platform has it, skipped if it has not. A sink that cannot tell sends it
    again under the same nonce (False here), for the platform to drop if it is a repeat:
    a late message beats a record saying "not sent" of one the student got."""
    if not isinstance(sink, Settles):
        return False
    try:
        found = await sink.settle(message)
    except Exception:
        log.exception("could not settle notification %s; sending it again", message.notification.id)
        return False
    if found is None:
        return False
    if found:
        await _finish(ctx, owner, message.notification, "sent", None, report)
        report.sent += 1
    else:
        await _finish(ctx, owner, message.notification, "skipped", "missed its grace period", report)
        report.skipped += 1
    return True


async def _finish(
    ctx: ServiceContext,
    owner: str,
    n: Notification,
    status: str,
    error: str | None,
    report: DeliveryReport,
    *,
    dm_channel_id: str | None = None,
) -> None:
    async with ctx.uow() as uow:
        kept = await uow.outbox.finish(n.id, owner, status, ctx.clock.now(), error)
        if dm_channel_id and dm_channel_id != n.dm_channel_id and n.member_id is not None:
            await uow.members.update(n.member_id, dm_channel_id=dm_channel_id)
        await uow.commit()
    if not kept:
        report.lost_leases += 1
        log.warning("notification %s finished after its lease passed to another deliverer", n.id)


async def _retry(
    ctx: ServiceContext, owner: str, n: Notification, delay: timedelta, error: str, count: bool
) -> None:
    async with ctx.uow() as uow:
        await uow.outbox.retry_later(n.id, owner, ctx.clock.now() + delay, error, count_attempt=count)
        await uow.commit()


async def _transient(
    ctx: ServiceContext, owner: str, n: Notification, error: str, report: DeliveryReport
) -> None:
    if n.attempts + 1 >= MAX_ATTEMPTS:
        await _finish(ctx, owner, n, "failed", error, report)
        report.failed += 1
        report.errors.append(f"notification {n.id}: {error[:100]}")
        return
    await _retry(ctx, owner, n, backoff(n.attempts), error, True)
    report.retried += 1


async def _no_channel(
    ctx: ServiceContext, owner: str, n: Notification, error: str, report: DeliveryReport
) -> None:
    from core.services.channel_notice import tell_instructors

    now = ctx.clock.now()
    async with ctx.uow() as uow:
        kept = await uow.outbox.finish(n.id, owner, "failed", now, error)
        if kept:
            await tell_instructors(uow, n, now)
        await uow.commit()
    report.failed += 1


async def _unreachable(ctx: ServiceContext, owner: str, n: Notification, error: str) -> None:
    async with ctx.uow() as uow:
        await uow.outbox.finish(n.id, owner, "unreachable", ctx.clock.now(), error)
        if n.member_id is not None:
            await uow.members.update(n.member_id, unreachable=True)
        await uow.commit()
