"""SQLite on SQLAlchemy's stock aiosqlite dialect, with the settings concurrent writers need:
WAL, foreign keys, ``synchronous=NORMAL``, the busy timeout, ``BEGIN IMMEDIATE`` for a unit
of work that may write and a read-only transaction for one that only reads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from core.db.engine import READ_ONLY, DatabaseUrlError, create_engine, resolve_url
from core.db.uow import UnitOfWork
from core.errors import Conflict


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    made = create_engine(f"sqlite:///{tmp_path}/e.db", busy_timeout_ms=1_234)
    async with made.begin() as connection:
        await connection.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)"))
    yield made
    await made.dispose()


@pytest.mark.parametrize("scheme", ["sqlite", "sqlite+pysqlite", "sqlite+aiosqlite"])
def test_every_sqlite_spelling_runs_on_aiosqlite(scheme: str, tmp_path: Path) -> None:
    assert resolve_url(f"{scheme}:///{tmp_path}/x.db").drivername == "sqlite+aiosqlite"


def test_a_file_sqlite_cannot_open_fails_before_any_worker_thread_starts() -> None:
    """aiosqlite's worker can print a thread traceback when its first connection fails."""
    import threading

    before = threading.active_count()
    with pytest.raises(DatabaseUrlError, match=r"^cannot open the database: unable to open"):
        create_engine("sqlite:////proc/x.db")
    assert threading.active_count() == before


async def test_each_connection_gets_the_settings(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        found = {
            pragma: (await connection.exec_driver_sql(f"PRAGMA {pragma}")).scalar_one()
            for pragma in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
        }
    assert found == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 1, "busy_timeout": 1_234}


async def test_a_writing_unit_takes_the_write_lock_when_it_begins(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    impatient = create_engine(f"sqlite:///{tmp_path}/e.db", busy_timeout_ms=0)
    try:
        async with UnitOfWork(engine):  # no statement yet: BEGIN IMMEDIATE alone holds the lock
            with pytest.raises(Conflict, match="busy"):
                async with UnitOfWork(impatient):
                    pass
        async with UnitOfWork(impatient) as uow:  # free again once the first one ended
            assert uow.cohorts is not None
    finally:
        await impatient.dispose()


async def test_a_read_only_unit_refuses_writes_and_never_blocks_a_writer(engine: AsyncEngine) -> None:
    async with UnitOfWork(engine, read_only=True) as reader:
        async with engine.begin() as writer:  # BEGIN IMMEDIATE while a reader is open
            await writer.exec_driver_sql("INSERT INTO note (body) VALUES ('kept')")
        async with engine.connect() as connection:
            read_only = await connection.execution_options(**{READ_ONLY: True})
            with pytest.raises(OperationalError, match="readonly"):
                await read_only.exec_driver_sql("INSERT INTO note (body) VALUES ('lost')")
        assert reader.cohorts is not None
    async with engine.connect() as connection:  # the pooled connection writes again after it
        await connection.exec_driver_sql("INSERT INTO note (body) VALUES ('after')")
        await connection.commit()
        rows = (await connection.exec_driver_sql("SELECT body FROM note ORDER BY id")).scalars().all()
    assert rows == ["kept", "after"]
