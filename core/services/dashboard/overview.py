"""The cohort overview: one week of a cohort on one page, for its instructors.

Its centre is the week's digest, built by the very function /digest answers with
(``digests.digest_of_week``), so every number the page shares with the bot is the bot's.
Around it: twelve weeks of hours per student (the heat map), the class's skills by name,
and the hours chart. A 1,000-student overview is a few hundred milliseconds of work, so
it is kept per (cohort, week) and reused while the cohort's change stamp — one cheap
statement — stays the same: a check-in, a correction or any other change makes the next
request build it again.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from core.charts.render import ImageFormat, render_cohort
from core.db.repositories.overview import SkillAcrossClass
from core.db.uow import UnitOfWork
from core.domain.model import Cohort, Pause
from core.domain.streaks import paused_week_keys
from core.domain.weeks import iso_week_key, local_date, week_end, week_label, week_start
from core.services.charts import cohort_chart, draw
from core.services.context import ServiceContext
from core.services.dashboard.access import Viewer, cohort_access
from core.services.digests import digest_instant, digest_of_week, digest_week
from core.services.leaderboards import cohort_began, status_of, window
from core.views.base import Attachment
from core.views.dashboard import (
    HeatBand,
    HeatRowView,
    OverviewView,
    SkillAcrossClassView,
    WeekChoiceView,
)
from core.views.reports import DigestStudentView, DigestView

WEEKS_SHOWN = 12
"""Weeks in the picker and columns in the heat map."""
CACHED_OVERVIEWS = 64
CURRENT_WEEK_SECONDS = 300
"""This week's overview is judged as of now (who has gone quiet, which sessions are over):
kept at most this long even when nothing in the cohort changed."""
SVG: ImageFormat = "svg"


@dataclass
class _Entry:
    stamp: tuple[Any, ...]
    view: OverviewView
    chart: Attachment | None = None


class OverviewCache:
    """The last ``size`` overviews built, by (cohort, week, moment), each with the change
    stamp it was built at; least recently used first out. One per web app (per database)."""

    def __init__(self, size: int = CACHED_OVERVIEWS) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[Any, ...], _Entry] = OrderedDict()

    def get(self, key: tuple[Any, ...], stamp: tuple[Any, ...]) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is None or entry.stamp != stamp:
            return None
        self._entries.move_to_end(key)
        return entry

    def put(self, key: tuple[Any, ...], entry: _Entry) -> None:
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


async def overview(
    ctx: ServiceContext, viewer: Viewer, cohort_id: int, week: str | None, cache: OverviewCache
) -> OverviewView:
    """The overview of ``week`` (``YYYY-Www``, last or this; without it, the week /digest
    would pick) for an instructor of the cohort; NotFound for anyone else, InvalidInput
    (one sentence) for a week that is not one."""
    return (await _entry(ctx, viewer, cohort_id, week, cache)).view


async def hours_chart(
    ctx: ServiceContext, viewer: Viewer, cohort_id: int, week: str | None, cache: OverviewCache
) -> Attachment | None:
    """The week's hours per student and budget status as an SVG picture (the digest's
    cohort chart), drawn in the chart worker and kept with the overview; None for a cohort
    without students."""
    entry = await _entry(ctx, viewer, cohort_id, week, cache)
    if entry.chart is None and entry.view.chart_summary:
        chart = cohort_chart(entry.view.digest)
        render = partial(render_cohort, fmt=SVG)
        name = f"hours-{entry.view.digest.week}.svg"
        entry.chart = await draw(render, chart, name, entry.view.chart_summary, fmt=SVG)
    return entry.chart


async def _entry(
    ctx: ServiceContext, viewer: Viewer, cohort_id: int, week: str | None, cache: OverviewCache
) -> _Entry:
    now = ctx.clock.now()
    async with ctx.uow(read_only=True) as uow:
        cohort = (await cohort_access(uow, viewer, cohort_id)).cohort
        today = local_date(now, ZoneInfo(cohort.timezone))
        monday = digest_week(cohort, week, today)
        columns = heat_weeks(monday, cohort_began(cohort, today))
        ongoing = monday == week_start(today)
        # A past week's page changes with the day (its week picker); this week's as time passes.
        moment = int(now.timestamp()) // CURRENT_WEEK_SECONDS if ongoing else today
        key = (cohort.id, iso_week_key(monday), moment)
        # The cohort's own row too: its horizon, level steps, term or time zone change verdicts.
        stamp = (cohort, *await uow.overview.stamp(cohort.id, columns[0]))
        found = cache.get(key, stamp)
        if found is None:
            found = _Entry(stamp, await build_overview(ctx, uow, cohort, monday, now, columns))
            cache.put(key, found)
    return found


def heat_weeks(monday: date, began: date) -> list[str]:
    """Up to ``WEEKS_SHOWN`` week keys ending with ``monday``'s, none ending before ``began``."""
    mondays = (monday - timedelta(weeks=back) for back in range(WEEKS_SHOWN - 1, -1, -1))
    return [iso_week_key(m) for m in mondays if week_end(m) >= began] or [iso_week_key(monday)]


