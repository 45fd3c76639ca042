"""Big results reach the reports in partitions and become objects off the event loop, and
nothing is lost or reordered on the way, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, literal_column, select, text

from core.bootstrap import Stride
from core.db import rows


async def test_every_row_arrives_in_order_and_is_built_on_a_worker_thread(stride: Stride) -> None:
    count = rows.PARTITION * 3 + 7
    numbers: Select[Any] = (
        select(literal_column("n"))
        .select_from(
            text(
                "(WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c "
                f"WHERE n < {count}) SELECT n FROM c) AS t"
            )
        )
        .order_by(literal_column("n"))
    )
    loop_thread = threading.get_ident()
    seen: list[int] = []

    def build(found: Sequence[Sequence[Any]]) -> list[int]:
        seen.append(threading.get_ident())
        return [int(row[0]) for row in found]

    async with stride.engine.connect() as connection:
        built = await rows.built(connection, build, numbers, {})
    assert built == list(range(1, count + 1))
    assert seen
    assert seen[0] != loop_thread


async def test_an_empty_result_builds_from_no_rows(stride: Stride) -> None:
    nothing: Select[Any] = select(literal_column("1")).where(text("1 = 0"))
    async with stride.engine.connect() as connection:
        assert await rows.built(connection, list, nothing, {}) == []
