"""The ``stride`` command: run the bot, open the console, migrate the database."""

from __future__ import annotations

import asyncio
import getpass
import io
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from core.bootstrap import Stride, start

if TYPE_CHECKING:
    from bot.console.repl import Background
from core.clock import EARLIEST, LATEST, Clock, FixedClock, in_range
from core.settings import Settings, load_settings

T = TypeVar("T")
log = logging.getLogger("stride")


def _settings(config: str | None) -> Settings:
    try:
        return load_settings(config)
    except FileNotFoundError as error:
        raise click.UsageError(str(error)) from error
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise click.UsageError(f"config is not valid:\n{error}") from error


def _parse_now(value: str | None) -> Clock | None:
    if value is None:
        return None
    try:
        instant = datetime.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(
            f"'{value[:40]}' is not an ISO date-time; write it like 2026-11-02T09:00 or "
            "2026-11-02T09:00+01:00.",
            param_hint="--now",
        ) from error
    _check_range(instant.date(), value, "--now")
    instant = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    _check_range(instant.astimezone(UTC).date(), value, "--now")
    return FixedClock(instant)


def _parse_day(value: str, option: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter("write the day as YYYY-MM-DD", param_hint=option) from error
    _check_range(day, value, option)
    return day


def _check_range(day: date, value: str, option: str) -> None:
    """Dates near the calendar's ends overflow in week and month arithmetic: refuse them here."""
    if not in_range(day):
        raise click.BadParameter(
            f"{option} must be between {EARLIEST} and {LATEST}; you wrote '{value[:40]}'.",
            param_hint=option,
        )


async def _start(
    settings: Settings, database_url: str | None, *, clock: Clock | None = None, create: bool = True
) -> Stride:
    """``start``, saying when it made a new SQLite file; with ``create=False`` (a read-only
    command) a missing file is refused instead of made."""
    url = settings.database.url if database_url is None else database_url
    new = _new_database(url, create=create)
    stride = await start(settings, database_url=url, clock=clock)
    if new is not None:
        click.echo(f"Created a new database at {new}.", err=True)
    return stride


def _new_database(url: str, *, create: bool = True) -> str | None:
    """The SQLite file opening ``url`` will create, if any (a bad URL raises its sentence)."""
    from core.db.engine import missing_database

    missing = missing_database(url)
    if missing is not None and not create:
        raise click.ClickException(f"no database at {missing}; run `stride db upgrade` or `make run` first")
    return missing


def _run(main: Callable[[], Awaitable[T]], *, stopped: Callable[[], T] | None = None) -> T:
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


def _logging(settings: Settings, quiet: bool) -> None:
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


@click.group()
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    default=None,
    help="config.toml to read (default: $STRIDE_CONFIG or ./config.toml).",
)
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """Stride: an accountability bot for study cohorts."""
    ctx.obj = config


