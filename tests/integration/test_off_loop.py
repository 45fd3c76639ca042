"""Small results and a class's light work stay on the loop; big ones go to a worker thread."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from core.db.offload import INLINE_ROWS, built
from core.services.off_loop import INLINE_STUDENTS, off_loop

LOOP = threading.current_thread().name
NUMBERS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :upto) SELECT i FROM n"


def _numbers_and_thread(rows: Sequence[Any]) -> tuple[list[int], str]:
    return [row[0] for row in rows], threading.current_thread().name


async def test_rows_already_taken_are_built_in_place_when_few_and_on_a_worker_when_many() -> None:
    few = [(i,) for i in range(1, INLINE_ROWS + 1)]
    many = [(i,) for i in range(1, INLINE_ROWS + 2)]
    assert await built(few, _numbers_and_thread) == (list(range(1, INLINE_ROWS + 1)), LOOP)
    numbers, thread = await built(many, _numbers_and_thread)
    assert numbers == list(range(1, INLINE_ROWS + 2))
    assert thread != LOOP


def _where(label: str, *, suffix: str = "") -> str:
    return f"{label}{suffix}@{threading.current_thread().name}"


async def test_a_class_is_worked_on_in_place_and_a_big_cohort_on_a_worker() -> None:
    assert await off_loop(INLINE_STUDENTS, _where, "class", suffix="!") == f"class!@{LOOP}"
    big = await off_loop(INLINE_STUDENTS + 1, _where, "cohort")
    assert big.startswith("cohort@")
    assert big != f"cohort@{LOOP}"
