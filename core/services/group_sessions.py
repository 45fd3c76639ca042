"""Scheduled group sessions: plan, list, call off, RSVP; the reminder the scheduler posts
before each occurrence; attendance and the missed-RSVP rule for the digest."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.commands import parse_int
from core.db.repositories.group_sessions import CAME
from core.db.uow import UnitOfWork
from core.domain import limits
from core.domain.group_sessions import (
    MAX_PLANNED,
    REMINDER_LEAD,
    RSVP_LOOKBACK,
    GroupSession,
    Occurrence,
    check_title,
    day_label,
    missed_last,
    next_occurrence,
    occurrence_label,
    occurrence_on,
    occurrences,
    parse_day,
    parse_length,
    parse_start,
)
from core.domain.model import Actor, Cohort
from core.errors import InvalidInput, NotFound
from core.formatting import duration, plural
from core.services.cohorts import check_channel
from core.services.context import Membership, ServiceContext, membership, require_instructor
from core.services.outbox_rows import outbox_row
from core.views.base import Notice
from core.views.group_sessions import (
    GroupSessionListView,
    GroupSessionReminderView,
    GroupSessionRowView,
    SessionAttendanceView,
)

KIND = "group_session"
"""The outbox kind of the reminder; its period key names the session and the occurrence."""
MISSED_REASON = "missed the last two sessions they RSVPed to"
LOOK_BACK = timedelta(days=7)
"""How far back a tick looks for reminders it has not written (a bot down for a week)."""


def room_label(platform: str, channel_id: str | None) -> str | None:
    if not channel_id:
        return None
    return f"<#{channel_id}>" if platform == "discord" else f"#{channel_id}"


def check_room(text: str) -> str:
    """A room typed on Slack or the console: a channel name or id, kept as text."""
    try:
        return check_channel(text)
    except InvalidInput:
        raise InvalidInput(
            "A room is a channel name or id of up to 64 letters, digits or dashes, like room=#dsa-room."
        ) from None


def _number(text: str, planned: Sequence[GroupSession], example: str) -> GroupSession:
    number = parse_int(text, "the session number", 1, 999, example)
    if number > len(planned):
        if not planned:
            raise NotFound(f"There is no session {number}; none are planned yet (see /session plans).")
        listed = plural(len(planned), "session")
        raise NotFound(f"There is no session {number}; /session plans lists the {listed} planned.")
    return planned[number - 1]


async def plan_session(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    *,
    title: str,
    day: str,
    start: str,
    length: str,
    room: str | None,
    bad_room: str | None = None,
) -> GroupSessionListView:
    """Plan a weekly session (instructors); answers with the list, headed by what was planned.
    ``room``: a validated Discord voice channel id,
    or on Slack and the console a channel name or id kept as text; ``bad_room``: the
    sentence an adapter found against the room it was given (said after the role check)."""
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        require_instructor(found, "plan a group session")
        if bad_room:
            raise InvalidInput(bad_room)
        checked_title = check_title(title, limits.GROUP_SESSION_TITLE)
        weekday, start_time, minutes = parse_day(day), parse_start(start), parse_length(length)
        channel = room if room is None or found.cohort.platform == "discord" else check_room(room)
        planned = await uow.group_sessions.planned(found.cohort.id)
        if len(planned) >= MAX_PLANNED:
            raise InvalidInput(
                f"{found.cohort.name} has {MAX_PLANNED} sessions planned, the most Stride keeps; "
                "call one off with /session unplan N first."
            )
        now = ctx.clock.now()
        session = await uow.group_sessions.add(
            found.cohort.id,
            title=checked_title,
            weekday=weekday,
            start_time=start_time,
            minutes=minutes,
            channel_id=channel,
            created_by=actor.user_id,
            now=now,
        )
        await uow.commit()
    zone = ZoneInfo(found.cohort.timezone)
    number = len(planned) + 1
    headline = (
        f"Planned session {number}, {session.title}: every {session.day_name} at {session.start_time} "
        f"({found.cohort.timezone}) for {duration(session.minutes)}; next on "
        f"{occurrence_label(next_occurrence(session, zone, now), zone)}. A reminder with an RSVP button "
        f"is posted {int(REMINDER_LEAD.total_seconds() // 60)} minutes before each one; members can also "
        f"RSVP with /session rsvp {number}."
    )
    view = await list_sessions(ctx, actor, found.cohort.name)
    return view.model_copy(update={"headline": headline})


async def list_sessions(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> GroupSessionListView:
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        planned = await uow.group_sessions.planned(found.cohort.id)
        zone = ZoneInfo(found.cohort.timezone)
        now = ctx.clock.now()
        upcoming = [next_occurrence(s, zone, now) for s in planned]
        going = await uow.group_sessions.going([(o.session.id, o.day) for o in upcoming])
        mine = await uow.group_sessions.rsvped(found.member.id, [(o.session.id, o.day) for o in upcoming])
    rows = [
        GroupSessionRowView(
            number=n,
            title=o.session.title,
            day=o.session.day_name,
            start=o.session.start_time,
            minutes=o.session.minutes,
            room=room_label(found.cohort.platform, o.session.channel_id),
            next_label=occurrence_label(o, zone),
            going=going.get((o.session.id, o.day), 0),
            mine=(o.session.id, o.day) in mine,
        )
        for n, o in enumerate(upcoming, 1)
    ]
    return GroupSessionListView(
        cohort=found.cohort.name, timezone=found.cohort.timezone, rows=rows, instructor=found.is_instructor
    )


async def unplan_session(ctx: ServiceContext, actor: Actor, cohort_name: str | None, number: str) -> Notice:
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        require_instructor(found, "call off a group session")
        session = _number(number, await uow.group_sessions.planned(found.cohort.id), "/session unplan 1")
        await uow.group_sessions.cancel(session.id, ctx.clock.now())
        await uow.commit()
    return Notice(
        text=f"Called off {session.title} ({session.day_name} {session.start_time}); "
        "no more reminders are posted for it."
    )


async def rsvp(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, number: str, *, going: bool = True
) -> Notice:
    """RSVP (or take it back) for the next occurrence of session ``number``."""
    example = f"/session {'rsvp' if going else 'unrsvp'} 1"
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        session = _number(number, await uow.group_sessions.planned(found.cohort.id), example)
        zone = ZoneInfo(found.cohort.timezone)
        occurrence = next_occurrence(session, zone, ctx.clock.now())
        return await _answer(ctx, uow, found, occurrence, going)


async def rsvp_button(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, session_id: int, day: str
) -> Notice:
    """The reminder's *I'll be there*: RSVPs to the occurrence it was posted for, once."""
    stale = InvalidInput("That button is out of date; see the planned sessions with /session plans.")
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise stale from None
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        session = await uow.group_sessions.get(session_id)
        if session is None or session.cohort_id != found.cohort.id or session.weekday != when.isoweekday():
            raise stale
        if session.cancelled_at is not None:
            raise InvalidInput(f"{session.title} was called off; see what is planned with /session plans.")
        zone = ZoneInfo(found.cohort.timezone)
        occurrence = occurrence_on(session, when, zone)
        if occurrence.ends <= ctx.clock.now():
            raise InvalidInput(
                f"{session.title} on {day_label(when)} is over; RSVP for the next one with /session rsvp N "
                "(N from /session plans)."
            )
        return await _answer(ctx, uow, found, occurrence, True)


async def _answer(
    ctx: ServiceContext, uow: UnitOfWork, found: Membership, occurrence: Occurrence, going: bool
) -> Notice:
    session, member = occurrence.session, found.member.id
    if going:
        changed = await uow.group_sessions.rsvp(session.id, occurrence.day, member, ctx.clock.now())
    else:
        changed = await uow.group_sessions.unrsvp(session.id, occurrence.day, member)
    count = (await uow.group_sessions.going([(session.id, occurrence.day)])).get(
        (session.id, occurrence.day), 0
    )
    numbers = [s.id for s in await uow.group_sessions.planned(found.cohort.id)] if going and changed else []
    await uow.commit()
    label = occurrence_label(occurrence, ZoneInfo(found.cohort.timezone))
    if going and changed:
        # Its number now (calling a session off renumbers the later ones), for the way back.
        number = numbers.index(session.id) + 1 if session.id in numbers else "N"
        undo = f"/session unrsvp {number}"
        text = (
            f"You're going to {session.title} on {label} ✓ ({count} going). "
            f"Changed your mind? {undo} takes it back."
        )
    elif going:
        text = f"You're already going to {session.title} on {label} ({count} going)."
    elif changed:
        text = f"You're no longer going to {session.title} on {label} ({count} going)."
    else:
        text = f"You had not RSVPed to {session.title} on {label}; nothing changed."
    return Notice(text=text)


# --- the reminder ------------------------------------------------------------------------


async def enqueue_reminders(ctx: ServiceContext) -> int:
    """Write each occurrence's reminder into the outbox once (the tick's step).

    Every occurrence whose reminder time (30 minutes before it) fell in the last week gets
    one row, unique by (cohort, kind, channel, "gs<id>:<date>"): a repeated tick, a restart
    or a second replica writes nothing new. One whose session already started is written
    as skipped (its grace runs out at the start), never posted late."""
    now = ctx.clock.now()
    async with ctx.uow(read_only=True) as uow:
        planned = await uow.group_sessions.all_planned()
        due: list[tuple[GroupSession, str | None, Occurrence, int]] = []
        by_cohort: dict[int, list[GroupSession]] = defaultdict(list)
        for session, _, _ in planned:
            by_cohort[session.cohort_id].append(session)
        for session, zone_name, channel in planned:
            zone = ZoneInfo(zone_name)
            for occ in occurrences(
                session, zone, now - LOOK_BACK, now + REMINDER_LEAD + timedelta(seconds=1)
            ):
                if occ.starts - REMINDER_LEAD <= now:
                    due.append((session, channel, occ, by_cohort[session.cohort_id].index(session) + 1))
        if not due:
            return 0
        going = await uow.group_sessions.going([(occ.session.id, occ.day) for _, _, occ, _ in due])
        cohorts = {c.id: c for c in await uow.cohorts.all()}
    rows = [
        _row(cohorts[s.cohort_id], channel, occ, number, going.get((s.id, occ.day), 0), now)
        for s, channel, occ, number in due
    ]
    async with ctx.uow() as uow:
        added = await uow.outbox.enqueue(rows)
        await uow.commit()
    return added


def _row(
    cohort: Cohort, channel: str | None, occ: Occurrence, number: int, going: int, now: datetime
) -> dict[str, Any]:
    session, zone = occ.session, ZoneInfo(cohort.timezone)
    late = now >= occ.starts
    view = GroupSessionReminderView(
        cohort=cohort.name,
        group_session_id=session.id,
        number=number,
        occurrence=occ.day.isoformat(),
        title=session.title,
        start=f"{occ.starts.astimezone(zone):%H:%M}",
        minutes=session.minutes,
        room=room_label(cohort.platform, session.channel_id),
        going=going,
    )
    due = occ.starts - REMINDER_LEAD
    return outbox_row(
        cohort_id=cohort.id,
        kind=KIND,
        audience="channel",
        channel_id=channel,
        period_key=f"gs{session.id}:{occ.day.isoformat()}",
        due_at=due,
        expires_at=occ.starts,
        payload={} if late else view.model_dump(mode="json"),
        now=now,
        skipped="missed its grace period" if late else None,
    )


# --- attendance, for the digest ------------------------------------------------------------


async def digest_attendance(
    uow: UnitOfWork, cohort: Cohort, week_from: datetime, week_to: datetime, now: datetime
) -> tuple[list[SessionAttendanceView], set[int]]:
    """The week's occurrences that are over, with their attendance; and the members whose
    last two RSVPed occurrences (in the last five weeks) were both missed.

    One indexed read of the cohort's sessions and, only if it has any, one cohort-wide
    statement for the RSVPs and attendance of every occurrence read."""
    since = min(week_from, now - RSVP_LOOKBACK)
    sessions = await uow.group_sessions.since(cohort.id, since)
    if not sessions:
        return [], set()
    zone = ZoneInfo(cohort.timezone)
    found = [o for s in sessions for o in occurrences(s, zone, since, now) if o.ends <= now]
    found.sort(key=lambda o: (o.starts, o.session.id))
    rows = await uow.group_sessions.attendance(cohort.id, found)
    rsvped: dict[int, set[int]] = defaultdict(set)
    came: dict[int, set[int]] = defaultdict(set)
    for index, member, what in rows:
        (came if what == CAME else rsvped)[index].add(member)
    week = [
        SessionAttendanceView(
            title=o.session.title,
            day=day_label(o.day),
            rsvped=len(rsvped[i]),
            rsvped_came=len(rsvped[i] & came[i]),
            others_came=len(came[i] - rsvped[i]),
        )
        for i, o in enumerate(found)
        if week_from <= o.starts < week_to
    ]
    history: dict[int, list[tuple[datetime, bool]]] = defaultdict(list)
    for i, o in enumerate(found):
        if o.starts >= now - RSVP_LOOKBACK:
            for member in rsvped[i]:
                history[member].append((o.starts, member in came[i]))
    return week, {member for member, seen in history.items() if missed_last(seen)}
