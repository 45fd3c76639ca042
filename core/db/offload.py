"""Big results become Python objects on a worker thread, not on the event loop.

A cohort-wide query can return hundreds of thousands of rows (10,000 members × weeks ×
tracks); turning them into dictionaries takes long enough to stall every other command
and the Discord heartbeat sharing the loop. The rows are already fetched (``direct.run``
takes them all), so only plain Python work moves: the connection is not touched meanwhile,
because the caller awaits the conversion before its next statement.

A small result is built where it is: handing a class's 200 rows to a thread and back
(and sharing the interpreter lock with it meanwhile) took longer than building them,
a millisecond or more of every board, and the loop is held for well under one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

INLINE_ROWS = 1_000
"""At most this many rows are built on the event loop (about a millisecond here)."""


async def built(rows: Sequence[R], build: Callable[[Sequence[R]], T]) -> T:
    """``build(rows)`` for rows already taken (``direct.run``): in place for a small
    result, else on a worker thread."""
    if len(rows) <= INLINE_ROWS:
        return build(rows)
    return await asyncio.to_thread(build, rows)