def _console_options(func: Callable[..., None]) -> Callable[..., None]:
    options = [
        click.option("--db", "database_url", default=None, help="Database URL (overrides config)."),
        click.option("--as", "user", default=None, help="Acting user id (default: your login)."),
        click.option("--cohort", default=None, help="Cohort to act in when you are in several."),
        click.option("--now", default=None, help="Fixed clock, ISO date-time (for scripts and tests)."),
        click.option("--json", "as_json", is_flag=True, help="One JSON object per reply."),
        click.option(
            "--files",
            "--charts",
            "files_dir",
            default=None,
            help="Folder where charts and exports are written (default: console.files_dir).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _start_console(
    config: str | None,
    database_url: str | None,
    user: str | None,
    cohort: str | None,
    now: str | None,
    as_json: bool,
    files_dir: str | None = None,
) -> int:
    from bot.console.repl import run_console
    from bot.console.session import USER_NAME, ConsoleSession

    settings = _settings(config)
    _logging(settings, quiet=True)
    clock = _parse_now(now)
    if isinstance(sys.stdin, io.TextIOWrapper):
        # Undecodable bytes must not end a script: they arrive as lone surrogates, which the
        # session answers with a clear error for that line alone.
        sys.stdin.reconfigure(errors="surrogateescape")
    acting = user or settings.console.user or _login()
    if not USER_NAME.fullmatch(acting):
        raise click.BadParameter(
            f"'{acting[:40]}' is not a user id; use up to 64 letters, digits, dots, dashes or "
            "underscores, like --as ada.",
            param_hint="--as",
        )
    history = os.path.expanduser(settings.console.history_file)
    files = Path(os.path.expanduser(files_dir or settings.console.files_dir))

    async def main() -> int:
        stride: Stride = await _start(settings, database_url, clock=clock)
        try:
            session = ConsoleSession(stride.services, acting, cohort, files)
            return await run_console(session, history, as_json, lambda: _scheduler(stride, files))
        finally:
            await stride.close()

    return _run(main, stopped=lambda: 0)


def _scheduler(stride: Stride, files: Path) -> Background:
    """The notification loop for an interactive console: messages print as they fire, and
    their files (a digest's chart) go where the console's replies' files go."""
    from bot.console.sink import ConsoleSink
    from bot.scheduler import build_scheduler

    scheduler: Background = build_scheduler(stride.services, ConsoleSink(sys.stdout, files))
    return scheduler


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "student"


@cli.command()
@_console_options
@click.pass_obj
def console(
    config: str | None,
    database_url: str | None,
    user: str | None,
    cohort: str | None,
    now: str | None,
    as_json: bool,
    files_dir: str | None,
) -> None:
    """Talk to Stride in this terminal (or feed it commands on standard input)."""
    sys.exit(_start_console(config, database_url, user, cohort, now, as_json, files_dir))


@cli.command()
@_console_options
@click.pass_obj
def run(
    config: str | None,
    database_url: str | None,
    user: str | None,
    cohort: str | None,
    now: str | None,
    as_json: bool,
    files_dir: str | None,
) -> None:
    """Start the bot: the configured platforms, or the console when none is configured."""
    settings = _settings(config)
    if not (settings.discord_enabled or settings.slack_enabled):
        sys.exit(_start_console(config, database_url, user, cohort, now, as_json, files_dir))
    _logging(settings, quiet=False)
    runners = _platform_runners(settings)

    async def serve() -> None:
        stride = await _start(settings, database_url)
        try:
            await asyncio.gather(*(run(stride) for run in runners))
        finally:
            await stride.close()

    _run(serve, stopped=lambda: None)


def _platform_runners(settings: Settings) -> list[Callable[[Stride], Awaitable[None]]]:
    """One runner per configured platform; a half-configured one is refused before start-up."""
    runners: list[Callable[[Stride], Awaitable[None]]] = []
    if settings.discord_enabled:
        from bot.discord.runner import run_discord

        runners.append(lambda stride: run_discord(stride, settings.discord))
    if settings.slack_enabled:
        from bot.slack.runner import check_settings, run_slack

        try:
            check_settings(settings.slack)
        except ValueError as error:
            raise click.ClickException(str(error)) from None
        runners.append(lambda stride: run_slack(stride, settings.slack))
    return runners


@cli.group()
def db() -> None:
    """Database schema commands."""


@db.command("upgrade")
@click.option("--db", "database_url", default=None, help="Database URL (overrides config).")
@click.pass_obj
def db_upgrade(config: str | None, database_url: str | None) -> None:
    """Apply every pending Alembic revision."""
    from core.db.engine import create_engine
    from core.db.migrate import current_revision, upgrade

    settings = _settings(config)
    url = settings.database.url if database_url is None else database_url

    async def main() -> str | None:
        new = _new_database(url)
        engine = create_engine(url, busy_timeout_ms=settings.database.busy_timeout_ms)
        try:
            await upgrade(engine)
            if new is not None:
                click.echo(f"Created a new database at {new}.", err=True)
            return await current_revision(engine)
        finally:
            await engine.dispose()

    click.echo(f"database is at revision {_run(main)}")


@cli.command()
@click.option("--now", "now", required=True, help="Process everything due up to this instant (ISO).")
@click.option("--db", "database_url", default=None, help="Database URL (overrides config).")
@click.option(
    "--sink",
    default="console",
    show_default=True,
    help="Where messages go: console (print) or jsonl:PATH (append JSON lines).",
)
@click.option(
    "--preview", is_flag=True, help="List what is due by --now on every platform; send and change nothing."
)
@click.pass_obj
def tick(config: str | None, now: str, database_url: str | None, sink: str, preview: bool) -> None:
    """Enqueue every notification due up to --now and deliver the console's; Discord's and
    Slack's stay pending for their bot (a terminal cannot reach them). A repeat delivers nothing."""
    from bot.console.sink import ConsoleSink, JsonLinesSink
    from bot.scheduler import worker_id
    from core.render.text import platform_name, render_text
    from core.services.delivery import Sink, deliver_due, left_for_others
    from core.services.notifications import due_now, enqueue_due

    settings = _settings(config)
    _logging(settings, quiet=True)
    clock = _parse_now(now)
    target: Sink
    if sink == "console":
        target = ConsoleSink(sys.stdout, Path(os.path.expanduser(settings.console.files_dir)))
    elif sink.startswith("jsonl:") and len(sink) > 6:
        target = JsonLinesSink(sink[6:])
    else:
        raise click.BadParameter("write --sink console or --sink jsonl:PATH", param_hint="--sink")

    async def main() -> list[str]:
        stride = await _start(settings, database_url, clock=clock, create=not preview)
        try:
            if preview:
                views = await due_now(stride.services)
                return [render_text(view) for view in views] or [f"Nothing is due by {now}."]
            report = await enqueue_due(stride.services)
            delivered = await deliver_due(stride.services, target, owner=worker_id())
            left = await left_for_others(stride.services, target)
        finally:
            await stride.close()
        summary = (
            f"{report.new_rows} new, {delivered.sent} sent, {delivered.retried} to retry, "
            f"{delivered.failed} failed, {delivered.unreachable} unreachable, "
            f"{report.late + delivered.skipped} skipped as too late"
        )
        return [summary, *(f"{n} due for {platform_name(p)}, left for the bot" for p, n in left.items())]

    lines = _run(main)
    click.echo("\n\n".join(lines) if preview else "\n".join(lines), err=not preview)


@cli.group()
def schedule() -> None:
    """Look at the notification schedule."""


@schedule.command("preview")
@click.option("--cohort", default=None, help="Only this cohort (default: all).")
@click.option("--from", "first_day", required=True, help="First day, YYYY-MM-DD (from 00:00 UTC).")
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 366), help="How many days.")
@click.option("--db", "database_url", default=None, help="Database URL (overrides config).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per cohort.")
@click.pass_obj
def schedule_preview(
    config: str | None, cohort: str | None, first_day: str, days: int, database_url: str | None, as_json: bool
) -> None:
    """List upcoming notifications with local and UTC times; writes nothing."""
    from core.errors import StrideError
    from core.render.text import render_text
    from core.services.notifications import preview

    settings = _settings(config)
    _logging(settings, quiet=True)
    first = _parse_day(first_day, "--from")

    async def main() -> list[str]:
        stride = await _start(settings, database_url, create=False)
        try:
            views = await preview(stride.services, cohort, first, days)
        finally:
            await stride.close()
        return [view.model_dump_json() if as_json else render_text(view) for view in views]

    try:
        for block in _run(main):
            click.echo(block)
    except StrideError as error:
        raise click.ClickException(error.message) from error


