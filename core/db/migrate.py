"""Apply Alembic revisions from ``migrations/``: the only way the schema is made or changed.

Alembic is imported only when there is something to apply: a start on a database already
at ``SCHEMA_HEAD`` reads its version row and goes on (importing Alembic and reading every
revision file was a sixth of ``stride run``'s start-up).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from core.db.engine import READ_ONLY

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
SCHEMA_HEAD = "0014"
"""The newest revision in ``migrations/versions`` (a test keeps the two in step)."""


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the database behind ``engine`` up to ``revision`` (creating it if needed)."""
    if revision == "head" and await _stored_revision(engine) == SCHEMA_HEAD:
        return
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)


async def _stored_revision(engine: AsyncEngine) -> str | None:
    """The revision in ``alembic_version``, read without Alembic; None for a new database."""
    async with engine.connect() as connection:
        await connection.execution_options(**{READ_ONLY: True})  # SQLite: no write lock for a read
        if not await connection.run_sync(lambda sync: inspect(sync).has_table("alembic_version")):
            return None
        versions = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
    return versions[0] if len(versions) == 1 else None


def _current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as connection:
        return await connection.run_sync(_current)
