"""Reports built in a process of their own (``core.services.report_process``), on both
backends: the child reads the same database, its errors come back as they were, a child
that dies leaves the report to be built in place, and a cancelled caller kills its child.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os

import pytest
from sqlalchemy.engine import make_url

from core.bootstrap import Stride
from core.db.engine import create_engine, shared_url
from core.db.uow import UnitOfWork
from core.errors import NotFound
from core.services import report_process
from tests.integration.helpers import cohort_with, person


async def _where_and_what(uow: UnitOfWork, word: str) -> tuple[int, list[str], str]:
    """Built apart: the process that built it, what it read, and an argument handed over."""
    return os.getpid(), [cohort.name for cohort in await uow.cohorts.all()], word * 2


async def _refuses(uow: UnitOfWork) -> None:
    raise NotFound("There is no cohort called 'X' here.")


async def _dies_apart(uow: UnitOfWork, parent: int) -> str:
    if os.getpid() != parent:
        os._exit(3)
    return "built in place"


async def _never_finishes(uow: UnitOfWork) -> None:
    await asyncio.sleep(60)


def _report_children() -> list[multiprocessing.process.BaseProcess]:
    return [child for child in multiprocessing.active_children() if child.name == "stride-report"]


async def test_the_child_reads_the_same_database(stride: Stride) -> None:
    await cohort_with(stride.services, "Apart-1", person("prof"), (person("ann"),))
    async with stride.services.uow(read_only=True) as uow:
        pid, names, word = await report_process.built_apart(uow, _where_and_what, "ab")
    assert pid != os.getpid()
    assert (names, word) == (["Apart-1"], "abab")
    assert _report_children() == []  # it exited once it answered


async def test_its_errors_come_back_as_they_were(stride: Stride) -> None:
    async with stride.services.uow(read_only=True) as uow:
        with pytest.raises(NotFound, match="no cohort called 'X'"):
            await report_process.built_apart(uow, _refuses)


async def test_a_child_that_dies_leaves_the_report_to_be_built_in_place(
    stride: Stride, caplog: pytest.LogCaptureFixture
) -> None:
    async with stride.services.uow(read_only=True) as uow:
        with caplog.at_level(logging.WARNING, logger=report_process.__name__):
            assert await report_process.built_apart(uow, _dies_apart, os.getpid()) == "built in place"
    assert "exited (code 3) without an answer" in caplog.text


async def test_cancelling_the_caller_kills_the_child(stride: Stride) -> None:
    async def build() -> None:
        async with stride.services.uow(read_only=True) as uow:
            await report_process.built_apart(uow, _never_finishes)

    task = asyncio.create_task(build())
    for _ in range(200):
        await asyncio.sleep(0.01)
        if _report_children():
            break
    [child] = _report_children()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.to_thread(child.join, 5)
    assert not child.is_alive()
    assert child.exitcode == -9


async def test_an_in_memory_database_is_read_in_place() -> None:
    engine = create_engine("sqlite://")
    try:
        async with UnitOfWork(engine, read_only=True) as uow:
            assert uow.shared_url() is None
            pid, _, word = await report_process.built_apart(uow, _where_and_what_without_tables, "x")
    finally:
        await engine.dispose()
    assert (pid, word) == (os.getpid(), "xx")


async def _where_and_what_without_tables(uow: UnitOfWork, word: str) -> tuple[int, list[str], str]:
    return os.getpid(), [], word * 2


@pytest.mark.parametrize(
    ("url", "shared"),
    [
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("sqlite:///file:reports?mode=memory&uri=true", None),
        (
            "postgresql+asyncpg://stride:s3cret@db:5432/stride",
            "postgresql+asyncpg://stride:s3cret@db:5432/stride",
        ),
    ],
)
def test_which_databases_another_process_can_open(url: str, shared: str | None) -> None:
    assert report_process_url(url) == shared


def test_a_relative_sqlite_path_is_made_absolute() -> None:
    shared = report_process_url("sqlite:///./stride.db")
    assert shared is not None
    assert shared.endswith(f"{os.getcwd()}/stride.db")


def report_process_url(url: str) -> str | None:
    return shared_url(make_url(url))
