"""Weekly reflections: a member's by week, a cohort's week of them, and the minutes their
commitments are checked against (``week_totals``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, insert, null, or_, select, type_coerce, union, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.tables import budgets, members, notifications, reflections, week_totals
from core.domain.reflections import (
    Answer,
    DigestRow,
    Reflection,
    answers_from_json,
    answers_to_json,
    commitments_from_json,
)


def _reflection(row: Mapping[Any, Any]) -> Reflection:
    return Reflection(
        id=row["id"],
        member_id=row["member_id"],
        iso_week=row["iso_week"],
        answers=answers_from_json(row["answers"]),
        blocked=row["blocked"],
        commitments=commitments_from_json(row["commitments"]),
        blocker_status=row["blocker_status"],
        shared_at=row["shared_at"],
        idempotency_key=row["idempotency_key"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class ReflectionRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def latest(self, member_id: int, up_to: str, count: int = 2) -> list[Reflection]:
        """The member's reflections of ``up_to`` and the weeks before it, newest first: the
        week's own (if written) and the previous one, in one indexed read."""
        result = await self._db.execute(
            select(reflections)
            .where(reflections.c.member_id == member_id, reflections.c.iso_week <= up_to)
            .order_by(reflections.c.iso_week.desc())
            .limit(count)
        )
        return [_reflection(row) for row in result.mappings()]

    async def latest_blocker(self, member_id: int) -> Reflection | None:
        """The member's newest reflection that names a blocker."""
        result = await self._db.execute(
            select(reflections)
            .where(reflections.c.member_id == member_id, reflections.c.blocked.is_not(None))
            .order_by(reflections.c.iso_week.desc())
            .limit(1)
        )
        row = result.mappings().first()
        return _reflection(row) if row else None

    async def save(
        self,
        member_id: int,
        iso_week: str,
        answers: Sequence[Answer],
        *,
        blocked: str | None,
        commitments: Mapping[str, int],
        idempotency_key: str | None,
        now: datetime,
        existing: Reflection | None,
    ) -> Reflection:
        """Write the week's reflection (``existing``: the row to change, else a new one)."""
        values: dict[str, Any] = {
            "answers": answers_to_json(answers),
            "blocked": blocked,
            "commitments": dict(commitments) or None,
            "idempotency_key": idempotency_key,
            "updated_at": now,
        }
        if existing is None:
            stmt: Any = insert(reflections).values(
                member_id=member_id, iso_week=iso_week, created_at=now, **values
            )
        else:
            stmt = update(reflections).where(reflections.c.id == existing.id).values(**values)
        result = await self._db.execute(stmt.returning(*reflections.c))
        return _reflection(result.mappings().one())

    async def set_blocker_status(self, reflection_id: int, status: str) -> None:
        await self._db.execute(
            update(reflections).where(reflections.c.id == reflection_id).values(blocker_status=status)
        )

    async def mark_shared(self, reflection_id: int, now: datetime) -> bool:
        """True when this call shared it; False when it already was (a second click)."""
        result = await self._db.execute(
            update(reflections)
            .where(reflections.c.id == reflection_id, reflections.c.shared_at.is_(None))
            .values(shared_at=now)
            .returning(reflections.c.id)
        )
        return result.first() is not None

    async def tracks(self, member_id: int, since_week: str) -> set[str]:
        """The member's tracks: their hour budgets' and those logged since ``since_week``."""
        logged = select(week_totals.c.track).where(
            week_totals.c.member_id == member_id, week_totals.c.iso_week >= since_week
        )
        budgeted = select(budgets.c.track).where(budgets.c.member_id == member_id)
        result = await self._db.execute(union(logged, budgeted))
        return {row[0] for row in result}

    async def week_minutes(self, member_id: int, iso_week: str) -> dict[str, int]:
        result = await self._db.execute(
            select(week_totals.c.track, week_totals.c.minutes).where(
                week_totals.c.member_id == member_id, week_totals.c.iso_week == iso_week
            )
        )
        return {row.track: row.minutes for row in result}

    async def digest_rows(self, cohort_id: int, committed_in: str, week: str) -> list[DigestRow]:
        """The cohort's students' reflections of ``committed_in`` and ``week`` as the digest
        reads them (one statement): not the answers, which it does not show, and the
        commitments only of ``committed_in`` (the ones checked in ``week``)."""
        checked = case((reflections.c.iso_week == committed_in, reflections.c.commitments), else_=null())
        result = await self._db.execute(
            select(
                reflections.c.member_id,
                reflections.c.iso_week,
                reflections.c.blocked,
                type_coerce(checked, reflections.c.commitments.type),
                reflections.c.blocker_status,
            )
            .join(members, members.c.id == reflections.c.member_id)
            .where(
                members.c.cohort_id == cohort_id,
                members.c.role == "student",
                reflections.c.iso_week.in_([committed_in, week]),
            )
        )
        return [
            DigestRow(member_id, iso_week, blocked, commitments_from_json(planned) if planned else {}, status)
            for member_id, iso_week, blocked, planned, status in result
        ]

    async def committed_minutes(
        self, cohort_id: int, committed_in: str, iso_week: str
    ) -> dict[int, dict[str, int]]:
        """Minutes per track logged in ``iso_week`` by the students whose reflection of
        ``committed_in`` holds a commitment (one statement, for the whole cohort)."""
        committed = (
            select(reflections.c.member_id)
            .join(members, members.c.id == reflections.c.member_id)
            .where(
                members.c.cohort_id == cohort_id,
                reflections.c.iso_week == committed_in,
                reflections.c.commitments.is_not(None),
            )
        )
        result = await self._db.execute(
            select(week_totals.c.member_id, week_totals.c.track, week_totals.c.minutes).where(
                week_totals.c.iso_week == iso_week, week_totals.c.member_id.in_(committed)
            )
        )
        found: dict[int, dict[str, int]] = {}
        for row in result:
            found.setdefault(row.member_id, {})[row.track] = row.minutes
        return found

    async def students_with_week(
        self, cohort_id: int, iso_week: str
    ) -> list[tuple[int, str, Reflection | None]]:
        """Every student of the cohort, by name, with their reflection of ``iso_week``."""
        joined = members.outerjoin(
            reflections, and_(reflections.c.member_id == members.c.id, reflections.c.iso_week == iso_week)
        )
        result = await self._db.execute(
            select(members.c.id.label("student_id"), members.c.display_name, *reflections.c)
            .select_from(joined)
            .where(members.c.cohort_id == cohort_id, members.c.role == "student")
            .order_by(members.c.display_name, members.c.id)
        )
        return [
            (row["student_id"], row["display_name"], _reflection(row) if row["id"] is not None else None)
            for row in result.mappings()
        ]

    async def skip_reminder(self, member_id: int, kind: str, period_key: str, reason: str) -> int:
        """Mark the member's pending, unclaimed ``kind`` row of ``period_key`` skipped
        (a reflection saved: its reminder has nothing left to ask), and a snooze's repeat of
        it (``period_key~token``, ``core.services.snooze_repeat``)."""
        result = await self._db.execute(
            update(notifications)
            .where(
                notifications.c.member_id == member_id,
                notifications.c.kind == kind,
                or_(
                    notifications.c.period_key == period_key,
                    notifications.c.period_key.startswith(period_key + "~", autoescape=True),
                ),
                notifications.c.status == "pending",
                notifications.c.lease_owner.is_(None),
            )
            .values(status="skipped", last_error=reason)
        )
        return result.rowcount or 0
