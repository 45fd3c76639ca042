"""Scheduled group sessions: /session plan, plans, unplan, rsvp, unrsvp (the focus timers'
/session start|stop|status live in ``sessions``)."""

from __future__ import annotations

from core.services import group_sessions
from core.textcommands.registry import Request, command
from core.views.base import View

PLAN_EXAMPLE = '/session plan "DSA night" tue 19:00 90m room=#dsa-room'


@command(
    "session plan",
    '/session plan "TITLE" DAY HH:MM LENGTH [room=#channel]',
    "Instructors: plan a weekly group session in the cohort's time zone, like " + PLAN_EXAMPLE + ".",
    options=("room",),
    details="DAY is mon…sun, HH:MM a 24-hour local time, LENGTH 15m to 12h (90m, 2h, 1h30m). "
    "A reminder with an RSVP button is posted in the cohort's channel 30 minutes before each one.",
)
async def session_plan(r: Request) -> View:
    r.args.reject_extra_positionals(4, "/session plan")
    title = r.args.require_positional(0, "The title", PLAN_EXAMPLE)
    day = r.args.require_positional(1, "The day", PLAN_EXAMPLE)
    start = r.args.require_positional(2, "The start time", PLAN_EXAMPLE)
    length = r.args.require_positional(3, "The length", PLAN_EXAMPLE)
    return await group_sessions.plan_session(
        r.ctx, r.actor, r.cohort, title=title, day=day, start=start, length=length, room=r.args.option("room")
    )


@command("session plans", "/session plans", "The cohort's planned group sessions, their next date and RSVPs.")
async def session_plans(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/session plans")
    return await group_sessions.list_sessions(r.ctx, r.actor, r.cohort)


@command(
    "session unplan", "/session unplan N", "Instructors: call off planned session N (from /session plans)."
)
async def session_unplan(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/session unplan")
    number = r.args.require_positional(0, "The session number", "/session unplan 1")
    return await group_sessions.unplan_session(r.ctx, r.actor, r.cohort, number)


@command("session rsvp", "/session rsvp N", "Say you'll come to the next meeting of session N.")
async def session_rsvp(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/session rsvp")
    number = r.args.require_positional(0, "The session number", "/session rsvp 1")
    return await group_sessions.rsvp(r.ctx, r.actor, r.cohort, number)


@command("session unrsvp", "/session unrsvp N", "Take back your RSVP to the next meeting of session N.")
async def session_unrsvp(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/session unrsvp")
    number = r.args.require_positional(0, "The session number", "/session unrsvp 1")
    return await group_sessions.rsvp(r.ctx, r.actor, r.cohort, number, going=False)
