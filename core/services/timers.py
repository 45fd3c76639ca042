"""Focus timers: /session start, stop, status, and the answers to the end-of-session DM
(*Log it* / *Keep going* / *Discard*, or /session log | keep | discard).

A timer is a ``study_sessions`` row (see :mod:`core.domain.timers` for how its schedule is
kept). Every write locks the member's row first and re-reads the session under it, so a
button clicked twice, a command racing a click, or the scheduler ending the timer at the
same moment act once. Logging goes through :func:`core.services.study_log.log_session`:
one check-in per local date, source ``timer``, within the day's 24 hours.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from core.commands import format_minutes, parse_int, parse_length
from core.db.uow import CONCURRENT_CHANGE, UnitOfWork
from core.domain import budgets as rules
from core.domain.model import Actor
from core.domain.sessions import (
    LIVE,
    LoggedSession,
    SessionKind,
    SessionStatus,
    Span,
    StudySession,
    counted_minutes,
)
from core.domain.timers import (
    DEFAULT_BREAK,
    DEFAULT_MINUTES,
    MAX_BREAK,
    MAX_CYCLES,
    MAX_FOCUS,
    MIN_BREAK,
    MIN_FOCUS,
    all_focus,
    focus_until,
    is_over,
    periods,
    phase,
    planned_end,
)
from core.errors import Conflict, InvalidInput, NotFound, StrideError
from core.services.checkins import day_label, hours_target
from core.services.context import ServiceContext, member_context, membership
from core.services.skills import budgets_in_hours, lookup_name
from core.services.study_log import discard_session, log_session
from core.views.sessions import LoggedDayView, SessionStateView, SessionView

Choice = Literal["log", "keep", "discard"]
CHOICES: tuple[Choice, ...] = ("log", "keep", "discard")

START_EXAMPLE = "/session start dsa 50m"
IN_VOICE = (
    "Your session is in a voice study room: it counts while you are there and logs itself "
    "when you leave, so /session stop, log, keep and discard are for focus timers."
)
OUT_OF_DATE = "That button is out of date; see where your timer stands with /session status."


def local_time(instant: datetime, zone: ZoneInfo, now: datetime) -> str:
    """``14:05`` on the member's clock; ``Sun 09:10`` when it is not today there."""
    local = instant.astimezone(zone)
    if local.date() == now.astimezone(zone).date():
        return f"{local:%H:%M}"
    return f"{local:%a %H:%M}"


def timer_plan(
    length: str | None, cycles: str | int | None, pause: str | None
) -> tuple[int, int, int | None]:
    """A timer's focus length, number of periods and break, from what the member typed."""
    minutes = (
        DEFAULT_MINUTES
        if length is None
        else parse_length(length, "the focus length", MIN_FOCUS, MAX_FOCUS, "50m, 1h or 1h30m")
    )
    if cycles is None:
        count = 1
    elif isinstance(cycles, int):
        count = parse_int(str(cycles), "cycles", 1, MAX_CYCLES, "cycles=4")
    else:
        count = parse_int(cycles, "cycles", 1, MAX_CYCLES, "cycles=4")
    if pause is not None and count < 2:
        raise InvalidInput(
            "break= is the pause between focus periods; give cycles= of 2 or more with it, "
            "like cycles=4 break=10m."
        )
    gap = None
    if count > 1:
        gap = (
            DEFAULT_BREAK
            if pause is None
            else parse_length(pause, "the break", MIN_BREAK, MAX_BREAK, "break=10m")
        )
    return minutes, count, gap


