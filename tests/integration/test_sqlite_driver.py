"""Stride's SQLite driver: quick statements in place, waits and long reads on the worker.

Which thread ran a statement is read off SQLite itself: the tests register a SQL function
that answers with the calling thread's name, so a row computed on the loop says so.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.db.engine import create_engine
from core.db.uow import UnitOfWork

LOOP = threading.current_thread().name
MANY = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) "


def _with_thread_names(engine: AsyncEngine) -> AsyncEngine:
    @event.listens_for(engine.sync_engine, "connect")
    def _register(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.create_function(  # type: ignore[attr-defined]
            "thread_name", 1, lambda _row: threading.current_thread().name
        )

    return engine


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A file database with a table, whose reads move to the worker after 1 ms in place."""
    made = _with_thread_names(
        create_engine(f"sqlite+aiosqlite:///{tmp_path}/d.db", busy_timeout_ms=5_000, in_place_budget_s=0.001)
    )
    async with made.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, what TEXT)"))
    yield made
    await made.dispose()


async def _threads(connection: AsyncConnection, sql: str) -> set[str]:
    return set((await connection.execute(text(sql))).scalars())


async def test_a_quick_read_runs_on_the_loop_thread(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        assert await _threads(connection, "SELECT thread_name(1)") == {LOOP}


async def test_a_long_read_is_moved_whole_to_the_worker(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        result = await connection.execute(text(MANY + "SELECT i, thread_name(i) FROM n"))
        rows = result.all()
    # Every row once, in order, all computed on the worker: the partial run in place left nothing.
    assert [i for i, _ in rows] == list(range(1, 200_001))
    assert {name for _, name in rows} != {LOOP}
    assert all(name.startswith("stride-sqlite") for _, name in rows)


async def test_a_read_that_overran_once_goes_straight_to_the_worker_after(tmp_path: Path) -> None:
    """Evaluated on the loop, ``seen`` records the thread; the second run never starts there."""
    seen: list[str] = []
    made = create_engine(f"sqlite:///{tmp_path}/d.db", busy_timeout_ms=5_000, in_place_budget_s=0.001)

    def seen_on(_row: int) -> int:
        seen.append(threading.current_thread().name)
        return 1

    @event.listens_for(made.sync_engine, "connect")
    def _register(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.create_function("seen_on", 1, seen_on)  # type: ignore[attr-defined]

    long_read = MANY + "SELECT count(*) FROM n WHERE seen_on(i) = 1"
    try:
        async with made.connect() as connection:
            first = (await connection.execute(text(long_read))).scalar_one()
            on_loop_first = seen.count(LOOP)
            seen.clear()
            second = (await connection.execute(text(long_read))).scalar_one()
            quick = (await connection.execute(text("SELECT seen_on(1)"))).scalar_one()
    finally:
        await made.dispose()
    assert first == second == 200_000
    assert on_loop_first > 0  # the first run started in place and was stopped
    assert seen.count(LOOP) == 1  # the second ran on the worker only; the quick read in place
    assert quick == 1


async def test_a_read_moved_to_the_worker_keeps_the_transaction_and_what_follows_queues(
    engine: AsyncEngine,
) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (what) VALUES ('before')"))
        assert (await connection.execute(text(MANY + "SELECT count(*) FROM n"))).scalar_one() == 200_000
        await connection.execute(text("INSERT INTO t (what) VALUES ('after')"))
    async with engine.connect() as connection:
        stored = (await connection.execute(text("SELECT what FROM t ORDER BY id"))).scalars().all()
    assert stored == ["before", "after"]


async def test_a_long_write_is_never_interrupted(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (what) " + MANY + "SELECT thread_name(i) FROM n"))
    async with engine.connect() as connection:
        counted = (await connection.execute(text("SELECT what, count(*) FROM t GROUP BY what"))).all()
    assert counted == [(LOOP, 200_000)]


async def test_waiting_for_another_writer_does_not_block_the_loop(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    other = create_engine(f"sqlite+aiosqlite:///{tmp_path}/d.db", busy_timeout_ms=5_000)
    ticks = 0
    waiting = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    async def second_writer() -> None:
        waiting.set()
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (what) VALUES ('second')"))

    try:
        async with other.begin() as holder:
            await holder.execute(text("INSERT INTO t (what) VALUES ('first')"))
            ticking = asyncio.create_task(ticker())
            writer = asyncio.create_task(second_writer())
            await waiting.wait()
            await asyncio.sleep(0.2)
            ticks_while_waiting, writer_done = ticks, writer.done()
        await writer
        ticking.cancel()
    finally:
        await other.dispose()
    assert not writer_done  # it really waited for the lock...
    assert ticks_while_waiting > 0  # ...and the loop went on meanwhile
    async with engine.connect() as connection:
        assert await _threads(connection, "SELECT what FROM t") == {"first", "second"}


@pytest.mark.parametrize("where", ["on the worker", "between statements"])
async def test_a_cancelled_unit_of_work_releases_the_write_lock(engine: AsyncEngine, where: str) -> None:
    started = asyncio.Event()

    async def abandoned() -> None:
        async with UnitOfWork(engine) as uow:
            await uow.checkins._db.execute(text("INSERT INTO t (what) VALUES ('abandoned')"))
            started.set()
            if where == "on the worker":  # a read that never ends in time, moved off the loop
                await uow.checkins._db.execute(text(MANY + "SELECT sum(n.i) FROM n, n AS n2"))
            else:
                await asyncio.sleep(3600)

    task = asyncio.create_task(abandoned())
    await started.wait()
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # A new writer gets the lock (within the 5 s busy timeout), and the abandoned row is gone.
    async with UnitOfWork(engine) as uow:
        await uow.checkins._db.execute(text("INSERT INTO t (what) VALUES ('next')"))
        await uow.commit()
    async with engine.connect() as connection:
        assert await _threads(connection, "SELECT what FROM t") == {"next"}
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_a_read_only_unit_of_work_neither_writes_nor_holds_the_write_lock(engine: AsyncEngine) -> None:
    async with UnitOfWork(engine, read_only=True) as reader:
        # A writer commits while the reader's transaction is open: no wait for the reader.
        async with UnitOfWork(engine) as writer:
            await writer.checkins._db.execute(text("INSERT INTO t (what) VALUES ('written')"))
            await writer.commit()
        with pytest.raises(OperationalError, match="readonly"):
            await reader.checkins._db.execute(text("INSERT INTO t (what) VALUES ('sneaked')"))
    # The pragma is undone for the next writer on the same pooled connection.
    async with UnitOfWork(engine) as writer:
        await writer.checkins._db.execute(text("INSERT INTO t (what) VALUES ('later')"))
        await writer.commit()
    async with engine.connect() as connection:
        assert await _threads(connection, "SELECT what FROM t") == {"written", "later"}
