"""SQLite and PostgreSQL behind one interface: prepare the dataset, and replay SQL by hand.

The floor of a command is the very SQL Stride sent for it (recorded with a SQLAlchemy
cursor event), replayed with the stdlib ``sqlite3`` module on the same file, or with a
bare ``asyncpg`` connection on the same database: what is left between the two is the
cost of Stride itself (services, SQLAlchemy, the async driver).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bench import dataset
from bench.scale import Scale

Statement = tuple[str, Any]
DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
QUERY_ONLY = "PRAGMA query_only"
TRANSACTION_CONTROL = ("BEGIN", "PRAGMA QUERY_ONLY", "COMMIT", "ROLLBACK")
"""Statements that open, mark read-only or end a transaction: not counted as a command's."""


@dataclass
class Recording:
    """The statements one service call sent, in order."""

    statements: list[Statement] = field(default_factory=list)


@contextlib.contextmanager
def recording(engine: AsyncEngine) -> Iterator[Recording]:
    found = Recording()

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
        found.statements.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    try:
        yield found
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", capture)


def is_transaction_control(statement: str) -> bool:
    return statement.lstrip().upper().startswith(TRANSACTION_CONTROL)


def dataset_key(scale: Scale) -> str:
    """Names a kept dataset by its size and by the schema revision it was built at: a dataset
    from an older schema (or another branch's) is never reused, or upgraded in place, where
    the bulk loader did not fill what a newer revision adds."""
    return f"{scale.key()}-r{schema_head()}"


def schema_head() -> str:
    from alembic.script import ScriptDirectory

    from core.db.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "migrations/ has no revision"
    return head


class Floor(Protocol):
    async def replay(self, statements: list[Statement]) -> None: ...

    async def close(self) -> None: ...


class Backend(Protocol):
    name: str

    @property
    def url(self) -> str: ...

    async def prepare(self, scale: Scale) -> dataset.Dataset: ...

    async def scratch(self, label: str) -> str:
        """A URL of a new, empty database for a run that must start clean."""
        ...

    async def floor(self) -> Floor: ...


class SqliteFloor:
    def __init__(self, path: str) -> None:
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA busy_timeout=30000")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA synchronous=NORMAL")

    async def replay(self, statements: list[Statement]) -> None:
        db = self._db
        for statement, parameters in statements:
            if not statement.startswith(QUERY_ONLY):  # the state of Stride's pooled connection
                db.execute(statement, parameters).fetchall()
        db.execute("COMMIT" if db.in_transaction else "SELECT 1")

    async def close(self) -> None:
        self._db.close()


class SqliteBackend:
    name = "sqlite"

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self.path: Path | None = None

    @property
    def url(self) -> str:
        assert self.path is not None, "prepare() first"
        return f"sqlite:///{self.path}"

    async def prepare(self, scale: Scale) -> dataset.Dataset:
        self.cache.mkdir(parents=True, exist_ok=True)
        self.path = self.cache / f"stride-bench-{dataset_key(scale)}.db"
        done = self.path.with_suffix(".done")
        if done.exists() and self.path.exists():
            built = dataset.Dataset(self.url, scale, True, 0.0, int(done.read_text() or 0))
        else:
            _remove_database_files(self.path)
            began = time.perf_counter()
            ids = await dataset.create_cohorts(self.url, scale)
            with contextlib.closing(sqlite3.connect(self.path)) as db:
                first_member = db.execute("SELECT max(id) FROM members").fetchone()[0] + 1
            rows = dataset.plan_rows(scale, ids, first_member, 1)
            written = dataset.fill_sqlite(self.path, rows)
            done.write_text(str(written))
            built = dataset.Dataset(self.url, scale, False, time.perf_counter() - began, written)
        # Every run works on a copy of the dataset as built: the check-ins earlier runs wrote
        # would otherwise pile up in the same members' weeks and slow each run down further.
        work = self.path.with_name(f"{self.path.stem}-work.db")
        _remove_database_files(work)
        shutil.copyfile(self.path, work)
        self.path = work
        return built

    async def scratch(self, label: str) -> str:
        path = self.cache / f"scratch-{label}.db"
        _remove_database_files(path)
        return f"sqlite:///{path}"

    async def floor(self) -> Floor:
        assert self.path is not None, "prepare() first"
        return SqliteFloor(str(self.path))


