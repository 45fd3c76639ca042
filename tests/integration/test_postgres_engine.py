"""PostgreSQL connections carry Stride's session settings (docs/performance.md says why)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from core.db.engine import POSTGRES_SETTINGS, create_engine


@pytest.mark.postgres
async def test_every_postgres_connection_runs_without_jit(postgres_url: str) -> None:
    assert POSTGRES_SETTINGS["jit"] == "off"
    engine = create_engine(postgres_url)
    try:
        for _ in range(2):  # a fresh connection and one from the pool
            async with engine.connect() as connection:
                assert (await connection.execute(text("SHOW jit"))).scalar_one() == "off"
    finally:
        await engine.dispose()
