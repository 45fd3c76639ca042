"""SQLite for an event loop: quick statements run in place, slow ones on the connection's thread.

Why not aiosqlite: it hands every driver call (make a cursor, execute, fetch, close) to a
thread and back, four hand-offs of 50-150 µs each for a statement that itself takes
20-40 µs. Most of Stride's statements are such point look-ups, so running them on the loop
thread costs less than a single hand-off, and blocks the loop for less time than one.

Two things must never happen on the loop thread: waiting for another connection's write
lock, and a long scan (a cohort-wide report). So a statement starts in place with no busy
wait and, if it only reads, a time budget that SQLite's progress handler enforces. A
statement refused as busy, or a read that runs past its budget (aborted, so nothing of it
is kept), runs again on the connection's own worker thread with the full busy timeout. A
read that overran once is remembered by its SQL and sent to the worker straight away after
that (a cohort-wide report's statements spent the budget, then ran whole, every time). A
write is never aborted: interrupting one would roll back the whole transaction.

Once anything is running on the worker, every later call on that connection queues behind
it there, so a connection is only ever used by one thread at a time, even when the task
that started the work was cancelled (it then interrupts the worker's statement, and the
rollback that follows waits for the worker instead of racing it).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar, cast

from sqlalchemy import pool
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_module
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL
from sqlalchemy.engine.interfaces import AdaptedConnection
from sqlalchemy.util.concurrency import await_only

T = TypeVar("T")

DRIVER = "stride"
BEGIN_READ_ONLY = "stride_begin_read_only"
"""Key in a pooled connection's ``info``: the transaction ``do_begin`` opens only reads."""
QUERY_ONLY = "stride_query_only"
"""Key in a pooled connection's ``info``: whether ``PRAGMA query_only`` is on."""
IN_PLACE_BUDGET_S = 0.002
"""How long a read may run on the loop thread before it is moved to the worker: a few
times the longest point look-up, far below what anyone would notice as loop lag."""
PROGRESS_STEPS = 1000
"""SQLite virtual-machine steps between two looks at the clock (tens of µs of work)."""
MAX_LONG_READS = 512
"""Reads remembered as too long for the loop thread: far more than Stride's cohort-wide
statements, and a bound for SQL that differs call by call (an ``IN`` list of ids)."""

Outcome = tuple[Any, list[Any], int, int | None]
"""What one statement left behind: description, rows, rowcount, lastrowid."""


class _TryOnWorker(Exception):
    """The statement could not finish in place and has left nothing behind: run it on the worker."""


async def _ready(value: T) -> T:
    return value


def reads_only(statement: str) -> bool:
    """Whether the statement can be aborted and run again: a SELECT, or a WITH ... SELECT.

    When in doubt (a write word anywhere, even in a string) the answer is no, which only
    means the statement finishes in place."""
    text = statement.lstrip().upper()
    if text.startswith("SELECT"):
        return True
    return text.startswith("WITH") and not any(word in text for word in _WRITE_WORDS)


_WRITE_WORDS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text


