"""Cohort leaderboards: hours or weekly streaks over this week, this month or the term.

A board names students only (instructors are not ranked) and shows nothing personal
beyond rank, name and the number ranked: budget bands and under/over are personal, so an
hours board asked for on demand brings them as a private follow-up (the student's own row,
or every student's for an instructor; ``board_budgets``), and the channel post never has
them. Students who chose ``/me leaderboard hide`` are counted, never named, and take no
rank. Periods are the cohort's calendar: "this week" is the ISO week of today in the
cohort's time zone; ``week=`` picks any week since the cohort began. An hours board on
which nobody has logged anything is not shown: on demand the member is told so, and the
scheduled post is skipped.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TypeVar
from zoneinfo import ZoneInfo

from core.db.uow import UnitOfWork
from core.domain import budgets as rules
from core.domain.budgets import BudgetTotals
from core.domain.levels import quote_input
from core.domain.model import Actor, BoardEntry, Cohort, HoursEntry, Member, Pause
from core.domain.streaks import NO_WEEKS, paused_week_keys
from core.domain.weeks import local_date, month_bounds, resolve_week, week_end, week_label, week_start
from core.errors import InvalidInput
from core.formatting import shown_percent
from core.services.context import Membership, ServiceContext, membership
from core.services.recent_weeks import WeeklyRules, recent_weeks
from core.views.base import Notice, View
from core.views.reports import (
    BoardBudgetRowView,
    BoardBudgetsView,
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
USAGE = "/leaderboard [hours|streak|roadmap] [week|month|term] [week=last|this|YYYY-Www]"


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


def cohort_began(cohort: Cohort, today: date) -> date:
    """The first day the cohort has weeks to report: its creation or its term's start,
    whichever is earlier (a term may be entered after it began)."""
    created = _created(cohort, today)
    return min(created, cohort.term_start) if cohort.term_start else created


def _created(cohort: Cohort, today: date) -> date:
    return local_date(cohort.created_at, ZoneInfo(cohort.timezone)) if cohort.created_at else today


def window(cohort: Cohort, period: LeaderboardPeriod, today: date) -> Window:
    """The week of ``today``; the month so far (prorated like the term: until today); or
    the term so far (from the term start, or the cohort's creation when no term is set;
    until today, or the term's end once it is over)."""
    if period == "week":
        start = week_start(today)
        return Window(period, start, week_end(start), week_label(start))
    if period == "month":
        start, last = month_bounds(today)
        end = min(today, last)
        label = f"{today:%B %Y}" if end == last else f"{today:%B %Y} so far ({start:%d} – {end:%d %b})"
        return Window(period, start, end, label)
    start = cohort.term_start or _created(cohort, today)
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
    only the cohort default (a weekly minimum) applies. A week asks for its weekly band; a
    month so far for the month's band times the share of its days gone (as the term so far
    asks for its weeks gone)."""
    if span.period == "week":
        if not budgets.budget_count:
            return default_weekly_hours, None
        return budgets.range_per("week")
    if span.period == "month":
        share = span.days / month_bounds(span.start)[1].day
        if not budgets.budget_count:
            return default_weekly_hours * rules.WEEKS_PER_MONTH * share, None
        low, high = budgets.range_per("month")
        return low * share, high * share
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
    week: str | None = None,
    *,
    with_budgets: bool = True,
) -> View:
    """The cohort's board; any member may look. ``period`` defaults to the week for hours
    and to the term for streaks (a one-week streak board says little); ``week``
    (last, this or YYYY-Www) picks the week of an hours board. An hours board brings the
    asker's budget bands as a private follow-up (unless ``with_budgets`` is off: a page
    turned); one where nobody has logged anything is a private sentence instead."""
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        cohort = found.cohort
        today = cohort_today(cohort, ctx)
        chosen = period or ("week" if week else DEFAULT_PERIOD[metric])
        day = board_day(cohort, metric, chosen, week, today)
        view, entries = await _board(uow, cohort, metric, chosen, day)
    if metric != "hours":
        return view
    if nobody_logged(view):
        return Notice(
            text=f"Nobody on the board has logged any hours yet for {view.label}, "
            "so there is no board to show."
        )
    if not with_budgets:
        return view
    budgets = board_budgets(cohort, view, entries, found)
    return view.model_copy(update={"follow_up": partial(_ready, budgets)}) if budgets else view


async def _ready(view: View) -> View:
    return view


def board_day(
    cohort: Cohort, metric: LeaderboardMetric, period: LeaderboardPeriod, week: str | None, today: date
) -> date:
    """The day whose period the board covers: today, or the last day so far of ``week``."""
    if week is None:
        return today
    if metric != "hours":
        raise InvalidInput(
            f"The {metric} board shows where students stand today, so it takes no week=; "
            "week= is for the hours board, like /leaderboard hours week=last."
        )
    if period != "week":
        raise InvalidInput(
            f"week= picks one week, so it does not go with {period}; "
            "write /leaderboard hours week=last, or /leaderboard hours month."
        )
    monday = resolve_week(week, today, cohort_began(cohort, today))
    return min(week_end(monday), today)


def nobody_logged(view: LeaderboardView) -> bool:
    """An hours board with no hours on it (hidden students' hours are not on it)."""
    return view.metric == "hours" and not any(row.value > 0 for row in view.rows)


async def scheduled_post(uow: UnitOfWork, cohort: Cohort, member: Member | None, day: date) -> View | None:
    """The Friday channel post: this week's hours, ranks and names only; None (the post is
    skipped) when nobody has logged anything this week."""
    view = await board(uow, cohort, "hours", "week", day)
    return None if nobody_logged(view) else view


async def board(
    uow: UnitOfWork, cohort: Cohort, metric: LeaderboardMetric, period: LeaderboardPeriod, today: date
) -> LeaderboardView:
    view, _ = await _board(uow, cohort, metric, period, today)
    return view


async def _board(
    uow: UnitOfWork, cohort: Cohort, metric: LeaderboardMetric, period: LeaderboardPeriod, today: date
) -> tuple[LeaderboardView, Sequence[HoursEntry]]:
    """The board, and for hours every student's entry (the private bands are judged from them)."""
    span = window(cohort, period, today)
    students: Sequence[BoardEntry | HoursEntry]
    hours_entries: Sequence[HoursEntry] = ()
    if metric == "hours":
        students = hours_entries = await uow.reports.hours_board(cohort.id, span.start, span.end)
        shown_hours = [entry for entry in hours_entries if entry.visible]
        # Ranking a big cohort is pure Python: on a worker thread, the event loop keeps running.
        rows = await asyncio.to_thread(_hours_ranked, shown_hours)
    else:
        students = await uow.reports.board_students(cohort.id)
        shown = [entry for entry in students if entry.visible]
        if metric == "roadmap":
            rows = await _roadmap_rows(uow, cohort, shown)
        else:
            rows = await _streak_rows(uow, cohort, span, shown, today)
    view = LeaderboardView(
        cohort=cohort.name,
        metric=metric,
        period=period,
        label=f"items done as of {today:%d %b %Y}" if metric == "roadmap" else span.label,
        start=span.start,
        end=span.end,
        rows=rows,
        hidden_count=sum(1 for entry in students if not entry.visible),
    )
    return view, hours_entries


def board_budgets(
    cohort: Cohort, view: LeaderboardView, entries: Sequence[HoursEntry], asker: Membership
) -> BoardBudgetsView | None:
    """The bands behind an hours board, for the asker's eyes only: a student's own row; an
    instructor's every student's (hidden ones too, as in the digest). None: nothing to show."""
    everyone = asker.is_instructor
    chosen = [entry for entry in entries if everyone or entry.member_id == asker.member.id]
    if not chosen:
        return None
    span = Window(view.period, view.start, view.end, view.label)
    default_weekly = cohort.default_weekly_minutes / 60
    rows = []
    for entry in sorted(chosen, key=lambda e: (-e.minutes, e.name.casefold(), e.member_id)):
        hours = entry.minutes / 60
        low, high = budget_range(entry.budgets, default_weekly, span)
        status = status_of(hours, low, high).value
        rows.append(
            BoardBudgetRowView(
                name=entry.name, hours=hours, budget_min_hours=low, budget_max_hours=high, status=status
            )
        )
    return BoardBudgetsView(cohort=cohort.name, label=view.label, mine=not everyone, rows=rows)


Scored = TypeVar("Scored", BoardEntry, HoursEntry)


def _ranked(scored: list[tuple[float, Scored]]) -> list[tuple[int, float, Scored]]:
    """(rank, score, student), best first, ties in name order."""
    ordered = sorted(scored, key=lambda item: (-item[0], item[1].name.casefold(), item[1].member_id))
    ranks = competition_ranks([score for score, _ in ordered])
    return [(rank, score, entry) for rank, (score, entry) in zip(ranks, ordered, strict=True)]


def _hours_ranked(shown: list[HoursEntry]) -> list[LeaderboardRowView]:
    return [
        LeaderboardRowView(rank=rank, name=entry.name, value=score / 60)
        for rank, score, entry in _ranked([(entry.minutes, entry) for entry in shown])
    ]


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