async def start_timer(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    *,
    track: str,
    length: str | None = None,
    skill: str | None = None,
    cycles: str | int | None = None,
    pause: str | None = None,
) -> SessionView:
    """Start a focus timer on ``track`` (a track as /checkin takes it; a skill by name or number)."""
    minutes, count, gap = timer_plan(length, cycles, pause)
    track = rules.parse_track(track)
    if skill is not None and not skill.strip():
        raise InvalidInput(
            'The skill= option is empty; name one of your skills, like skill="SQL" or skill=3.'
        )
    now = ctx.clock.now()
    try:
        async with ctx.uow() as uow:
            context = await member_context(
                uow,
                actor,
                cohort_name,
                with_budgets=True,
                skill_key=lookup_name(skill).casefold() if skill else None,
                lock=True,
            )
            member, zone = context.membership.member, context.membership.timezone
            if (live := await uow.sessions.live(member.id)) is not None:
                raise busy(live, zone, now)
            budgets = budgets_in_hours(context.budgets)
            skill_id, skill_name = await hours_target(uow, context, budgets, track, skill)
            session = await uow.sessions.open(
                member.id,
                SessionKind.TIMER,
                track,
                now=now,
                counting_since=now,
                skill_id=skill_id,
                planned_minutes=minutes,
                cycles=count,
                break_minutes=gap,
            )
            await uow.commit()
    except Conflict as error:
        if error.message != CONCURRENT_CHANGE:
            raise
        # Two starts raced and the other one's session won the unique index: say which.
        raise await _busy_now(ctx, actor, cohort_name, now) or error from None
    return SessionView(action="started", state=session_state(session, zone, now, skill_name))


async def _busy_now(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, now: datetime
) -> StrideError | None:
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        live = await uow.sessions.live(found.member.id)
    return busy(live, found.timezone, now) if live else None


def busy(live: StudySession, zone: ZoneInfo, now: datetime) -> StrideError:
    """The one sentence refusing a second session while ``live`` is under way."""
    if live.kind is SessionKind.VOICE:
        return Conflict(
            f"You are in a voice study room on {live.track} since {local_time(live.started_at, zone, now)} "
            "and that time counts already; start a timer once you have left the room."
        )
    total = format_minutes((live.planned_minutes or 0) * len(periods(live)))
    if is_over(live, now):
        return Conflict(
            f"Your {total} focus session on {live.track} ended at "
            f"{local_time(planned_end(live), zone, now)} and waits for your answer: "
            "/session log logs it, /session discard drops it."
        )
    return Conflict(
        f"You already have a focus session on {live.track} running until "
        f"{local_time(planned_end(live), zone, now)}; /session stop ends it."
    )