def week_choices(cohort: Cohort, today: date, selected: date) -> list[WeekChoiceView]:
    """The last ``WEEKS_SHOWN`` weeks up to today's, newest first, since the cohort began."""
    began, this_monday = cohort_began(cohort, today), week_start(today)
    mondays = [this_monday - timedelta(weeks=back) for back in range(WEEKS_SHOWN)]
    return [
        WeekChoiceView(key=iso_week_key(m), label=week_label(m), selected=m == selected)
        for m in mondays
        if week_end(m) >= began
    ]


class _Around(NamedTuple):
    """What the overview reads besides the digest."""

    minutes: dict[int, dict[str, int]]
    pauses: dict[int, list[Pause]]
    skills: list[SkillAcrossClass]


async def _around(
    ctx: ServiceContext, cohort: Cohort, columns: Sequence[str], since: datetime, until: datetime
) -> _Around:
    """The heat map's weeks, the pauses and the class's skills, on a connection of their own."""
    async with ctx.uow(read_only=True) as uow:
        return _Around(
            await uow.overview.week_minutes(cohort.id, columns[0], columns[-1]),
            await uow.members.pauses_in_cohort(cohort.id),
            await uow.overview.skills_across_class(cohort.id, since, until),
        )


async def build_overview(
    ctx: ServiceContext, uow: UnitOfWork, cohort: Cohort, monday: date, now: datetime, columns: Sequence[str]
) -> OverviewView:
    """The overview of ``monday``'s week as of ``now``: the digest on ``uow``, and three
    statements more read meanwhile on a second connection (a reader of its own on SQLite
    too). Should a change land between the two, the stamp read before both has moved, so
    the next request builds the page again."""
    judged_at, _ = digest_instant(cohort, monday, now)
    tz = ZoneInfo(cohort.timezone)
    today = local_date(now, tz)
    term = window(cohort, "term", local_date(judged_at, tz))
    since = datetime.combine(term.start, time.min, tzinfo=tz)
    async with asyncio.TaskGroup() as both:
        around = both.create_task(_around(ctx, cohort, columns, since, judged_at))
        digest = await digest_of_week(uow, cohort, monday, now)
    found = around.result()
    heat = await asyncio.to_thread(_heat_rows, digest.rows, found.minutes, found.pauses, columns)
    summary = await asyncio.to_thread(_chart_summary, digest)
    ongoing = iso_week_key(today)
    return OverviewView(
        cohort_id=cohort.id,
        digest=digest,
        weeks=week_choices(cohort, today, monday),
        heat_weeks=list(columns),
        heat=heat,
        heat_so_far=ongoing if ongoing in columns else None,
        skills=[_skill(s) for s in found.skills],
        term=term.label,
        horizon_weeks=cohort.horizon_weeks,
        chart_summary=summary,
    )


def _heat_rows(
    rows: Sequence[DigestStudentView],
    minutes: Mapping[int, Mapping[str, int]],
    pauses: Mapping[int, list[Pause]],
    columns: Sequence[str],
) -> list[HeatRowView]:
    """A row per student: each week's hours judged against the band the digest judges the
    student's week by (their budgets summed per week, or the cohort default)."""
    found: list[HeatRowView] = []
    for row in rows:
        weekly = minutes.get(row.member_id, {})
        paused = paused_week_keys((p.start_date, p.end_date) for p in pauses.get(row.member_id, ()))
        hours = [weekly.get(week, 0) / 60 for week in columns]
        bands: list[HeatBand] = [
            "paused"
            if week in paused
            else status_of(logged, row.budget_min_hours, row.budget_max_hours).value
            for week, logged in zip(columns, hours, strict=True)
        ]
        found.append(HeatRowView(member_id=row.member_id, name=row.name, hours=hours, bands=bands))
    return found


def _chart_summary(digest: DigestView) -> str:
    chart = cohort_chart(digest)
    return "" if chart.empty else chart.summary()


def _skill(skill: SkillAcrossClass) -> SkillAcrossClassView:
    return SkillAcrossClassView(**skill._asdict())
