"""Engine construction: the SQLite settings that make concurrent writers safe.

SQLite gets WAL (readers never block the writer), a busy timeout (a writer waits for the
lock instead of failing) and ``BEGIN IMMEDIATE`` for every transaction (the write lock is
taken up front, so two transactions can never deadlock upgrading a read lock — the cause of
"database is locked" that a busy timeout cannot cure).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, *, busy_timeout_ms: int = 30_000, echo: bool = False) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, echo=echo, pool_pre_ping=True)

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, echo=echo)

    @event.listens_for(engine.sync_engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy so "begin" below is the only BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # The busy timeout first, so switching to WAL also waits for a lock instead of failing.
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin_immediate(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def database_problem(error: BaseException) -> str | None:
    """One line saying why the database could not be used, or None if ``error`` is not that."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    if isinstance(error, ArgumentError | NoSuchModuleError):
        return f"the database URL is not valid: {str(error).splitlines()[0][:200]}"
    if isinstance(error, DBAPIError | OSError):
        reason = str(getattr(error, "orig", None) or error).splitlines()[0][:200]
        return f"cannot open the database: {reason}"
    return None
