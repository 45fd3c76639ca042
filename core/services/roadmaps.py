"""Roadmaps: import a student's Markdown file, tick items off, accept what the file suggests.

A second import never overwrites silently: without ``mode`` it answers with the question
and stores nothing, so the student sends the file again with ``mode=replace`` or
``mode=merge`` (the upload is kept nowhere in between).
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

from core.db.repositories.counts import CountBudgetRow
from core.db.uow import UnitOfWork
from core.domain import budgets as budget_rules
from core.domain import counts as count_rules
from core.domain import limits
from core.domain.model import Actor, BudgetRow, Horizon, Roadmap, RoadmapPhase, RoadmapSuggestion
from core.domain.roadmap import ParsedRoadmap, Suggestion, parse_roadmap
from core.domain.roadmap_merge import ImportMode, combine, fresh
from core.domain.textfile import decode_upload
from core.domain.weeks import local_date
from core.errors import Conflict, InvalidInput, NotFound
from core.formatting import percent, plural, whole_percent
from core.services.budgets import check_room
from core.services.context import Membership, ServiceContext, membership, short
from core.services.goals import MAX_GOALS
from core.views.base import Notice
from core.views.roadmaps import RoadmapItemView, RoadmapPhaseView, RoadmapSuggestionView, RoadmapView

MODES = ", ".join(mode.value for mode in ImportMode)


def parse_mode(text: str | None) -> ImportMode | None:
    if text is None:
        return None
    try:
        return ImportMode(text.strip().lower())
    except ValueError:
        raise InvalidInput(
            f"'{short(text, 20)}' is not an import mode; write mode=replace or mode=merge."
        ) from None


async def import_roadmap(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    filename: str,
    data: bytes,
    mode: ImportMode | None,
) -> RoadmapView | Notice:
    # Decoding, repairing and parsing a file of up to 256 KiB is pure Python: on a worker
    # thread, every other member's command goes on meanwhile.
    parsed = await asyncio.to_thread(lambda: parse_roadmap(decode_upload(data, filename), filename))
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        old = await uow.roadmaps.for_member(found.member.id)
        if old is not None and mode is None:
            return _ask_mode(old, parsed)
        phases = fresh(parsed, now) if old is None or mode is None else combine(old, parsed, mode, now)
        await uow.roadmaps.store(
            found.member.id,
            title=parsed.title,
            source_name=short(filename, limits.ROADMAP_TITLE),
            repaired=parsed.repaired,
            phases=phases,
            suggestions=[_stored(s) for s in parsed.suggestions],
            now=now,
        )
        view = await _view(uow, found)
        await uow.commit()
    return view.model_copy(update={"headline": _import_headline(view, old, mode), "notes": _notes(parsed)})


async def show_roadmap(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, *, items: bool = True
) -> RoadmapView:
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        view = await _view(uow, found)
    return view.model_copy(update={"show_items": items})


async def mark_item(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, number: int, done: bool
) -> RoadmapView:
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        roadmap = await _require(uow, found)
        item = next((i for i in roadmap.items if i.number == number), None)
        if item is None:
            raise NotFound(
                f"Your roadmap has no item {number}; its items are numbered 1–{len(roadmap.items)}, "
                "see them with /roadmap show."
            )
        if item.done != done:
            await uow.roadmaps.set_done(roadmap.id, number, done, ctx.clock.now())
        view = await _view(uow, found)
        await uow.commit()
    already = " already" if item.done == done else ""
    state = "done" if done else "not done"
    share = percent(view.done, view.total)
    headline = f"Item {number} is{already} {state}: {short(item.text, 80)} ({share} of your roadmap)."
    return view.model_copy(update={"headline": headline, "show_items": False})


async def accept_suggestion(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, number: int
) -> RoadmapView:
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        roadmap = await _require(uow, found)
        suggestion = next((s for s in roadmap.suggestions if s.number == number), None)
        if suggestion is None:
            raise NotFound(
                f"Your roadmap has no suggestion {number}; see the numbers with /roadmap show."
                if roadmap.suggestions
                else "Your roadmap has no suggestions to accept."
            )
        if suggestion.accepted_at is not None:
            raise Conflict(
                f"Suggestion {number} is already accepted; see it with /budget show or /goal list."
            )
        await _apply(uow, found, suggestion, now)
        await uow.roadmaps.mark_accepted(roadmap.id, number, now)
        view = await _view(uow, found)
        await uow.commit()
    where = "/budget show" if suggestion.kind == "budget" else "/goal list"
    headline = f"Accepted suggestion {number}: {suggestion.text}; see it with {where}."
    return view.model_copy(update={"headline": headline, "show_items": False})


async def _apply(uow: UnitOfWork, found: Membership, suggestion: RoadmapSuggestion, now: datetime) -> None:
    payload = suggestion.payload
    if suggestion.kind == "budget" and payload.get("unit"):
        await _apply_count(uow, found, payload, now)
    elif suggestion.kind == "budget":
        low, high, period = float(payload["min_hours"]), float(payload["max_hours"]), payload["period"]
        budget_rules.check_budget(low, high, period)
        row = BudgetRow(str(payload["track"]), round(low * 60), round(high * 60), period)
        existing = await uow.budgets.for_member(found.member.id)
        check_room(
            [b.track for b in existing], await uow.counts.budgets(found.member.id), row.track, hours=True
        )
        await uow.budgets.upsert(found.member.id, row)
    else:
        if len(await uow.goals.for_member(found.member.id)) >= MAX_GOALS:
            raise InvalidInput(f"You have {MAX_GOALS} goals, the most Stride keeps; remove one first.")
        await uow.goals.add(
            found.member.id, horizon=Horizon.SHORT, text=suggestion.text, visibility="private", now=now
        )


async def _apply_count(uow: UnitOfWork, found: Membership, payload: dict[str, Any], now: datetime) -> None:
    """A count budget suggested from "read one book every 2-3 months"; its blocks start now."""
    track, period, every = str(payload["track"]), payload["period"], int(payload["every"])
    count_rules.check_every(every, period)
    existing = [b.track for b in await uow.budgets.for_member(found.member.id)]
    check_room(existing, await uow.counts.budgets(found.member.id), track, hours=False)
    anchor = count_rules.anchor_of(local_date(now, found.timezone), period)
    count = int(payload["count"])
    row = CountBudgetRow(track, str(payload["unit"]), count, count, period, every, anchor)
    await uow.counts.upsert(found.member.id, row)


def _stored(suggestion: Suggestion) -> tuple[str, str, dict[str, Any]]:
    payload: dict[str, Any] = {}
    if suggestion.unit is not None:
        payload = {
            "track": suggestion.track,
            "unit": suggestion.unit,
            "count": suggestion.count,
            "every": suggestion.every,
            "period": suggestion.period,
        }
    elif suggestion.kind == "budget":
        payload = {
            "track": suggestion.track,
            "min_hours": suggestion.min_hours,
            "max_hours": suggestion.max_hours,
            "period": suggestion.period,
        }
    return suggestion.kind, suggestion.text, payload


def _ask_mode(old: Roadmap, parsed: ParsedRoadmap) -> Notice:
    done = sum(1 for item in old.items if item.done)
    items = plural(len(old.items), "item")
    return Notice(
        text=f"You already have a roadmap ({short(old.title, 60)}, {done} of {items} done) "
        f"and imported nothing yet; send the file again with mode=replace to use only the new file "
        f"({plural(len(parsed.items), 'item')}) or mode=merge to add its new items to yours — "
        "either way, items you ticked keep their progress."
    )


async def _require(uow: UnitOfWork, found: Membership) -> Roadmap:
    roadmap = await uow.roadmaps.for_member(found.member.id)
    if roadmap is None:
        raise NotFound(
            "You have no roadmap yet; import your Markdown checklist with /roadmap import "
            "(attach the file, or type its path on the console)."
        )
    return roadmap


async def _view(uow: UnitOfWork, found: Membership) -> RoadmapView:
    roadmap = await _require(uow, found)
    start = found.cohort.term_start or roadmap.imported_at.date()
    phases = [_phase(phase, start) for phase in roadmap.phases]
    done, total = sum(p.done for p in phases), sum(p.total for p in phases)
    return RoadmapView(
        title=roadmap.title,
        done=done,
        total=total,
        percent=whole_percent(done, total),
        phases=phases,
        suggestions=[
            RoadmapSuggestionView(
                number=s.number,
                kind="budget" if s.kind == "budget" else "goal",
                text=s.text,
                command=f"/roadmap accept {s.number}",
                accepted=s.accepted_at is not None,
            )
            for s in roadmap.suggestions
        ],
    )


def _phase(phase: RoadmapPhase, start: date) -> RoadmapPhaseView:
    window = None
    if phase.window_start_months is not None:
        first = add_months(start, phase.window_start_months)
        if phase.window_end_months is None:
            window = f"from {first:%b %Y}"
        else:
            window = f"{first:%b %Y} → {add_months(start, phase.window_end_months):%b %Y}"
    return RoadmapPhaseView(
        title=phase.title,
        done=sum(1 for i in phase.items if i.done),
        total=len(phase.items),
        window=window,
        items=[
            RoadmapItemView(number=i.number, text=i.text, done=i.done, depth=i.depth, section=i.section)
            for i in phase.items
        ],
    )


def add_months(start: date, months: int) -> date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, 1)


def _import_headline(view: RoadmapView, old: Roadmap | None, mode: ImportMode | None) -> str:
    how = (
        "Imported"
        if old is None or mode is None
        else ("Replaced" if mode is ImportMode.REPLACE else "Merged")
    )
    phases, items = plural(len(view.phases), "phase"), plural(view.total, "item")
    return f"{how} your roadmap: {phases}, {items}, {view.done} done; tick items off with /roadmap done N."


def _notes(parsed: ParsedRoadmap) -> tuple[str, ...]:
    if parsed.repaired:
        return ("The file's text was garbled by a wrong encoding (mojibake); Stride repaired it.",)
    return ()