async def session_status(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> SessionView:
    now = ctx.clock.now()
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        live = await uow.sessions.live(found.member.id)
        skill = await uow.sessions.skill_name(live) if live is not None else None
    if live is None:
        return SessionView(action="none")
    return SessionView(action="status", state=session_state(live, found.timezone, now, skill))


async def stop_timer(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> SessionView:
    """End the timer now and log its focus time so far; one that has ended already logs its
    planned time and nothing after its end."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        await uow.sessions.lock_member(found.member.id)  # read as it is, not as a click left it
        session = await _live_timer(uow, found.member.id)
        if session is None:
            raise NotFound(f"You have no focus session running; start one with {START_EXAMPLE}.")
        over = is_over(session, now)
        until = planned_end(session) if over else now
        spans = all_focus(session) if over else focus_until(session, now)
        logged = await log_session(uow, _settled(session, spans), zone=found.timezone, until=until, now=now)
        await uow.commit()
    state = session_state(session, found.timezone, now)
    if logged is None:  # answered from a button at the same moment
        return await _closed(ctx, actor, cohort_name, session.id)
    return _logged_view("stopped", logged, state, found.timezone, past_end=over)


async def answer_timer(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    choice: Choice,
    *,
    session_id: int | None = None,
    period: int | None = None,
) -> SessionView:
    """*Log it*, *Keep going* or *Discard* (a button names its session and period; a typed
    /session log|keep|discard means the member's live timer). Acts once: a second click
    finds the session answered and says so."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        member, zone = found.member, found.timezone
        await uow.sessions.lock_member(member.id)
        if session_id is None:
            session = await _live_timer(uow, member.id)
            if session is None:
                raise NotFound(
                    f"You have no focus session waiting for an answer; start one with {START_EXAMPLE}."
                )
        else:
            session = await uow.sessions.get(session_id)
            if session is None or session.member_id != member.id or session.kind is not SessionKind.TIMER:
                raise InvalidInput(OUT_OF_DATE)
        if session.status not in LIVE:
            return closed_view(session, zone, now)
        if period is not None and period != periods(session)[-1].number:
            return SessionView(action="status", stale=True, state=session_state(session, zone, now))
        view = await _answer(uow, session, choice, zone, now)
        await uow.commit()
    return view


async def _answer(
    uow: UnitOfWork, session: StudySession, choice: Choice, zone: ZoneInfo, now: datetime
) -> SessionView:
    over, end = is_over(session, now), planned_end(session)
    state = session_state(session, zone, now)
    if choice == "discard":
        spans = all_focus(session) if over else focus_until(session, now)
        done = await discard_session(uow, _settled(session, spans), until=end if over else now)
        return SessionView(action="discarded", state=state, already=not done)
    if not over:
        then = local_time(end, zone, now)
        if choice == "log":
            raise InvalidInput(
                f"Your focus session on {session.track} runs until {then}; "
                "/session stop ends it now and logs the focus time so far."
            )
        raise InvalidInput(
            f"Your focus session on {session.track} still runs until {then}; "
            "/session keep adds a period once it has ended."
        )
    if choice == "log":
        logged = await log_session(uow, _settled(session, all_focus(session)), zone=zone, until=end, now=now)
        if logged is None:
            return closed_view(session, zone, now)
        return _logged_view("logged", logged, state, zone)
    count = len(periods(session))
    if count >= MAX_CYCLES:
        raise InvalidInput(
            f"This session has {MAX_CYCLES} focus periods already; log it with /session log "
            f"and start a new one with {START_EXAMPLE}."
        )
    kept = await uow.sessions.change(
        session,
        spans=all_focus(session),
        counting_since=now,
        status=SessionStatus.OPEN.value,
        cycles=count + 1,
        heartbeat_at=now,
        ended_at=None,
    )
    if kept is None:
        return closed_view(session, zone, now)
    return SessionView(action="kept", state=session_state(kept, zone, now))


def _settled(session: StudySession, spans: list[Span]) -> StudySession:
    """The session as it is to be closed: exactly ``spans`` counted, nothing running."""
    return replace(session, spans=tuple(spans), counting_since=None)


async def _live_timer(uow: UnitOfWork, member_id: int) -> StudySession | None:
    session = await uow.sessions.live(member_id)
    if session is not None and session.kind is SessionKind.VOICE:
        raise InvalidInput(IN_VOICE)
    return session


async def _closed(ctx: ServiceContext, actor: Actor, cohort_name: str | None, session_id: int) -> SessionView:
    now = ctx.clock.now()
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        session = await uow.sessions.get(session_id)
    if session is None:
        raise NotFound(f"You have no focus session running; start one with {START_EXAMPLE}.")
    return closed_view(session, found.timezone, now)


def closed_view(session: StudySession, zone: ZoneInfo, now: datetime) -> SessionView:
    """A session answered before: what became of it, nothing done now."""
    action = "logged" if session.status is SessionStatus.LOGGED else "discarded"
    logged = []
    if session.logged_minutes:
        day = (session.ended_at or now).astimezone(zone).date()
        logged = [LoggedDayView(day=day_label(day), minutes=session.logged_minutes)]
    return SessionView(action=action, state=session_state(session, zone, now), logged=logged, already=True)


def _logged_view(
    action: Literal["stopped", "logged"],
    logged: LoggedSession,
    state: SessionStateView,
    zone: ZoneInfo,
    *,
    past_end: bool = False,
) -> SessionView:
    days = [LoggedDayView(day=day_label(day), minutes=minutes) for day, minutes in logged.by_date.items()]
    return SessionView(
        action=action,
        state=state,
        logged=days,
        too_short=logged.too_short,
        past_end=past_end,
        over_day_cap=logged.over_day_cap,
    )


def session_state(
    session: StudySession, zone: ZoneInfo, now: datetime, skill: str | None = None
) -> SessionStateView:
    """Where a session stands at ``now``, on the member's clock."""
    since = local_time(session.started_at, zone, now)
    if session.kind is SessionKind.VOICE:
        counted = counted_minutes(session.counted(now))
        return SessionStateView(
            kind="voice", track=session.track, since=since, counted_minutes=counted, state="voice"
        )
    where = phase(session, now)
    found = periods(session)
    at = where.period.start if where.state == "break" else where.period.end
    return SessionStateView(
        kind="timer",
        track=session.track,
        skill=skill,
        since=since,
        counted_minutes=counted_minutes(focus_until(session, min(now, planned_end(session)))),
        planned_minutes=session.planned_minutes,
        cycles=len(found),
        break_minutes=session.break_minutes,
        period=where.period.number,
        state=where.state,
        period_ends=local_time(at, zone, now),
        ends=local_time(planned_end(session), zone, now),
    )
