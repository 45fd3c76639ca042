"""The schema comes only from Alembic revisions, and it must match the table definitions."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from core.bootstrap import Stride
from core.db.tables import metadata


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def test_migrated_schema_matches_the_models(stride: Stride) -> None:
    async with stride.engine.connect() as connection:
        differences = await connection.run_sync(_diff)
    assert differences == []


async def test_every_table_exists_after_migration(stride: Stride) -> None:
    def names(connection: Connection) -> set[str]:
        from sqlalchemy import inspect

        return set(inspect(connection).get_table_names())

    async with stride.engine.connect() as connection:
        tables = await connection.run_sync(names)
    assert {t.name for t in metadata.sorted_tables} <= tables
    assert "alembic_version" in tables
