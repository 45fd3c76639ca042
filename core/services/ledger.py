"""The ledger: a member's check-ins listed and corrected (``edit``, ``remove``, ``undo``).

Check-ins are numbered newest first (by date, then the last logged first) over the
member's whole ledger, so ``/checkin list week`` and ``/checkin list month`` show the same
number for the same check-in, and number 1 is the top of either list. Every correction
is kept with who made it, when, and the values before and after; a request repeated with
the same idempotency key (a Slack or Discord retry) finds its first run there and changes
nothing more. Corrections take the member's lock, like check-ins, so the day's 24 hours
hold and ``week_totals`` stays the sum of the check-ins.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from core.commands import format_minutes
from core.db.repositories.counts import Tally
from core.db.uow import UnitOfWork
from core.domain import budgets as rules
from core.domain.counts import plural
from core.domain.model import Actor, LedgerEntry
from core.domain.weeks import iso_week_key, month_bounds, resolve_checkin_date, week_start
from core.errors import InvalidInput, NotFound
from core.services.checkins import check_track, day_full, day_label, refuse_count_track
from core.services.context import ServiceContext, member_context, membership, short
from core.services.skills import budgets_in_hours
from core.views.activity import LedgerRowView, LedgerView, TallyRowView

Window = Literal["week", "month"]
Action = Literal["edit", "remove", "undo"]
MAX_NUMBER = 100_000
"""The largest check-in number a command takes."""
EDIT_EXAMPLE = "/checkin edit 2 hours=1h30m date=yesterday track=dsa"


def parse_window(text: str | None) -> Window:
    value = (text or "week").strip().lower()
    if value in ("week", "month"):
        return "week" if value == "week" else "month"
    raise InvalidInput(
        f"'{short(value, 20)}' is not a period; write /checkin list week or /checkin list month."
    )


async def list_checkins(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, period: Window = "week"
) -> LedgerView:
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        return await _view(uow, found.member.id, period, found.today(ctx.clock))


async def undo(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, *, idempotency_key: str | None = None
) -> LedgerView:
    """Take back the check-in logged last, whatever date it is for."""
    return await _correct(ctx, actor, cohort_name, "undo", None, {}, idempotency_key)


async def remove(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    number: int,
    *,
    idempotency_key: str | None = None,
) -> LedgerView:
    _check_number(number, "/checkin remove 2")
    return await _correct(ctx, actor, cohort_name, "remove", number, {}, idempotency_key)


async def edit(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    number: int,
    *,
    minutes: int | None = None,
    when: str | None = None,
    track: str | None = None,
    idempotency_key: str | None = None,
) -> LedgerView:
    """New hours, date or track for check-in ``number``, under a new check-in's rules."""
    _check_number(number, EDIT_EXAMPLE)
    if minutes is None and when is None and track is None:
        raise InvalidInput(f"Say what to change, like {EDIT_EXAMPLE}.")
    changes: dict[str, Any] = {"minutes": minutes, "when": when, "track": track}
    if track is not None:
        changes["track"] = rules.parse_track(track)
    return await _correct(ctx, actor, cohort_name, "edit", number, changes, idempotency_key)


def _check_number(number: int, example: str) -> None:
    """A number from a platform's own integer option (Discord's): bounded here too, as a
    forged one can pass the platform's check."""
    if not 1 <= number <= MAX_NUMBER:
        raise InvalidInput(
            f"The check-in number must be from 1 to {MAX_NUMBER}, like {example}; you wrote {number}."
        )


async def _correct(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    action: Action,
    number: int | None,
    changes: dict[str, Any],
    key: str | None,
) -> LedgerView:
    async with ctx.uow() as uow:
        context = await member_context(uow, actor, cohort_name, with_budgets=action == "edit", lock=True)
        member_id = context.membership.member.id
        today = context.membership.today(ctx.clock)
        if key and (done := await uow.ledger.correction_by_key(member_id, key)):
            view = await _view(uow, member_id, "week", today)
            return view.model_copy(update={"headline": _repeated(done)})
        entry = await (
            uow.ledger.last_logged(member_id) if number is None else uow.ledger.nth(member_id, number)
        )
        if action == "undo" and (tally := await _last_tally(uow, member_id, entry)) is not None:
            headline = await _undo_tally(uow, member_id, tally, actor, key, ctx.clock.now())
            view = await _view(uow, member_id, "week", today)
            await uow.commit()
            return view.model_copy(update={"headline": headline})
        if entry is None:
            raise NotFound(_missing(number))
        before = _values(entry)
        after: dict[str, Any] | None = None
        if action == "edit":
            after = await _edit(uow, entry, changes, today, budgets_in_hours(context.budgets))
            headline = f"Changed check-in {number}: {said(before)} → {said(after)}."
        else:
            await uow.ledger.remove(entry)
            which = "your last check-in" if number is None else f"check-in {number}"
            headline = f"Removed {which}: {said(before)}."
        await uow.ledger.add_correction(
            member_id,
            checkin_id=entry.checkin.id,
            action=action,
            corrected_by=actor.user_id,
            before=before,
            after=after,
            idempotency_key=key,
            now=ctx.clock.now(),
        )
        view = await _view(uow, member_id, "week", today)
        await uow.commit()
    return view.model_copy(update={"headline": headline})


