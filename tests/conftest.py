"""Shared fixtures: a migrated database on SQLite and on PostgreSQL, a fixed clock, and a
console session that doubles as the end-to-end harness."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.console.session import ConsoleSession, Reply
from core.bootstrap import Stride, start
from core.clock import FixedClock
from core.db.engine import create_engine
from core.db.migrate import upgrade
from core.db.tables import metadata
from core.services.charts import WORKERS
from core.settings import Settings

PG_URL = os.environ.get("STRIDE_TEST_PG_URL", "")
REQUIRE_PG = os.environ.get("STRIDE_REQUIRE_PG") == "1"
# Wednesday 18 November 2026, 10:00 UTC: mid-week, so "this week" has days on both sides.
DEFAULT_NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def pytest_configure(config: pytest.Config) -> None:
    # No time limit per example: a busy CI machine must not fail a property for being slow
    # (speed is the bench's business, never a unit test's).
    hypothesis_settings.register_profile("stride", deadline=None)
    hypothesis_settings.load_profile("stride")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if PG_URL:
        return
    if REQUIRE_PG:
        raise pytest.UsageError("STRIDE_REQUIRE_PG=1 but STRIDE_TEST_PG_URL is not set")
    skip = pytest.mark.skip(reason="set STRIDE_TEST_PG_URL to run the PostgreSQL variant")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file, copied for each test (migrating per test is slower)."""
    path = tmp_path_factory.mktemp("template") / "template.db"

    async def build() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()  # the last connection closing checkpoints the WAL

    asyncio.run(build())
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of this test run's own on the server STRIDE_TEST_PG_URL names, migrated
    once and dropped at the end, so concurrent runs (CI, developers) never meet."""
    if not PG_URL:
        pytest.skip("set STRIDE_TEST_PG_URL to run the PostgreSQL variant")
    name = f"stride_test_{os.getpid()}_{secrets.token_hex(3)}"
    url = make_url(PG_URL)
    own = url.set(database=name).render_as_string(hide_password=False)

    async def admin(statement: str) -> None:
        engine = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                await connection.execute(text(statement))
        finally:
            await engine.dispose()

    async def migrate() -> None:
        engine = create_engine(own)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    _in_thread(admin(f'CREATE DATABASE "{name}"'))
    try:
        _in_thread(migrate())
        yield own
    finally:
        _in_thread(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _in_thread(work: Coroutine[Any, Any, None]) -> None:
    """Run ``work`` on its own event loop, even when a test's loop is already running."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, work).result()


# Every table emptied, dependents first, and every sequence back to 1, as TRUNCATE ...
# RESTART IDENTITY CASCADE would: DELETE on a table of a few rows takes microseconds where
# TRUNCATE (a new file per table and its indexes) took half a second for the 25 tables,
# before every PostgreSQL test. One round trip on a plain asyncpg connection, which (unlike
# a SQLAlchemy engine) sends several statements at once and connects without a handshake
# of queries of its own.
EMPTY_POSTGRES = "; ".join(
    [
        *(f"DELETE FROM {table.name}" for table in reversed(metadata.sorted_tables)),
        "SELECT setval(c.oid, 1, false) FROM pg_class c WHERE c.relkind = 'S'",
    ]
)


async def empty_postgres(url: str) -> None:
    connection = await asyncpg.connect(make_url(url).set(drivername="postgresql").render_as_string(False))
    try:
        async with connection.transaction():
            await connection.execute(EMPTY_POSTGRES)
    finally:
        await connection.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> str:
    """A migrated, empty database: a fresh SQLite file, or the PostgreSQL test database."""
    if request.param == "sqlite":
        target = tmp_path / "stride.db"
        await asyncio.to_thread(shutil.copyfile, sqlite_template, target)
        return f"sqlite+aiosqlite:///{target}"
    url: str = request.getfixturevalue("postgres_url")
    await empty_postgres(url)
    return url


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(DEFAULT_NOW)


@pytest.fixture(scope="session", autouse=True)
def chart_worker() -> Iterator[None]:
    """One chart worker for the whole run (per xdist worker): it keeps no state between
    charts, and starting it (a spawned process importing matplotlib) costs seconds, which
    every test drawing a chart paid again. The tests of its own lifecycle start their own
    (tests/unit/test_chart_off_loop.py, tests/cli/test_shutdown.py)."""
    yield
    WORKERS.shutdown()


@pytest.fixture
async def stride(database_url: str, clock: FixedClock) -> AsyncIterator[Stride]:
    app = await start(Settings(), database_url=database_url, clock=clock, migrate=False)
    try:
        yield app
    finally:
        await app.close(keep_chart_worker=True)  # the session's, shut down by chart_worker


@dataclass
class Console:
    """Say lines as a user and read replies, the way a person at the console would."""

    session: ConsoleSession
    clock: FixedClock

    async def say(self, line: str) -> Reply:
        return await self.session.handle(line)

    async def ok(self, line: str) -> str:
        reply = await self.session.handle(line)
        assert reply.ok, f"{line!r} failed: {reply.error}"
        return reply.text()

    async def fails(self, line: str) -> str:
        reply = await self.session.handle(line)
        assert not reply.ok, f"{line!r} should have failed but said:\n{reply.text()}"
        assert reply.error is not None
        return reply.error


@pytest.fixture
async def console(stride: Stride, clock: FixedClock, tmp_path: Path) -> Console:
    """The console as prof; replies' files (charts) go to the test's own folder."""
    return Console(ConsoleSession(stride.services, "prof", files_dir=tmp_path / "files"), clock)


@pytest.fixture
def no_env_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep a developer's config.toml and STRIDE_* variables out of settings tests."""
    for key in list(os.environ):
        if key.startswith("STRIDE_") and key not in ("STRIDE_TEST_PG_URL", "STRIDE_REQUIRE_PG"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
