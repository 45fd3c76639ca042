"""Cohort leaderboards: hours or weekly streaks over this week, this month or the term.

A board names students only (instructors are not ranked), shows nothing personal beyond
the number ranked and, for hours, where it falls against the student's budget. Students who
chose ``/me leaderboard hide`` are counted, never named, and take no rank. Periods are
the cohort's calendar: "this week" is the ISO week of today in the cohort's time zone.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar
from zoneinfo import ZoneInfo

from core.db.uow import UnitOfWork
from core.domain import budgets as rules
from core.domain.budgets import BudgetTotals
from core.domain.levels import quote_input
from core.domain.model import Actor, BoardEntry, Cohort, HoursEntry, Member, Pause
from core.domain.streaks import NO_WEEKS, paused_week_keys
from core.domain.weeks import iso_week_key, local_date, month_bounds, week_end, week_start
from core.errors import InvalidInput
from core.formatting import shown_percent
from core.services.context import ServiceContext, membership
from core.services.recent_weeks import WeeklyRules, recent_weeks
from core.views.base import View
from core.views.reports import (
    LeaderboardMetric,
    LeaderboardPeriod,
    LeaderboardRowView,
    LeaderboardView,
)

METRICS: tuple[LeaderboardMetric, ...] = ("hours", "streak", "roadmap")
PERIODS: tuple[LeaderboardPeriod, ...] = ("week", "month", "term")
DEFAULT_PERIOD: Mapping[LeaderboardMetric, LeaderboardPeriod] = {
    "hours": "week",
    "streak": "term",
    "roadmap": "term",
}
USAGE = "/leaderboard [hours|streak|roadmap] [week|month|term]"


def parse_metric(text: str) -> LeaderboardMetric:
    word = text.strip().lower()
    for metric in METRICS:
        if word == metric:
            return metric
    raise InvalidInput(
        f"{quote_input(text)} is not a leaderboard; use hours, streak or roadmap, "
        "like /leaderboard hours week."
    )


def parse_period(text: str) -> LeaderboardPeriod:
    word = text.strip().lower()
    for period in PERIODS:
        if word == period:
            return period
    raise InvalidInput(
        f"{quote_input(text)} is not a period; use week, month or term, like /leaderboard hours month."
    )


def parse_board_words(words: Sequence[str]) -> tuple[LeaderboardMetric, LeaderboardPeriod | None]:
    """The metric and period of ``/leaderboard [hours|streak] [week|month|term]``, in either order."""
    if len(words) > 2:
        raise InvalidInput(
            f"/leaderboard takes at most a metric and a period, and {quote_input(words[2])} is one "
            "word too many; write it like /leaderboard hours month."
        )
    metric: LeaderboardMetric | None = None
    period: LeaderboardPeriod | None = None
    for word in words:
        lowered = word.strip().lower()
        if lowered in PERIODS and period is None:
            period = parse_period(word)
        elif lowered in METRICS and metric is None:
            metric = parse_metric(word)
        elif lowered in PERIODS or lowered in METRICS:
            raise InvalidInput(
                f"{quote_input(word)} is given twice; name one metric and one period, "
                "like /leaderboard hours month."
            )
        elif metric is None:
            parse_metric(word)
        else:
            parse_period(word)
    return metric or "hours", period


@dataclass(frozen=True)
class Window:
    """The dates a board covers: ``start..end`` inclusive, and how to say it."""

    period: LeaderboardPeriod
    start: date
    end: date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def window(cohort: Cohort, period: LeaderboardPeriod, today: date) -> Window:
    """This week or month of ``today``, or the term so far (from the term start, or the
    cohort's creation when no term is set; until today, or the term's end once it is over)."""
    if period == "week":
        start, end = week_start(today), week_end(today)
        return Window(period, start, end, f"week {iso_week_key(today)} ({start:%a %d %b} – {end:%a %d %b})")
    if period == "month":
        start, end = month_bounds(today)
        return Window(period, start, end, f"{today:%B %Y}")
    created = local_date(cohort.created_at, ZoneInfo(cohort.timezone)) if cohort.created_at else today
    start = cohort.term_start or created
    end = min(today, cohort.term_end) if cohort.term_end else today
    start = min(start, end)
    return Window(period, start, end, f"the term so far ({start:%d %b %Y} – {end:%d %b %Y})")


def cohort_today(cohort: Cohort, ctx: ServiceContext) -> date:
    return local_date(ctx.clock.now(), ZoneInfo(cohort.timezone))


def competition_ranks(values: Sequence[int | float]) -> list[int]:
    """Standard competition ranking of values sorted best first: 10, 8, 8, 5 → 1, 2, 2, 4."""
    ranks: list[int] = []
    for index, value in enumerate(values):
        ranks.append(ranks[-1] if index and value == values[index - 1] else index + 1)
    return ranks


def budget_range(
    budgets: BudgetTotals, default_weekly_hours: float, span: Window
) -> tuple[float, float | None]:
    """The (min, max) hours a student's budgets ask for over the window; max is None when
    only the cohort default (a weekly minimum) applies."""
    if span.period in ("week", "month"):
        period: rules.Period = "week" if span.period == "week" else "month"
        if not budgets.budget_count:
            factor = 1.0 if period == "week" else rules.WEEKS_PER_MONTH
            return default_weekly_hours * factor, None
        return budgets.range_per(period)
    weeks = span.days / 7
    if not budgets.budget_count:
        return default_weekly_hours * weeks, None
    low, high = budgets.range_per("week")
    return low * weeks, high * weeks


def status_of(hours: float, low: float, high: float | None) -> rules.BudgetStatus:
    return rules.budget_status(hours, low, math.inf if high is None else high)


async def leaderboard(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    metric: LeaderboardMetric = "hours",
    period: LeaderboardPeriod | None = None,
) -> LeaderboardView:
    """The cohort's board; any member may look. ``period`` defaults to the week for hours
    and to the term for streaks (a one-week streak board says little)."""
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        cohort = found.cohort
        today = cohort_today(cohort, ctx)
        return await board(uow, cohort, metric, period or DEFAULT_PERIOD[metric], today)


async def scheduled_post(uow: UnitOfWork, cohort: Cohort, member: Member | None, day: date) -> View:
    """The Friday channel post: this week's hours."""
    return await board(uow, cohort, "hours", "week", day)


