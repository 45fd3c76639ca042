"""Plans A/B, skills with their assessment history, and long-term goals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, or_, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.repositories.skill_hours import skills_with_minutes
from core.db.tables import assessments, goals, plans, skills
from core.domain.model import Assessment, Goal, Horizon, Plan, Skill, Slot

# The plan check's statements, built once (see cohorts.py).
_PLANS_OF_MEMBER = select(plans).where(plans.c.member_id == bindparam("member_id"))
_SKILLS_OF_MEMBER = select(skills).where(skills.c.member_id == bindparam("member_id")).order_by(skills.c.id)
_SKILLS_WITH_MINUTES = skills_with_minutes(skills.c.member_id == bindparam("member_id"))


def _plan(row: Mapping[Any, Any]) -> Plan:
    return Plan(
        member_id=row["member_id"],
        slot=row["slot"],
        position=row["position"],
        industry=row["industry"],
        rationale=row["rationale"],
        updated_at=row["updated_at"],
    )


def _skill(row: Mapping[Any, Any]) -> Skill:
    return Skill(
        id=row["id"],
        member_id=row["member_id"],
        name=row["name"],
        kind=row["kind"],
        priority=row["priority"],
        current=row["current_level"],
        target=row["target_level"],
        notes=row["notes"],
        ease=row["ease"],
    )


def _goal(row: RowMapping) -> Goal:
    return Goal(
        id=row["id"],
        member_id=row["member_id"],
        horizon=Horizon(row["horizon"]),
        text=row["text"],
        visibility=row["visibility"],
        created_at=row["created_at"],
        achieved_at=row["achieved_at"],
        tags=tuple(str(tag) for tag in row["tags"] or ()),
    )


class PlanRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def for_member(self, member_id: int) -> dict[str, Plan]:
        result = await self._db.execute(_PLANS_OF_MEMBER, {"member_id": member_id})
        return {row["slot"]: _plan(row) for row in result.mappings()}

    async def upsert(
        self,
        member_id: int,
        slot: Slot,
        *,
        position: str,
        industry: str,
        rationale: str | None,
        now: datetime,
    ) -> Plan:
        values = {"position": position, "industry": industry, "rationale": rationale}
        result = await self._db.execute(
            update(plans)
            .where(plans.c.member_id == member_id, plans.c.slot == slot)
            .values(**values, updated_at=now)
            .returning(*plans.c)
        )
        row = result.mappings().first()
        if row is None:
            result = await self._db.execute(
                insert(plans)
                .values(member_id=member_id, slot=slot, **values, updated_at=now)
                .returning(*plans.c)
            )
            row = result.mappings().one()
        return _plan(row)


class SkillRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def for_member(self, member_id: int) -> list[Skill]:
        result = await self._db.execute(_SKILLS_OF_MEMBER, {"member_id": member_id})
        return [_skill(row) for row in result.mappings()]

    async def with_minutes_toward(self, member_id: int) -> list[tuple[Skill, int]]:
        """The member's skills, each with the minutes logged toward it since its last
        assessment (``skill_hours.py``): what the plan check reads, in one statement."""
        result = await self._db.execute(_SKILLS_WITH_MINUTES, {"member_id": member_id})
        return [(_skill(row), int(row["minutes_toward"])) for row in result.mappings()]

    async def by_name(self, member_id: int, name: str) -> Skill | None:
        result = await self._db.execute(
            select(skills).where(skills.c.member_id == member_id, skills.c.name_key == name.casefold())
        )
        row = result.mappings().first()
        return _skill(row) if row else None

    async def add(
        self,
        member_id: int,
        *,
        name: str,
        kind: str,
        priority: int,
        current: int,
        target: int,
        notes: str | None,
        now: datetime,
        ease: int | None = None,
    ) -> Skill:
        result = await self._db.execute(
            insert(skills)
            .values(
                member_id=member_id,
                name=name,
                name_key=name.casefold(),
                kind=kind,
                priority=priority,
                current_level=current,
                target_level=target,
                notes=notes,
                ease=ease,
                created_at=now,
                updated_at=now,
            )
            .returning(*skills.c)
        )
        return _skill(result.mappings().one())

    async def update(self, skill_id: int, *, now: datetime, **values: Any) -> Skill:
        columns = {"current": "current_level", "target": "target_level"}
        renamed = {columns.get(key, key): value for key, value in values.items()}
        result = await self._db.execute(
            update(skills)
            .where(skills.c.id == skill_id)
            .values(**renamed, updated_at=now)
            .returning(*skills.c)
        )
        return _skill(result.mappings().one())

    async def remove(self, skill_id: int) -> None:
        await self._db.execute(delete(skills).where(skills.c.id == skill_id))

    async def add_assessment(
        self, skill_id: int, *, level: int, note: str | None, source: str, at: datetime
    ) -> None:
        await self._db.execute(
            insert(assessments).values(
                skill_id=skill_id, level=level, note=note, source=source, assessed_at=at
            )
        )
        await self._db.execute(
            update(skills)
            .where(
                skills.c.id == skill_id,
                or_(skills.c.last_assessed_at.is_(None), skills.c.last_assessed_at < at),
            )
            .values(last_assessed_at=at)
        )

    async def history(self, skill_id: int) -> list[Assessment]:
        result = await self._db.execute(
            select(assessments)
            .where(assessments.c.skill_id == skill_id)
            .order_by(assessments.c.assessed_at, assessments.c.id)
        )
        return [
            Assessment(
                skill_id=row["skill_id"],
                level=row["level"],
                note=row["note"],
                source=row["source"],
                assessed_at=row["assessed_at"],
            )
            for row in result.mappings()
        ]


class GoalRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def for_member(self, member_id: int) -> list[Goal]:
        result = await self._db.execute(
            select(goals).where(goals.c.member_id == member_id).order_by(goals.c.id)
        )
        return [_goal(row) for row in result.mappings()]

    async def add(
        self,
        member_id: int,
        *,
        horizon: Horizon,
        text: str,
        visibility: str,
        now: datetime,
        tags: Sequence[str] = (),
    ) -> Goal:
        result = await self._db.execute(
            insert(goals)
            .values(
                member_id=member_id,
                horizon=horizon.value,
                text=text,
                visibility=visibility,
                created_at=now,
                tags=list(tags) or None,
            )
            .returning(*goals.c)
        )
        return _goal(result.mappings().one())

    async def set_achieved(self, goal_id: int, achieved_at: datetime | None) -> None:
        await self._db.execute(update(goals).where(goals.c.id == goal_id).values(achieved_at=achieved_at))

    async def remove(self, goal_id: int) -> None:
        await self._db.execute(delete(goals).where(goals.c.id == goal_id))
