"""What the ``stride`` command's options mean: the config file, and clocks and days kept
inside the range the calendar arithmetic can take (a bad value is one sentence, never a
traceback)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import click

from core.clock import EARLIEST, LATEST, Clock, FixedClock, in_range
from core.settings import Settings, load_settings


def settings_from(config: str | None) -> Settings:
    try:
        return load_settings(config)
    except FileNotFoundError as error:
        raise click.UsageError(str(error)) from error
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise click.UsageError(f"config is not valid:\n{error}") from error


def parse_now(value: str | None) -> Clock | None:
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


def parse_day(value: str, option: str) -> date:
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
