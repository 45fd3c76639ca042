"""Charts never hold up the bot: the event loop keeps answering while one renders (the
issue's measured bound, kept generous), and matplotlib is never imported by the bot's own
process (charts are drawn in a worker process started on the first chart), so start-up
stays fast."""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
import textwrap
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from core.charts.data import CohortChart
from core.charts.render import render_cohort
from core.services.charts import ChartWorkers, draw, roadmap_chart
from tests.charts_support import assert_chart_png
from tests.unit.test_charts import students

TICK = 0.01
MAX_LAG = 0.1


async def test_the_loop_keeps_answering_while_charts_render() -> None:
    loop = asyncio.get_running_loop()
    lateness: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        while not done.is_set():
            started = loop.time()
            await asyncio.sleep(TICK)
            lateness.append(loop.time() - started - TICK)

    chart = CohortChart("ML-Fall-2026", "2026-W47", students(1000))
    gc.collect()  # building the data is the test's own work: its garbage is not the render's
    running = asyncio.create_task(ticker())
    await asyncio.sleep(5 * TICK)
    started = loop.time()
    files = await asyncio.gather(*(draw(render_cohort, chart, f"{n}.png", "") for n in range(3)))
    took = loop.time() - started
    done.set()
    await running
    for file in files:
        assert_chart_png(file.data)
    assert took > 5 * TICK, "the renders took long enough for the ticker to be measured"
    assert len(lateness) >= 10
    assert max(lateness) < MAX_LAG, f"the loop stalled for {max(lateness) * 1000:.0f} ms"


SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    import bot.cli
    from bot.console.session import ConsoleSession
    from core.bootstrap import start
    from core.settings import Settings

    async def main() -> None:
        app = await start(Settings(), database_url=sys.argv[1])
        try:
            session = ConsoleSession(app.services, "prof", files_dir=Path(sys.argv[2]))
            for line in ("/help", "/cohort create ML", "/budget set dsa 5", "/checkin 1 dsa", "/progress"):
                assert (await session.handle(line)).ok, line
            print("before chart:", "matplotlib" in sys.modules)
            assert (await session.handle("/progress chart")).saved
            print("after chart:", "matplotlib" in sys.modules)  # drawn in a worker process
        finally:
            await app.close()

    asyncio.run(main())
    """
)


def test_matplotlib_is_imported_only_for_a_chart(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIDE_")}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, f"sqlite+aiosqlite:///{tmp_path}/s.db", str(tmp_path / "files")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["before chart: False", "after chart: False"]


def _worker_dies(chart: object) -> bytes:
    """A render whose worker process dies under it (run in the worker, never here)."""
    os._exit(1)


async def test_a_dead_worker_is_replaced_by_the_next_chart() -> None:
    workers = ChartWorkers()
    try:
        with pytest.raises(BrokenProcessPool):
            await workers.run(_worker_dies, None)
        chart = CohortChart("ML", "2026-W47", students(3))
        assert_chart_png(await workers.run(render_cohort, chart))
    finally:
        workers.shutdown()


async def test_roadmap_progress_is_drawn_from_plain_numbers() -> None:
    file = await roadmap_chart("Ada", [("Phase 1: Foundations", 5, 5), ("Phase 2: Graphs", 3, 8)])
    assert file is not None
    assert (file.filename, file.media_type) == ("roadmap.png", "image/png")
    assert file.description == "8 of 13 items done (61%); 1 of 2 phases finished."
    assert_chart_png(file.data)
    assert await roadmap_chart("Ada", []) is None
    assert await roadmap_chart("Ada", [("Empty phase", 0, 0)]) is None
