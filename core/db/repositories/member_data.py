"""Everything Stride keeps about one member: read out for ``/me export``, erased for ``/me delete``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, Table, cast, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.tables import (
    assessments,
    budgets,
    checkin_corrections,
    checkins,
    count_budgets,
    goals,
    members,
    notifications,
    pauses,
    plans,
    reflections,
    roadmap_items,
    roadmap_phases,
    roadmap_suggestions,
    roadmaps,
    session_rsvps,
    skills,
    study_sessions,
    tallies,
    week_totals,
)
from core.views.reports import without_member


def _owned(member_id: int) -> list[tuple[Table, ColumnElement[bool]]]:
    """Each table with the condition picking this member's rows, children before parents."""
    skill_ids = select(skills.c.id).where(skills.c.member_id == member_id).scalar_subquery()
    roadmap_ids = select(roadmaps.c.id).where(roadmaps.c.member_id == member_id).scalar_subquery()
    shared_ids = select(cast(reflections.c.id, String)).where(reflections.c.member_id == member_id)
    return [
        (roadmap_items, roadmap_items.c.roadmap_id.in_(roadmap_ids)),
        (roadmap_suggestions, roadmap_suggestions.c.roadmap_id.in_(roadmap_ids)),
        (roadmap_phases, roadmap_phases.c.roadmap_id.in_(roadmap_ids)),
        (roadmaps, roadmaps.c.member_id == member_id),
        (notifications, notifications.c.member_id == member_id),
        # Their reflections shared in the channel: channel rows, so not theirs by member_id.
        (
            notifications,
            (notifications.c.kind == "reflection_share") & notifications.c.period_key.in_(shared_ids),
        ),
        (assessments, assessments.c.skill_id.in_(skill_ids)),
        (checkin_corrections, checkin_corrections.c.member_id == member_id),
        (checkins, checkins.c.member_id == member_id),
        (study_sessions, study_sessions.c.member_id == member_id),
        (tallies, tallies.c.member_id == member_id),
        (count_budgets, count_budgets.c.member_id == member_id),
        (skills, skills.c.member_id == member_id),
        (goals, goals.c.member_id == member_id),
        (reflections, reflections.c.member_id == member_id),
        (budgets, budgets.c.member_id == member_id),
        (plans, plans.c.member_id == member_id),
        (pauses, pauses.c.member_id == member_id),
        (session_rsvps, session_rsvps.c.member_id == member_id),
        (members, members.c.id == member_id),
    ]


class MemberDataRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def dump(self, member_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row of the member's, by table name, in primary-key order."""
        found: dict[str, list[dict[str, Any]]] = {}
        for table, condition in reversed(_owned(member_id)):
            result = await self._db.execute(
                select(table).where(condition).order_by(*table.primary_key.columns)
            )
            found.setdefault(table.name, []).extend(dict(row) for row in result.mappings())
        return found

    async def erase(self, member_id: int) -> dict[str, int]:
        """Delete every row of the member's; how many went from each table. The week totals
        (sums of the check-ins, not records of the member's own) go too, uncounted."""
        await self._db.execute(delete(week_totals).where(week_totals.c.member_id == member_id))
        await self._redact_reports(member_id)
        counts: dict[str, int] = {}
        for table, condition in _owned(member_id):
            result = await self._db.execute(delete(table).where(condition))
            counts[table.name] = counts.get(table.name, 0) + (result.rowcount or 0)
        return counts

    async def _redact_reports(self, member_id: int) -> None:
        """Take the member out of the cohort's stored messages to others (boards, digests):
        the payload loses their part, the row keeps its delivery record (status, sent_at)."""
        member = (
            await self._db.execute(
                select(members.c.cohort_id, members.c.display_name).where(members.c.id == member_id)
            )
        ).one_or_none()
        if member is None:
            return
        rows = await self._db.execute(
            select(notifications.c.id, notifications.c.payload).where(
                notifications.c.cohort_id == member.cohort_id,
                or_(notifications.c.member_id.is_(None), notifications.c.member_id != member_id),
            )
        )
        for row in rows.all():
            redacted = without_member(row.payload, member.display_name)
            if redacted != row.payload:
                await self._db.execute(
                    update(notifications).where(notifications.c.id == row.id).values(payload=redacted)
                )