async def board(
    uow: UnitOfWork, cohort: Cohort, metric: LeaderboardMetric, period: LeaderboardPeriod, today: date
) -> LeaderboardView:
    span = window(cohort, period, today)
    students: Sequence[BoardEntry | HoursEntry]
    if metric == "hours":
        students = await uow.reports.hours_board(cohort.id, span.start, span.end)
        shown_hours = [entry for entry in students if entry.visible]
        # Ranking a big cohort is pure Python: on a worker thread, the event loop keeps running.
        rows = await asyncio.to_thread(_hours_ranked, cohort, span, shown_hours)
    else:
        students = await uow.reports.board_students(cohort.id)
        shown = [entry for entry in students if entry.visible]
        if metric == "roadmap":
            rows = await _roadmap_rows(uow, cohort, shown)
        else:
            rows = await _streak_rows(uow, cohort, span, shown, today)
    return LeaderboardView(
        cohort=cohort.name,
        metric=metric,
        period=period,
        label=f"items done as of {today:%d %b %Y}" if metric == "roadmap" else span.label,
        start=span.start,
        end=span.end,
        rows=rows,
        hidden_count=sum(1 for entry in students if not entry.visible),
    )


Scored = TypeVar("Scored", BoardEntry, HoursEntry)


def _ranked(scored: list[tuple[float, Scored]]) -> list[tuple[int, float, Scored]]:
    """(rank, score, student), best first, ties in name order."""
    ordered = sorted(scored, key=lambda item: (-item[0], item[1].name.casefold(), item[1].member_id))
    ranks = competition_ranks([score for score, _ in ordered])
    return [(rank, score, entry) for rank, (score, entry) in zip(ranks, ordered, strict=True)]


def _hours_ranked(cohort: Cohort, span: Window, shown: list[HoursEntry]) -> list[LeaderboardRowView]:
    default_weekly = cohort.default_weekly_minutes / 60
    rows = []
    for rank, score, entry in _ranked([(entry.minutes, entry) for entry in shown]):
        hours = score / 60
        low, high = budget_range(entry.budgets, default_weekly, span)
        rows.append(
            LeaderboardRowView(
                rank=rank,
                name=entry.name,
                value=hours,
                budget_min_hours=low,
                budget_max_hours=high,
                budget_status=status_of(hours, low, high).value,
            )
        )
    return rows


async def _streak_rows(
    uow: UnitOfWork, cohort: Cohort, span: Window, shown: list[BoardEntry], today: date
) -> list[LeaderboardRowView]:
    """Current streaks, counting only weeks from the one the window starts in (and reading
    only as many weeks back as each streak goes)."""
    pauses = await uow.members.pauses_in_cohort(cohort.id)
    rules = await asyncio.to_thread(_weekly_rules, shown, pauses)
    found = await recent_weeks(
        uow, cohort.id, rules, today, cohort.default_weekly_minutes, floor=week_start(span.start)
    )
    return await asyncio.to_thread(_streaks_ranked, shown, found.streaks)


def _streaks_ranked(shown: list[BoardEntry], streaks: Mapping[int, int]) -> list[LeaderboardRowView]:
    return [
        LeaderboardRowView(rank=rank, name=entry.name, value=float(score))
        for rank, score, entry in _ranked([(streaks[entry.member_id], entry) for entry in shown])
    ]


def _weekly_rules(shown: list[BoardEntry], pauses: Mapping[int, list[Pause]]) -> dict[int, WeeklyRules]:
    return {
        entry.member_id: WeeklyRules(
            paused_week_keys((p.start_date, p.end_date) for p in pauses[entry.member_id])
            if entry.member_id in pauses
            else NO_WEEKS
        )
        for entry in shown
    }


async def _roadmap_rows(uow: UnitOfWork, cohort: Cohort, shown: list[BoardEntry]) -> list[LeaderboardRowView]:
    """Students with a roadmap, by the share of its items done as it is shown (rounded down,
    ``<1%`` above 0: :func:`core.formatting.shown_percent`), so equal-looking shares tie.
    (It is a state, not a period's work.)"""
    progress = await uow.roadmaps.progress_by_member(cohort.id)
    scored = [(shown_percent(*progress[e.member_id]), e) for e in shown if e.member_id in progress]
    return [
        LeaderboardRowView(rank=rank, name=entry.name, value=float(score))
        for rank, score, entry in _ranked(scored)
    ]
