"""A member's own settings: time zone, vacation pause, DMs, leaderboard visibility and
whether their time in voice study rooms counts."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.db.uow import UnitOfWork
from core.domain.model import Actor
from core.domain.reflections import instant_label
from core.domain.reminders import day_name, quiet_hours
from core.domain.sessions import LoggedSession
from core.domain.weeks import local_date, parse_date, resolve_timezone
from core.errors import InvalidInput
from core.formatting import hours
from core.services.context import Membership, ServiceContext, membership
from core.services.voice import stop_voice_session
from core.views.member import MeView

MAX_PAUSE_DAYS = 366


async def show_me(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> MeView:
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        return await member_view(uow, found, ctx.clock.now())


async def set_timezone(ctx: ServiceContext, actor: Actor, cohort_name: str | None, name: str) -> MeView:
    zone = resolve_timezone(name).key
    return await _update(ctx, actor, cohort_name, f"Your time zone is now {zone}.", timezone=zone)


async def set_dms(ctx: ServiceContext, actor: Actor, cohort_name: str | None, enabled: bool) -> MeView:
    text = "Stride may send you direct messages." if enabled else "Stride will not send you direct messages."
    return await _update(ctx, actor, cohort_name, text, dms_enabled=enabled)


async def set_leaderboard(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, visible: bool
) -> MeView:
    text = (
        "You appear on leaderboards." if visible else "You are hidden from leaderboards; they only count you."
    )
    return await _update(ctx, actor, cohort_name, text, leaderboard_visible=visible)


VOICE_ON = "Time you spend in the cohort's voice study rooms counts again, from the next time you join one."
VOICE_OFF = "Time you spend in voice study rooms no longer counts for you."


async def set_voice(ctx: ServiceContext, actor: Actor, cohort_name: str | None, enabled: bool) -> MeView:
    """Count time in voice study rooms or stop; stopping closes (and logs) a session under way."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        member = await uow.members.update(found.member.id, voice_tracking=enabled)
        refreshed = Membership(found.cohort, member, found.workspace_admin)
        logged = None if enabled else await stop_voice_session(uow, refreshed, now)
        view = await member_view(uow, refreshed, ctx.clock.now())
        await uow.commit()
    return view.model_copy(update={"headline": VOICE_ON if enabled else VOICE_OFF + _stopped(logged)})


def _stopped(logged: LoggedSession | None) -> str:
    if logged is None:
        return ""
    if logged.too_short:
        return " Your time in the room so far was under 5 minutes, so nothing was logged."
    return (
        f" Your time in the room so far was logged: {hours(logged.minutes / 60)} on {logged.session.track}."
    )


async def pause(ctx: ServiceContext, actor: Actor, cohort_name: str | None, until: str) -> MeView:
    """Pause from today to ``until`` (inclusive): no reminders, and the streak waits."""
    end = parse_date(until, "end of the pause (until=)")
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        today = found.today(ctx.clock)
        if end < today:
            raise InvalidInput(f"{end.isoformat()} has already passed; pause until a date from today on.")
        if end > today + timedelta(days=MAX_PAUSE_DAYS):
            raise InvalidInput("A pause can last at most a year; pick an earlier end date.")
        await uow.members.set_pause(found.member.id, today, end)
        view = await member_view(uow, found, ctx.clock.now())
        await uow.commit()
    return view.model_copy(
        update={"headline": f"Paused until {end:%a %d %b %Y}: no reminders, and your streak waits."}
    )


async def resume(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> MeView:
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        today = found.today(ctx.clock)
        if not await uow.members.end_pause(found.member.id, today):
            raise InvalidInput("You are not paused; pause with /me pause until=YYYY-MM-DD.")
        view = await member_view(uow, found, ctx.clock.now())
        await uow.commit()
    return view.model_copy(update={"headline": "Welcome back! Reminders are on again."})


async def _update(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, headline: str, **values: object
) -> MeView:
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        member = await uow.members.update(found.member.id, **values)
        refreshed = Membership(found.cohort, member, found.workspace_admin)
        view = await member_view(uow, refreshed, ctx.clock.now())
        await uow.commit()
    return view.model_copy(update={"headline": headline})


async def member_view(uow: UnitOfWork, found: Membership, now: datetime) -> MeView:
    """The member's settings as /me shows them, at ``now``."""
    member = found.member
    today = local_date(now, found.timezone)
    running = await uow.members.active_pause(member.id, today)
    quiet = quiet_hours(member.quiet_hours)
    snoozed = member.snoozed_until if member.snoozed_until and member.snoozed_until > now else None
    return MeView(
        display_name=member.display_name,
        cohort=found.cohort.name,
        role=member.role.value,
        timezone=member.timezone or found.cohort.timezone,
        timezone_is_cohorts=member.timezone is None,
        dms_enabled=member.dms_enabled,
        leaderboard_visible=member.leaderboard_visible,
        paused_until=running.end_date if running and running.start_date <= today else None,
        voice_tracking=member.voice_tracking,
        reminder_day=day_name(member.reminder_day) if member.reminder_day else None,
        reminder_time=member.reminder_time,
        quiet_hours=str(quiet) if quiet else None,
        snoozed_until=instant_label(snoozed, found.timezone) if snoozed else None,
    )
