"""A member's roadmap: phases, numbered items with done flags, and import suggestions."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, bindparam, case, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.tables import members, roadmap_items, roadmap_phases, roadmap_suggestions, roadmaps
from core.domain.model import Roadmap, RoadmapItem, RoadmapPhase, RoadmapSuggestion


class RoadmapRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def for_member(self, member_id: int) -> Roadmap | None:
        head = (await self._db.execute(select(roadmaps).where(roadmaps.c.member_id == member_id))).mappings()
        row = head.one_or_none()
        if row is None:
            return None
        phase_rows = (
            await self._db.execute(
                select(roadmap_phases)
                .where(roadmap_phases.c.roadmap_id == row["id"])
                .order_by(roadmap_phases.c.position)
            )
        ).mappings()
        item_rows = (
            await self._db.execute(
                select(roadmap_items)
                .where(roadmap_items.c.roadmap_id == row["id"])
                .order_by(roadmap_items.c.number)
            )
        ).mappings()
        by_phase: dict[int, list[RoadmapItem]] = defaultdict(list)
        for item in item_rows:
            by_phase[item["phase_id"]].append(
                RoadmapItem(
                    item["number"],
                    item["text"],
                    item["done"],
                    item["parent_number"],
                    item["depth"],
                    item["section"],
                    item["done_at"],
                )
            )
        phases = tuple(
            RoadmapPhase(
                p["title"], p["window_start_months"], p["window_end_months"], tuple(by_phase[p["id"]])
            )
            for p in phase_rows
        )
        suggestion_rows = (
            await self._db.execute(
                select(roadmap_suggestions)
                .where(roadmap_suggestions.c.roadmap_id == row["id"])
                .order_by(roadmap_suggestions.c.number)
            )
        ).mappings()
        suggestions = tuple(
            RoadmapSuggestion(s["number"], s["kind"], s["text"], dict(s["payload"]), s["accepted_at"])
            for s in suggestion_rows
        )
        return Roadmap(
            row["id"],
            member_id,
            row["title"],
            row["source_name"],
            row["repaired"],
            row["imported_at"],
            phases,
            suggestions,
        )

    async def store(
        self,
        member_id: int,
        *,
        title: str,
        source_name: str,
        repaired: bool,
        phases: tuple[RoadmapPhase, ...],
        suggestions: list[tuple[str, str, dict[str, Any]]],
        now: datetime,
    ) -> None:
        """Put ``phases`` in place of the member's roadmap (one per member)."""
        await self.delete_for_member(member_id)
        roadmap_id = (
            await self._db.execute(
                insert(roadmaps)
                .values(
                    member_id=member_id,
                    title=title,
                    source_name=source_name,
                    repaired=repaired,
                    imported_at=now,
                )
                .returning(roadmaps.c.id)
            )
        ).scalar_one()
        for position, phase in enumerate(phases, 1):
            phase_id = (
                await self._db.execute(
                    insert(roadmap_phases)
                    .values(
                        roadmap_id=roadmap_id,
                        position=position,
                        title=phase.title,
                        window_start_months=phase.window_start_months,
                        window_end_months=phase.window_end_months,
                    )
                    .returning(roadmap_phases.c.id)
                )
            ).scalar_one()
            if phase.items:
                await self._db.execute(
                    insert(roadmap_items),
                    [
                        {
                            "roadmap_id": roadmap_id,
                            "phase_id": phase_id,
                            "number": item.number,
                            "parent_number": item.parent,
                            "depth": item.depth,
                            "section": item.section,
                            "text": item.text,
                            "done": item.done,
                            "done_at": item.done_at,
                        }
                        for item in phase.items
                    ],
                )
        if suggestions:
            await self._db.execute(
                insert(roadmap_suggestions),
                [
                    {"roadmap_id": roadmap_id, "number": n, "kind": kind, "text": text, "payload": payload}
                    for n, (kind, text, payload) in enumerate(suggestions, 1)
                ],
            )

    async def set_done(self, roadmap_id: int, number: int, done: bool, now: datetime) -> None:
        await self._db.execute(
            update(roadmap_items)
            .where(roadmap_items.c.roadmap_id == roadmap_id, roadmap_items.c.number == number)
            .values(done=done, done_at=now if done else None)
        )

    async def mark_accepted(self, roadmap_id: int, number: int, now: datetime) -> None:
        await self._db.execute(
            update(roadmap_suggestions)
            .where(roadmap_suggestions.c.roadmap_id == roadmap_id, roadmap_suggestions.c.number == number)
            .values(accepted_at=now)
        )

    async def delete_for_member(self, member_id: int) -> None:
        """Items and phases go with the roadmap row (deleted explicitly: SQLite may run
        without foreign-key cascades)."""
        ids = select(roadmaps.c.id).where(roadmaps.c.member_id == member_id).scalar_subquery()
        await self._db.execute(delete(roadmap_items).where(roadmap_items.c.roadmap_id.in_(ids)))
        await self._db.execute(delete(roadmap_suggestions).where(roadmap_suggestions.c.roadmap_id.in_(ids)))
        await self._db.execute(delete(roadmap_phases).where(roadmap_phases.c.roadmap_id.in_(ids)))
        await self._db.execute(delete(roadmaps).where(roadmaps.c.member_id == member_id))

    async def progress(self, member_id: int) -> tuple[int, int] | None:
        """(done, total) items of the member's roadmap, or None without one."""
        result = await self._db.execute(_ROADMAP_PROGRESS, {"member_id": member_id})
        total, done = (int(value or 0) for value in result.one())
        return (done, total) if total else None

    async def progress_by_member(self, cohort_id: int) -> dict[int, tuple[int, int]]:
        """(done, total) per member of the cohort who has a roadmap with items."""
        result = await self._db.execute(
            select(roadmaps.c.member_id, func.sum(_done_as_int()), func.count(roadmap_items.c.id))
            .select_from(roadmaps)
            .join(roadmap_items, roadmap_items.c.roadmap_id == roadmaps.c.id)
            .join(members, members.c.id == roadmaps.c.member_id)
            .where(members.c.cohort_id == cohort_id)
            .group_by(roadmaps.c.member_id)
        )
        return {member_id: (int(done or 0), int(total)) for member_id, done, total in result}


def _done_as_int() -> Any:
    return case((roadmap_items.c.done.is_(True), 1), else_=0).cast(Integer)


# /progress runs this on every call: built once (see cohorts.py).
_ROADMAP_PROGRESS = (
    select(func.count(roadmap_items.c.id), func.sum(_done_as_int()))
    .select_from(roadmaps)
    .join(roadmap_items, roadmap_items.c.roadmap_id == roadmaps.c.id)
    .where(roadmaps.c.member_id == bindparam("member_id"))
)
