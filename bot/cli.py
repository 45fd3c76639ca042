"""The ``stride`` command: run the bot, open the console, migrate the database."""

from __future__ import annotations

import asyncio
import getpass
import io
import os
import sys
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot.cli_lifecycle import configure_logging, new_database, run_main, start_stride
from bot.cli_options import parse_day, parse_now, settings_from
from core.bootstrap import Stride
from core.settings import Settings

if TYPE_CHECKING:
    from bot.console.repl import Background


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

    settings = settings_from(config)
    configure_logging(settings, quiet=True)
    clock = parse_now(now)
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
        stride: Stride = await start_stride(settings, database_url, clock=clock)
        try:
            session = ConsoleSession(stride.services, acting, cohort, files)
            async with _console_dashboard(stride, settings):
                return await run_console(session, history, as_json, lambda: _scheduler(stride, files))
        finally:
            await stride.close()

    return run_main(main, stopped=lambda: 0)


def _scheduler(stride: Stride, files: Path) -> Background:
    """The notification loop for an interactive console: messages print as they fire, and
    their files (a digest's chart) go where the console's replies' files go."""
    from bot.console.sink import ConsoleSink
    from bot.scheduler import build_scheduler

    scheduler: Background = build_scheduler(stride.services, ConsoleSink(sys.stdout, files))
    return scheduler


def _console_dashboard(stride: Stride, settings: Settings) -> AbstractAsyncContextManager[None]:
    """The dashboard beside an interactive console (a script serves none: scripts run
    side by side and would fight over the port)."""
    from bot.web.server import beside_console

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return nullcontext()
    return beside_console(stride.services, settings.web, sys.stdout)


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
    settings = settings_from(config)
    if not (settings.discord_enabled or settings.slack_enabled):
        sys.exit(_start_console(config, database_url, user, cohort, now, as_json, files_dir))
    configure_logging(settings, quiet=False)
    runners = _platform_runners(settings)

    async def serve() -> None:
        from bot.web.server import PortInUse, beside_platforms

        stride = await start_stride(settings, database_url)
        try:
            async with beside_platforms(stride.services, settings):
                await asyncio.gather(*(run(stride) for run in runners))
        except PortInUse as busy:
            raise click.ClickException(str(busy)) from None
        finally:
            await stride.close()

    run_main(serve, stopped=lambda: None)


def _platform_runners(settings: Settings) -> list[Callable[[Stride], Awaitable[None]]]:
    """One runner per configured platform; a half-configured one is refused before start-up."""
    runners: list[Callable[[Stride], Awaitable[None]]] = []
    if settings.discord_enabled:
        from bot.discord.runner import run_discord

        runners.append(lambda stride: run_discord(stride, settings.discord))
    if settings.slack_enabled:
        from bot.slack.runner import check_settings, run_slack
        from bot.web.server import shares_slack_port

        try:
            check_settings(settings.slack)
        except ValueError as error:
            raise click.ClickException(str(error)) from None
        shared = settings.web if shares_slack_port(settings) else None
        runners.append(lambda stride: run_slack(stride, settings.slack, shared))
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

    settings = settings_from(config)
    url = settings.database.url if database_url is None else database_url

    async def main() -> str | None:
        new = new_database(url)
        engine = create_engine(url, busy_timeout_ms=settings.database.busy_timeout_ms)
        try:
            await upgrade(engine)
            if new is not None:
                click.echo(f"Created a new database at {new}.", err=True)
            return await current_revision(engine)
        finally:
            await engine.dispose()

    click.echo(f"database is at revision {run_main(main)}")


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
    from core.services.notifications import enqueue_due
    from core.services.schedule_preview import due_now

    settings = settings_from(config)
    configure_logging(settings, quiet=True)
    clock = parse_now(now)
    target: Sink
    if sink == "console":
        target = ConsoleSink(sys.stdout, Path(os.path.expanduser(settings.console.files_dir)))
    elif sink.startswith("jsonl:") and len(sink) > 6:
        target = JsonLinesSink(sink[6:])
    else:
        raise click.BadParameter("write --sink console or --sink jsonl:PATH", param_hint="--sink")

    async def main() -> list[str]:
        stride = await start_stride(settings, database_url, clock=clock, create=not preview)
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

    lines = run_main(main)
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
    from core.services.schedule_preview import preview

    settings = settings_from(config)
    configure_logging(settings, quiet=True)
    first = parse_day(first_day, "--from")

    async def main() -> list[str]:
        stride = await start_stride(settings, database_url, create=False)
        try:
            views = await preview(stride.services, cohort, first, days)
        finally:
            await stride.close()
        return [view.model_dump_json() if as_json else render_text(view) for view in views]

    try:
        for block in run_main(main):
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

    settings = settings_from(config)
    if not settings.discord_enabled:
        raise click.ClickException("set STRIDE_DISCORD__TOKEN first")

    async def main() -> int:
        stride = await start_stride(settings, database_url)
        try:
            return await sync_commands(stride, settings.discord, guild_id)
        finally:
            await stride.close()

    count = run_main(main)
    click.echo(f"synced {count} commands " + (f"to server {guild_id}" if guild_id else "globally"))


@discord.command("invite-url")
@click.pass_obj
def discord_invite_url(config: str | None) -> None:
    """Print the link that installs Stride in a server, with exactly the scopes it needs."""
    from bot.discord.client import intents_note, invite_url

    settings = settings_from(config)
    if not settings.discord.application_id:
        raise click.ClickException("set discord.application_id in config.toml (the application's id)")
    click.echo(invite_url(settings.discord.application_id))
    click.echo(intents_note(), err=True)


def main() -> None:
    cli(prog_name="stride")
