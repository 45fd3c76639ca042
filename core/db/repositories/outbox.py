"""The notification outbox and the scheduler's cursors.

A unique key per (cohort, kind, recipient, period) makes enqueueing idempotent across
repeated ticks, restarts and replicas. Claiming takes a time-limited lease: on PostgreSQL
with ``FOR UPDATE SKIP LOCKED``, on SQLite inside the ``BEGIN IMMEDIATE`` transaction that
every unit of work opens, so two deliverers never hold the same row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.tables import cohorts, members, notifications, schedule_cursors
from core.domain.model import Notification

_ADDRESS = (
    cohorts.c.platform,
    cohorts.c.workspace_id,
    cohorts.c.timezone.label("cohort_timezone"),
    cohorts.c.channel_id.label("cohort_channel_id"),
    members.c.user_id,
    members.c.timezone.label("member_timezone"),
    members.c.dm_channel_id,
)


def _notification(row: RowMapping) -> Notification:
    return Notification(
        id=row["id"],
        cohort_id=row["cohort_id"],
        kind=row["kind"],
        audience=row["audience"],
        recipient_key=row["recipient_key"],
        member_id=row["member_id"],
        # A channel post enqueued before the cohort had a channel goes to the one set since.
        channel_id=row["channel_id"] or (row["cohort_channel_id"] if row["member_id"] is None else None),
        period_key=row["period_key"],
        due_at=row["due_at"],
        status=row["status"],
        attempts=row["attempts"],
        payload=dict(row["payload"] or {}),
        platform=row["platform"],
        workspace_id=row["workspace_id"],
        user_id=row["user_id"],
        timezone=row["member_timezone"] or row["cohort_timezone"],
        dm_channel_id=row["dm_channel_id"],
        expires_at=row["expires_at"],
    )


class OutboxRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def cursor(self, cohort_id: int, kind: str) -> datetime | None:
        result = await self._db.execute(
            select(schedule_cursors.c.processed_until).where(
                schedule_cursors.c.cohort_id == cohort_id, schedule_cursors.c.kind == kind
            )
        )
        value: datetime | None = result.scalar_one_or_none()
        return value

    async def set_cursor(self, cohort_id: int, kind: str, until: datetime) -> None:
        """Move the cursor forward (never back, whichever replica wrote last)."""
        values = {"cohort_id": cohort_id, "kind": kind, "processed_until": until}
        if self._db.dialect.name == "postgresql":
            pg = postgresql.insert(schedule_cursors).values(**values)
            stmt: Any = pg.on_conflict_do_update(
                index_elements=["cohort_id", "kind"],
                set_={"processed_until": func.greatest(schedule_cursors.c.processed_until, until)},
            )
        else:
            lite = sqlite.insert(schedule_cursors).values(**values)
            stmt = lite.on_conflict_do_update(
                index_elements=["cohort_id", "kind"],
                set_={"processed_until": func.max(schedule_cursors.c.processed_until, until)},
            )
        await self._db.execute(stmt)

    async def enqueue(self, rows: Sequence[dict[str, Any]]) -> int:
        """Insert occurrences not yet in the outbox; returns how many were new."""
        if not rows:
            return 0
        dialect = postgresql if self._db.dialect.name == "postgresql" else sqlite
        stmt = (
            dialect.insert(notifications)
            .on_conflict_do_nothing(index_elements=["cohort_id", "kind", "recipient_key", "period_key"])
            .returning(notifications.c.id)
        )
        inserted = 0
        for start in range(0, len(rows), 500):
            # RETURNING counts the rows really inserted (rowcount is unreliable for batches).
            result = await self._db.execute(stmt, list(rows[start : start + 500]))
            inserted += len(result.all())
        return inserted

    async def claim(
        self,
        owner: str,
        now: datetime,
        lease_until: datetime,
        limit: int,
        platforms: Sequence[str],
    ) -> list[Notification]:
        """Lease up to ``limit`` due, pending rows of ``platforms`` that no live lease holds:
        a process claims only what it has a client for, never another platform's rows."""
        on_platform = select(cohorts.c.id).where(cohorts.c.platform.in_(list(platforms)))
        due = and_(
            notifications.c.status == "pending",
            notifications.c.next_attempt_at <= now,
            or_(notifications.c.lease_until.is_(None), notifications.c.lease_until < now),
            notifications.c.cohort_id.in_(on_platform),
        )
        pick = select(notifications.c.id, notifications.c.lease_owner).where(due)
        pick = pick.order_by(notifications.c.due_at, notifications.c.id).limit(limit)
        if self._db.dialect.name == "postgresql":
            pick = pick.with_for_update(skip_locked=True)
        picked = (await self._db.execute(pick)).all()
        if not picked:
            return []
        ids = [row.id for row in picked]
        # A lease still named on a due row ran out under a deliverer that never reported
        # back: it may have sent the message before it stopped.
        interrupted = {row.id for row in picked if row.lease_owner is not None}
        await self._db.execute(
            update(notifications)
            .where(notifications.c.id.in_(ids))
            .values(lease_owner=owner, lease_until=lease_until)
        )
        claimed = await self.with_addresses(ids)
        return [replace(n, interrupted=n.id in interrupted) for n in claimed]

    async def pending_due(self, now: datetime) -> list[Notification]:
        """Every platform's pending rows due by ``now`` (to list them, not to send them)."""
        query = select(notifications.c.id).where(
            notifications.c.status == "pending", notifications.c.next_attempt_at <= now
        )
        ids = list((await self._db.execute(query)).scalars())
        return await self.with_addresses(ids) if ids else []

    async def due_by_platform(self, now: datetime, *, exclude: Sequence[str] = ()) -> dict[str, int]:
        """Pending rows due by ``now``, counted per platform (leaving out ``exclude``)."""
        result = await self._db.execute(
            select(cohorts.c.platform, func.count())
            .select_from(notifications.join(cohorts, cohorts.c.id == notifications.c.cohort_id))
            .where(
                notifications.c.status == "pending",
                notifications.c.next_attempt_at <= now,
                cohorts.c.platform.not_in(list(exclude)),
            )
            .group_by(cohorts.c.platform)
            .order_by(cohorts.c.platform)
        )
        return {str(platform): int(count) for platform, count in result.all()}

    async def with_addresses(self, ids: Sequence[int]) -> list[Notification]:
        result = await self._db.execute(
            select(notifications, *_ADDRESS)
            .join(cohorts, cohorts.c.id == notifications.c.cohort_id)
            .outerjoin(members, members.c.id == notifications.c.member_id)
            .where(notifications.c.id.in_(ids))
            .order_by(notifications.c.due_at, notifications.c.id)
        )
        return [_notification(row) for row in result.mappings()]

    async def finish(
        self, notification_id: int, owner: str, status: str, now: datetime, error: str | None = None
    ) -> bool:
        """Record the outcome; False if the lease was lost to another deliverer meanwhile."""
        result = await self._db.execute(
            update(notifications)
            .where(notifications.c.id == notification_id, notifications.c.lease_owner == owner)
            .values(
                status=status,
                sent_at=now if status == "sent" else None,
                last_error=error[:200] if error else None,
                lease_owner=None,
                lease_until=None,
                attempts=notifications.c.attempts + 1,
            )
        )
        return result.rowcount == 1

    async def retry_later(
        self, notification_id: int, owner: str, at: datetime, error: str, *, count_attempt: bool
    ) -> None:
        await self._db.execute(
            update(notifications)
            .where(notifications.c.id == notification_id, notifications.c.lease_owner == owner)
            .values(
                next_attempt_at=at,
                last_error=error[:200],
                lease_owner=None,
                lease_until=None,
                attempts=notifications.c.attempts + (1 if count_attempt else 0),
            )
        )

    async def replace_unclaimed_payload(self, notification_id: int, payload: dict[str, Any]) -> None:
        """A pending row's message rebuilt; a row a deliverer holds is left as it is."""
        await self._update_unclaimed(notification_id, payload=payload)

    async def skip_unclaimed(self, notification_id: int, reason: str) -> None:
        """A pending row with nothing left to send marked skipped; a row a deliverer holds is left."""
        await self._update_unclaimed(notification_id, status="skipped", last_error=reason[:200])

    async def _update_unclaimed(self, notification_id: int, **values: Any) -> None:
        await self._db.execute(
            update(notifications)
            .where(
                notifications.c.id == notification_id,
                notifications.c.status == "pending",
                notifications.c.lease_owner.is_(None),
            )
            .values(**values)
        )

    async def release(self, owner: str, untouched: Sequence[int], maybe_sent: Sequence[int]) -> None:
        """End this deliverer's leases now rather than when they run out (a shutdown):
        ``untouched`` rows go back as they were; ``maybe_sent`` ones keep the owner's name
        as the mark that their message may be out (``claim`` reports them interrupted)."""
        for ids, values in ((untouched, {"lease_owner": None}), (maybe_sent, {})):
            if ids:
                await self._db.execute(
                    update(notifications)
                    .where(notifications.c.id.in_(list(ids)), notifications.c.lease_owner == owner)
                    .values(lease_until=None, **values)
                )

    async def skip_expired(self, now: datetime) -> int:
        """Pending rows whose grace has run out are skipped, never sent late.

        Only rows no deliverer holds or left behind: a row still naming a lease (live, or
        run out under a deliverer that was killed) may already be on the platform, and is
        claimed as ``interrupted`` to be settled by its nonce, not skipped blindly."""
        result = await self._db.execute(
            update(notifications)
            .where(
                notifications.c.status == "pending",
                notifications.c.expires_at < now,
                notifications.c.lease_owner.is_(None),
            )
            .values(status="skipped", last_error="missed its grace period")
        )
        return max(result.rowcount, 0)

    async def listing(self, *, cohort_id: int | None = None, status: str | None = None) -> list[Notification]:
        query = select(notifications.c.id)
        if cohort_id is not None:
            query = query.where(notifications.c.cohort_id == cohort_id)
        if status is not None:
            query = query.where(notifications.c.status == status)
        ids = list((await self._db.execute(query)).scalars())
        return await self.with_addresses(ids) if ids else []
