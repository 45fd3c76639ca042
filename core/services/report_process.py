"""A big cohort's report is built in a process of its own, which then exits.

Building the digest of 10,000 students is seconds of Python making and judging objects.
On a worker thread it still shares the interpreter lock with the event loop, and its
garbage collections pause every thread: the loop ran 45-80 ms late meanwhile (every other
command and Discord's heartbeat wait on it), and the arenas its objects had filled stayed
with the bot afterwards (85 MB at start, 158-174 MB after). A child process opens the same
database, reads its own snapshot, builds the report and sends it back pickled; the bot's
process only waits, and when the child exits its memory goes back to the system.

Starting one costs a few hundred milliseconds (a fresh interpreter importing Stride), more
than a small cohort's whole report, so callers send only cohorts of ``MIN_STUDENTS`` or
more here. An in-memory SQLite database cannot be opened by another process; its reports
are built in place.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from core.db.engine import create_engine
from core.db.uow import UnitOfWork
from core.domain.model import Role

MIN_STUDENTS = 1_000
"""Cohorts with at least this many students have their reports built in a child process."""

T = TypeVar("T")
Build = Callable[..., Awaitable[T]]
"""An async function of a read-only unit of work and picklable arguments; module-level,
so the child can import it."""

log = logging.getLogger(__name__)


async def built_for_size(uow: UnitOfWork, cohort_id: int, build: Build[T], *args: Any) -> T:
    """``await build(uow, *args)`` in place for a small cohort, apart for a big one."""
    students = (await uow.members.count_by_role(cohort_id)).get(Role.STUDENT, 0)
    if students < MIN_STUDENTS:
        return await build(uow, *args)
    return await built_apart(uow, build, *args)


async def built_apart(uow: UnitOfWork, build: Build[T], *args: Any) -> T:
    """``await build(uow', *args)`` in a child process, ``uow'`` a read-only unit of work of
    its own on the same database; ``build``'s errors are raised here as they were there.

    A child that dies without an answer (killed, out of memory) is logged and the report
    built in place, so the instructor still gets it. Cancelling the caller kills the child.
    """
    url = uow.shared_url()
    if url is None:
        return await build(uow, *args)
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, url, build, args), name="stride-report", daemon=True)
    child.start()  # a few milliseconds: the child reads its orders from a pipe
    try:
        sender.close()  # the child holds its own end: its exit is our end of file
        # Unpickling the answer (10,000 rows) happens on that thread too, not on the loop.
        answer: tuple[bool, Any] | None = await asyncio.to_thread(_receive, receiver)
    except BaseException:
        child.kill()
        raise
    finally:
        receiver.close()
        sender.close()
    await asyncio.to_thread(child.join)
    if answer is None:
        log.warning("report process exited (code %s) without an answer; building in place", child.exitcode)
        return await build(uow, *args)
    ok, value = answer
    if ok:
        return value  # type: ignore[no-any-return]
    raise value


def _receive(receiver: Connection) -> tuple[bool, Any] | None:
    try:
        answer: tuple[bool, Any] = receiver.recv()
    except EOFError:
        return None
    return answer


def _child(sender: Connection, url: str, build: Build[Any], args: tuple[Any, ...]) -> None:
    """In the child: build, send ``(True, report)`` or ``(False, error)``, exit."""
    os.nice(10)  # the bot's own process has the CPU first when both want it
    gc.disable()  # one report, then exit: collecting would only pause it
    try:
        answer: tuple[bool, Any] = (True, asyncio.run(_build(url, build, args)))
    except Exception as error:  # handed to the parent, which raises it
        answer = (False, error)
    try:
        sender.send(answer)
    except Exception as unpicklable:
        sender.send((False, RuntimeError(f"the report could not be sent back: {type(unpicklable).__name__}")))
    finally:
        sender.close()


async def _build(url: str, build: Build[T], args: tuple[Any, ...]) -> T:
    engine = create_engine(url)
    try:
        async with UnitOfWork(engine, read_only=True) as uow:
            return await build(uow, *args)
    finally:
        await engine.dispose()
