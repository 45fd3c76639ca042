"""Minutes logged toward each skill since its last assessment (DESIGN §2).

A check-in counts toward a skill when it names the skill, or when it names none and its
track's budget is linked to the skill. Only minutes logged after the skill was last
assessed count: the assessment already measured what came before. The plan check asks it
of one member, the digest of a whole cohort, so the statement is built here once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select, union_all

from core.db.tables import budgets, checkins, skills

_SINCE = func.coalesce(skills.c.last_assessed_at, skills.c.created_at)


def minutes_toward_skills(which: ColumnElement[bool]) -> Select[tuple[int, int, int, int, int]]:
    """Rows of (skill id, member id, current, target, minutes) for the skills ``which``
    picks that have any minutes logged toward them since their last assessment."""
    named = (
        select(skills.c.id.label("skill_id"), checkins.c.minutes)
        .select_from(skills.join(checkins, checkins.c.skill_id == skills.c.id))
        .where(which, checkins.c.skill_id.is_not(None), checkins.c.created_at > _SINCE)
    )
    linked = (
        select(skills.c.id.label("skill_id"), checkins.c.minutes)
        .select_from(
            skills.join(budgets, budgets.c.skill_id == skills.c.id).join(
                checkins,
                and_(
                    checkins.c.member_id == budgets.c.member_id,
                    checkins.c.track == budgets.c.track,
                    checkins.c.skill_id.is_(None),
                ),
            )
        )
        .where(which, budgets.c.skill_id.is_not(None), checkins.c.created_at > _SINCE)
    )
    logged = union_all(named, linked).subquery("logged")
    return (
        select(
            skills.c.id,
            skills.c.member_id,
            skills.c.current_level,
            skills.c.target_level,
            func.sum(logged.c.minutes).label("minutes"),
        )
        .select_from(skills.join(logged, logged.c.skill_id == skills.c.id))
        .group_by(skills.c.id, skills.c.member_id, skills.c.current_level, skills.c.target_level)
    )


def skills_with_minutes(which: ColumnElement[bool]) -> Select[Any]:
    """The skills ``which`` picks, in the order they were added, each with a last column
    ``minutes_toward``: the minutes logged toward it since its last assessment (0 if none)."""
    logged = minutes_toward_skills(which).subquery("toward")
    return (
        select(skills, func.coalesce(logged.c.minutes, 0).label("minutes_toward"))
        .outerjoin(logged, logged.c.id == skills.c.id)
        .where(which)
        .order_by(skills.c.id)
    )
