"""Plain text of focus timers: what /session said, and the end-of-period direct message."""

from __future__ import annotations

from core.formatting import duration
from core.render.text import render_text
from core.views.sessions import SessionStateView, SessionView, TimerDmView

START_HINT = "start a focus timer with /session start dsa 50m"
ANSWER_COMMANDS = "/session log · /session keep · /session discard"


def _minutes(minutes: int) -> str:
    """``0m`` rather than ``0h`` for a timer just started."""
    return duration(minutes) if minutes else "0m"


def _on(state: SessionStateView) -> str:
    return f"{state.track} (skill {state.skill})" if state.skill else state.track


def _waiting(state: SessionStateView) -> str:
    return (
        f"Your {duration(state.total_minutes)} focus session on {state.track} ended at {state.ends} "
        f"and waits for your answer: /session log logs {duration(state.total_minutes)}, /session keep "
        f"adds another {duration(state.planned_minutes or 0)} period, /session discard drops it."
    )


def status_line(state: SessionStateView) -> str:
    """Where a live session stands, in one sentence."""
    if state.kind == "voice":
        return (
            f"Voice study room on {state.track} since {state.since}: {_minutes(state.counted_minutes)} "
            "counted so far; it logs itself when you leave the room."
        )
    if state.state == "ended":
        return _waiting(state)
    focus = f"{_minutes(state.counted_minutes)} of focus so far"
    head = f"Focus session on {_on(state)} since {state.since}"
    if state.state == "break":
        return (
            f"{head}: break after period {state.period - 1} of {state.cycles}, {focus}; "
            f"period {state.period} starts at {state.period_ends}, the session ends at {state.ends}."
        )
    if state.cycles == 1:
        return f"{head}: {focus}; it ends at {state.ends}."
    if state.period == state.cycles:
        return (
            f"{head}: period {state.period} of {state.cycles} (the last), {focus}; it ends at {state.ends}."
        )
    return (
        f"{head}: period {state.period} of {state.cycles}, {focus}; "
        f"this period ends at {state.period_ends}, the session at {state.ends}."
    )


def _days(view: SessionView) -> str:
    if len(view.logged) == 1:
        return f"{duration(view.logged[0].minutes)} ({view.logged[0].day})"
    parts = ", ".join(f"{day.day} {duration(day.minutes)}" for day in view.logged)
    return f"{duration(view.logged_minutes)} ({parts})"


def _dates(view: SessionView) -> str:
    if len(view.logged) == 1:
        return view.logged[0].day
    return ", ".join(f"{day.day} {duration(day.minutes)}" for day in view.logged)


def _cap(view: SessionView) -> str:
    if not view.over_day_cap:
        return ""
    return f" {duration(view.over_day_cap)} did not fit: the day already had 24h of check-ins."


def _started(state: SessionStateView) -> str:
    if state.cycles == 1:
        what = f"{duration(state.planned_minutes or 0)} on {_on(state)}, until {state.ends}"
    else:
        what = (
            f"{state.cycles} × {duration(state.planned_minutes or 0)} on {_on(state)} "
            f"with {duration(state.break_minutes or 0)} breaks, "
            f"until {state.ends}; the first period ends at {state.period_ends}"
        )
    return f"Focus timer started: {what}. /session status shows it; /session stop ends it early."


def session_text(view: SessionView) -> str:
    state = view.state
    if view.action == "none" or state is None:
        return f"No session running; {START_HINT}."
    track = state.track
    if view.stale:
        return f"That message is about an earlier period, so nothing was done. {status_line(state)}"
    if view.action == "started":
        return _started(state)
    if view.action == "status":
        return status_line(state)
    if view.action == "kept":
        more = duration(state.planned_minutes or 0)
        return f"Keep going: one more {more} period on {track}, until {state.ends}."
    if view.action == "discarded":
        if view.already and view.logged:
            return f"Already logged: {duration(view.logged_minutes)} of {track} from this focus session."
        if view.already:
            return f"This focus session on {track} was closed already; nothing was logged from it."
        return f"Discarded your focus session on {track}; nothing was logged."
    if view.already:
        return f"Already logged: {duration(view.logged_minutes)} of {track} from this focus session."
    if view.too_short:
        return (
            f"Stopped your focus session on {track} after {_minutes(state.counted_minutes)} of focus; "
            "under 5 minutes nothing is logged."
        )
    if view.action == "stopped" and view.past_end:
        return (
            f"Your {duration(state.total_minutes)} focus session on {track} had ended at {state.ends}: "
            f"logged {_days(view)}; the time after {state.ends} was not counted.{_cap(view)}"
        )
    if view.action == "stopped":
        return f"Stopped your focus session on {track}: logged {_days(view)}.{_cap(view)}"
    return (
        f"Logged {duration(view.logged_minutes)} of {track} from your focus session ({_dates(view)}) ✓ "
        f"See it in /progress.{_cap(view)}"
    )


def timer_dm_text(view: TimerDmView) -> str:
    """The direct message at a period's end (its first line is what a notification shows)."""
    if not view.final:
        return (
            f"Focus period {view.period} of {view.cycles} on {view.track} done "
            f"({duration(view.period_minutes)}). Break time — period {view.period + 1} starts at "
            f"{view.next_start}."
        )
    return f"Your {duration(view.total_minutes)} focus session on {view.track} ended."


def timer_dm_question(view: TimerDmView) -> str:
    return (
        f"Log it ({duration(view.total_minutes)}), keep going for another "
        f"{duration(view.period_minutes)}, or discard it: {ANSWER_COMMANDS}"
    )


@render_text.register(SessionView)
def _session(view: SessionView) -> str:
    return session_text(view)


@render_text.register(TimerDmView)
def _timer_dm(view: TimerDmView) -> str:
    if not view.final:
        return timer_dm_text(view)
    return f"{timer_dm_text(view)}\n{timer_dm_question(view)}"
