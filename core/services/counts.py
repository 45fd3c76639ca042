"""Tallies for count budgets: ``/checkin 1 book reading`` (issue 18, item 6 c).

A tally is never a check-in: it has no minutes, so no hour total, week mark or plan hour
can include it. ``check_in_count`` decides whether a ``/checkin`` with a bare whole number
is a count (its words name a count budget's unit and track, or a count track alone); when
it is not, the caller logs hours as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from core.commands import check_text
from core.db.repositories.counts import CountBudgetRow
from core.db.uow import UnitOfWork
from core.domain import counts as rules
from core.domain.budgets import budget_status, parse_track
from core.domain.model import Actor
from core.domain.weeks import resolve_checkin_date
from core.errors import Conflict, InvalidInput
from core.services.checkins import NOTE_CHARS
from core.services.context import ServiceContext, member_context
from core.views.activity import CountBudgetView, TallyView


async def count_views(uow: UnitOfWork, member_id: int, today: date) -> list[CountBudgetView]:
    """Every count budget of the member with its block holding ``today``, in one statement
    (a block is at most 12 months or 52 weeks, so its days are the last 13 months')."""
    since = today - timedelta(days=rules.LONGEST_BLOCK_DAYS)
    views = []
    for row, days in await uow.counts.budgets_with_days(member_id, since):
        block = rules.block_of(today, row.anchor, row.period, row.every)
        done = sum(amount for day, amount in days.items() if block.start <= day <= block.end)
        views.append(_view(row, block, done, today))
    return views


def _view(row: CountBudgetRow, block: rules.Block, done: int, today: date) -> CountBudgetView:
    return CountBudgetView(
        track=row.track,
        unit=row.unit,
        min_count=row.min_count,
        max_count=row.max_count,
        period=row.period,
        every=row.every,
        block_start=block.start,
        block_end=block.end,
        done=done,
        due=rules.block_pace(done, row.min_count, block, today).due,
        status=budget_status(done, row.min_count, row.max_count).value,
    )


def _count_track(
    rows: Sequence[CountBudgetRow], hour_tracks: set[str], amount: str, words: Sequence[str]
) -> tuple[CountBudgetRow, Sequence[str]] | None:
    """The count budget a check-in's words log to and the words left for the note; None
    when they are hours. ``/checkin 1 book reading`` and ``/checkin 1 reading`` (a track
    that only counts) are counts; a word that is no unit before a count track is an error."""
    by_track = {r.track: r for r in rows}
    first = words[0].lower() if words else ""
    if first in by_track and first not in hour_tracks:
        return by_track[first], words[1:]
    if len(words) >= 2 and (row := by_track.get(words[1].lower())) is not None:
        if first in hour_tracks:
            return None
        if rules.singular(first) == row.unit:
            return row, words[2:]
        raise InvalidInput(
            f"{row.track} counts {rules.plural(row.unit)}, so write it like "
            f"/checkin {amount[:6]} {rules.plural(row.unit, 1 if amount.strip() == '1' else 2)} {row.track}; "
            f"'{words[0][:20]}' is not a unit of it."
        )
    units = {r.unit: r for r in rows}
    if len(words) == 1 and (row := units.get(rules.singular(first))) is not None:
        raise InvalidInput(
            f"Say which track the {first[:20]} count toward, like /checkin 1 {row.unit} {row.track}."
        )
    return None


async def check_in_count(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    amount: str,
    words: Sequence[str],
    *,
    note: str | None = None,
    when: str | None = None,
    idempotency_key: str | None = None,
) -> TallyView | None:
    """Log a tally when the words are a count; None (nothing written) when they are hours."""
    async with ctx.uow(read_only=True) as uow:
        context = await member_context(uow, actor, cohort_name, with_budgets=True)
        rows = await uow.counts.budgets(context.membership.member.id)
    if not rows:
        return None
    found = _count_track(rows, {b.track for b in context.budgets}, amount, words)
    if found is None:
        return None
    row, rest = found
    if len(rest) == len(words) - 1 and not rules.is_integer(amount):  # no unit: were they hours?
        raise rules.hours_on_count_track(row.track, row.unit)
    if rest and note is not None:
        raise InvalidInput(
            'Give the note once, either in quotes or as note="…", like /checkin 1 book reading "Dune".'
        )
    return await log_tally(
        ctx,
        actor,
        cohort_name,
        row.track,
        rules.parse_count(amount),
        note=" ".join(rest) or note,
        when=when,
        idempotency_key=idempotency_key,
    )


async def log_tally(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    track: str,
    amount: int,
    *,
    unit: str | None = None,
    note: str | None = None,
    when: str | None = None,
    idempotency_key: str | None = None,
) -> TallyView:
    """Tally ``amount`` things on a count track (``unit``, when given, must be its unit)."""
    track = parse_track(track)
    if not 1 <= amount <= rules.MAX_COUNT:
        raise InvalidInput(f"The count must be from 1 to {rules.MAX_COUNT}, like {rules.CHECKIN_EXAMPLE}.")
    if note is not None:
        note = check_text(note, "The note", NOTE_CHARS, required=False) or None
    try:
        return await _tally(ctx, actor, cohort_name, track, amount, unit, note, when, idempotency_key)
    except Conflict:
        if not idempotency_key:
            raise
        # Two deliveries of one request raced and the other one's insert won: answer with it.
        return await _tally(ctx, actor, cohort_name, track, amount, unit, note, when, idempotency_key)


async def _tally(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    track: str,
    amount: int,
    unit: str | None,
    note: str | None,
    when: str | None,
    idempotency_key: str | None,
) -> TallyView:
    async with ctx.uow() as uow:
        context = await member_context(uow, actor, cohort_name, lock=True)
        found, member_id = context.membership, context.membership.member.id
        today = found.today(ctx.clock)
        rows = {r.track: r for r in await uow.counts.budgets(member_id)}
        row = rows.get(track)
        if row is None:
            raise InvalidInput(
                f"You have no count budget for {track}; set one first, "
                f"like /budget set {track} 1 book every 3 months."
            )
        if unit is not None and rules.parse_unit(unit) != row.unit:
            raise InvalidInput(
                f"{track} counts {rules.plural(row.unit)}; write unit={row.unit} or leave it out."
            )
        earlier = await uow.counts.tally_by_key(member_id, idempotency_key) if idempotency_key else None
        done = earlier
        if done is None:
            day = resolve_checkin_date(when, today)
            done = await uow.counts.add_tally(
                member_id,
                track=track,
                amount=amount,
                local_date=day,
                note=note,
                idempotency_key=idempotency_key,
                now=ctx.clock.now(),
            )
        block = rules.block_of(today, row.anchor, row.period, row.every)
        total = (await uow.counts.sums(member_id, {track: (block.start, block.end)})).get(track, 0)
        view = TallyView(
            amount=done.amount,
            local_date=done.local_date,
            budget=_view(row, block, total, today),
            duplicate=earlier is not None,
        )
        await uow.commit()
    return view