@cli.group()
def discord() -> None:
    """Discord set-up commands."""


@discord.command("sync")
@click.option("--guild", "guild_id", type=int, default=None, help="Sync to one server now (else globally).")
@click.option("--db", "database_url", default=None, help="Database URL (overrides config).")
@click.pass_obj
def discord_sync(config: str | None, guild_id: int | None, database_url: str | None) -> None:
    """Publish the slash commands; run after installing or upgrading, not on every start."""
    from bot.discord.runner import sync_commands

    settings = _settings(config)
    if not settings.discord_enabled:
        raise click.ClickException("set STRIDE_DISCORD__TOKEN first")

    async def main() -> int:
        stride = await _start(settings, database_url)
        try:
            return await sync_commands(stride, settings.discord, guild_id)
        finally:
            await stride.close()

    count = _run(main)
    click.echo(f"synced {count} commands " + (f"to server {guild_id}" if guild_id else "globally"))


@discord.command("invite-url")
@click.pass_obj
def discord_invite_url(config: str | None) -> None:
    """Print the link that installs Stride in a server, with exactly the scopes it needs."""
    from bot.discord.client import invite_url

    settings = _settings(config)
    if not settings.discord.application_id:
        raise click.ClickException("set discord.application_id in config.toml (the application's id)")
    click.echo(invite_url(settings.discord.application_id))


def main() -> None:
    cli(prog_name="stride")
