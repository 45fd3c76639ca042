"""The statements every command runs, sent straight to Stride's SQLite driver.

Why: a point query through ``AsyncConnection.execute`` costs 75 µs on the development
machine, of which SQLite's work is 2 µs; the rest is SQLAlchemy building an execution
context, a ``Result`` and its metadata, and a greenlet hop, every time. A check-in runs
four such statements and progress six, which put every command at 5-11× its SQL and
capped 100 writers under 1,000 check-ins/s (docs/performance.md).

What stays SQLAlchemy's: the SQL itself (the repositories' prebuilt Core statements,
compiled by SQLAlchemy once per set of parameter names), the type handling (the compiled
statement's own bind and result processors, so dates, JSON and ``UtcDateTime`` come back
exactly as ``execute`` returns them; a test holds every prebuilt statement to that), the
exception classes (``DBAPIError.instance``, so the unit of work still maps a broken unique
constraint to ``Conflict``) and the cursor events (the bench's floor recorder). What is
skipped is only the per-execution machinery. On any other driver (asyncpg) ``run`` is
``AsyncConnection.execute`` with the same answer.

Only statements built once at import time belong here: the compiled forms are kept by
statement for the life of the engine.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, MultipleResultsFound, NoResultFound
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from core.db.sqlite_driver import LoopSqliteConnection, reads_only, run_statement

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True, slots=True)
class Rows:
    """A statement's rows (sequences, in column order) and its columns' names."""

    keys: tuple[str, ...]
    rows: Sequence[Sequence[Any]]

    def mappings(self) -> list[dict[str, Any]]:
        return [dict(zip(self.keys, row, strict=True)) for row in self.rows]

    def first(self) -> dict[str, Any] | None:
        return dict(zip(self.keys, self.rows[0], strict=True)) if self.rows else None

    def one(self) -> dict[str, Any]:
        if len(self.rows) != 1:
            raise (NoResultFound if not self.rows else MultipleResultsFound)(
                f"expected one row, got {len(self.rows)}"
            )
        return dict(zip(self.keys, self.rows[0], strict=True))

    def scalar_one(self) -> Any:
        return self.one()[self.keys[0]]


@dataclass(frozen=True, slots=True)
class Prepared:
    """One statement compiled for SQLite and one set of parameter names."""

    compiled: SQLCompiler
    sql: str
    binds: tuple[tuple[str, Processor], ...]
    """Positional parameters in order: their names and bind processors."""
    keys: tuple[str, ...]
    converting: tuple[tuple[int, Callable[[Any], Any]], ...]
    """The result columns with a processor, by position."""
    abortable: bool

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        named = self.compiled.construct_params(dict(values), escape_names=False)
        return tuple(named[name] if bind is None else bind(named[name]) for name, bind in self.binds)

    def processed(self, rows: list[Any]) -> list[Any]:
        """Rows with the typed columns converted (most columns have no processor)."""
        if not self.converting:
            return rows
        converting = self.converting
        done = []
        for row in rows:
            values = list(row)
            for index, process in converting:
                values[index] = process(values[index])
            done.append(values)
        return done


def prepare(statement: ClauseElement, names: frozenset[str], dialect: Dialect) -> Prepared | None:
    """``statement`` compiled as SQLAlchemy compiles it for ``execute`` with these
    parameter names; None for what only a whole execution can do (Python-side column
    defaults, expanding ``IN`` lists, literal-execute parameters). Kept by the engine's
    dialect, whose type processors the compiled form holds."""
    cache: dict[Any, Prepared | None] = getattr(dialect, "prepared", {})
    key = (statement, names)
    if key in cache:
        return cache[key]
    compiled = statement.compile(dialect=dialect, column_keys=sorted(names))
    assert isinstance(compiled, SQLCompiler)
    prepared: Prepared | None = None
    if (
        compiled.positional
        and compiled.positiontup is not None
        and not (
            compiled.insert_prefetch
            or compiled.update_prefetch
            or compiled.literal_execute_params
            or compiled.post_compile_params
        )
    ):
        processors = cast(Mapping[str, Processor], compiled._bind_processors)
        prepared = Prepared(
            compiled=compiled,
            sql=compiled.string,
            binds=tuple((name, processors.get(name)) for name in compiled.positiontup),
            keys=tuple(column.keyname for column in compiled._result_columns),
            converting=_result_processors(compiled, dialect),
            abortable=reads_only(compiled.string),
        )
    cache[key] = prepared
    return prepared


def _result_processors(
    compiled: SQLCompiler, dialect: Dialect
) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    found = []
    for index, column in enumerate(compiled._result_columns):
        process = column.type._cached_result_processor(dialect, None)
        if process is not None:
            found.append((index, process))
    return tuple(found)


async def run(connection: AsyncConnection, statement: ClauseElement, values: Mapping[str, Any]) -> Rows:
    """``statement``'s rows, in ``connection``'s transaction."""
    sync = connection.sync_connection
    driver = sync.connection.dbapi_connection if sync is not None else None
    prepared = None
    if isinstance(driver, LoopSqliteConnection):
        prepared = prepare(statement, frozenset(values), connection.dialect)
    if sync is None or prepared is None or not isinstance(driver, LoopSqliteConnection):
        result = await connection.execute(statement, dict(values))  # type: ignore[call-overload]
        return Rows(tuple(result.keys()), result.all()) if result.returns_rows else Rows((), [])
    if not sync.in_transaction():
        await connection.begin()  # as ``execute`` would: never a statement outside a transaction
    parameters = prepared.parameters(values)
    sync.dispatch.before_cursor_execute(sync, None, prepared.sql, parameters, None, False)
    try:
        _description, rows, _count, _last = await driver.run_awaited(
            partial(run_statement, statement=prepared.sql, parameters=parameters),
            abortable=prepared.abortable,
            sql=prepared.sql if prepared.abortable else None,
        )
    except sqlite3.Error as error:
        raise DBAPIError.instance(  # parameters hidden, as every engine hides them (engine.py)
            prepared.sql, parameters, error, sqlite3.Error, hide_parameters=True, dialect=connection.dialect
        ) from error
    return Rows(prepared.keys, prepared.processed(rows))
