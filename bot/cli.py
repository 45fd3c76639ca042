"""The ``stride`` command: run the bot, open the console, migrate the database."""

from __future__ import annotations

import asyncio
import getpass
import io
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

import click

from core.bootstrap import Stride, start
from core.clock import Clock, FixedClock
from core.settings import Settings, load_settings

T = TypeVar("T")


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
    return FixedClock(instant if instant.tzinfo else instant.replace(tzinfo=UTC))


def _run(main: Callable[[], Awaitable[T]]) -> T:
    return asyncio.run(main())  # type: ignore[arg-type]


def _logging(settings: Settings, quiet: bool) -> None:
    level = logging.WARNING if quiet else getattr(logging, settings.log_level)
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


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
) -> int:
    from bot.console.repl import run_console
    from bot.console.session import ConsoleSession

    settings = _settings(config)
    _logging(settings, quiet=True)
    clock = _parse_now(now)
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")  # undecodable bytes must not end a script
    acting = user or settings.console.user or _login()
    history = os.path.expanduser(settings.console.history_file)

    async def main() -> int:
        stride: Stride = await start(settings, database_url=database_url, clock=clock)
        try:
            session = ConsoleSession(stride.services, acting, cohort)
            return await run_console(session, history, as_json)
        finally:
            await stride.close()

    return _run(main)


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
) -> None:
    """Talk to Stride in this terminal (or feed it commands on standard input)."""
    sys.exit(_start_console(config, database_url, user, cohort, now, as_json))


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
) -> None:
    """Start the bot: the configured platforms, or the console when none is configured."""
    settings = _settings(config)
    if settings.discord_enabled or settings.slack_enabled:
        raise click.ClickException(
            "Discord and Slack adapters are not part of this release yet; "
            "unset their tokens to use the console."
        )
    sys.exit(_start_console(config, database_url, user, cohort, now, as_json))


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
    url = database_url or settings.database.url

    async def main() -> str | None:
        engine = create_engine(url, busy_timeout_ms=settings.database.busy_timeout_ms)
        try:
            await upgrade(engine)
            return await current_revision(engine)
        finally:
            await engine.dispose()

    click.echo(f"database is at revision {_run(main)}")


def main() -> None:
    cli(prog_name="stride")
