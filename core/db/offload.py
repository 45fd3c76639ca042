"""Big results become Python objects on a worker thread, not on the event loop.

A cohort-wide query can return hundreds of thousands of rows (10,000 members × weeks ×
tracks); turning them into dictionaries takes long enough to stall every other command
and the Discord heartbeat sharing the loop. The rows are already fetched (``execute``
buffers them), so only plain Python work moves: the connection is not touched meanwhile,
because the caller awaits the conversion before its next statement.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy.engine import Result, Row

T = TypeVar("T")


async def converted(result: Result[Any], build: Callable[[Sequence[Row[Any]]], T]) -> T:
    """``build(rows)`` on a worker thread. The rows are taken all at once: iterating the
    result instead asks the cursor for them one call chain at a time (a fifth of turning
    a cohort's 5,000 skill rows into objects)."""
    return await asyncio.to_thread(lambda: build(result.all()))
