"""Progress for this week or month against each budget, and the weekly streak."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

from core.commands import format_minutes
from core.db.uow import UnitOfWork
from core.domain import budgets as rules
from core.domain.budgets import Budget
from core.domain.model import Actor, Pause
from core.domain.streaks import Streak, compute_streak, paused_week_keys
from core.domain.weeks import iso_week_key, month_bounds, week_end, week_start
from core.errors import InvalidInput
from core.services.context import Membership, ServiceContext, member_context, short
from core.services.skills import budgets_in_hours
from core.views.activity import ProgressView, StreakView, TrackProgressView

ProgressPeriod = Literal["week", "month"]


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
        today = found.today(ctx.clock)
        if period == "week":
            start, end = week_start(today), week_end(today)
            label = f"week {iso_week_key(today)} ({start:%a %d %b} – {end:%a %d %b})"
        else:
            start, end = month_bounds(today)
            label = f"{today:%B %Y}"
        weeks, totals = await uow.checkins.weeks_and_period(found.member.id, start, end)
        pauses, roadmap = await uow.members.pauses_with_roadmap(found.member.id)
    budgets = budgets_in_hours(context.budgets)
    streak, paused_until = _streak(found, budgets, today, _history(weeks, pauses))
    rows = []
    for budget in budgets:
        hours = totals.pop(budget.track, 0) / 60
        low, high = rules.scaled(budget, period)
        rows.append(
            TrackProgressView(
                track=budget.track,
                hours=hours,
                min_hours=low,
                max_hours=high,
                status=rules.budget_status(hours, low, high).value,
            )
        )
    rows += [
        TrackProgressView(track=track, hours=minutes / 60, min_hours=None, max_hours=None, status=None)
        for track, minutes in sorted(totals.items())
    ]
    total_hours = sum(row.hours for row in rows)
    default_min = default_status = None
    if not budgets:  # the cohort default stands for a budget on the total (DESIGN §2)
        default_min = rules.default_band(found.cohort.default_weekly_minutes / 60, period)
        default_status = rules.budget_status(total_hours, default_min, math.inf).value
    return ProgressView(
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
            f"{format_minutes(round(rules.weekly_minimum(b) * 60))} {b.track}" for b in budgets
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


async def week_history(uow: UnitOfWork, member_id: int) -> WeekHistory:
    weeks = await uow.checkins.minutes_by_week(member_id)
    return _history(weeks, await uow.members.pauses(member_id))


def _history(weeks: dict[str, dict[str, int]], pauses: list[Pause]) -> WeekHistory:
    return WeekHistory(
        hours={week: {t: m / 60 for t, m in tracks.items()} for week, tracks in weeks.items()},
        paused_weeks=paused_week_keys((p.start_date, p.end_date) for p in pauses),
        pauses=pauses,
    )


def _streak(
    found: Membership, budgets: list[Budget], today: date, history: WeekHistory
) -> tuple[Streak, date | None]:
    result = compute_streak(
        history.hours, budgets, found.cohort.default_weekly_minutes / 60, history.paused_weeks, today
    )
    running = next((p for p in history.pauses if p.start_date <= today <= p.end_date), None)
    return result, running.end_date if running else None
