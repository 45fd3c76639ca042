"""SQLite writers of one process queue for the write lock (``WriterQueue``): first come,
first served, readers never wait in it, and a writer that waits too long, fails or is
cancelled never leaves it held."""

from __future__ import annotations

import asyncio

import pytest

from core.bootstrap import Stride
from core.db.engine import is_sqlite
from core.db.uow import BUSY, WriterQueue
from core.errors import Conflict
from core.services import cohorts as cohort_service
from tests.integration.helpers import person


@pytest.fixture
def sqlite_only(database_url: str) -> None:
    if not is_sqlite(database_url):
        pytest.skip("PostgreSQL writers lock rows; only SQLite writers queue")


async def test_writers_are_served_in_the_order_they_came() -> None:
    queue = WriterQueue(timeout_s=5)
    served: list[int] = []
    await queue.enter()

    async def writer(number: int) -> None:
        await queue.enter()
        served.append(number)
        await asyncio.sleep(0)
        queue.leave()

    waiting = [asyncio.create_task(writer(n)) for n in range(5)]
    await asyncio.sleep(0.01)
    assert served == []  # all wait while the first one writes
    queue.leave()
    await asyncio.gather(*waiting)
    assert served == [0, 1, 2, 3, 4]


async def test_a_writer_that_waits_past_the_timeout_is_told_to_try_again() -> None:
    queue = WriterQueue(timeout_s=0.05)
    await queue.enter()
    with pytest.raises(Conflict) as refused:
        await queue.enter()
    assert refused.value.message == BUSY
    queue.leave()
    await asyncio.wait_for(queue.enter(), 1)  # free again: nothing was left held


async def test_a_cancelled_waiter_never_holds_the_queue() -> None:
    queue = WriterQueue(timeout_s=5)
    await queue.enter()
    waiter = asyncio.create_task(queue.enter())
    await asyncio.sleep(0.01)
    waiter.cancel()
    queue.leave()  # released while the cancelled one is being woken
    with pytest.raises(asyncio.CancelledError):
        await waiter
    await asyncio.wait_for(queue.enter(), 1)


@pytest.mark.usefixtures("sqlite_only")
async def test_readers_do_not_wait_for_a_writer(stride: Stride) -> None:
    await cohort_service.create_cohort(stride.services, person("prof"), "Queued", None)
    async with stride.services.uow() as writing:  # holds the queue (and the write lock)
        async with asyncio.timeout(2):  # a reader queued behind the writer would hang here
            async with stride.services.uow(read_only=True) as reading:
                assert [c.name for c in await reading.cohorts.all()] == ["Queued"]
        await writing.commit()


@pytest.mark.usefixtures("sqlite_only")
async def test_a_failed_or_refused_unit_of_work_gives_its_turn_back(stride: Stride) -> None:
    ctx = stride.services
    with pytest.raises(RuntimeError):
        async with ctx.uow():
            raise RuntimeError("a bug in a service")
    async with asyncio.timeout(2):
        await cohort_service.create_cohort(ctx, person("prof"), "After-A-Bug", None)
        with pytest.raises(Conflict):  # the same name again: refused, rolled back
            await cohort_service.create_cohort(ctx, person("zed"), "After-A-Bug", None)
        async with ctx.uow() as uow:
            assert await uow.cohorts.by_name("console", "local", "After-A-Bug") is not None
