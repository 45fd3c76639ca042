"""The outbox rows one delivery run holds, so that however it ends (stopped, cancelled,
failed) none stays leased until its lease runs out."""

from __future__ import annotations

from collections.abc import Awaitable

from core.domain.model import Notification
from core.services.context import ServiceContext


class HeldRows:
    """The rows one ``deliver_due`` has claimed and not yet settled.

    Handed back when it ends: a row it never started goes back as it was claimed; a row
    whose send was under way (cancelled, or the database failed after it) keeps its
    deliverer's name, the outbox's mark that the message may already be out, so the
    next deliverer settles it by its nonce rather than trusting "not sent"."""

    def __init__(self) -> None:
        self.waiting: dict[int, Notification] = {}
        self.sending: set[int] = set()

    def claimed(self, rows: list[Notification]) -> list[Notification]:
        self.waiting.update((n.id, n) for n in rows)
        return rows

    async def sent(self, notification: Notification, send: Awaitable[None]) -> None:
        self.waiting.pop(notification.id, None)
        self.sending.add(notification.id)
        await send
        self.sending.discard(notification.id)

    async def release(self, ctx: ServiceContext, owner: str) -> None:
        untouched = [n.id for n in self.waiting.values() if not n.interrupted]
        marked = [n.id for n in self.waiting.values() if n.interrupted] + sorted(self.sending)
        if not (untouched or marked):
            return
        async with ctx.uow() as uow:
            await uow.outbox.release(owner, untouched, marked)
            await uow.commit()
        self.waiting.clear()
        self.sending.clear()