def run_statement(raw: sqlite3.Connection, statement: str, parameters: Any, many: bool = False) -> Outcome:
    cursor = raw.cursor()
    try:
        if many:
            cursor.executemany(statement, parameters)
        else:
            cursor.execute(statement, () if parameters is None else parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class LoopSqliteConnection(AdaptedConnection):
    """A DBAPI connection for SQLAlchemy's asyncio engine over one ``sqlite3`` connection."""

    __slots__ = ("_budget_s", "_busy_timeout_ms", "_long_reads", "_raw", "_running", "_worker", "dbapi")

    def __init__(
        self,
        dbapi: Any,
        raw: sqlite3.Connection,
        busy_timeout_ms: int,
        budget_s: float,
        long_reads: set[str] | None = None,
    ) -> None:
        self.dbapi = dbapi
        self._raw = raw
        self._long_reads = set() if long_reads is None else long_reads
        """SQL that once ran past the budget in place, shared by the engine's connections:
        it goes straight to the worker, instead of spending the budget again first."""
        self._connection = cast(Any, raw)
        self._busy_timeout_ms = busy_timeout_ms
        self._budget_s = budget_s
        self._worker: ThreadPoolExecutor | None = None
        self._running: Future[Any] | None = None
        raw.execute("PRAGMA busy_timeout=0")

    @property
    def raw(self) -> sqlite3.Connection:
        return self._raw

    def run(
        self,
        call: Callable[[sqlite3.Connection], T],
        *,
        abortable: bool,
        statement: bool = True,
        sql: str | None = None,
    ) -> T:
        """``call`` in place when it is quick and nothing is queued, else on the worker.
        ``sql`` names a read, so that one that overran once is not tried in place again."""
        if self._in_place_first(sql):
            try:
                done = self._in_place(call, abortable, sql)
            except _TryOnWorker:
                pass
            else:
                # SQLAlchemy's asyncio engine insists that a statement passed through the
                # event loop; an awaitable that is already done does that without waiting.
                return await_only(_ready(done)) if statement else done
        return self._on_worker(call)

    def _in_place(self, call: Callable[[sqlite3.Connection], T], abortable: bool, sql: str | None) -> T:
        raw = self._raw
        if abortable:
            deadline = time.perf_counter() + self._budget_s
            raw.set_progress_handler(lambda: time.perf_counter() > deadline, PROGRESS_STEPS)
        try:
            return call(raw)
        except sqlite3.OperationalError as error:
            if abortable and "interrupted" in str(error).lower():
                if sql is not None and len(self._long_reads) < MAX_LONG_READS:
                    self._long_reads.add(sql)  # next time, straight to the worker
                raise _TryOnWorker from error
            if _is_busy(error):
                raise _TryOnWorker from error
            raise
        finally:
            if abortable:
                raw.set_progress_handler(None, 0)

    async def run_awaited(
        self, call: Callable[[sqlite3.Connection], T], *, abortable: bool, sql: str | None = None
    ) -> T:
        """``run`` for a caller on the event loop itself, outside SQLAlchemy's greenlet
        (``core.db.direct``): in place when it can be, else awaiting the worker."""
        if self._in_place_first(sql):
            try:
                return self._in_place(call, abortable, sql)
            except _TryOnWorker:
                pass
        return await self._awaiting_worker(call)

    def _in_place_first(self, sql: str | None) -> bool:
        return not self._queued() and (sql is None or sql not in self._long_reads)

    def _on_worker(self, call: Callable[[sqlite3.Connection], T]) -> T:
        return await_only(self._awaiting_worker(call))

    async def _awaiting_worker(self, call: Callable[[sqlite3.Connection], T]) -> T:
        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="stride-sqlite")
        running = self._worker.submit(self._waiting_for_locks, call)
        self._running = running
        try:
            return await asyncio.wrap_future(running)
        except asyncio.CancelledError:
            # Whoever asked is gone: stop the statement so the rollback queued next runs soon.
            if not running.done():
                self._raw.interrupt()
            raise

    def _waiting_for_locks(self, call: Callable[[sqlite3.Connection], T]) -> T:
        raw = self._raw
        raw.execute(f"PRAGMA busy_timeout={self._busy_timeout_ms}")
        try:
            return call(raw)
        finally:
            raw.execute("PRAGMA busy_timeout=0")

    def cursor(self, server_side: bool = False) -> LoopSqliteCursor:
        return LoopSqliteCursor(self)

    def commit(self) -> None:
        if self._raw.in_transaction or self._queued():
            self.run(lambda raw: raw.commit(), abortable=False, statement=False)

    def rollback(self) -> None:
        if self._raw.in_transaction or self._queued():
            self.run(lambda raw: raw.rollback(), abortable=False, statement=False)

    def _queued(self) -> bool:
        return self._running is not None and not self._running.done()

    def close(self) -> None:
        try:
            self.run(lambda raw: raw.close(), abortable=False, statement=False)
        finally:
            if self._worker is not None:
                self._worker.shutdown(wait=False)

    def terminate(self) -> None:
        """Close without waiting on anyone (the pool gave up on this connection)."""
        if self._queued():
            self._raw.interrupt()
            assert self._worker is not None
            self._worker.submit(self._raw.close)
            self._worker.shutdown(wait=False)
            return
        self._raw.close()
        if self._worker is not None:
            self._worker.shutdown(wait=False)

    def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._raw.create_function(*args, **kwargs)

    @property
    def isolation_level(self) -> str | None:
        return cast("str | None", self._raw.isolation_level)

    @isolation_level.setter
    def isolation_level(self, value: Any) -> None:
        self._raw.isolation_level = value


