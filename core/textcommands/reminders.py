"""/me reminders, /me quiet and /me snooze: when a member's personal DMs come (issue 20)."""

from __future__ import annotations

from core.errors import InvalidInput
from core.services import reminder_prefs
from core.textcommands.registry import Request, command
from core.views.base import View


@command(
    "me reminders",
    "/me reminders [day=mon…sun|off] [time=HH:MM|off]",
    "Your own day and time for the weekly check-in DM (time also moves the midweek nudge).",
    options=("day", "time"),
    details="Times are on your own clock (/me timezone); off goes back to the cohort's.",
)
async def me_reminders(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/me reminders")
    day, time = r.args.option("day"), r.args.option("time")
    return await reminder_prefs.set_reminders(r.ctx, r.actor, r.cohort, day=day, time=time)


@command(
    "me quiet",
    "/me quiet HH:MM-HH:MM|off",
    "Hours with no DMs from Stride (default 22:00-08:00); a DM due in them comes at their end.",
)
async def me_quiet(r: Request) -> View:
    if not r.args.positionals:
        raise InvalidInput("Give your quiet hours, like /me quiet 23:00-07:00, or /me quiet off.")
    return await reminder_prefs.set_quiet_hours(r.ctx, r.actor, r.cohort, " ".join(r.args.positionals))


@command(
    "me snooze",
    "/me snooze 30m…7d|off",
    "Reminders wait until then; the last DM that asked you something comes again then.",
)
async def me_snooze(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/me snooze")
    length = r.args.require_positional(0, "How long to snooze", "/me snooze 1d")
    return await reminder_prefs.snooze(r.ctx, r.actor, r.cohort, length, idempotency_key=r.idempotency_key)
