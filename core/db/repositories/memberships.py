"""Who is speaking, in one query: their cohorts and memberships, with what a command needs
of them next (their budgets, the skill they named).

Every command starts by finding the speaker's membership; a check-in then needs their
budgets and the skill it names, progress the budgets. Asked together they are one round
trip instead of three, which is most of what a short command costs on a threaded driver.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, null, select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.repositories.cohorts import cohort_from_row, member_from_row, name_key
from core.db.tables import budgets, cohorts, members, skills
from core.domain.model import BudgetRow, Cohort, Member

_BUDGET_COLUMNS = (
    budgets.c.track,
    budgets.c.min_minutes,
    budgets.c.max_minutes,
    budgets.c.period,
    budgets.c.skill_id,
)
_SKILL_COLUMNS = (skills.c.id, skills.c.name)


@dataclass
class FoundMembership:
    """A cohort of the speaker's workspace and their membership of it (None when a cohort
    asked for by name does not have them), with the budgets and skill asked for."""

    cohort: Cohort
    member: Member | None
    budgets: list[BudgetRow] = field(default_factory=list)
    skill: tuple[int, str] | None = None


@cache
def _statement(named: bool, with_budgets: bool, with_skill: bool, lock: bool = False) -> Select[Any]:
    """Members' columns, then the cohort's, the budget's and the skill's (NULL when absent
    or not asked for). By name: the cohort even without the speaker in it, so the reply can
    say which of the two is wrong. ``lock``: the member's row is locked until the
    transaction ends (PostgreSQL ``FOR UPDATE OF members``; SQLite's writers are one at a
    time anyway), so a member's check-ins and corrections run one after the other; the
    member must then be found (an inner join: PostgreSQL locks no outer join's NULL side)."""
    on = (members.c.cohort_id == cohorts.c.id) & (members.c.user_id == bindparam("user_id"))
    joined = cohorts.join(members, on) if lock else cohorts.outerjoin(members, on)
    if with_budgets:
        joined = joined.outerjoin(budgets, budgets.c.member_id == members.c.id)
    if with_skill:
        joined = joined.outerjoin(
            skills, (skills.c.member_id == members.c.id) & (skills.c.name_key == bindparam("skill_key"))
        )
    statement = (
        select(
            *members.c,
            *cohorts.c,
            *(
                _BUDGET_COLUMNS
                if with_budgets
                else [null().label(f"budget_{c.name}") for c in _BUDGET_COLUMNS]
            ),
            *(_SKILL_COLUMNS if with_skill else [null().label(f"skill_{c.name}") for c in _SKILL_COLUMNS]),
        )
        .select_from(joined)
        .where(
            cohorts.c.platform == bindparam("platform"), cohorts.c.workspace_id == bindparam("workspace_id")
        )
        .order_by(members.c.joined_at, members.c.id, *([budgets.c.track] if with_budgets else []))
    )
    if lock:
        statement = statement.with_for_update(of=members)
    if named:
        return statement.where(cohorts.c.name_key == bindparam("name_key"))
    return statement.where(members.c.id.is_not(None))


class MembershipRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def find(
        self,
        platform: str,
        workspace_id: str,
        user_id: str,
        cohort_name: str | None = None,
        *,
        with_budgets: bool = False,
        skill_key: str | None = None,
        lock: bool = False,
    ) -> list[FoundMembership]:
        """The speaker's memberships of this workspace, oldest first; with ``cohort_name``,
        that cohort alone (empty if there is none, ``member`` None if they are not in it;
        with ``lock``, empty then too)."""
        values = {"platform": platform, "workspace_id": workspace_id, "user_id": user_id}
        if cohort_name is not None:
            values["name_key"] = name_key(cohort_name)
        if skill_key is not None:
            values["skill_key"] = skill_key
        statement = _statement(cohort_name is not None, with_budgets, skill_key is not None, lock)
        rows = (await self._db.execute(statement, values)).all()
        return _grouped(rows)


def _grouped(rows: Sequence[Sequence[Any]]) -> list[FoundMembership]:
    """One ``FoundMembership`` per cohort, its budget rows gathered in order."""
    member_end = len(members.c)
    cohort_end = member_end + len(cohorts.c)
    budget_end = cohort_end + len(_BUDGET_COLUMNS)
    found: dict[int, FoundMembership] = {}
    for row in rows:
        cohort_id = row[member_end]
        entry = found.get(cohort_id)
        if entry is None:
            member = row[:member_end]
            skill_id, skill_name = row[budget_end], row[budget_end + 1]
            entry = found[cohort_id] = FoundMembership(
                cohort_from_row(dict(zip(cohorts.c.keys(), row[member_end:cohort_end], strict=True))),
                member_from_row(dict(zip(members.c.keys(), member, strict=True))) if member[0] else None,
                skill=(skill_id, skill_name) if skill_id is not None else None,
            )
        track = row[cohort_end]
        if track is not None:
            entry.budgets.append(BudgetRow(*row[cohort_end:budget_end]))
    return list(found.values())