class LoopSqliteCursor:
    """Runs each statement whole (execute and fetch) in one call, in place or on the worker."""

    server_side = False

    def __init__(self, connection: LoopSqliteConnection) -> None:
        self._connection = connection
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.arraysize = 1
        self._rows: list[Any] = []
        self._next = 0

    def execute(self, statement: str, parameters: Any = None) -> None:
        self._take(statement, parameters, many=False)

    def executemany(self, statement: str, parameters: Sequence[Any]) -> None:
        self._take(statement, parameters, many=True)

    def _take(self, statement: str, parameters: Any, *, many: bool) -> None:
        call = partial(run_statement, statement=statement, parameters=parameters, many=many)
        abortable = not many and reads_only(statement)
        self.description, rows, self.rowcount, self.lastrowid = self._connection.run(
            call, abortable=abortable, sql=statement if abortable else None
        )
        self._rows, self._next = rows, 0

    def fetchone(self) -> Any:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchmany(self, size: int | None = None) -> list[Any]:
        start = self._next
        self._next = min(len(self._rows), start + (self.arraysize if size is None else size))
        return self._rows[start : self._next]

    def fetchall(self) -> list[Any]:
        """The rows themselves, not a copy: a cohort's rows are many, and held once is enough."""
        rows = self._rows if self._next == 0 else self._rows[self._next :]
        self.close()
        return rows

    def close(self) -> None:
        self._rows, self._next = [], 0

    async def _async_soft_close(self) -> None:
        """The asyncio engine closes a buffered cursor this way; the rows are already fetched."""

    def setinputsizes(self, *sizes: Any) -> None:
        pass

    def setoutputsize(self, size: Any, column: Any = None) -> None:
        pass


class LoopSqliteDBAPI(AsyncAdapt_dbapi_module):
    """The module SQLAlchemy sees: ``sqlite3``'s names and exceptions (the dialect connects)."""

    def __init__(self) -> None:
        super().__init__(sqlite3, dbapi_module=sqlite3)
        self.paramstyle = "qmark"
        for name in (
            "DatabaseError",
            "DataError",
            "Error",
            "IntegrityError",
            "InterfaceError",
            "InternalError",
            "NotSupportedError",
            "OperationalError",
            "ProgrammingError",
            "Warning",
            "sqlite_version",
            "sqlite_version_info",
            "PARSE_COLNAMES",
            "PARSE_DECLTYPES",
            "Binary",
        ):
            setattr(self, name, getattr(sqlite3, name))


class LoopSqliteDialect(SQLiteDialect_pysqlite):
    driver = DRIVER
    supports_statement_cache = True
    is_async = True
    has_terminate = True
    supports_server_side_cursors = False

    def __init__(
        self, busy_timeout_ms: int = 30_000, in_place_budget_s: float = IN_PLACE_BUDGET_S, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self._busy_timeout_ms = busy_timeout_ms
        self._in_place_budget_s = in_place_budget_s
        self._long_reads: set[str] = set()
        self.prepared: dict[Any, Any] = {}
        """Statements ``core.db.direct`` compiled for this engine."""

    @classmethod
    def import_dbapi(cls) -> Any:
        return LoopSqliteDBAPI()

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        return pool.AsyncAdaptedQueuePool if cls._is_url_file_db(url) else pool.StaticPool

    def connect(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["check_same_thread"] = False
        raw = sqlite3.connect(*args, **kwargs)
        return LoopSqliteConnection(
            self.loaded_dbapi, raw, self._busy_timeout_ms, self._in_place_budget_s, self._long_reads
        )

    def get_driver_connection(self, connection: Any) -> Any:
        return connection.raw

    def do_terminate(self, dbapi_connection: Any) -> None:
        dbapi_connection.terminate()

    def do_begin(self, dbapi_connection: Any) -> None:
        """``BEGIN IMMEDIATE``, or ``BEGIN`` under ``query_only`` when the engine's ``begin``
        listener said the transaction only reads (``BEGIN_READ_ONLY``). Run on the driver's
        own cursor: through ``exec_driver_sql`` the one word was a whole SQLAlchemy
        execution, a tenth of a check-in's time. SQLAlchemy wraps its errors as a
        statement's, so a writer that finds the lock taken still ends as "busy"."""
        info = dbapi_connection.info
        read_only = bool(info.pop(BEGIN_READ_ONLY, False))
        cursor = dbapi_connection.cursor()
        try:
            if info.get(QUERY_ONLY, False) != read_only:  # a pragma only when the mode changes
                cursor.execute(f"PRAGMA query_only={int(read_only)}")
                info[QUERY_ONLY] = read_only
            cursor.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")
        finally:
            cursor.close()


def register() -> None:
    """Make ``sqlite+stride://`` known to SQLAlchemy (called by the one wiring point)."""
    from sqlalchemy.dialects import registry

    registry.register(f"sqlite.{DRIVER}", __name__, "LoopSqliteDialect")
