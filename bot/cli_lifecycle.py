"""How a ``stride`` command starts Stride, runs, logs and stops: one place, so every
command says when it made a database, answers an unusable one in a sentence, keeps
students' words out of its logs, and unwinds cleanly on SIGTERM or Ctrl-C."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click

from core.bootstrap import Stride, start
from core.clock import Clock
from core.settings import Settings

T = TypeVar("T")
log = logging.getLogger("stride")


async def start_stride(
    settings: Settings, database_url: str | None, *, clock: Clock | None = None, create: bool = True
) -> Stride:
    """``start``, saying when it made a new SQLite file; with ``create=False`` (a read-only
    command) a missing file is refused instead of made."""
    url = settings.database.url if database_url is None else database_url
    new = new_database(url, create=create)
    stride = await start(settings, database_url=url, clock=clock)
    if new is not None:
        click.echo(f"Created a new database at {new}.", err=True)
    return stride


def new_database(url: str, *, create: bool = True) -> str | None:
    """The SQLite file opening ``url`` will create, if any (a bad URL raises its sentence)."""
    from core.db.engine import missing_database

    missing = missing_database(url)
    if missing is not None and not create:
        raise click.ClickException(f"no database at {missing}; run `stride db upgrade` or `make run` first")
    return missing


def run_main(main: Callable[[], Awaitable[T]], *, stopped: Callable[[], T] | None = None) -> T:
    """Run ``main``; a database that cannot be reached or opened is one line, not a traceback.

    SIGTERM (``docker stop``) and SIGINT (Ctrl-C) cancel ``main``, so each part unwinds the
    way it was built (the scheduler drained, clients closed, ``Stride.close()`` last) and
    the command returns ``stopped()``: exit 0, nothing left running. A second signal while
    that runs is logged, not obeyed, so the shutdown is never cut half-way."""
    from core.db.engine import database_problem

    try:
        return asyncio.run(main() if stopped is None else _until_signalled(main, stopped))  # type: ignore[arg-type]
    except Exception as error:
        problem = database_problem(error)
        if problem is None:
            raise
        raise click.ClickException(problem) from None


WIRE_LOGGERS = ("discord", "slack_bolt", "slack_sdk")
"""Libraries whose DEBUG records carry the messages themselves (requests, gateway events)."""


async def _until_signalled(main: Callable[[], Awaitable[T]], stopped: Callable[[], T]) -> T:
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(main())
    signals: list[str] = []

    def stop(name: str) -> None:
        signals.append(name)
        if len(signals) == 1:
            log.info("%s: shutting down", name)
            task.cancel()
        else:
            log.warning("%s again: still shutting down", name)

    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop, number.name)
    try:
        return await task
    except asyncio.CancelledError:
        if not signals:
            raise
        return stopped()
    finally:
        for number in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(number)


def configure_logging(settings: Settings, quiet: bool) -> None:
    """The configured level, or by default INFO for the bot and WARNING for a ``quiet``
    command (the console's prompt, a script's output); never a library's message payloads."""
    from core.logs import protect_logs

    level = getattr(logging, settings.log_level or ("WARNING" if quiet else "INFO"))
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for name in WIRE_LOGGERS:
        logging.getLogger(name).setLevel(max(level, logging.INFO))
    protect_logs()
