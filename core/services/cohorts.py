"""Cohorts: create (the creator becomes the instructor), join, show, and settings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date

from core.commands import parse_int
from core.db.uow import UnitOfWork
from core.domain import limits
from core.domain.model import Actor, Role
from core.domain.planning import check_step_hours
from core.domain.reflections import question_lines, reflections_enabled
from core.domain.schedule import Kind
from core.domain.weeks import parse_date, resolve_timezone
from core.errors import Conflict, InvalidInput
from core.services.cohort_schedule import (
    SCHEDULE_KEYS,
    ScheduleChanges,
    apply,
    entries,
    parse_schedule_settings,
)
from core.services.context import ServiceContext, membership, require_instructor, short
from core.services.voice_rooms import VOICE_KEY, apply_voice_rooms, parse_voice_rooms, voice_rooms
from core.views.member import CohortView, VoiceRoomView

COHORT_NAME = re.compile(rf"^\w[\w .\-]{{0,{limits.COHORT_NAME - 1}}}$")
PLAIN_NUMBER = re.compile(r"\d{1,6}(\.\d{1,3})?")
COHORT_NAME_CHARS = limits.COHORT_NAME
CHANNEL = re.compile(rf"[\w\-]{{1,{limits.CHANNEL}}}")


def check_channel(text: str) -> str:
    channel = text.strip().lstrip("#")
    if not CHANNEL.fullmatch(channel):
        raise InvalidInput(
            "A channel is a name or id of up to 64 letters, digits or dashes, like channel=general."
        )
    return channel


def check_cohort_name(name: str) -> str:
    name = " ".join(name.split())
    # The stored lookup key is the casefolded name, which can be longer ("ß" → "ss").
    if not COHORT_NAME.match(name) or len(name.casefold()) > COHORT_NAME_CHARS:
        raise InvalidInput(
            "A cohort name is 1 to 60 letters, digits, spaces, dots or dashes, "
            "starting with a letter or digit, like ML-Fall-2026."
        )
    return name


@dataclass(frozen=True)
class CohortChanges:
    """Instructor settings, each None when not being changed."""

    timezone: str | None = None
    channel_id: str | None = None
    horizon_weeks: int | None = None
    step_hours: tuple[float, ...] | None = None
    default_weekly_minutes: int | None = None
    term_start: date | None = None
    term_end: date | None = None
    schedule: ScheduleChanges = field(default_factory=ScheduleChanges)
    voice: dict[str, str | None] | None = None
    """Voice rooms to map (channel id → track) or unmap (→ None); Discord only."""

    def values(self) -> dict[str, object]:
        """The column changes (the schedule and voice rooms live in the settings document)."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("schedule", "voice") and getattr(self, f.name) is not None
        }


SETTING_KEYS = (
    "timezone",
    "channel",
    "horizon",
    "step_hours",
    "default_hours",
    "term_start",
    "term_end",
    *SCHEDULE_KEYS,
    VOICE_KEY,
)
KEYS_HELP = (
    "timezone, channel, horizon, step_hours, default_hours, term_start, term_end, focus, "
    "voice, "
    'and KIND=on|off or KIND.cron="0 9 * * mon" for ' + ", ".join(k.value for k in Kind)
)


def parse_cohort_settings(options: Mapping[str, str], platform: str | None = None) -> CohortChanges:
    """Turn ``key=value`` pairs from /cohort set into typed changes, all checked before any is saved
    (``voice=`` only on a platform with voice rooms)."""
    unknown = sorted(set(options) - set(SETTING_KEYS) - {"cohort"})
    if unknown:
        raise InvalidInput(f"/cohort set does not know '{short(unknown[0], 30)}'; it takes {KEYS_HELP}.")
    if not set(options) - {"cohort"}:
        raise InvalidInput(f"Say what to change, like /cohort set horizon=52; the settings are {KEYS_HELP}.")
    changes: dict[str, object] = {}
    if "timezone" in options:
        changes["timezone"] = resolve_timezone(options["timezone"]).key
    if "channel" in options:
        changes["channel_id"] = check_channel(options["channel"])
    if "horizon" in options:
        changes["horizon_weeks"] = parse_int(options["horizon"], "the horizon in weeks", 1, 520, "horizon=52")
    if "step_hours" in options:
        changes["step_hours"] = check_step_hours(_numbers(options["step_hours"]))
    if "default_hours" in options:
        value = options["default_hours"].strip()
        if not PLAIN_NUMBER.fullmatch(value) or not 0 < float(value) <= 168:
            raise InvalidInput(
                "The default weekly hours must be one number above 0 and at most 168, like default_hours=6."
            )
        changes["default_weekly_minutes"] = round(float(value) * 60)
    for key in ("term_start", "term_end"):
        if key in options:
            changes[key] = parse_date(options[key], key.replace("_", " "))
    changes["schedule"] = parse_schedule_settings(options)
    if VOICE_KEY in options:
        changes["voice"] = parse_voice_rooms(options[VOICE_KEY], platform or "")
    return CohortChanges(**changes)  # type: ignore[arg-type]


def _numbers(text: str) -> tuple[float, ...]:
    parts = [part.strip() for part in text.replace(";", ",").split(",")]
    if not all(PLAIN_NUMBER.fullmatch(part) for part in parts):
        raise InvalidInput(
            f"'{short(text, 30)}' is not a list of plain numbers; write them like 5,15,40,100,200."
        )
    return tuple(float(part) for part in parts)


