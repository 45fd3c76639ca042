"""Charts as replies: gather the numbers (SQL aggregates), draw them off the event loop.

Drawing takes a few hundred milliseconds of CPU, so it runs in a worker process and the
bot keeps answering everyone else meanwhile; matplotlib is imported there, on the first
chart, never in the bot's own process. A member with nothing to draw
yet gets a sentence saying so, not an empty plot.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date, timedelta
from functools import partial
from typing import TypeVar

from core.charts.data import (
    CohortChart,
    EaseChart,
    PhaseProgress,
    RoadmapChart,
    SkillLevels,
    SkillsChart,
    StudentWeek,
    WeekHours,
    WeeklyHoursChart,
)
from core.charts.render import (
    ImageFormat,
    render_cohort,
    render_ease_matrix,
    render_roadmap,
    render_skills,
    render_weekly_hours,
)
from core.domain import budgets as rules
from core.domain.budgets import Budget
from core.domain.ease import ease_matrix
from core.domain.model import Actor
from core.domain.streaks import compute_streak, streak_week_keys
from core.domain.weeks import iso_week_key, week_start
from core.render.ease import RATE_HINT, matrix_text
from core.services.context import ServiceContext, membership
from core.services.progress import WeekHistory, week_history
from core.services.skills import budgets_in_hours
from core.views.base import Attachment, Notice, View
from core.views.reports import DigestView

WEEKS_SHOWN = 12
TREND_DAYS = 90
PNG = "image/png"
MEDIA_TYPES: dict[ImageFormat, str] = {"png": PNG, "svg": "image/svg+xml"}

Chart = TypeVar("Chart")
_UNSAFE = re.compile(r"[^A-Za-z0-9-]+")


class ChartWorkers:
    """Worker processes that draw charts, started on the first chart asked for.

    Processes, not threads: drawing is CPU-bound Python that holds the GIL, and in a thread
    it stalls the event loop for long enough to delay everyone's commands (the measurement
    is in docs/performance.md). They are spawned (not
    forked) so they never inherit the bot's own threads, sockets or locks, and a worker that
    dies is replaced on the next chart.
    """

    def __init__(self, workers: int = 1) -> None:
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(
                    max_workers=self._workers, mp_context=context, initializer=_yield_cpu
                )
            return self._pool

    def _discard(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    async def run(self, render: Callable[[Chart], bytes], chart: Chart) -> bytes:
        loop = asyncio.get_running_loop()
        pool = self._executor()
        try:
            return await loop.run_in_executor(pool, render, chart)
        except BrokenProcessPool:
            self._discard(pool)
            return await loop.run_in_executor(self._executor(), render, chart)


def _yield_cpu() -> None:
    """In a worker: let the bot's own process have the CPU first when both want it."""
    os.nice(10)


WORKERS = ChartWorkers()


async def draw(
    render: Callable[[Chart], bytes], chart: Chart, filename: str, description: str, fmt: ImageFormat = "png"
) -> Attachment:
    """Render in a worker process and wrap the picture as a reply's file (PNG) or a page's
    image (SVG: ``render`` must draw that format), its alt text in words."""
    data = await WORKERS.run(render, chart)
    return Attachment(filename=filename, media_type=MEDIA_TYPES[fmt], data=data, description=description)


def weekly_hours_chart(
    member: str,
    history: WeekHistory,
    budgets: Sequence[Budget],
    default_weekly_hours: float,
    today: date,
) -> WeeklyHoursChart:
    """The last ``WEEKS_SHOWN`` weeks up to today's, against the sum of the weekly budgets."""
    streak = compute_streak(
        history.hours, budgets, default_weekly_hours, history.paused_weeks, today, history.months
    )
    in_streak = streak_week_keys(
        history.hours,
        budgets,
        default_weekly_hours,
        history.paused_weeks,
        today,
        streak.current,
        history.months,
    )
    this_monday = week_start(today)
    keys = [iso_week_key(this_monday - timedelta(weeks=back)) for back in range(WEEKS_SHOWN - 1, -1, -1)]
    weeks = tuple(
        WeekHours(
            key=key,
            hours=math.fsum(history.hours.get(key, {}).values()),
            in_streak=key in in_streak,
            current=key == keys[-1],
            paused=key in history.paused_weeks,
        )
        for key in keys
    )
    if budgets:
        lows, highs = zip(*(rules.scaled(b, "week") for b in budgets), strict=True)
        low, high = math.fsum(lows), math.fsum(highs)
        return WeeklyHoursChart(member, weeks, low, high, streak.current)
    return WeeklyHoursChart(member, weeks, default_weekly_hours, None, streak.current)


