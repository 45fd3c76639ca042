"""Check-ins: hours on a track, on the member's local date, at most once per idempotency key."""

from __future__ import annotations

from datetime import date

from core.commands import check_text, format_minutes
from core.db.uow import UnitOfWork
from core.domain import budgets as rules
from core.domain import counts, limits
from core.domain.budgets import Budget
from core.domain.model import Actor, Checkin
from core.domain.weeks import iso_week_key, month_bounds, resolve_checkin_date, week_end, week_start
from core.errors import Conflict, InvalidInput, NotFound
from core.services.context import MemberContext, ServiceContext, member_context
from core.services.skills import budgets_in_hours, find_skill, lookup_name
from core.views.activity import CheckinView

NOTE_CHARS = limits.CHECKIN_NOTE
MAX_MINUTES = 24 * 60
BIG_HOURS = 10
"""A bare number of at least this many hours gets a hint that it was read as hours."""


async def check_in(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    *,
    minutes: int,
    track: str,
    note: str | None = None,
    when: str | None = None,
    skill: str | None = None,
    idempotency_key: str | None = None,
    unitless: bool = False,
) -> CheckinView:
    """Log hours; a retried request with the same key returns the first check-in, not a second.
    ``unitless``: the hours were a bare number (``20``), which a big one is hinted about."""
    if not 0 < minutes <= MAX_MINUTES:
        raise InvalidInput("A check-in must be more than 0 and at most 24 hours.")
    track = rules.parse_track(track)
    if note is not None:
        note = check_text(note, "The note", NOTE_CHARS, required=False) or None
    try:
        view = await _record(ctx, actor, cohort_name, minutes, track, note, when, skill, idempotency_key)
    except Conflict:
        # Two deliveries of one request raced and the other one's insert won: answer with it.
        if idempotency_key and (earlier := await _earlier(ctx, actor, cohort_name, idempotency_key)):
            return earlier
        raise
    if unitless and minutes >= BIG_HOURS * 60 and not view.duplicate:
        count = minutes // 60
        hint = f"{count}h logged — for minutes write {count}m; /checkin undo to take it back."
        return view.model_copy(update={"hint": hint})
    return view


async def _earlier(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, key: str
) -> CheckinView | None:
    async with ctx.uow(read_only=True) as uow:
        context = await member_context(uow, actor, cohort_name, with_budgets=True)
        done = await uow.checkins.by_idempotency_key(context.membership.member.id, key)
        if done is None:
            return None
        return await _summary(uow, done, budgets_in_hours(context.budgets), None, duplicate=True)


async def _record(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    minutes: int,
    track: str,
    note: str | None,
    when: str | None,
    skill: str | None,
    idempotency_key: str | None,
) -> CheckinView:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        context = await member_context(
            uow,
            actor,
            cohort_name,
            with_budgets=True,
            skill_key=lookup_name(skill).casefold() if skill else None,
            lock=True,
        )
        found, member = context.membership, context.membership.member
        budgets = budgets_in_hours(context.budgets)
        # A repeated idempotency key is not looked for first: the insert below breaks the
        # key's unique constraint, and check_in answers with the earlier check-in. Retries
        # are rare; a look-up before every check-in was a sixth of its statements.
        day = resolve_checkin_date(when, found.today(ctx.clock))
        skill_id, skill_name = await hours_target(uow, context, budgets, track, skill)
        added = await uow.checkins.add(
            member.id,
            track=track,
            minutes=minutes,
            local_date=day,
            iso_week=iso_week_key(day),
            skill_id=skill_id,
            note=note,
            idempotency_key=idempotency_key,
            now=now,
        )
        if added is None:
            if idempotency_key and (
                done := await uow.checkins.by_idempotency_key(member.id, idempotency_key)
            ):
                return await _summary(uow, done, budgets, skill_name, duplicate=True)
            raise InvalidInput(day_full(day, await uow.ledger.day_minutes(member.id, day), minutes))
        checkin, week_minutes = added
        view = await _summary(uow, checkin, budgets, skill_name, duplicate=False, week_minutes=week_minutes)
        if not budgets:
            view = view.model_copy(update={"default_weekly_hours": found.cohort.default_weekly_minutes / 60})
        await uow.commit()
    return view


