"""Cohorts, their members and members' pauses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.rows import built
from core.db.tables import cohorts, count_budgets, members, pauses, reflections, roadmap_items, roadmaps
from core.domain.model import Cohort, Member, Pause, Role
from core.domain.reflections import commitments_from_json

# Statements every command runs, and the cohort-wide reads of the reports, built once at
# import and reused, as SQLAlchemy's statement cache expects.
_COHORT_BY_NAME = select(cohorts).where(
    cohorts.c.platform == bindparam("platform"),
    cohorts.c.workspace_id == bindparam("workspace_id"),
    cohorts.c.name_key == bindparam("name_key"),
)
_COHORT_BY_ID = select(cohorts).where(cohorts.c.id == bindparam("cohort_id"))
_MEMBER = select(members).where(
    members.c.cohort_id == bindparam("cohort_id"), members.c.user_id == bindparam("user_id")
)
_MEMBERSHIPS = (
    select(*members.c, *cohorts.c)
    .select_from(members.join(cohorts, cohorts.c.id == members.c.cohort_id))
    .where(
        cohorts.c.platform == bindparam("platform"),
        cohorts.c.workspace_id == bindparam("workspace_id"),
        members.c.user_id == bindparam("user_id"),
    )
    .order_by(members.c.joined_at, members.c.id)
)
_MEMBERS_OF_COHORT = (
    select(members).where(members.c.cohort_id == bindparam("cohort_id")).order_by(members.c.id)
)
_PAUSES_IN_COHORT = (
    select(pauses.c.member_id, pauses.c.start_date, pauses.c.end_date)
    .join(members, members.c.id == pauses.c.member_id)
    .where(members.c.cohort_id == bindparam("cohort_id"))
)
_PAUSES = (
    select(pauses.c.start_date, pauses.c.end_date)
    .where(pauses.c.member_id == bindparam("member_id"))
    .order_by(pauses.c.start_date)
)
_ROADMAP_ITEMS = roadmaps.join(roadmap_items, roadmap_items.c.roadmap_id == roadmaps.c.id)
_PAUSES_WITH_ROADMAP = (
    select(
        pauses.c.start_date,
        pauses.c.end_date,
        *(
            select(aggregate)
            .select_from(_ROADMAP_ITEMS)
            .where(roadmaps.c.member_id == members.c.id)
            .scalar_subquery()
            for aggregate in (
                func.count(roadmap_items.c.id),
                func.count(roadmap_items.c.id).filter(roadmap_items.c.done.is_(True)),
            )
        ),
        select(func.count(count_budgets.c.id))
        .where(count_budgets.c.member_id == members.c.id)
        .scalar_subquery(),
        select(reflections.c.commitments)
        .where(reflections.c.member_id == members.c.id, reflections.c.iso_week == bindparam("committed_in"))
        .scalar_subquery(),
    )
    .select_from(members.outerjoin(pauses, pauses.c.member_id == members.c.id))
    .where(members.c.id == bindparam("member_id"))
    .order_by(pauses.c.start_date)
)
"""A member's pauses (one row of NULLs without any), each with their roadmap's item count
and how many are done, how many count budgets they have, and the commitment of their
reflection of week ``committed_in``: what /progress shows beside the hours, in one round trip."""
_ACTIVE_PAUSE = select(pauses.c.start_date, pauses.c.end_date).where(
    pauses.c.member_id == bindparam("member_id"), pauses.c.end_date >= bindparam("today")
)


def cohort_from_row(row: Mapping[Any, Any]) -> Cohort:
    return Cohort(
        id=row["id"],
        platform=row["platform"],
        workspace_id=row["workspace_id"],
        name=row["name"],
        timezone=row["timezone"],
        channel_id=row["channel_id"],
        term_start=row["term_start"],
        term_end=row["term_end"],
        horizon_weeks=row["horizon_weeks"],
        step_hours=tuple(float(h) for h in row["step_hours"]),
        default_weekly_minutes=row["default_weekly_minutes"],
        settings=dict(row["settings"] or {}),
        created_at=row["created_at"],
    )


def member_from_row(row: Mapping[Any, Any]) -> Member:
    return Member(
        id=row["id"],
        cohort_id=row["cohort_id"],
        user_id=row["user_id"],
        display_name=row["display_name"],
        role=Role(row["role"]),
        timezone=row["timezone"],
        dms_enabled=row["dms_enabled"],
        leaderboard_visible=row["leaderboard_visible"],
        unreachable=row["unreachable"],
        joined_at=row["joined_at"],
        dm_channel_id=row["dm_channel_id"],
        voice_tracking=row["voice_tracking"],
        reminder_day=row["reminder_day"],
        reminder_time=row["reminder_time"],
        quiet_hours=row["quiet_hours"],
        snoozed_until=row["snoozed_until"],
    )


_ROLES = {role.value: role for role in Role}


def _members_by_position(rows: Iterable[Sequence[Any]]) -> list[Member]:
    """Members from rows of every ``members`` column in table order, which is ``Member``'s
    field order (a test keeps the two in step): a cohort's rows made into dicts first cost
    more than its query."""
    return [Member(r[0], r[1], r[2], r[3], _ROLES[r[4]], *r[5:]) for r in rows]


def _membership(row: Sequence[Any]) -> tuple[Cohort, Member]:
    """A row of ``_MEMBERSHIPS``: the member's columns, then the cohort's."""
    split = len(members.c)
    return (
        cohort_from_row(dict(zip(cohorts.c.keys(), row[split:], strict=True))),
        member_from_row(dict(zip(members.c.keys(), row[:split], strict=True))),
    )


def name_key(name: str) -> str:
    return name.casefold()


class CohortRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def add(
        self,
        *,
        platform: str,
        workspace_id: str,
        name: str,
        timezone: str,
        channel_id: str | None,
        horizon_weeks: int,
        step_hours: Sequence[float],
        default_weekly_minutes: int,
        created_at: datetime,
    ) -> Cohort:
        result = await self._db.execute(
            insert(cohorts)
            .values(
                platform=platform,
                workspace_id=workspace_id,
                name=name,
                name_key=name_key(name),
                timezone=timezone,
                channel_id=channel_id,
                horizon_weeks=horizon_weeks,
                step_hours=list(step_hours),
                default_weekly_minutes=default_weekly_minutes,
                settings={},
                created_at=created_at,
            )
            .returning(*cohorts.c)
        )
        return cohort_from_row(result.mappings().one())

    async def by_name(self, platform: str, workspace_id: str, name: str) -> Cohort | None:
        result = await self._db.execute(
            _COHORT_BY_NAME,
            {"platform": platform, "workspace_id": workspace_id, "name_key": name_key(name)},
        )
        row = result.mappings().first()
        return cohort_from_row(row) if row else None

    async def get(self, cohort_id: int) -> Cohort:
        result = await self._db.execute(_COHORT_BY_ID, {"cohort_id": cohort_id})
        return cohort_from_row(result.mappings().one())

    async def named(self, name: str) -> list[Cohort]:
        """Cohorts of that name on any platform (for operator commands without a workspace)."""
        result = await self._db.execute(select(cohorts).where(cohorts.c.name_key == name_key(name)))
        return [cohort_from_row(row) for row in result.mappings()]

    async def in_workspace(self, platform: str, workspace_id: str) -> list[Cohort]:
        """A workspace's cohorts, oldest first."""
        result = await self._db.execute(
            select(cohorts)
            .where(cohorts.c.platform == platform, cohorts.c.workspace_id == workspace_id)
            .order_by(cohorts.c.id)
        )
        return [cohort_from_row(row) for row in result.mappings()]

    async def all(self) -> list[Cohort]:
        result = await self._db.execute(select(cohorts).order_by(cohorts.c.id))
        return [cohort_from_row(row) for row in result.mappings()]

    async def update(self, cohort_id: int, **values: Any) -> Cohort:
        if "name" in values:
            values["name_key"] = name_key(values["name"])
        if "step_hours" in values:
            values["step_hours"] = list(values["step_hours"])
        result = await self._db.execute(
            update(cohorts).where(cohorts.c.id == cohort_id).values(**values).returning(*cohorts.c)
        )
        return cohort_from_row(result.mappings().one())


class MemberRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def add(
        self, *, cohort_id: int, user_id: str, display_name: str, role: Role, joined_at: datetime
    ) -> Member:
        result = await self._db.execute(
            insert(members)
            .values(
                cohort_id=cohort_id,
                user_id=user_id,
                display_name=display_name,
                role=role.value,
                timezone=None,
                dms_enabled=True,
                leaderboard_visible=True,
                unreachable=False,
                joined_at=joined_at,
            )
            .returning(*members.c)
        )
        return member_from_row(result.mappings().one())

    async def get(self, cohort_id: int, user_id: str) -> Member | None:
        result = await self._db.execute(_MEMBER, {"cohort_id": cohort_id, "user_id": user_id})
        row = result.mappings().first()
        return member_from_row(row) if row else None

    async def memberships(
        self, platform: str, workspace_id: str, user_id: str
    ) -> list[tuple[Cohort, Member]]:
        """Every cohort of this workspace the person belongs to, oldest membership first."""
        result = await self._db.execute(
            _MEMBERSHIPS, {"platform": platform, "workspace_id": workspace_id, "user_id": user_id}
        )
        return [_membership(row) for row in result.all()]

    async def find_by_name(self, cohort_id: int, who: str) -> Member | None:
        """A member by user id or display name (case-insensitive), for ``@member`` arguments."""
        result = await self._db.execute(
            select(members).where(
                members.c.cohort_id == cohort_id,
                (members.c.user_id == who) | (func.lower(members.c.display_name) == who.casefold()),
            )
        )
        row = result.mappings().first()
        return member_from_row(row) if row else None

    async def by_ids(self, member_ids: Iterable[int]) -> dict[int, Member]:
        """The members with these ids (gone ones are absent)."""
        ids = sorted(set(member_ids))
        if not ids:
            return {}
        result = await self._db.execute(select(members).where(members.c.id.in_(ids)))
        return {row["id"]: member_from_row(row) for row in result.mappings()}

    async def in_cohort(self, cohort_id: int) -> list[Member]:
        return await built(self._db, _members_by_position, _MEMBERS_OF_COHORT, {"cohort_id": cohort_id})

    async def instructors(self, cohort_id: int, *, lock: bool = False) -> list[Member]:
        """The cohort's instructors in the order they joined; ``lock`` holds their rows
        (``FOR UPDATE`` on PostgreSQL, where two instructors removing each other at once
        would otherwise both see two; SQLite's one writer already serialises it)."""
        statement = (
            select(members)
            .where(members.c.cohort_id == cohort_id, members.c.role == Role.INSTRUCTOR.value)
            .order_by(members.c.joined_at, members.c.id)
        )
        result = await self._db.execute(statement.with_for_update() if lock else statement)
        return [member_from_row(row) for row in result.mappings()]

    async def count_by_role(self, cohort_id: int) -> dict[Role, int]:
        result = await self._db.execute(
            select(members.c.role, func.count())
            .where(members.c.cohort_id == cohort_id)
            .group_by(members.c.role)
        )
        return {Role(role): count for role, count in result}

    async def update(self, member_id: int, **values: Any) -> Member:
        result = await self._db.execute(
            update(members).where(members.c.id == member_id).values(**values).returning(*members.c)
        )
        return member_from_row(result.mappings().one())

    async def pauses(self, member_id: int) -> list[Pause]:
        result = await self._db.execute(_PAUSES, {"member_id": member_id})
        return [Pause(start, end) for start, end in result.all()]

    async def pauses_with_roadmap(
        self, member_id: int, committed_in: str = ""
    ) -> tuple[list[Pause], tuple[int, int] | None, bool, dict[str, int]]:
        """``pauses``, for a member whose roadmap has items (done, total) of them, whether
        they have count budgets (only then does /progress read them), and the commitment
        (minutes per track) of their reflection of week ``committed_in``."""
        params = {"member_id": member_id, "committed_in": committed_in}
        rows = (await self._db.execute(_PAUSES_WITH_ROADMAP, params)).all()
        found = [Pause(row[0], row[1]) for row in rows if row[0] is not None]
        total, done = (int(rows[0][2] or 0), int(rows[0][3] or 0)) if rows else (0, 0)
        counted = bool(rows and rows[0][4])
        committed = commitments_from_json(rows[0][5]) if rows else {}
        return found, (done, total) if total else None, counted, committed

    async def pauses_in_cohort(self, cohort_id: int) -> dict[int, list[Pause]]:
        """Every member's pauses, in one query, for the scheduler's fan-out."""
        return await built(self._db, _pauses_by_member, _PAUSES_IN_COHORT, {"cohort_id": cohort_id})

    async def active_pause(self, member_id: int, today: date) -> Pause | None:
        result = await self._db.execute(_ACTIVE_PAUSE, {"member_id": member_id, "today": today})
        row = result.first()
        return Pause(*row) if row else None

    async def set_pause(self, member_id: int, start: date, end: date) -> None:
        """Replace any pause still running or planned from ``start`` on with ``start..end``."""
        await self._db.execute(
            delete(pauses).where(pauses.c.member_id == member_id, pauses.c.end_date >= start)
        )
        await self._db.execute(insert(pauses).values(member_id=member_id, start_date=start, end_date=end))

    async def end_pause(self, member_id: int, today: date) -> bool:
        """End a running pause yesterday (drop it if it had not begun); True if there was one."""
        result = await self._db.execute(
            select(pauses.c.id, pauses.c.start_date).where(
                pauses.c.member_id == member_id, pauses.c.end_date >= today
            )
        )
        rows = result.all()
        for pause_id, start in rows:
            if start >= today:
                await self._db.execute(delete(pauses).where(pauses.c.id == pause_id))
            else:
                await self._db.execute(
                    update(pauses)
                    .where(pauses.c.id == pause_id)
                    .values(end_date=date.fromordinal(today.toordinal() - 1))
                )
        return bool(rows)


def _pauses_by_member(result: Iterable[Sequence[Any]]) -> dict[int, list[Pause]]:
    found: dict[int, list[Pause]] = {}
    for member_id, start, end in result:
        found.setdefault(member_id, []).append(Pause(start, end))
    return found
