"""Engine construction: the SQLite settings that make concurrent writers safe.

SQLite runs on SQLAlchemy's own ``sqlite+aiosqlite`` dialect, set up with the event recipe
SQLAlchemy documents for it. WAL lets readers work while one connection writes; the busy
timeout makes a writer from another process wait for the lock instead of failing; every
transaction that may write starts with ``BEGIN IMMEDIATE``, so the write lock is taken up
front and two transactions can never deadlock upgrading a read lock (the "database is
locked" a busy timeout cannot cure). A unit of work that only reads opens a plain ``BEGIN``
under ``query_only``: one consistent snapshot that never holds the write lock, so a long
report never makes a check-in wait, and a write slipped into it fails loudly.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

READ_ONLY = "stride_read_only"
"""Execution option of a connection whose transaction only reads."""
_QUERY_ONLY = "stride_query_only"
"""Key in a pooled connection's ``info``: whether ``PRAGMA query_only`` is on, so a
transaction changes it only when the kind of transaction changes."""


POSTGRES_SETTINGS = {"jit": "off"}
"""Session settings of every PostgreSQL connection. JIT compilation pays off for queries
that run for many seconds; a cohort report costs more to compile than it saves (measured
in docs/performance.md), and a command never runs long enough to gain from it."""

ACCEPTED_URLS = "sqlite:///path/to/stride.db or postgresql://user:password@host/dbname"
_LONGEST_URL = 2_000


class DatabaseUrlError(ValueError):
    """A database Stride cannot use; the message is one sentence an operator can act on."""


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def resolve_url(url: str) -> URL:
    """The URL Stride connects with, or :class:`DatabaseUrlError`.

    Any ``postgres``/``postgresql`` spelling runs on asyncpg and any ``sqlite`` spelling on
    aiosqlite, so a URL copied from a hosting dashboard works as it is; an SQLite
    file must be in a folder that exists (a typo in the path should not make folders).
    """
    try:
        parsed = make_url(url) if len(url) <= _LONGEST_URL else None
    except ArgumentError:
        parsed = None
    if parsed is None:
        raise DatabaseUrlError(f"The database URL is not valid: write it like {ACCEPTED_URLS}.")
    backend = parsed.get_backend_name()
    if backend in ("postgres", "postgresql"):
        return parsed.set(drivername="postgresql+asyncpg")
    if backend != "sqlite":
        raise DatabaseUrlError(
            f"The database URL is not valid: Stride runs on SQLite or PostgreSQL, not "
            f"{backend[:20]}; write it like {ACCEPTED_URLS}."
        )
    path = sqlite_file(parsed)
    if path is not None and not path.parent.is_dir():
        raise DatabaseUrlError(
            f"The folder {str(path.parent)[:200]} of the SQLite database does not exist; "
            "create it first or correct the path in the database URL."
        )
    return parsed.set(drivername="sqlite+aiosqlite")


def sqlite_file(url: URL) -> Path | None:
    """The file of an SQLite database on disk; None for an in-memory one or another backend."""
    database = url.database
    if url.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return None
    if url.query.get("mode") == "memory" or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def missing_database(url: str) -> str | None:
    """The path, as ``url`` writes it, of an SQLite file that opening ``url`` would create."""
    parsed = resolve_url(url)
    path = sqlite_file(parsed)
    return parsed.database if path is not None and not path.exists() else None


def create_engine(url: str, *, busy_timeout_ms: int = 30_000, echo: bool = False) -> AsyncEngine:
    """An engine for ``url`` (see :func:`resolve_url`). Parameters are hidden from errors and
    echo, whatever the backend: they are what students wrote, and errors end up in logs."""
    parsed = resolve_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(
            parsed,
            echo=echo,
            pool_pre_ping=True,
            hide_parameters=True,
            connect_args={"server_settings": POSTGRES_SETTINGS},
        )

    path = sqlite_file(parsed)
    if path is not None:
        _open_once(path)
    engine = create_async_engine(
        parsed, echo=echo, hide_parameters=True, connect_args={"timeout": busy_timeout_ms / 1000}
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy, so "begin" below is the only BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection: Connection) -> None:
        read_only = bool(connection.get_execution_options().get(READ_ONLY))
        if connection.info.get(_QUERY_ONLY, False) != read_only:
            connection.exec_driver_sql(f"PRAGMA query_only={'ON' if read_only else 'OFF'}")
            connection.info[_QUERY_ONLY] = read_only
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _open_once(path: Path) -> None:
    """Open the file once, here, so a file SQLite cannot open is one clear error.

    When aiosqlite's first connection fails, its worker thread may still be handing the
    failure back as the command exits and prints a thread traceback (aiosqlite issue #241).
    """
    try:
        sqlite3.connect(path).close()
    except sqlite3.Error as error:
        raise DatabaseUrlError(f"cannot open the database: {str(error)[:200]}") from error


def database_problem(error: BaseException) -> str | None:
    """One line saying why the database could not be used, or None if ``error`` is not that."""
    from sqlalchemy.exc import DBAPIError, NoSuchModuleError

    if isinstance(error, DatabaseUrlError):
        return str(error)
    if isinstance(error, ArgumentError | NoSuchModuleError):
        return f"The database URL is not valid: write it like {ACCEPTED_URLS}."
    if isinstance(error, DBAPIError | OSError):
        reason = str(getattr(error, "orig", None) or error).splitlines()[0][:200]
        return f"cannot open the database: {reason}"
    return None
