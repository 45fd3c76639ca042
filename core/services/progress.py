"""Progress for this week or month against each budget, and the weekly streak."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from core.commands import format_minutes
from core.db.uow import UnitOfWork
from core.domain import budgets as rules
from core.domain.budgets import Budget
from core.domain.model import Actor, BudgetRow, Pause
from core.domain.streaks import Streak, compute_streak, paused_week_keys
from core.domain.weeks import iso_week_key, month_bounds, previous_week, week_end, week_start
from core.errors import InvalidInput
from core.services.context import Membership, ServiceContext, member_context, short
from core.services.counts import count_views
from core.services.reflection_history import commitment_views
from core.services.skills import budgets_in_hours
from core.views.activity import ProgressView, StreakView, TrackProgressView

ProgressPeriod = Literal["week", "month"]
Minutes = dict[str, dict[str, int]]
"""Week or month key → track → minutes, as the check-in repository reads them."""


def parse_progress_period(text: str | None) -> ProgressPeriod:
    value = (text or "week").strip().lower()
    if value in ("week", "month"):
        return "week" if value == "week" else "month"
    raise InvalidInput(f"'{short(value, 20)}' is not a period; write /progress week or /progress month.")


async def progress(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, period: ProgressPeriod = "week"
) -> ProgressView:
    async with ctx.uow(read_only=True) as uow:
        context = await member_context(uow, actor, cohort_name, with_budgets=True)
        found = context.membership
        view, _ = await member_progress(uow, found, context.budgets, found.today(ctx.clock), period)
    return view


async def member_progress(
    uow: UnitOfWork,
    found: Membership,
    budget_rows: Sequence[BudgetRow],
    today: date,
    period: ProgressPeriod = "week",
) -> tuple[ProgressView, WeekHistory]:
    """``found``'s member's /progress as of ``today``, and the week history it was judged
    on (the dashboard draws its chart from the same reads): two statements, three with
    count budgets."""
    if period == "week":
        start, end = week_start(today), week_end(today)
        label = f"week {iso_week_key(today)} ({start:%a %d %b} – {end:%a %d %b})"
    else:
        start, end = month_bounds(today)
        label = f"{today:%B %Y}"
    weeks, months, totals = await uow.checkins.weeks_and_period(found.member.id, start, end)
    committed_in = iso_week_key(previous_week(today)) if period == "week" else ""
    pauses, roadmap, has_counts, committed = await uow.members.pauses_with_roadmap(
        found.member.id, committed_in
    )
    counted = await count_views(uow, found.member.id, today) if has_counts else []
    # This week's commitment, made in last week's reflection, against the hours so far.
    planned = commitment_views(committed, totals)
    budgets = budgets_in_hours(budget_rows)
    history = _history(weeks, months, pauses)
    streak, paused_until = _streak(found, budgets, today, history)
    this_month = months.get(rules.month_key(today), {})
    period_minutes = sum(totals.values())
    rows = []
    for budget, row in zip(budgets, budget_rows, strict=True):
        minutes = totals.pop(budget.track, 0)
        if period == "week" and budget.period == "month":
            rows.append(month_to_date(row, this_month.get(budget.track, 0), today))
            continue
        low, high = rules.scaled(budget, period)
        rows.append(
            TrackProgressView(
                track=budget.track,
                hours=minutes / 60,
                min_hours=low,
                max_hours=high,
                status=rules.budget_status(minutes / 60, low, high).value,
            )
        )
    rows += [
        TrackProgressView(track=track, hours=minutes / 60, min_hours=None, max_hours=None, status=None)
        for track, minutes in sorted(totals.items())
    ]
    # Every minute of the period, month-to-date rows showing more than the week's own.
    total_hours = period_minutes / 60
    default_min = default_status = None
    if not budgets:  # the cohort default stands for a budget on the total (DESIGN §2)
        default_min = rules.default_band(found.cohort.default_weekly_minutes / 60, period)
        default_status = rules.budget_status(total_hours, default_min, math.inf).value
    view = ProgressView(
        member=found.member.display_name,
        period=period,
        label=label,
        start=start,
        end=end,
        days_left=(end - today).days,
        tracks=rows,
        total_hours=total_hours,
        default_min_hours=default_min,
        default_status=default_status,
        streak=streak.current,
        paused_until=paused_until,
        roadmap_done=roadmap[0] if roadmap else None,
        roadmap_total=roadmap[1] if roadmap else None,
        counts=counted,
        commitments=planned,
    )
    return view, history


def month_to_date(budget: BudgetRow, minutes: int, today: date) -> TrackProgressView:
    """A monthly budget in a weekly view: the calendar month so far against the month's
    band, and whether it keeps pace (pro rata of the days elapsed)."""
    pace = rules.month_pace(minutes, budget.min_minutes, today)
    hours, low, high = minutes / 60, budget.min_minutes / 60, budget.max_minutes / 60
    return TrackProgressView(
        track=budget.track,
        hours=hours,
        min_hours=low,
        max_hours=high,
        status=rules.budget_status(hours, low, high).value,
        month_to_date=True,
        due_hours=pace.due_hours,
        on_pace=pace.on_pace,
    )


async def streak(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> StreakView:
    async with ctx.uow(read_only=True) as uow:
        context = await member_context(uow, actor, cohort_name, with_budgets=True)
        found = context.membership
        today = found.today(ctx.clock)
        budgets = budgets_in_hours(context.budgets)
        history = await week_history(uow, found.member.id)
    result, paused_until = _streak(found, budgets, today, history)
    if budgets:
        target = ", ".join(
            f"{format_minutes(round(b.min_hours * 60))} {b.track}"
            + (" by the end of its month" if b.period == "month" else "")
            for b in budgets
        )
    else:
        target = f"{format_minutes(found.cohort.default_weekly_minutes)} in total"
    return StreakView(
        current=result.current,
        best=result.best,
        this_week_met=result.this_week_met,
        weekly_target=target,
        paused_until=paused_until,
    )


@dataclass(frozen=True)
class WeekHistory:
    """A member's hours per ISO week and track (an SQL aggregate) and their paused weeks:
    what a streak is counted from."""

    hours: dict[str, dict[str, float]]
    paused_weeks: set[str]
    pauses: list[Pause]
    months: dict[str, dict[str, float]] = field(default_factory=dict)
    """Calendar month → track → hours: what monthly budgets are judged by."""


async def week_history(uow: UnitOfWork, member_id: int) -> WeekHistory:
    weeks, months = await uow.checkins.weeks_and_months(member_id)
    return _history(weeks, months, await uow.members.pauses(member_id))


def _history(weeks: Minutes, months: Minutes, pauses: list[Pause]) -> WeekHistory:
    return WeekHistory(
        hours=in_hours(weeks),
        paused_weeks=paused_week_keys((p.start_date, p.end_date) for p in pauses),
        pauses=pauses,
        months=in_hours(months),
    )


def in_hours(minutes: Minutes) -> dict[str, dict[str, float]]:
    return {key: {t: m / 60 for t, m in tracks.items()} for key, tracks in minutes.items()}


def _streak(
    found: Membership, budgets: list[Budget], today: date, history: WeekHistory
) -> tuple[Streak, date | None]:
    result = compute_streak(
        history.hours,
        budgets,
        found.cohort.default_weekly_minutes / 60,
        history.paused_weeks,
        today,
        history.months,
    )
    running = next((p for p in history.pauses if p.start_date <= today <= p.end_date), None)
    return result, running.end_date if running else None