def _remove_database_files(path: Path) -> None:
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)


def asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class PostgresFloor:
    def __init__(self, connection: Any) -> None:
        self._db = connection

    async def replay(self, statements: list[Statement]) -> None:
        async with self._db.transaction():
            for statement, parameters in statements:
                await self._db.fetch(statement, *(parameters or ()))

    async def close(self) -> None:
        await self._db.close()


class PostgresBackend:
    """A dedicated database per scale (``stride_bench_<scale>``) on the server of ``admin_url``."""

    name = "postgresql"
    COMPLETE = "stride bench dataset complete"

    def __init__(self, admin_url: str, prefix: str = "stride_bench") -> None:
        self.admin_url = admin_url
        self.prefix = prefix
        self.database: str | None = None
        self.made: set[str] = set()

    @property
    def url(self) -> str:
        assert self.database is not None, "prepare() first"
        return self._url_of(self.database)

    def _url_of(self, database: str) -> str:
        return make_url(self.admin_url).set(database=database).render_as_string(hide_password=False)

    @contextlib.asynccontextmanager
    async def _admin(self) -> AsyncIterator[Any]:
        import asyncpg

        connection = await asyncpg.connect(asyncpg_dsn(self.admin_url))
        try:
            yield connection
        finally:
            await connection.close()

    async def _recreate(self, name: str) -> None:
        async with self._admin() as admin:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.execute(f'CREATE DATABASE "{name}"')
        self.made.add(name)

    async def drop_all(self) -> None:
        """Drop every database this backend made (the tests' toy runs clean up after themselves)."""
        async with self._admin() as admin:
            for name in sorted(self.made):
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.clear()

    async def prepare(self, scale: Scale) -> dataset.Dataset:
        self.database = f"{self.prefix}_" + re.sub(r"[^a-z0-9]+", "_", dataset_key(scale).lower())
        async with self._admin() as admin:
            note = await admin.fetchval(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
                self.database,
            )
        if note and note.startswith(self.COMPLETE):
            built = dataset.Dataset(self.url, scale, True, 0.0, int(note.rsplit(" ", 1)[-1]))
        else:
            built = await self._build(scale)
        # A copy per run, as on SQLite: earlier runs' check-ins never pile up.
        pristine, self.database = self.database, f"{self.database}_work"
        async with self._admin() as admin:
            await admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            await admin.execute(f'CREATE DATABASE "{self.database}" TEMPLATE "{pristine}"')
        self.made.add(self.database)
        return built

    async def _build(self, scale: Scale) -> dataset.Dataset:
        assert self.database is not None
        began = time.perf_counter()
        await self._recreate(self.database)
        ids = await dataset.create_cohorts(self.url, scale)
        import asyncpg

        connection = await asyncpg.connect(asyncpg_dsn(self.url))
        try:
            first_member = int(await connection.fetchval("SELECT max(id) FROM members")) + 1
        finally:
            await connection.close()
        rows = dataset.plan_rows(scale, ids, first_member, 1)
        written = await dataset.fill_postgres(asyncpg_dsn(self.url), rows)
        async with self._admin() as admin:
            await admin.execute(f"COMMENT ON DATABASE \"{self.database}\" IS '{self.COMPLETE} {written}'")
        return dataset.Dataset(self.url, scale, False, time.perf_counter() - began, written)

    async def scratch(self, label: str) -> str:
        name = f"{self.prefix}_scratch_{label}"
        await self._recreate(name)
        return self._url_of(name)

    async def floor(self) -> Floor:
        import asyncpg

        return PostgresFloor(await asyncpg.connect(asyncpg_dsn(self.url)))


def backend_for(pg: bool, cache: Path) -> Backend:
    if pg:
        return PostgresBackend(os.environ.get("STRIDE_BENCH_PG_URL") or DEFAULT_PG_URL)
    return SqliteBackend(cache)
