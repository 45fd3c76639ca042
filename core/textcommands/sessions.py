"""Focus timers: /session start, stop, status, and log | keep | discard (the end DM's buttons in words)."""

from __future__ import annotations

from core.errors import InvalidInput
from core.services import timers
from core.textcommands.registry import Request, command
from core.views.base import View


@command(
    "session start",
    "/session start TRACK [LENGTH] [skill=NAME|N] [cycles=N break=LENGTH]",
    "Start a focus timer on a track, like /session start dsa 50m (50m if no length); "
    "cycles=4 break=10m makes it a Pomodoro. When it ends you are asked before anything is logged.",
    options=("skill", "cycles", "break"),
    details="LENGTH is 5m to 4h (50m, 1h, 1h30m, 90m); cycles= 1 to 12 focus periods of that length with "
    "break= 1m to 60m between them (10m if not given). Only focus time counts. /session stop ends it early "
    "and logs the focus time so far (5 minutes at least).",
)
async def session_start(r: Request) -> View:
    track = r.args.require_positional(0, "The track", "/session start dsa 50m")
    r.args.reject_extra_positionals(2, "/session start")
    length = r.args.positionals[1] if len(r.args.positionals) > 1 else None
    return await timers.start_timer(
        r.ctx,
        r.actor,
        r.cohort,
        track=track,
        length=length,
        skill=r.args.option("skill"),
        cycles=_given(r, "cycles", "cycles=4"),
        pause=_given(r, "break", "break=10m"),
    )


def _given(r: Request, key: str, example: str) -> str | None:
    value = r.args.option(key)
    if value is not None and not value.strip():
        raise InvalidInput(f"The {key}= option is empty; write it like {example}.")
    return value


@command("session stop", "/session stop", "End your focus timer now and log the focus time so far.")
async def session_stop(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/session stop")
    return await timers.stop_timer(r.ctx, r.actor, r.cohort)


@command(
    "session status",
    "/session status",
    "Your session under way: track, focus time so far, the period or break, when it ends.",
)
async def session_status(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/session status")
    return await timers.session_status(r.ctx, r.actor, r.cohort)


@command("session log", "/session log", "Log an ended focus timer's planned time (the DM's Log it).")
async def session_log(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/session log")
    return await timers.answer_timer(r.ctx, r.actor, r.cohort, "log")


@command(
    "session keep", "/session keep", "Add one more focus period to an ended timer (the DM's Keep going)."
)
async def session_keep(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/session keep")
    return await timers.answer_timer(r.ctx, r.actor, r.cohort, "keep")


@command(
    "session discard", "/session discard", "Drop your focus timer without logging it (the DM's Discard)."
)
async def session_discard(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/session discard")
    return await timers.answer_timer(r.ctx, r.actor, r.cohort, "discard")
