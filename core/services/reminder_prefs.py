"""When each member's personal DMs come: their own day and time, quiet hours, and snooze.

The settings live on the member's row; the scheduler reads them when it plans a DM
(``core.services.personal_dms``). A snooze also acts on rows already written: the
member's pending DMs move to its end, and the latest DM that asked them something is
written once more for then (``core.services.snooze_repeat``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from datetime import time as time_of_day

from core.db.uow import UnitOfWork
from core.domain.model import Actor, Cohort, Member
from core.domain.reflections import instant_label
from core.domain.reminders import (
    DAYS,
    TIME_EXAMPLE,
    WEEKDAYS,
    parse_quiet_hours,
    parse_reminder_day,
    parse_reminder_time,
    parse_snooze,
    place,
    quiet_hours,
)
from core.domain.schedule import Kind, cohort_schedule, occurrences
from core.domain.weeks import week_start
from core.errors import InvalidInput
from core.services.context import Membership, ServiceContext, membership
from core.services.me import member_view
from core.services.personal_dms import (
    ASKING_KINDS,
    EXEMPT_KINDS,
    checkin_came_this_week,
    personal_cron,
    zone_of,
)
from core.services.snooze_repeat import (
    COPY_MARK,
    KIND_NAMES,
    base_period,
    copy_row,
    copy_token,
    fresh_view,
    is_copy,
)
from core.views.member import MeView

REMIND_LATER = "3h"
"""How long a DM's *Remind me later* button snoozes it."""
REPEAT_WINDOW = timedelta(hours=24)
"""/me snooze brings back the latest asking DM sent this recently."""
BUTTON_WINDOW = timedelta(days=7)
"""A *Remind me later* click brings back its DM's kind sent this recently."""
SNOOZE_ENDED = "the snooze was called off"


async def set_reminders(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, *, day: str | None, time: str | None
) -> MeView:
    """``/me reminders day=sun time=19:00`` (the member's own zone); ``day=off`` goes back to
    the cohort's schedule."""
    if day is None and time is None:
        raise InvalidInput(
            "Say when your reminders should come, like /me reminders day=sun time=19:00 "
            "(either or both; off goes back to the cohort's)."
        )
    values: dict[str, object] = {}
    if day is not None:
        values["reminder_day"] = parse_reminder_day(day)
    if time is not None:
        values["reminder_time"] = parse_reminder_time(time)
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        chosen = values.get("reminder_time")
        quiet = quiet_hours(found.member.quiet_hours)
        if isinstance(chosen, str) and quiet is not None and quiet.contains_clock(chosen):
            raise InvalidInput(
                f"{chosen} is inside your quiet hours ({quiet}); pick a time outside them, like "
                f"{TIME_EXAMPLE}, or change them with /me quiet."
            )
        member = await uow.members.update(found.member.id, **values)
        refreshed = Membership(found.cohort, member, found.workspace_admin)
        view = await member_view(uow, refreshed, ctx.clock.now())
        came = await checkin_came_this_week(uow, found.cohort, member, ctx.clock.now())
        looked = await uow.outbox.cursor(found.cohort.id, Kind.HOURS_CHECKIN.value)
        await uow.commit()
    headline = _schedule_sentence(found.cohort, member)
    checkin = cohort_schedule(found.cohort.settings)[Kind.HOURS_CHECKIN]
    if checkin.enabled and came:
        headline += " This week's has already come, so the change counts from next week."
    elif checkin.enabled and looked and _passed_this_week(found.cohort, member, checkin.cron, looked):
        headline += " This week's time has passed, so the next one comes next week."
    return view.model_copy(update={"headline": headline})


def _passed_this_week(cohort: Cohort, member: Member, cron: str, now: datetime) -> bool:
    """The member's new check-in time this ISO week (their clock) is before ``now``, where
    the scheduler has already looked: it will not be planned any more."""
    zone = zone_of(member, cohort)
    monday = week_start(now.astimezone(zone).date())
    start = datetime.combine(monday, time_of_day.min, tzinfo=zone).astimezone(UTC)
    return bool(occurrences(personal_cron(Kind.HOURS_CHECKIN, cron, member), zone, start, now))


def _when(cron: str) -> str:
    """``on Sundays at 19:00`` for a weekly cron; else its time with the cron's days."""
    minute, hour, _, _, weekday = cron.split()
    clock = f"{int(hour):02d}:{int(minute):02d}" if minute.isdigit() and hour.isdigit() else None
    at = f"at {clock}" if clock else f"at the cohort's times ({cron})"
    day = weekday.lower()
    if day in DAYS:
        return f"on {WEEKDAYS[DAYS.index(day)]} {at}"
    return f"{at} on the cohort's days" if day != "*" else f"every day {at}"


def _schedule_sentence(cohort: Cohort, member: Member) -> str:
    """What /me reminders answers: when the check-in DM and the nudge come now."""
    schedule = cohort_schedule(cohort.settings)
    zone = member.timezone or cohort.timezone
    checkin, nudge = schedule[Kind.HOURS_CHECKIN], schedule[Kind.NUDGE]
    if not checkin.enabled:
        return (
            "Saved; your cohort has the weekly check-in DM off for now, so your day and time "
            "count once it is on."
        )
    sentence = (
        f"Your weekly check-in DM comes {_when(personal_cron(Kind.HOURS_CHECKIN, checkin.cron, member))} "
        f"({zone} time)"
    )
    if nudge.enabled:
        sentence += f", and the midweek nudge {_when(personal_cron(Kind.NUDGE, nudge.cron, member))}"
    return sentence + "."


