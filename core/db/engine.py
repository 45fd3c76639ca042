"""Engine construction: the SQLite settings that make concurrent writers safe.

SQLite gets WAL (readers never block the writer), a busy timeout (a writer waits for the
lock instead of failing, on the driver's worker thread: see ``sqlite_driver``) and
``BEGIN IMMEDIATE`` for every transaction that may write (the write lock is taken up front,
so two transactions can never deadlock upgrading a read lock — the cause of "database is
locked" that a busy timeout cannot cure). A unit of work that only reads opens a plain
``BEGIN`` under ``query_only``: it reads one consistent snapshot without holding the write
lock, so a long report never makes a check-in wait, and a write slipped into one fails
loudly instead of racing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from core.db import sqlite_driver

READ_ONLY = "stride_read_only"
"""Execution option of a connection whose transaction only reads."""


ACCEPTED_URLS = "sqlite:///path/to/stride.db or postgresql://user:password@host/dbname"
_LONGEST_URL = 2_000


class DatabaseUrlError(ValueError):
    """A database Stride cannot use; the message is one sentence an operator can act on."""


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def resolve_url(url: str) -> URL:
    """The URL Stride connects with, or :class:`DatabaseUrlError`.

    Any ``postgres``/``postgresql`` spelling runs on asyncpg and any ``sqlite`` spelling on
    Stride's own driver, so a URL copied from a hosting dashboard works as it is; an SQLite
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
    return parsed.set(drivername=f"sqlite+{sqlite_driver.DRIVER}")


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


def create_engine(
    url: str,
    *,
    busy_timeout_ms: int = 30_000,
    echo: bool = False,
    in_place_budget_s: float = sqlite_driver.IN_PLACE_BUDGET_S,
) -> AsyncEngine:
    """An engine for ``url`` (see :func:`resolve_url`). Parameters are hidden from errors and
    echo, whatever the backend: they are what students wrote, and errors end up in logs."""
    parsed = resolve_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(parsed, echo=echo, pool_pre_ping=True, hide_parameters=True)

    sqlite_driver.register()
    engine = create_async_engine(
        parsed,
        echo=echo,
        hide_parameters=True,
        busy_timeout_ms=busy_timeout_ms,
        in_place_budget_s=in_place_budget_s,
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy so "begin" below is the only BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(connection: Connection) -> None:
        # The driver's do_begin opens the transaction; it only sees the pooled connection.
        read_only = bool(connection.get_execution_options().get(READ_ONLY))
        connection.connection.info[sqlite_driver.BEGIN_READ_ONLY] = read_only

    return engine


def shared_url(url: URL) -> str | None:
    """``url`` for another process of ours to open the same database with, password
    included; None for an in-memory SQLite database, which only its own connections see."""
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:") or url.query.get("mode") == "memory":
            return None
        path = sqlite_file(url)
        if path is not None:  # a relative path, whatever the child's directory
            url = url.set(database=str(path.resolve()))
    return url.render_as_string(hide_password=False)


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
