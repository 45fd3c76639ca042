"""The schema comes only from Alembic revisions, and it must match the table definitions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db import migrate
from core.db.engine import create_engine
from core.db.tables import assessments, metadata
from core.db.tables import skills as skill_rows
from core.domain.levels import SkillKind
from core.services import skills
from tests.integration.helpers import cohort_with, person


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def test_migrated_schema_matches_the_models(stride: Stride) -> None:
    async with stride.engine.connect() as connection:
        differences = await connection.run_sync(_diff)
    assert differences == []


async def test_every_table_exists_after_migration(stride: Stride) -> None:
    def names(connection: Connection) -> set[str]:
        return set(inspect(connection).get_table_names())

    async with stride.engine.connect() as connection:
        tables = await connection.run_sync(names)
    assert {t.name for t in metadata.sorted_tables} <= tables
    assert "alembic_version" in tables


def test_the_schema_head_constant_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(migrate.alembic_config()).get_current_head() == migrate.SCHEMA_HEAD


async def test_alembic_runs_only_when_a_revision_is_missing(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []
    monkeypatch.setattr(migrate, "_upgrade", lambda _connection, revision: ran.append(revision))
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine)  # the fixture's database is at the head
        assert ran == []
        await _claim_revision(engine, "0004")
        try:
            await migrate.upgrade(engine)
        finally:  # the schema never left the head: say so again for the tests after this one
            await _claim_revision(engine, migrate.SCHEMA_HEAD)
        assert ran == ["head"]
    finally:
        await engine.dispose()


async def _claim_revision(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


async def test_the_assessments_index_revision_goes_down_and_up_keeping_every_assessment(
    stride: Stride,
) -> None:
    ada = person("ada")
    await cohort_with(stride.services, "Cohort", person("prof"), (ada,))
    await skills.add_skill(
        stride.services, ada, None, name="SQL", kind=SkillKind.GENERAL, priority=1, current=1, target=3
    )
    await skills.assess_skill(stride.services, ada, None, "SQL", 2)

    def step(connection: Connection, revision: str, down: bool) -> set[str]:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)
        return {index["name"] or "" for index in inspect(connection).get_indexes("assessments")}

    async with stride.engine.begin() as connection:
        assert await connection.run_sync(step, "0005", True) >= {"ix_assessments_skill"}
    async with stride.engine.begin() as connection:
        indexes = await connection.run_sync(step, "head", False)
        levels = (await connection.execute(select(assessments.c.level).order_by(assessments.c.id))).all()
        assert (await connection.execute(select(func.count()).select_from(assessments))).scalar_one() == 2
    assert "ix_assessments_skill" not in indexes
    assert "ix_assessments_skill_level" in indexes
    assert [level for (level,) in levels] == [1, 2]
    async with stride.engine.connect() as connection:
        assert await connection.run_sync(_diff) == []


async def test_the_last_assessment_is_kept_on_the_skill_and_filled_by_its_revision(
    stride: Stride, clock: FixedClock
) -> None:
    """Every write that adds an assessment keeps ``skills.last_assessed_at`` at the newest
    one (adding, updating the level, assessing), and revision 0007 fills it the same way."""
    ada = person("ada")
    ctx = stride.services
    await cohort_with(ctx, "Cohort", person("prof"), (ada,))
    for name, kind in (("SQL", SkillKind.GENERAL), ("Go", SkillKind.SPECIFIC)):
        await skills.add_skill(ctx, ada, None, name=name, kind=kind, priority=1, current=1, target=3)
    clock.set(clock.now() + timedelta(hours=1))
    await skills.update_skill(ctx, ada, None, "SQL", current=2)
    clock.set(clock.now() + timedelta(days=3))
    await skills.assess_skill(ctx, ada, None, "Go", 2)

    newest = (
        select(assessments.c.skill_id, func.max(assessments.c.assessed_at))
        .group_by(assessments.c.skill_id)
        .order_by(assessments.c.skill_id)
    )
    kept = select(skill_rows.c.id, skill_rows.c.last_assessed_at).order_by(skill_rows.c.id)

    async def both() -> tuple[list[Any], list[Any]]:
        async with stride.engine.connect() as connection:
            return (
                [tuple(row) for row in await connection.execute(newest)],
                [tuple(row) for row in await connection.execute(kept)],
            )

    expected, found = await both()
    assert found == expected
    assert found[0][1] != found[1][1]  # the two skills were assessed at different times

    def step(connection: Connection, revision: str, down: bool) -> None:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)

    async with stride.engine.begin() as connection:
        await connection.run_sync(step, "0006", True)
    async with stride.engine.begin() as connection:
        await connection.run_sync(step, "head", False)
    assert await both() == (expected, expected)


async def test_the_skill_indexes_hold_only_rows_that_name_a_skill(stride: Stride) -> None:
    """Most check-ins and budgets name no skill: a full index of NULLs made SQLite's planner
    scan every check-in to find the few that count toward a skill."""

    def partial(connection: Connection) -> dict[str, object]:
        found = {}
        for table in ("checkins", "budgets"):
            [index] = [
                i for i in inspect(connection).get_indexes(table) if i["name"] == f"ix_{table}_skill_id"
            ]
            options = index.get("dialect_options", {})
            found[table] = options.get("sqlite_where", options.get("postgresql_where"))
        return found

    async with stride.engine.connect() as connection:
        found = await connection.run_sync(partial)
    assert all("skill_id IS NOT NULL" in str(where) for where in found.values()), found