async def create_cohort(
    ctx: ServiceContext,
    actor: Actor,
    name: str,
    timezone: str | None,
    channel_id: str | None = None,
) -> CohortView:
    name = check_cohort_name(name)
    tz = resolve_timezone(timezone).key if timezone is not None else ctx.defaults.timezone
    channel_id = check_channel(channel_id) if channel_id is not None else None
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        if await uow.cohorts.by_name(actor.platform, actor.workspace_id, name):
            raise Conflict(f"A cohort called {name} already exists here; join it with /cohort join {name}.")
        cohort = await uow.cohorts.add(
            platform=actor.platform,
            workspace_id=actor.workspace_id,
            name=name,
            timezone=tz,
            channel_id=channel_id,
            horizon_weeks=ctx.defaults.horizon_weeks,
            step_hours=ctx.defaults.step_hours,
            default_weekly_minutes=round(ctx.defaults.weekly_hours * 60),
            created_at=now,
        )
        await uow.members.add(
            cohort_id=cohort.id,
            user_id=actor.user_id,
            display_name=limits.cut(actor.display_name, limits.DISPLAY_NAME),
            role=Role.INSTRUCTOR,
            joined_at=now,
        )
        view = await cohort_view(uow, cohort.id, Role.INSTRUCTOR)
        await uow.commit()
    return view.model_copy(update={"headline": f"Created cohort {name}; you are its instructor."})


async def join_cohort(ctx: ServiceContext, actor: Actor, name: str) -> CohortView:
    async with ctx.uow() as uow:
        cohort = await uow.cohorts.by_name(actor.platform, actor.workspace_id, check_cohort_name(name))
        if cohort is None:
            raise InvalidInput(
                f"There is no cohort called '{short(name)}' here; check the name with your instructor."
            )
        member = await uow.members.get(cohort.id, actor.user_id)
        if member is not None:
            raise Conflict(f"You are already in {cohort.name}; see it with /cohort show.")
        await uow.members.add(
            cohort_id=cohort.id,
            user_id=actor.user_id,
            display_name=limits.cut(actor.display_name, limits.DISPLAY_NAME),
            role=Role.STUDENT,
            joined_at=ctx.clock.now(),
        )
        view = await cohort_view(uow, cohort.id, Role.STUDENT)
        await uow.commit()
    return view.model_copy(
        update={"headline": f"Welcome to {cohort.name}! Start with /plan set A and /skill add."}
    )


async def show_cohort(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> CohortView:
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        return await cohort_view(uow, found.cohort.id, found.member.role)


async def check_can_change(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> None:
    """The sentence ``update_cohort`` gives someone who may not change settings, for an
    adapter that refuses a value of its own before calling it (the permission comes first)."""
    async with ctx.uow(read_only=True) as uow:
        require_instructor(await membership(uow, actor, cohort_name), "change cohort settings")


async def update_cohort(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, changes: CohortChanges | Mapping[str, str]
) -> CohortView:
    """Apply ``changes``; given as the raw ``key=value`` options, they are parsed only after
    the permission check, so a student learns they cannot change settings, not that a value
    they may not set anyway was mistyped."""
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        require_instructor(found, "change cohort settings")
        if not isinstance(changes, CohortChanges):
            changes = parse_cohort_settings(changes, actor.platform)
        start = changes.term_start or found.cohort.term_start
        end = changes.term_end or found.cohort.term_end
        if start and end and end < start:
            raise InvalidInput("The term ends before it starts; make term_end later than term_start.")
        values = changes.values()
        settings = dict(found.cohort.settings)
        if changes.schedule:
            settings = values["settings"] = apply(settings, changes.schedule)
        if changes.voice is not None:
            values["settings"] = apply_voice_rooms(settings, changes.voice)
        await uow.cohorts.update(found.cohort.id, **values)
        view = await cohort_view(uow, found.cohort.id, found.member.role)
        await uow.commit()
    names = [_setting_name(key) for key in changes.values()] + changes.schedule.names()
    names += ["voice rooms"] if changes.voice is not None else []
    changed = ", ".join(name.replace("_", " ") for name in names)
    return view.model_copy(update={"headline": f"Updated {changed}."})


def _setting_name(field_name: str) -> str:
    names = {
        "channel_id": "channel",
        "horizon_weeks": "horizon",
        "default_weekly_minutes": "default hours",
    }
    return names.get(field_name, field_name.replace("_", " "))


async def cohort_view(uow: UnitOfWork, cohort_id: int, role: Role) -> CohortView:
    cohort = await uow.cohorts.get(cohort_id)
    counts = await uow.members.count_by_role(cohort_id)
    instructors = await uow.members.instructors(cohort_id)
    return CohortView(
        name=cohort.name,
        timezone=cohort.timezone,
        channel_id=cohort.channel_id,
        term_start=cohort.term_start,
        term_end=cohort.term_end,
        horizon_weeks=cohort.horizon_weeks,
        step_hours=list(cohort.step_hours),
        default_weekly_hours=cohort.default_weekly_minutes / 60,
        students=counts.get(Role.STUDENT, 0),
        instructors=counts.get(Role.INSTRUCTOR, 0),
        your_role=role.value,
        instructor_names=[member.display_name for member in instructors],
        schedule=entries(cohort.settings),
        focus=cohort.settings.get("focus"),
        voice_rooms=[
            VoiceRoomView(channel_id=channel, track=track)
            for channel, track in sorted(voice_rooms(cohort.settings).items(), key=lambda i: (i[1], i[0]))
        ],
        reflections_enabled=reflections_enabled(cohort.settings),
        reflection_questions=question_lines(cohort.settings),
    )
