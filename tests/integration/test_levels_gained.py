"""Levels gained in a period (the digest's column, the skills chart's arrows) against a plain
recomputation from the raw assessments, on random histories with ties (SQLite and
PostgreSQL): per skill, the latest level in the period minus the level before it (or, for a
skill first assessed inside it, its first level there)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import assessments
from core.services.context import membership
from tests.integration.helpers import cohort_with, person

PROF = person("prof")
COHORT = "ML-Fall-2026"
SINCE = datetime(2026, 11, 1, tzinfo=UTC)
UNTIL = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def expected_gains(rows: list[tuple[int, int, int, datetime]]) -> dict[int, int]:
    """Skill id → gain, from (id, skill id, level, assessed at) rows, by the rule in words."""
    by_skill: dict[int, list[tuple[datetime, int, int]]] = defaultdict(list)
    for row_id, skill_id, level, at in rows:
        if at.astimezone(UTC) <= UNTIL:
            by_skill[skill_id].append((at.astimezone(UTC), row_id, level))
    gains: dict[int, int] = {}
    for skill_id, found in by_skill.items():
        found.sort()
        inside = [level for at, _, level in found if at >= SINCE]
        before = [level for at, _, level in found if at < SINCE]
        if inside:
            gains[skill_id] = inside[-1] - (before[-1] if before else inside[0])
    return gains


@pytest.mark.parametrize("seed", [4, 6])
async def test_levels_gained_match_the_raw_assessments(stride: Stride, clock: FixedClock, seed: int) -> None:
    rng = random.Random(seed)
    students = tuple(person(f"s{i}") for i in range(10))
    clock.set(datetime(2026, 9, 1, tzinfo=UTC))
    await cohort_with(stride.services, COHORT, PROF, students)
    instants = [SINCE + timedelta(days=d, hours=h) for d in (-20, -1, 0, 3, 17, 30) for h in (0, 5)]
    owner: dict[int, int] = {}
    async with stride.services.uow() as uow:
        for who in students:
            member = (await membership(uow, who, COHORT)).member
            for n in range(rng.randrange(0, 6)):
                skill = await uow.skills.add(
                    member.id,
                    name=f"Skill {n}",
                    kind="general",
                    priority=1,
                    current=0,
                    target=5,
                    notes=None,
                    now=SINCE,
                )
                owner[skill.id] = member.id
                for _ in range(rng.randrange(0, 6)):  # the same instant twice is common: ids break ties
                    at = rng.choice(instants)
                    await uow.skills.add_assessment(
                        skill.id, level=rng.randrange(6), note=None, source="assess", at=at
                    )
        await uow.commit()
    async with stride.engine.connect() as connection:
        raw = [
            tuple(row)
            for row in await connection.execute(
                select(
                    assessments.c.id, assessments.c.skill_id, assessments.c.level, assessments.c.assessed_at
                )
            )
        ]
    per_skill = expected_gains(raw)
    per_member: dict[int, int] = defaultdict(int)
    for skill_id, gain in per_skill.items():
        per_member[owner[skill_id]] += gain
    assert any(gain < 0 for gain in per_skill.values())  # lowered levels count negative
    assert any(gain > 0 for gain in per_skill.values())

    async with stride.services.uow() as uow:
        cohort = (await membership(uow, PROF, COHORT)).cohort
        assert await uow.reports.levels_gained(cohort.id, SINCE, UNTIL) == dict(per_member)
        for member_id in set(owner.values()):
            mine = {s: g for s, g in per_skill.items() if owner[s] == member_id}
            assert await uow.reports.skill_level_changes(member_id, SINCE, UNTIL) == mine


async def test_skills_not_assessed_in_the_period_count_for_nothing(stride: Stride, clock: FixedClock) -> None:
    """A skill assessed only before the period adds nothing to its member's sum, and a
    member with only such skills is absent (not 0), as is a skill without assessments."""
    both, only_before = person("both"), person("before")
    clock.set(datetime(2026, 9, 1, tzinfo=UTC))
    await cohort_with(stride.services, COHORT, PROF, (both, only_before))
    async with stride.services.uow() as uow:
        skill_ids: dict[str, int] = {}
        for who, name, levels in [
            (both, "Stale", {SINCE - timedelta(days=3): 2}),
            (both, "Climbing", {SINCE - timedelta(days=3): 1, SINCE + timedelta(days=2): 4}),
            (both, "Never", {}),
            (only_before, "Stale", {SINCE - timedelta(days=9): 3}),
        ]:
            member = (await membership(uow, who, COHORT)).member
            skill = await uow.skills.add(
                member.id, name=name, kind="general", priority=1, current=0, target=5, notes=None, now=SINCE
            )
            skill_ids[f"{who.user_id}/{name}"] = skill.id
            for at, level in levels.items():
                await uow.skills.add_assessment(skill.id, level=level, note=None, source="assess", at=at)
        await uow.commit()

    async with stride.services.uow() as uow:
        cohort = (await membership(uow, PROF, COHORT)).cohort
        both_id = (await membership(uow, both, COHORT)).member.id
        before_id = (await membership(uow, only_before, COHORT)).member.id
        assert await uow.reports.levels_gained(cohort.id, SINCE, UNTIL) == {both_id: 3}
        assert await uow.reports.skill_level_changes(both_id, SINCE, UNTIL) == {skill_ids["both/Climbing"]: 3}
        assert await uow.reports.skill_level_changes(before_id, SINCE, UNTIL) == {}