async def set_quiet_hours(ctx: ServiceContext, actor: Actor, cohort_name: str | None, hours: str) -> MeView:
    """``/me quiet 22:00-08:00`` or ``/me quiet off``."""
    stored = parse_quiet_hours(hours)
    quiet = quiet_hours(stored)
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        own = found.member.reminder_time
        if quiet is not None and own is not None and quiet.contains_clock(own):
            raise InvalidInput(
                f"Your reminders come at {own}, inside {quiet}; choose quiet hours that leave it out, "
                "or move your reminders first with /me reminders time=19:00."
            )
        member = await uow.members.update(found.member.id, quiet_hours=stored)
        refreshed = Membership(found.cohort, member, found.workspace_admin)
        view = await member_view(uow, refreshed, ctx.clock.now())
        await uow.commit()
    zone = member.timezone or found.cohort.timezone
    headline = (
        f"Quiet hours: {quiet} ({zone} time); a DM due in them comes at {quiet.end} instead."
        if quiet
        else "Quiet hours are off: DMs come at their time, day or night."
    )
    return view.model_copy(update={"headline": headline})


async def snooze(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    duration: str,
    *,
    again: str | None = None,
    idempotency_key: str | None = None,
) -> MeView:
    """``/me snooze 1d`` (or ``off``): personal reminders due meanwhile wait until then, and
    the DM of kind ``again`` (a button's; None: the latest one that asks something) comes
    once more then. ``idempotency_key``: a click acts once."""
    length = parse_snooze(duration)
    if again is not None and again not in ASKING_KINDS:
        raise InvalidInput(
            "Only a check-in, a reflection reminder or a nudge can come again; "
            f"'{again[:30]}' is none of them."
        )
    now = ctx.clock.now().replace(second=0, microsecond=0)
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        if length is None:
            headline = await _snooze_off(uow, found, now)
        else:
            headline = await _snooze_until(uow, found, now + length, now, again, idempotency_key)
        member = (await uow.members.by_ids([found.member.id]))[found.member.id]
        refreshed = Membership(found.cohort, member, found.workspace_admin)
        view = await member_view(uow, refreshed, now)
        await uow.commit()
    return view.model_copy(update={"headline": headline})


def _target(member: Member, cohort: Cohort, until: datetime) -> datetime:
    """When a DM waiting for a snooze ending at ``until`` comes (out of quiet hours)."""
    return place(until, zone_of(member, cohort), quiet_hours(member.quiet_hours), None)


async def _snooze_until(
    uow: UnitOfWork,
    found: Membership,
    until: datetime,
    now: datetime,
    again: str | None,
    key: str | None,
) -> str:
    cohort, member = found.cohort, found.member
    zone = zone_of(member, cohort)
    target = _target(member, cohort, until)
    old_target = _target(member, cohort, member.snoozed_until) if member.snoozed_until else None
    window = BUTTON_WINDOW if again else REPEAT_WINDOW
    source = await uow.personal_dms.latest_sent(member.id, [again] if again else ASKING_KINDS, now - window)
    token = copy_token(key, until)
    if key and source is not None:
        done = await uow.personal_dms.find(
            cohort.id,
            source.kind,
            f"member:{member.id}",
            f"{base_period(source.period_key)}{COPY_MARK}{token}",
        )
        if done is not None:
            at = instant_label(done.next_attempt_at, zone)
            return f"Already done: your {KIND_NAMES[source.kind]} comes again at {at}."
    pending = await uow.personal_dms.pending(member.id, exempt=EXEMPT_KINDS)
    for row in pending:
        waiting_for_snooze = old_target is not None and row.next_attempt_at == old_target
        if row.next_attempt_at < target or waiting_for_snooze:
            await uow.personal_dms.move(row.id, target, row.expires_at + (target - row.next_attempt_at))
    await uow.members.update(member.id, snoozed_until=until)
    headline = f"Snoozed until {instant_label(until, zone)}: your reminders wait until then."
    if target != until:
        headline += f" That is in your quiet hours, so they come at {instant_label(target, zone)}."
    if source is None:
        return headline
    base = base_period(source.period_key)
    copied = any(
        row.kind == source.kind and is_copy(row.period_key) and base_period(row.period_key) == base
        for row in pending
    )
    if not copied:
        fresh = await fresh_view(uow, cohort, member, source, target)
        if fresh is None:
            return headline
        await uow.outbox.enqueue([copy_row(cohort, member, source, token, fresh[0], target, fresh[1], now)])
    return headline + f" Your {KIND_NAMES[source.kind]} comes again then."


async def _snooze_off(uow: UnitOfWork, found: Membership, now: datetime) -> str:
    cohort, member = found.cohort, found.member
    if member.snoozed_until is None or member.snoozed_until <= now:
        raise InvalidInput("You are not snoozed; to snooze your reminders, write it like /me snooze 1d.")
    old_target = _target(member, cohort, member.snoozed_until)
    back = _target(member, cohort, now)
    for row in await uow.personal_dms.pending(member.id, exempt=EXEMPT_KINDS):
        if row.next_attempt_at != old_target:
            continue
        if is_copy(row.period_key):
            await uow.personal_dms.cancel(row.id, SNOOZE_ENDED)
        else:
            await uow.personal_dms.move(row.id, back, row.expires_at - (row.next_attempt_at - back))
    await uow.members.update(member.id, snoozed_until=None)
    return "Snooze is off: your reminders come at their usual times again."
