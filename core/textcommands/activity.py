"""Budget, check-in, progress, goal, personal-settings and help commands."""

from __future__ import annotations

from core.commands import is_bare_number, parse_hour_range, parse_hours, parse_int, parse_switch
from core.domain.budgets import parse_period
from core.domain.counts import count_spec, is_count_phrase, looks_numeric, refuse_hours_every
from core.errors import InvalidInput
from core.services import budgets, charts, checkins, counts, goals, ledger, me, progress
from core.textcommands.registry import (
    COMMANDS,
    Request,
    command,
    command_help,
    full_help,
    help_view,
    no_such_command,
)
from core.views.base import View

MONTH_HOURS = 744


@command(
    "budget set",
    '/budget set TRACK MIN[-MAX] [per=week|month] [skill="NAME"|none]  ·  '
    "/budget set TRACK MIN[-MAX] UNIT [every N weeks|months]",
    "Hours you plan per week or month on a track, like /budget set dsa 5-7; "
    'skill="NAME" counts them toward a skill (skill=none unlinks). '
    "Or a count, like /budget set reading 1 book every 3 months.",
    options=("per", "skill", "every", "unit"),
    details="A count budget (books, papers, problems) is judged per block of N weeks or N calendar "
    "months counted from when you set it; log it with /checkin 1 book reading. Counts never add to "
    "your hours, streak or plan.",
)
async def budget_set(r: Request) -> View:
    track = r.args.require_positional(0, "The track", "/budget set dsa 5-7")
    words = list(r.args.positionals[1:])
    if r.args.option("unit") is not None or r.args.option("every") is not None or is_count_phrase(words):
        return await _budget_set_count(r, track, words)
    amount = " ".join(words)
    if not amount:
        raise InvalidInput(f"Give the hours for {track[:30]}, like /budget set {track[:30]} 5-7 per=week.")
    if "every" in (w.lower() for w in words):
        raise refuse_hours_every()
    per = r.args.option("per")
    period = parse_period("week" if per is None else per)
    low, high = parse_hour_range(amount, 168 if period == "week" else MONTH_HOURS)
    return await budgets.set_budget(
        r.ctx, r.actor, r.cohort, track, low, high, period, r.args.option("skill")
    )


async def _budget_set_count(r: Request, track: str, words: list[str]) -> View:
    if r.args.option("skill") is not None:
        raise InvalidInput("skill= links hours to a skill; a count budget has no hours to link.")
    spec = count_spec(words, r.args.option("unit"), r.args.option("per"), r.args.option("every"))
    return await budgets.set_count_budget(r.ctx, r.actor, r.cohort, track, spec)