async def _edit(
    uow: UnitOfWork, entry: LedgerEntry, changes: dict[str, Any], today: date, budgets: list[rules.Budget]
) -> dict[str, Any]:
    old = entry.checkin
    day = old.local_date if changes["when"] is None else resolve_checkin_date(changes["when"], today)
    track = changes["track"] or old.track
    if track != old.track:
        await refuse_count_track(uow, old.member_id, track)
        check_track(budgets, track)
    minutes = changes["minutes"] or old.minutes
    if (minutes, day, track) == (old.minutes, old.local_date, old.track):
        raise InvalidInput(
            f"Check-in {entry.number} already is {said(_values(entry))}; give a different value to change it."
        )
    edited = await uow.ledger.edit(
        entry, minutes=minutes, local_date=day, iso_week=iso_week_key(day), track=track
    )
    if edited is None:
        logged = await uow.ledger.day_minutes(old.member_id, day, without=old.id)
        raise InvalidInput(day_full(day, logged, minutes))
    return {**_values(entry), "date": day.isoformat(), "minutes": minutes, "track": track}


def _values(entry: LedgerEntry) -> dict[str, Any]:
    """A check-in as its correction history keeps it."""
    found = entry.checkin
    return {
        "date": found.local_date.isoformat(),
        "minutes": found.minutes,
        "track": found.track,
        "skill": entry.skill,
        "note": found.note,
    }


async def _last_tally(uow: UnitOfWork, member_id: int, entry: LedgerEntry | None) -> Tally | None:
    """The tally logged last, when it came after the last check-in (or at the same moment):
    ``/checkin undo`` right after ``/checkin 1 book reading`` takes back the book."""
    tally = await uow.counts.last(member_id)
    if tally is None or (entry is not None and tally.created_at < entry.checkin.created_at):
        return None
    return tally


async def _undo_tally(
    uow: UnitOfWork, member_id: int, tally: Tally, actor: Actor, key: str | None, now: datetime
) -> str:
    units = {r.track: r.unit for r in await uow.counts.budgets(member_id)}
    before = {
        "date": tally.local_date.isoformat(),
        "track": tally.track,
        "amount": tally.amount,
        "unit": units.get(tally.track, "thing"),
    }
    await uow.counts.remove_tally(member_id, tally.id)
    await uow.ledger.add_correction(
        member_id,
        checkin_id=tally.id,
        action="undo",
        corrected_by=actor.user_id,
        before=before,
        after=None,
        idempotency_key=key,
        now=now,
    )
    return f"Removed your last check-in: {said(before)}."


def said(values: dict[str, Any]) -> str:
    """A check-in (or a tally) as a correction kept it: "1h 30m of dsa on Sat 5 Dec"."""
    day = day_label(date.fromisoformat(values["date"]))
    if "amount" in values:  # a tally taken back by /checkin undo
        things = f"{values['amount']} {plural(str(values['unit']), int(values['amount']))}"
        return f"{things} of {values['track']} on {day}"
    return f"{format_minutes(values['minutes'])} of {values['track']} on {day}"


def _repeated(done: dict[str, Any]) -> str:
    """The headline of a request that already ran (a retry): what it did then."""
    if done["action"] == "edit" and done["after"]:
        return f"Already changed: {said(done['before'])} → {said(done['after'])} (nothing changed twice)."
    return f"Already removed: {said(done['before'])} (nothing removed twice)."


def _missing(number: int | None) -> str:
    if number is None:
        return "You have no check-ins to undo; log one with /checkin 1h dsa."
    return (
        f"You have no check-in number {number}; see the numbers with /checkin list (or /checkin list month)."
    )


def ledger_row(entry: LedgerEntry) -> LedgerRowView:
    found = entry.checkin
    return LedgerRowView(
        number=entry.number,
        local_date=found.local_date,
        hours=found.minutes / 60,
        track=found.track,
        skill=entry.skill,
        note=found.note,
        source=found.source,
    )


async def _view(uow: UnitOfWork, member_id: int, period: Window, today: date) -> LedgerView:
    start = week_start(today) if period == "week" else month_bounds(today)[0]
    entries = await uow.ledger.since(member_id, start)
    rows = [ledger_row(e) for e in entries]
    counted = [
        TallyRowView(local_date=t.local_date, amount=t.amount, unit=unit, track=t.track, note=t.note)
        for t, unit in await uow.counts.since(member_id, start, uow.ledger.limit)
    ]
    return LedgerView(
        period=period,
        start=start,
        rows=rows,
        tallies=counted,
        total_hours=sum(e.checkin.minutes for e in entries) / 60,
        more=len(entries) >= uow.ledger.limit,
    )
