"""A member's own outbox rows (issue 20): what a snooze moves, which check-in DMs a member
already has this week and the latest DM that asked them something. Kept apart from the
outbox's delivery queries; they read the index ``ix_notifications_member``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.tables import notifications


@dataclass(frozen=True)
class PersonalRow:
    """An outbox row addressed to one member, as the snooze rules need it."""

    id: int
    kind: str
    period_key: str
    due_at: datetime
    next_attempt_at: datetime
    expires_at: datetime
    status: str
    payload: dict[str, Any]


def _personal_row(row: Any) -> PersonalRow:
    return PersonalRow(
        id=row.id,
        kind=row.kind,
        period_key=row.period_key,
        due_at=row.due_at,
        next_attempt_at=row.next_attempt_at,
        expires_at=row.expires_at,
        status=row.status,
        payload=dict(row.payload or {}),
    )


_COLUMNS = (
    notifications.c.id,
    notifications.c.kind,
    notifications.c.period_key,
    notifications.c.due_at,
    notifications.c.next_attempt_at,
    notifications.c.expires_at,
    notifications.c.status,
    notifications.c.payload,
)


class PersonalDmRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def periods(
        self, cohort_id: int, kind: str, since: datetime, *, member_id: int | None = None
    ) -> dict[int, list[str]]:
        """Each member's period keys of ``kind`` in the cohort due since ``since`` (one
        member's with ``member_id``), in one query: the per-week check reads them."""
        query = select(notifications.c.member_id, notifications.c.period_key).where(
            notifications.c.cohort_id == cohort_id,
            notifications.c.kind == kind,
            notifications.c.member_id.is_not(None),
            notifications.c.due_at >= since,
        )
        if member_id is not None:
            query = query.where(notifications.c.member_id == member_id)
        found: dict[int, list[str]] = {}
        for member, period in (await self._db.execute(query)).all():
            found.setdefault(int(member), []).append(str(period))
        return found

    async def pending(self, member_id: int, *, exempt: Sequence[str]) -> list[PersonalRow]:
        """The member's pending DMs that no deliverer holds (a snooze moves some of them)."""
        result = await self._db.execute(
            select(*_COLUMNS).where(
                notifications.c.member_id == member_id,
                notifications.c.status == "pending",
                notifications.c.audience == "member",
                notifications.c.lease_owner.is_(None),
                notifications.c.kind.not_in(list(exempt)),
            )
        )
        return [_personal_row(row) for row in result.all()]

    async def cancel(self, notification_id: int, reason: str) -> None:
        """A pending row no deliverer holds skipped (a snooze's repeat, when it is called off)."""
        await self._db.execute(
            update(notifications)
            .where(
                notifications.c.id == notification_id,
                notifications.c.status == "pending",
                notifications.c.lease_owner.is_(None),
            )
            .values(status="skipped", last_error=reason[:200])
        )

    async def move(self, notification_id: int, to: datetime, expires_at: datetime) -> bool:
        """A pending row no deliverer holds delivered at ``to`` instead (same period key)."""
        result = await self._db.execute(
            update(notifications)
            .where(
                notifications.c.id == notification_id,
                notifications.c.status == "pending",
                notifications.c.lease_owner.is_(None),
            )
            .values(due_at=to, next_attempt_at=to, expires_at=expires_at)
        )
        return result.rowcount == 1

    async def latest_sent(self, member_id: int, kinds: Sequence[str], since: datetime) -> PersonalRow | None:
        """The member's last DM of ``kinds`` sent since ``since``."""
        result = await self._db.execute(
            select(*_COLUMNS)
            .where(
                notifications.c.member_id == member_id,
                notifications.c.status == "sent",
                notifications.c.kind.in_(list(kinds)),
                notifications.c.sent_at >= since,
            )
            .order_by(notifications.c.sent_at.desc(), notifications.c.id.desc())
            .limit(1)
        )
        row = result.first()
        return None if row is None else _personal_row(row)

    async def find(
        self, cohort_id: int, kind: str, recipient_key: str, period_key: str
    ) -> PersonalRow | None:
        result = await self._db.execute(
            select(*_COLUMNS).where(
                notifications.c.cohort_id == cohort_id,
                notifications.c.kind == kind,
                notifications.c.recipient_key == recipient_key,
                notifications.c.period_key == period_key,
            )
        )
        row = result.first()
        return None if row is None else _personal_row(row)
