"""Big results read without holding the event loop.

A cohort-wide report reads tens of thousands of rows. Fetched with ``.all()`` and turned
into objects in one go, that is one long step on the event loop, during which no other
member's command (nor Discord's heartbeat) runs. Streamed in partitions instead, each
fetch is a short step with the loop free in between, and the rows are turned into the
report's objects on a worker thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Executable

T = TypeVar("T")
PARTITION = 1_000
"""Rows a step on the loop takes in at most."""


async def built(
    connection: AsyncConnection,
    build: Callable[[Sequence[Sequence[Any]]], T],
    statement: Executable,
    values: Mapping[str, Any],
) -> T:
    """``build`` of the statement's rows, run on a worker thread once they are all in."""
    result = await connection.stream(statement, dict(values))
    rows: list[Sequence[Any]] = []
    async for partition in result.partitions(PARTITION):
        rows.extend(partition)
    return await asyncio.to_thread(build, rows)
