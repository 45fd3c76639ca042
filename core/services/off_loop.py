"""A class's light Python work in place, a big cohort's on a worker thread.

Ranking a board, building the weekly rules or walking streaks is a few microseconds a
student: for a class of a few hundred, handing it to a thread and back (and sharing the
interpreter lock meanwhile) costs more than the work and holds the loop for longer. For
thousands of students the same work is tens of milliseconds, which every other command
and the Discord heartbeat would wait for, so it moves off the loop. Heavy work (judging a
digest, drawing a chart) always moves, whatever the size.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

INLINE_STUDENTS = 250
"""Students whose light work runs on the loop: a few milliseconds at most on this machine."""


async def off_loop(students: int, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``work(*args, **kwargs)``, on a worker thread when ``students`` is above ``INLINE_STUDENTS``."""
    if students <= INLINE_STUDENTS:
        return work(*args, **kwargs)
    return await asyncio.to_thread(work, *args, **kwargs)