@command("budget remove", "/budget remove TRACK", "Drop a budget (its check-ins stay).")
async def budget_remove(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/budget remove")
    track = r.args.require_positional(0, "The track", "/budget remove dsa")
    return await budgets.remove_budget(r.ctx, r.actor, r.cohort, track)


@command("budget show", "/budget show", "Your budgets and the weekly hours they add up to.")
async def budget_show(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/budget show")
    return await budgets.show_budgets(r.ctx, r.actor, r.cohort)


@command(
    "checkin",
    '/checkin HOURS TRACK ["note"] [date=yesterday|YYYY-MM-DD] [skill="NAME"|N]  ·  '
    "/checkin COUNT [UNIT] TRACK",
    'Log study hours, like /checkin 1h30m dsa "two graph problems"; '
    "or a count on a count budget, like /checkin 1 book reading.",
    options=("date", "skill", "note"),
)
async def checkin(r: Request) -> View:
    amount = r.args.require_positional(0, "The number of hours", "/checkin 1h30m dsa")
    if looks_numeric(amount) and len(r.args.positionals) >= 2 and r.args.option("skill") is None:
        tally = await counts.check_in_count(
            r.ctx,
            r.actor,
            r.cohort,
            amount,
            r.args.positionals[1:],
            note=r.args.option("note"),
            when=r.args.option("date"),
            idempotency_key=r.idempotency_key,
        )
        if tally is not None:
            return tally
    minutes = parse_hours(amount)
    track = r.args.require_positional(1, "The track", "/checkin 1h30m dsa")
    note = " ".join(r.args.positionals[2:]) or None
    if note is not None and r.args.option("note") is not None:
        raise InvalidInput(
            'Give the note once, either in quotes or as note="…", like /checkin 1h dsa "trees".'
        )
    skill = r.args.option("skill")
    if skill is not None and not skill.strip():
        raise InvalidInput('The skill= option is empty; name one of your skills, like skill="SQL".')
    return await checkins.check_in(
        r.ctx,
        r.actor,
        r.cohort,
        minutes=minutes,
        track=track,
        note=note if note is not None else r.args.option("note"),
        when=r.args.option("date"),
        skill=skill,
        idempotency_key=r.idempotency_key,
        unitless=is_bare_number(amount),
    )


@command(
    "checkin list",
    "/checkin list [week|month]",
    "Your check-ins this week or month, numbered newest first for edit and remove.",
)
async def checkin_list(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/checkin list")
    period = ledger.parse_window(r.args.positionals[0] if r.args.positionals else None)
    return await ledger.list_checkins(r.ctx, r.actor, r.cohort, period)


@command("checkin undo", "/checkin undo", "Take back the check-in you logged last.")
async def checkin_undo(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/checkin undo")
    return await ledger.undo(r.ctx, r.actor, r.cohort, idempotency_key=r.idempotency_key)


def _checkin_number(r: Request, example: str) -> int:
    text = r.args.require_positional(0, "The check-in number", example)
    return parse_int(text, "the check-in number", 1, ledger.MAX_NUMBER, example)


@command("checkin remove", "/checkin remove N", "Remove check-in number N of /checkin list.")
async def checkin_remove(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/checkin remove")
    number = _checkin_number(r, "/checkin remove 2")
    return await ledger.remove(r.ctx, r.actor, r.cohort, number, idempotency_key=r.idempotency_key)


@command(
    "checkin edit",
    "/checkin edit N [hours=…] [date=yesterday|YYYY-MM-DD] [track=…]",
    "Correct check-in number N of /checkin list (the change is kept in your history).",
    options=("hours", "date", "track"),
)
async def checkin_edit(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/checkin edit")
    number = _checkin_number(r, ledger.EDIT_EXAMPLE)
    hours = r.args.option("hours")
    return await ledger.edit(
        r.ctx,
        r.actor,
        r.cohort,
        number,
        minutes=None if hours is None else parse_hours(hours),
        when=r.args.option("date"),
        track=r.args.option("track"),
        idempotency_key=r.idempotency_key,
    )


@command("progress", "/progress [week|month]", "Hours this week or month against each budget.")
async def show_progress(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/progress")
    period = progress.parse_progress_period(r.args.positionals[0] if r.args.positionals else None)
    return await progress.progress(r.ctx, r.actor, r.cohort, period)


@command(
    "progress chart",
    "/progress chart",
    "A picture of your hours per week for 12 weeks against your budget band, streak starred.",
)
async def show_progress_chart(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/progress chart")
    return await charts.progress_chart(r.ctx, r.actor, r.cohort)


@command("streak", "/streak", "Weeks in a row you met every budget.")
async def show_streak(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/streak")
    return await progress.streak(r.ctx, r.actor, r.cohort)


@command("goal add", '/goal add short|medium|long "TEXT"', "A long-term goal (private).")
async def goal_add(r: Request) -> View:
    horizon = goals.parse_horizon(r.args.require_positional(0, "The horizon", '/goal add short "…"'))
    text = " ".join(r.args.positionals[1:])
    if not text.strip():
        raise InvalidInput(
            f'The goal text is missing; write it like /goal add {horizon.value} "Lead an ML project".'
        )
    return await goals.add_goal(r.ctx, r.actor, r.cohort, horizon, text)


@command("goal list", "/goal list", "Your goals, numbered.")
async def goal_list(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/goal list")
    return await goals.list_goals(r.ctx, r.actor, r.cohort)


@command("goal remove", "/goal remove N", "Remove goal number N from /goal list.")
async def goal_remove(r: Request) -> View:
    return await goals.remove_goal(r.ctx, r.actor, r.cohort, _goal_number(r, "remove"))


def _goal_number(r: Request, verb: str) -> int:
    r.args.reject_extra_positionals(1, f"/goal {verb}")
    example = f"/goal {verb} 2"
    return parse_int(
        r.args.require_positional(0, "The goal number", example), "the goal number", 1, 10_000, example
    )


@command("goal done", "/goal done N", "Mark goal N achieved (it stays in /goal list, marked achieved).")
async def goal_done(r: Request) -> View:
    return await goals.mark_goal(r.ctx, r.actor, r.cohort, _goal_number(r, "done"), True)


@command("goal undo", "/goal undo N", "Take back /goal done N: goal N is open again.")
async def goal_undo(r: Request) -> View:
    return await goals.mark_goal(r.ctx, r.actor, r.cohort, _goal_number(r, "undo"), False)


@command("me", "/me", "Your personal settings.")
async def me_show(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/me")
    return await me.show_me(r.ctx, r.actor, r.cohort)


@command("me timezone", "/me timezone Area/City", "Your own time zone (default: the cohort's).")
async def me_timezone(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/me timezone")
    zone = r.args.require_positional(0, "The time zone", "/me timezone Europe/Berlin")
    return await me.set_timezone(r.ctx, r.actor, r.cohort, zone)


@command(
    "me pause",
    "/me pause until=YYYY-MM-DD",
    "Vacation: no reminders, streak waits.",
    options=("until",),
)
async def me_pause(r: Request) -> View:
    until = r.args.option("until")
    r.args.reject_extra_positionals(0 if until is not None else 1, "/me pause")
    until = until if until is not None else (r.args.positionals[0] if r.args.positionals else None)
    if not until:
        raise InvalidInput("Say until when, like /me pause until=2026-12-31.")
    return await me.pause(r.ctx, r.actor, r.cohort, until)


@command("me resume", "/me resume", "End a pause early.")
async def me_resume(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/me resume")
    return await me.resume(r.ctx, r.actor, r.cohort)


@command("me dms", "/me dms on|off", "Allow or stop direct messages from Stride.")
async def me_dms(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/me dms")
    value = r.args.require_positional(0, "on or off", "/me dms off")
    return await me.set_dms(r.ctx, r.actor, r.cohort, parse_switch(value, "on", "off", "/me dms"))


@command("me leaderboard", "/me leaderboard show|hide", "Appear on or hide from leaderboards.")
async def me_leaderboard(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/me leaderboard")
    value = r.args.require_positional(0, "show or hide", "/me leaderboard hide")
    visible = parse_switch(value, "show", "hide", "/me leaderboard")
    return await me.set_leaderboard(r.ctx, r.actor, r.cohort, visible)


@command(
    "me voice",
    "/me voice on|off",
    "Whether your time in the cohort's voice study rooms (Discord) counts as check-ins.",
)
async def me_voice(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/me voice")
    value = r.args.require_positional(0, "on or off", "/me voice off")
    return await me.set_voice(r.ctx, r.actor, r.cohort, parse_switch(value, "on", "off", "/me voice"))


@command("help", "/help [command]", "This list, or one command in detail.")
async def show_help(r: Request) -> View:
    words = [w.lstrip("/").lower() for w in r.args.positionals]
    if not words:
        return full_help()
    matches = [s for s in COMMANDS if s.path[: len(words)] == tuple(words)]
    if not matches:
        raise no_such_command(words)
    exact = next((s for s in matches if s.path == tuple(words)), None)
    return command_help(exact, matches) if exact else help_view(matches)
