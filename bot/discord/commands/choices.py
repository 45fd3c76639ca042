"""Autocomplete for the member's own skills and tracks, time zones and weeks.

Autocomplete only suggests: every value is still checked by the service, so a value
typed past the suggestions gets the same clear error as on the console.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta
from functools import cache

import discord
from discord import app_commands

from bot.discord.interaction_context import actor_of, services_of
from core.domain.weeks import WEEK_CHOICES, iso_week_key
from core.errors import StrideError
from core.services import budgets, skills

MAX_CHOICES = 25
CHOICE_CHARS = 100
"""Longest name and value of an autocomplete choice Discord accepts."""


def _matching(values: list[str], current: str) -> list[app_commands.Choice[str]]:
    needle = current.casefold()
    hits = [v for v in values if needle in v.casefold()]
    return [app_commands.Choice(name=v[:100], value=v[:100]) for v in hits[:MAX_CHOICES]]


def skill_choices(numbered: list[tuple[int, str]], current: str) -> list[app_commands.Choice[str]]:
    """The member's skills as ``3. SQL``: a typed number picks that skill first, then every
    name containing what was typed. The value is the name, or ``#3`` for a name longer than
    a choice's value may be (the service reads both)."""
    needle = current.strip().casefold()
    number = needle.lstrip("#").strip()
    hits = [(n, name) for n, name in numbered if str(n) == number]
    hits += [(n, name) for n, name in numbered if needle in name.casefold() and (n, name) not in hits]
    return [
        app_commands.Choice(
            name=f"{n}. {name}"[:CHOICE_CHARS], value=name if len(name) <= CHOICE_CHARS else f"#{n}"
        )
        for n, name in hits[:MAX_CHOICES]
    ]


async def skill_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    try:
        view = await skills.list_skills(services_of(interaction), actor_of(interaction), None)
    except StrideError:
        return []
    return skill_choices([(s.number, s.name) for s in view.skills], current)


async def tracks(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    try:
        view = await budgets.show_budgets(services_of(interaction), actor_of(interaction), None)
    except StrideError:
        return []
    return _matching([b.track for b in view.budgets], current)


@cache
def _zones() -> list[str]:
    return sorted(zoneinfo.available_timezones())


async def timezones(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return _matching(_zones(), current)


RECENT_WEEKS = 8


async def weeks(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """last, this, and the keys of the last few weeks (by the UTC calendar: only a
    suggestion; the service resolves the week in the cohort's time zone)."""
    today = datetime.now(UTC).date()
    recent = [iso_week_key(today - timedelta(weeks=back)) for back in range(RECENT_WEEKS)]
    return _matching([*WEEK_CHOICES, *recent], current)