async def progress_chart(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> Notice:
    """Hours per week for the last twelve weeks against the member's budget band, and the
    roadmap's progress by phase when the member keeps one."""
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        today = found.today(ctx.clock)
        budgets = budgets_in_hours(await uow.budgets.for_member(found.member.id))
        history = await week_history(uow, found.member.id)
        roadmap = await uow.roadmaps.for_member(found.member.id)
    default = found.cohort.default_weekly_minutes / 60
    chart = weekly_hours_chart(found.member.display_name, history, budgets, default, today)
    phases = [
        (p.title, sum(i.done for i in p.items), len(p.items)) for p in (roadmap.phases if roadmap else ())
    ]
    roadmap_file = await roadmap_chart(found.member.display_name, phases)
    if chart.empty:
        nothing = (
            f"No hours logged in the last {WEEKS_SHOWN} weeks, so there is no chart yet; "
            "log some with /checkin 1h dsa and ask again."
        )
        if roadmap_file is None:
            return Notice(text=nothing)
        return Notice(text=f"{nothing}\n{roadmap_file.description}", attachments=(roadmap_file,))
    summary = chart.summary()
    file = await draw(render_weekly_hours, chart, f"progress-{iso_week_key(today)}.png", summary)
    if roadmap_file is None:
        return Notice(text=summary, attachments=(file,))
    return Notice(text=f"{summary}\n{roadmap_file.description}", attachments=(file, roadmap_file))


async def plan_chart(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> Notice:
    """Each skill's current and target level, and its change over the last ``TREND_DAYS``;
    then the Priority × Ease of Learning matrix, as a second picture and as text."""
    now = ctx.clock.now()
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        skills = await uow.skills.for_member(found.member.id)
        changes = await uow.reports.skill_level_changes(
            found.member.id, now - timedelta(days=TREND_DAYS), now
        )
    if not skills:
        return Notice(
            text="You have no skills yet, so there is no chart; add one with "
            '/skill add "SQL" specific priority=1 current=1 target=3.'
        )
    chart = SkillsChart(
        found.member.display_name,
        tuple(SkillLevels(s.name, s.priority, s.current, s.target, changes.get(s.id, 0)) for s in skills),
        TREND_DAYS,
    )
    summary = chart.summary()
    levels = await draw(render_skills, chart, "skills.png", summary)
    ease = EaseChart(found.member.display_name, ease_matrix(skills))
    if ease.empty:
        hint = (
            "No skill has an ease of learning yet, so there is no priority × ease matrix; "
            f"rate each with {RATE_HINT}."
        )
        return Notice(text=f"{summary}\n{hint}", attachments=(levels,))
    matrix = await draw(render_ease_matrix, ease, "priority-ease.png", ease.summary())
    return Notice(text="\n".join([summary, *matrix_text(ease.matrix)]), attachments=(levels, matrix))


def cohort_chart(view: DigestView) -> CohortChart:
    return CohortChart(
        view.cohort,
        view.week,
        tuple(
            StudentWeek(row.hours, row.status, row.budget_max_hours is not None, row.paused)
            for row in view.rows
        ),
    )


async def with_cohort_chart(view: DigestView) -> DigestView:
    """The digest with the whole cohort in one picture attached (none for an empty cohort):
    for a message that is sent whole, such as the scheduled digest from the outbox."""
    file = await _cohort_chart_file(view)
    if file is None:
        return view
    return view.model_copy(update={"attachments": (*view.attachments, file)})


def with_cohort_chart_to_follow(view: DigestView) -> DigestView:
    """The digest, its cohort chart to follow as a message of its own: drawing takes a few
    hundred milliseconds, and the instructor reads the numbers meanwhile."""
    if not view.rows:
        return view
    return view.model_copy(update={"follow_up": partial(_cohort_chart_message, view)})


async def _cohort_chart_message(view: DigestView) -> View | None:
    file = await _cohort_chart_file(view)
    if file is None:
        return None
    return Notice(text=f"📊 {file.description}", private=view.private, attachments=(file,))


async def _cohort_chart_file(view: DigestView) -> Attachment | None:
    # A row per student to copy and count: for 10,000 students, off the event loop.
    chart, summary = await asyncio.to_thread(_cohort_chart_and_summary, view)
    if chart is None:
        return None
    name = _UNSAFE.sub("-", view.cohort).strip("-")[:40] or "cohort"
    return await draw(render_cohort, chart, f"digest-{name}-{view.week}.png", summary)


def _cohort_chart_and_summary(view: DigestView) -> tuple[CohortChart | None, str]:
    chart = cohort_chart(view)
    return (None, "") if chart.empty else (chart, chart.summary())


async def roadmap_chart(member: str, phases: Sequence[tuple[str, int, int]]) -> Attachment | None:
    """Roadmap progress by phase from (phase name, items done, items in all); None when the
    roadmap has no items yet. ``/progress chart`` calls it with the member's roadmap."""
    chart = RoadmapChart(member, tuple(PhaseProgress(name, done, total) for name, done, total in phases))
    if chart.empty:
        return None
    return await draw(render_roadmap, chart, "roadmap.png", chart.summary())
