"""When notifications are due: the six kinds, their default cron specs, and occurrences.

Cron fields are parsed and walked by APScheduler's ``CronTrigger``. Each occurrence is
named by its local wall-clock minute, its *period key*, which the outbox's unique key
holds to once per recipient, so a reminder fires exactly once however the clocks move.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from core.errors import InvalidInput

MAX_OCCURRENCES = 10_000


class Kind(StrEnum):
    WEEKLY_REMINDER = "weekly_reminder"
    HOURS_CHECKIN = "hours_checkin"
    REASSESSMENT = "reassessment"
    LEADERBOARD = "leaderboard"
    DIGEST = "digest"
    NUDGE = "nudge"


Audience = Literal["channel", "member", "instructor"]


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    default_cron: str
    audiences: tuple[Audience, ...]
    grace: timedelta
    """How late a missed occurrence may still be sent after downtime; older ones are skipped."""
    title: str


SPECS: dict[Kind, KindSpec] = {
    Kind.WEEKLY_REMINDER: KindSpec(
        Kind.WEEKLY_REMINDER, "0 9 * * mon", ("channel", "member"), timedelta(hours=12), "Weekly reminder"
    ),
    Kind.HOURS_CHECKIN: KindSpec(
        Kind.HOURS_CHECKIN, "0 18 * * sun", ("member",), timedelta(hours=5), "Hours check-in"
    ),
    Kind.REASSESSMENT: KindSpec(
        Kind.REASSESSMENT, "0 10 1 * *", ("member",), timedelta(hours=48), "Skill re-assessment"
    ),
    Kind.LEADERBOARD: KindSpec(
        Kind.LEADERBOARD, "0 17 * * fri", ("channel",), timedelta(hours=6), "Leaderboard"
    ),
    Kind.DIGEST: KindSpec(
        Kind.DIGEST, "0 8 * * mon", ("instructor",), timedelta(hours=24), "Instructor digest"
    ),
    Kind.NUDGE: KindSpec(Kind.NUDGE, "0 18 * * wed", ("member",), timedelta(hours=6), "Midweek nudge"),
}


def parse_kind(text: str) -> Kind:
    value = text.strip().lower().replace("-", "_")
    aliases = {"reminder": Kind.WEEKLY_REMINDER, "checkin": Kind.HOURS_CHECKIN, "reassess": Kind.REASSESSMENT}
    if value in aliases:
        return aliases[value]
    try:
        return Kind(value)
    except ValueError:
        names = ", ".join(k.value for k in Kind)
        raise InvalidInput(f"'{text[:30]}' is not a notification kind; the kinds are {names}.") from None


def check_cron(expression: str) -> str:
    """A five-field crontab spec such as "0 9 * * mon" (minute hour day month weekday)."""
    text = " ".join(expression.split())
    if len(text) > 100 or len(text.split(" ")) != 5:
        raise InvalidInput(
            f"'{expression[:30]}' is not a cron spec; write five fields: minute hour day month weekday, "
            'like "0 9 * * mon".'
        )
    minute, hour = text.split(" ")[:2]
    if not minute.isdigit() or hour == "*":
        raise InvalidInput(
            f"'{text[:30]}' would fire more than once an hour; give one minute and the hours, "
            'like "0 9 * * mon" or "30 18 * * sun".'
        )
    try:
        CronTrigger.from_crontab(text, timezone=ZoneInfo("UTC"))
    except ValueError as error:
        raise InvalidInput(
            f"'{text[:30]}' is not a valid cron spec ({str(error)[:60]}); write it like \"0 9 * * mon\"."
        ) from None
    return text


def period_key(local: datetime) -> str:
    """The occurrence's local wall-clock minute, as the cron names it."""
    return local.strftime("%Y-%m-%dT%H:%M")


@dataclass(frozen=True)
class Occurrence:
    at: datetime
    """The UTC instant it fires."""
    local: datetime
    period: str


def occurrences(cron: str, zone: ZoneInfo, after: datetime, until: datetime) -> list[Occurrence]:
    """Occurrences of ``cron`` in ``zone`` with ``after < at <= until``, one per period key.

    The cron is walked on the zone's wall clock (as if it were UTC, which has no DST) and
    each wall-clock time is then placed in the zone: a time the spring-forward skips lands
    an hour later (02:30 → 03:30), a time the fall-back repeats counts once (its first).
    APScheduler's own DST handling is not used, because near a transition it can skip a
    week or repeat an instant.
    """
    if after.tzinfo is None or until.tzinfo is None:
        raise ValueError("occurrences() needs timezone-aware instants")
    trigger = CronTrigger.from_crontab(cron, timezone=UTC)
    wall_start = after.astimezone(zone).replace(tzinfo=UTC) - timedelta(days=1)
    wall_end = until.astimezone(zone).replace(tzinfo=UTC) + timedelta(days=1)
    found: list[Occurrence] = []
    cursor = wall_start
    for _ in range(MAX_OCCURRENCES):
        wall = trigger.get_next_fire_time(None, cursor)
        if wall is None or wall > wall_end:
            break
        local = wall.replace(tzinfo=zone, fold=0)
        at = local.astimezone(UTC)
        if after < at <= until:
            found.append(Occurrence(at, at.astimezone(zone), period_key(wall)))
        cursor = wall + timedelta(seconds=1)
    return sorted(found, key=lambda o: o.at)


@dataclass(frozen=True)
class KindSchedule:
    enabled: bool
    cron: str


def cohort_schedule(settings: Mapping[str, Any]) -> dict[Kind, KindSchedule]:
    """Each kind's switch and cron for a cohort: its stored settings over the defaults."""
    stored = settings.get("schedule", {}) if isinstance(settings.get("schedule"), dict) else {}
    result: dict[Kind, KindSchedule] = {}
    for kind, spec in SPECS.items():
        entry = stored.get(kind.value, {})
        entry = entry if isinstance(entry, dict) else {}
        result[kind] = KindSchedule(
            enabled=bool(entry.get("enabled", True)), cron=str(entry.get("cron") or spec.default_cron)
        )
    return result
