"""Count budgets and their tallies (issue 18, item 6 c): SQL that never touches hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.tables import count_budgets, tallies
from core.domain.budgets import Period


@dataclass(frozen=True)
class CountBudgetRow:
    track: str
    unit: str
    min_count: int
    max_count: int
    period: Period
    every: int
    anchor: date


@dataclass(frozen=True)
class Tally:
    id: int
    track: str
    amount: int
    local_date: date
    note: str | None
    created_at: datetime


_COLUMNS = (
    count_budgets.c.track,
    count_budgets.c.unit,
    count_budgets.c.min_count,
    count_budgets.c.max_count,
    count_budgets.c.period,
    count_budgets.c.every,
    count_budgets.c.anchor,
)
_TALLY = (
    tallies.c.id,
    tallies.c.track,
    tallies.c.amount,
    tallies.c.local_date,
    tallies.c.note,
    tallies.c.created_at,
)


class CountRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def budgets(self, member_id: int) -> list[CountBudgetRow]:
        result = await self._db.execute(
            select(*_COLUMNS).where(count_budgets.c.member_id == member_id).order_by(count_budgets.c.track)
        )
        return [CountBudgetRow(*row) for row in result.all()]

    async def upsert(self, member_id: int, row: CountBudgetRow) -> None:
        values = {
            "unit": row.unit,
            "min_count": row.min_count,
            "max_count": row.max_count,
            "period": row.period,
            "every": row.every,
            "anchor": row.anchor,
        }
        result = await self._db.execute(
            update(count_budgets)
            .where(count_budgets.c.member_id == member_id, count_budgets.c.track == row.track)
            .values(**values)
        )
        if result.rowcount == 0:
            await self._db.execute(
                insert(count_budgets).values(member_id=member_id, track=row.track, **values)
            )

    async def remove(self, member_id: int, track: str) -> bool:
        result = await self._db.execute(
            delete(count_budgets).where(
                count_budgets.c.member_id == member_id, count_budgets.c.track == track
            )
        )
        return result.rowcount > 0

    async def budgets_with_days(
        self, member_id: int, since: date
    ) -> list[tuple[CountBudgetRow, dict[date, int]]]:
        """Every count budget with its things tallied per day from ``since`` on, in one
        statement (the caller sums the days of each budget's block)."""
        result = await self._db.execute(
            select(*_COLUMNS, tallies.c.local_date, func.sum(tallies.c.amount))
            .select_from(
                count_budgets.outerjoin(
                    tallies,
                    and_(
                        tallies.c.member_id == count_budgets.c.member_id,
                        tallies.c.track == count_budgets.c.track,
                        tallies.c.local_date >= since,
                    ),
                )
            )
            .where(count_budgets.c.member_id == member_id)
            .group_by(*_COLUMNS, tallies.c.local_date)
            .order_by(count_budgets.c.track)
        )
        found: dict[str, tuple[CountBudgetRow, dict[date, int]]] = {}
        for row in result.all():
            budget = CountBudgetRow(*row[:7])
            _, days = found.setdefault(budget.track, (budget, {}))
            if row[7] is not None:
                days[row[7]] = int(row[8])
        return list(found.values())

    async def add_tally(
        self,
        member_id: int,
        *,
        track: str,
        amount: int,
        local_date: date,
        note: str | None,
        idempotency_key: str | None,
        now: datetime,
    ) -> Tally:
        result = await self._db.execute(
            insert(tallies)
            .values(
                member_id=member_id,
                track=track,
                amount=amount,
                local_date=local_date,
                note=note,
                idempotency_key=idempotency_key,
                created_at=now,
            )
            .returning(*_TALLY)
        )
        return Tally(*result.one())

    async def tally_by_key(self, member_id: int, key: str) -> Tally | None:
        result = await self._db.execute(
            select(*_TALLY).where(tallies.c.member_id == member_id, tallies.c.idempotency_key == key)
        )
        row = result.first()
        return Tally(*row) if row else None

    async def sums(self, member_id: int, blocks: dict[str, tuple[date, date]]) -> dict[str, int]:
        """Track → things tallied within that track's block (first and last day included)."""
        if not blocks:
            return {}
        result = await self._db.execute(
            select(tallies.c.track, func.sum(tallies.c.amount))
            .where(
                tallies.c.member_id == member_id,
                or_(
                    *(
                        and_(tallies.c.track == track, tallies.c.local_date.between(first, last))
                        for track, (first, last) in blocks.items()
                    )
                ),
            )
            .group_by(tallies.c.track)
        )
        return {track: int(total) for track, total in result.all()}

    async def since(self, member_id: int, first: date, limit: int) -> list[tuple[Tally, str]]:
        """Tallies dated ``first`` or later, newest first, each with its budget's unit
        (``thing`` once the budget is removed)."""
        unit = func.coalesce(count_budgets.c.unit, "thing")
        result = await self._db.execute(
            select(*_TALLY, unit)
            .select_from(
                tallies.outerjoin(
                    count_budgets,
                    and_(
                        count_budgets.c.member_id == tallies.c.member_id,
                        count_budgets.c.track == tallies.c.track,
                    ),
                )
            )
            .where(tallies.c.member_id == member_id, tallies.c.local_date >= first)
            .order_by(tallies.c.local_date.desc(), tallies.c.id.desc())
            .limit(limit)
        )
        return [(Tally(*row[:6]), str(row[6])) for row in result.all()]

    async def last(self, member_id: int) -> Tally | None:
        """The tally logged last (by when it was logged, not its date)."""
        result = await self._db.execute(
            select(*_TALLY)
            .where(tallies.c.member_id == member_id)
            .order_by(tallies.c.created_at.desc(), tallies.c.id.desc())
            .limit(1)
        )
        row = result.first()
        return Tally(*row) if row else None

    async def remove_tally(self, member_id: int, tally_id: int) -> None:
        await self._db.execute(
            delete(tallies).where(tallies.c.member_id == member_id, tallies.c.id == tally_id)
        )
