"""The one wiring point: engine, migrations, clock and services are built here at start-up."""

from __future__ import annotations

import asyncio
import gc
import logging
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

from core.clock import Clock, SystemClock
from core.db.engine import create_engine, is_sqlite
from core.db.migrate import upgrade
from core.db.uow import UnitOfWork, WriterQueue
from core.logs import protect_logs
from core.services.charts import WORKERS
from core.services.context import DashboardAddress, ServiceContext
from core.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Stride:
    """A running Stride: what adapters and the scheduler are handed."""

    settings: Settings
    engine: AsyncEngine
    services: ServiceContext
    _closed: bool = field(default=False, init=False, repr=False)

    async def close(self, *, keep_chart_worker: bool = False) -> None:
        """The last step of every shutdown (a signal, the end of a script, a test): the chart
        worker and its multiprocessing resource tracker go, then the engine. Each step is
        tried even if the one before failed, so nothing is left half-closed; a second call
        does nothing. Adapters have stopped their clients and scheduler before this.

        ``keep_chart_worker``: the worker is shared by every Stride of the process, so one
        that starts many in turn (the test suite) keeps it warm instead of paying its
        start-up (a process, matplotlib) again for each, and shuts it down once at the end."""
        if self._closed:
            return
        self._closed = True
        try:
            if not keep_chart_worker:
                await asyncio.to_thread(WORKERS.shutdown)  # joins the worker: off the loop
        except Exception:
            log.exception("the chart worker did not shut down cleanly")
        await self.engine.dispose()


async def start(
    settings: Settings,
    *,
    database_url: str | None = None,
    clock: Clock | None = None,
    migrate: bool = True,
) -> Stride:
    protect_logs()
    url = settings.database.url if database_url is None else database_url
    engine = create_engine(
        url, busy_timeout_ms=settings.database.busy_timeout_ms, echo=settings.database.echo
    )
    try:
        if migrate:
            await upgrade(engine)
    except BaseException:
        await engine.dispose()
        raise
    # What start-up made (modules, tables, settings, the engine) lives as long as the process.
    # Frozen, the collector stops rescanning it in every full collection; and with young
    # collections every 20,000 allocations instead of 700, a big report's short-lived
    # objects die young instead of piling into the full collections that paused the event
    # loop. `make bench` measures every loop-lag scenario with these settings and with
    # Python's defaults side by side; docs/performance.md has the latest figures.
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)

    writers = WriterQueue(settings.database.busy_timeout_ms / 1000) if is_sqlite(url) else None

    def unit_of_work(*, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(engine, read_only=read_only, writers=writers)

    dashboard = DashboardAddress(enabled=settings.web.enabled, public_url=settings.web.public_url)
    services = ServiceContext(
        uow=unit_of_work, clock=clock or SystemClock(), defaults=settings.defaults, dashboard=dashboard
    )
    return Stride(settings=settings, engine=engine, services=services)