async def hours_target(
    uow: UnitOfWork, context: MemberContext, budgets: list[Budget], track: str, skill: str | None
) -> tuple[int | None, str | None]:
    """Where hours on ``track`` (toward ``skill``) may go, for a check-in or a focus timer:
    the track must take hours (see :func:`check_track`; a count track is refused), and the
    skill, by name (found with the member) or by its number in /skill list. Returns the
    skill's id and name, or two Nones without one."""
    member_id = context.membership.member.id
    if track not in {b.track for b in budgets}:
        await refuse_count_track(uow, member_id, track)
    check_track(budgets, track)
    if not skill:
        return None, None
    if context.skill is not None:
        return context.skill
    chosen = await find_skill(uow, context.membership.member, skill)  # a number, or a clear error
    return chosen.id, chosen.name


async def refuse_count_track(uow: UnitOfWork, member_id: int, track: str) -> None:
    """Hours on a track that counts things (books) are refused: log the count instead."""
    row = next((r for r in await uow.counts.budgets(member_id) if r.track == track), None)
    if row is not None:
        raise counts.hours_on_count_track(track, row.unit)


def check_track(budgets: list[Budget], track: str) -> None:
    """A check-in's track must be one of the member's budgets. Without budgets the cohort
    default stands for one on every track (DESIGN §2), so any track is taken; with budgets
    an unknown track is most likely a typo."""
    tracks = [b.track for b in budgets]
    if budgets and track not in tracks:
        raise NotFound(
            f"You have no budget for track '{track}'; use one of yours ({', '.join(tracks)}) "
            f"or add it first with /budget set {track} 3-5."
        )


def day_label(day: date) -> str:
    """``Sat 5 Dec``."""
    return f"{day:%a} {day.day} {day:%b}"


def day_full(day: date, logged: int, minutes: int) -> str:
    """The one sentence refusing hours that would make a day pass 24 hours."""
    return (
        f"You have already logged {format_minutes(logged)} on {day_label(day)}; at most 24h a day fits, "
        f"so {format_minutes(minutes)} is too much (see /checkin list)."
    )


async def _summary(
    uow: UnitOfWork,
    checkin: Checkin,
    budgets: list[Budget],
    skill_name: str | None,
    *,
    duplicate: bool,
    week_minutes: int | None = None,
) -> CheckinView:
    """The check-in with its week's total on the track (``week_minutes`` when the caller
    has it), against that track's budget."""
    day = checkin.local_date
    if week_minutes is None:
        totals = await uow.checkins.minutes_by_track(checkin.member_id, week_start(day), week_end(day))
        week_minutes = totals.get(checkin.track, 0)
    hours = week_minutes / 60
    budget = next((b for b in budgets if b.track == checkin.track), None)
    low, high = (budget.min_hours, budget.max_hours) if budget else (None, None)
    month_hours = None
    if budget is not None and budget.period == "month":  # judged by its calendar month
        first, last = month_bounds(day)
        month_hours = (await uow.checkins.minutes_by_track(checkin.member_id, first, last)).get(
            checkin.track, 0
        ) / 60
    shown = hours if month_hours is None else month_hours
    status = rules.budget_status(shown, low, high).value if low is not None and high is not None else None
    return CheckinView(
        month_hours=month_hours,
        hours=checkin.minutes / 60,
        track=checkin.track,
        local_date=day,
        skill=skill_name,
        week=iso_week_key(day),
        track_week_hours=hours,
        budget_min_hours=low,
        budget_max_hours=high,
        budget_status=status,
        duplicate=duplicate,
    )
