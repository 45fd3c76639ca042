"""A student's dashboard page: what the bot tells them, on one page.

Every number comes from the service the bot answers with: the week is ``/progress``'s
(``member_progress``), the plan check and the deliverable are ``/plan check``'s and
``/me export``'s (``grading.deliverable``), the history is ``/checkin list``'s rows with
the corrections the ledger kept, the reflections are ``/reflections``' rows. Access is
``student_access``: the student themself or an instructor of the cohort; anyone else
gets the same "not found" as for a page that does not exist. One page is eleven
statements whatever the cohort's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from core.charts.data import SkillLevels, SkillsChart, WeeklyHoursChart
from core.charts.render import ImageFormat, render_skills, render_weekly_hours
from core.db.uow import UnitOfWork
from core.domain.ease import EASES, PRIORITIES, QUICK_WIN, ease_matrix
from core.domain.levels import ease_label, priority_label
from core.domain.model import Cohort, LedgerEntry, Member, Skill
from core.domain.reflections import Reflection, reflections_enabled, week_label
from core.domain.weeks import iso_week_key, week_start
from core.errors import NotFound
from core.formatting import hour_band
from core.render.ease import matrix_summary
from core.render.markdown_html import markdown_html
from core.render.plan_model import time_to_target
from core.services.charts import TREND_DAYS, WEEKS_SHOWN, draw, weekly_hours_chart
from core.services.context import Membership, ServiceContext
from core.services.dashboard.access import NOT_FOUND, Viewer, student_access
from core.services.grading import MemberRows, deliverable
from core.services.ledger import ledger_row, said
from core.services.plans import plan_rows
from core.services.progress import member_progress, week_history
from core.services.reflections.instructor import reflection_row
from core.services.skills import budgets_in_hours
from core.views.base import Attachment
from core.views.dashboard_student import (
    ChartSkillView,
    ChartWeekView,
    CorrectionView,
    EaseMatrixView,
    HistoryRowView,
    HistoryView,
    MatrixCellView,
    MatrixRowView,
    MatrixSkillView,
    ProgressChartView,
    ReflectionsView,
    ReflectionWeekView,
    SkillsChartView,
    StudentPageView,
)
from core.views.plans import PlanCheckView
from core.views.reflections import ReflectionRowView

CORRECTIONS_SHOWN = 20
"""The latest corrections a page lists (and marks on the check-ins they changed)."""
REFLECTION_WEEKS = 8
SVG: ImageFormat = "svg"


async def student_page(
    ctx: ServiceContext, viewer: Viewer, cohort_id: int, member_id: int
) -> StudentPageView:
    """The page of student ``member_id`` of cohort ``cohort_id``, as ``viewer`` may see it."""
    now = ctx.clock.now()
    async with ctx.uow(read_only=True) as uow:
        cohort, member, own = await _student(uow, viewer, cohort_id, member_id)
        found = Membership(cohort, member)
        today = found.today(ctx.clock)
        budgets = await uow.budgets.for_member(member.id)
        progress, history = await member_progress(uow, found, budgets, today)
        plans, skills, logged = await plan_rows(uow, member.id)
        changes = await uow.reports.skill_level_changes(member.id, now - timedelta(days=TREND_DAYS), now)
        since = week_start(today) - timedelta(weeks=WEEKS_SHOWN - 1)
        entries = await uow.ledger.since(member.id, since)
        corrections = await uow.ledger.latest_corrections(member.id, CORRECTIONS_SHOWN)
        limit = uow.ledger.limit
        reflections = await uow.reflections.latest(member.id, iso_week_key(today), REFLECTION_WEEKS)
    written = deliverable(cohort, today, MemberRows(member, plans, skills, budgets, logged))
    default_weekly = cohort.default_weekly_minutes / 60
    chart = weekly_hours_chart(member.display_name, history, budgets_in_hours(budgets), default_weekly, today)
    return StudentPageView(
        cohort_id=cohort.id,
        cohort=cohort.name,
        member_id=member.id,
        member=member.display_name,
        own=own,
        today=today,
        progress=progress,
        check=written.check,
        deliverable_html=markdown_html(written.text, heading_offset=2),
        matrix=matrix_view(skills, written.check),
        progress_chart=progress_chart_view(chart, own),
        skills_chart=skills_chart_view(_skills_chart(member, skills, changes)),
        history=history_view(entries, corrections, since, limit, found.timezone),
        reflections=reflections_view(cohort, member, reflections, today, own),
    )


async def student_chart(
    ctx: ServiceContext, viewer: Viewer, cohort_id: int, member_id: int, name: str
) -> Attachment:
    """Chart ``name`` (``progress`` or ``skills``) of the student's page as SVG; NotFound
    for another name, or a chart with nothing to draw (the page shows a sentence then)."""
    if name not in ("progress", "skills"):
        raise NotFound(NOT_FOUND)
    now = ctx.clock.now()
    async with ctx.uow(read_only=True) as uow:
        cohort, member, own = await _student(uow, viewer, cohort_id, member_id)
        today = Membership(cohort, member).today(ctx.clock)
        if name == "progress":
            budgets = budgets_in_hours(await uow.budgets.for_member(member.id))
            history = await week_history(uow, member.id)
        else:
            skills = await uow.skills.for_member(member.id)
            changes = await uow.reports.skill_level_changes(member.id, now - timedelta(days=TREND_DAYS), now)
    if name == "progress":
        default = cohort.default_weekly_minutes / 60
        hours = weekly_hours_chart(member.display_name, history, budgets, default, today)
        if hours.empty:
            raise NotFound(NOT_FOUND)
        render = partial(render_weekly_hours, fmt=SVG)
        return await draw(render, hours, "progress.svg", hours.summary(_whose(own)), fmt=SVG)
    levels = _skills_chart(member, skills, changes)
    if levels.empty:
        raise NotFound(NOT_FOUND)
    return await draw(partial(render_skills, fmt=SVG), levels, "skills.svg", levels.summary(), fmt=SVG)


async def _student(
    uow: UnitOfWork, viewer: Viewer, cohort_id: int, member_id: int
) -> tuple[Cohort, Member, bool]:
    """``student_access``, and whether the page is the viewer's own. A fellow instructor's
    row is no student page: only its owner opens it."""
    cohort, member = await student_access(uow, viewer, cohort_id, member_id)
    own = member.user_id == viewer.user_id
    if member.is_instructor and not own:
        raise NotFound(NOT_FOUND)
    return cohort, member, own


def _skills_chart(member: Member, skills: Sequence[Skill], changes: dict[int, int]) -> SkillsChart:
    """``/plan chart``'s skill chart of these rows."""
    levels = tuple(SkillLevels(s.name, s.priority, s.current, s.target, changes.get(s.id, 0)) for s in skills)
    return SkillsChart(member.display_name, levels, TREND_DAYS)


def matrix_view(skills: Sequence[Skill], check: PlanCheckView) -> EaseMatrixView:
    """Seed 001's Priority × Ease matrix (``ease_matrix``), each skill with the gap and time
    to target ``/plan check`` gives it."""
    matrix = ease_matrix(skills)
    estimates = {e.name: e for e in check.skills}
    gaps = {s.name: s.target - s.current for s in skills}

    def placed(name: str) -> MatrixSkillView:
        estimate = estimates.get(name)
        when = time_to_target(estimate) if estimate is not None else "at target"
        return MatrixSkillView(name=name, gap=gaps.get(name, 0), time_to_target=when)

    rows = [
        MatrixRowView(
            priority=priority,
            priority_label=priority_label(priority),
            cells=[
                MatrixCellView(
                    ease_label=ease_label(ease),
                    quick_win=(priority, ease) == QUICK_WIN,
                    skills=[placed(name) for name in matrix.cell(priority, ease)],
                )
                for ease in EASES
            ],
        )
        for priority in PRIORITIES
    ]
    return EaseMatrixView(
        eases=[ease_label(e) for e in EASES],
        rows=rows,
        unrated=[placed(name) for name in matrix.unrated],
        summary=matrix_summary(matrix),
    )


def _whose(own: bool) -> str:
    """The progress sentence is the bot's "your band" to the student, "their band" to an instructor."""
    return "your" if own else "their"


def progress_chart_view(chart: WeeklyHoursChart, own: bool) -> ProgressChartView:
    return ProgressChartView(
        summary=chart.summary(_whose(own)),
        band=hour_band(chart.band_min, chart.band_max),
        weeks=[
            ChartWeekView(
                week=week.key,
                hours=week.hours,
                status=chart.status(week.hours),
                in_streak=week.in_streak,
                paused=week.paused,
                current=week.current,
            )
            for week in chart.weeks
        ],
        drawn=not chart.empty,
    )


def skills_chart_view(chart: SkillsChart) -> SkillsChartView:
    return SkillsChartView(
        summary=chart.summary(),
        trend_days=chart.trend_days,
        skills=[
            ChartSkillView(
                name=s.name, priority=s.priority, current=s.current, target=s.target, change=s.change
            )
            for s in chart.skills
        ],
    )


def history_view(
    entries: Sequence[LedgerEntry],
    corrections: Sequence[dict[str, Any]],
    since: date,
    limit: int,
    zone: ZoneInfo,
) -> HistoryView:
    """The ledger's rows since ``since``, each with the edits among ``corrections`` that
    changed it, and the corrections themselves (removals and undos leave no row to mark)."""
    shown = [_correction(c, zone) for c in corrections]
    edits: dict[int, list[str]] = {}
    for correction, view in zip(corrections, shown, strict=True):
        if view.action == "edit" and view.after is not None and "minutes" in correction["before"]:
            when = f"{view.at:%a %d %b %H:%M}"
            edits.setdefault(correction["checkin_id"], []).append(f"{when}: {view.before} → {view.after}")
    rows = [HistoryRowView(entry=ledger_row(e), edits=edits.get(e.checkin.id, [])) for e in entries]
    return HistoryView(since=since, rows=rows, more=len(entries) >= limit, corrections=shown)


def _correction(row: dict[str, Any], zone: ZoneInfo) -> CorrectionView:
    at: datetime = row["created_at"]
    return CorrectionView(
        at=at.astimezone(zone),
        action=row["action"],
        before=said(row["before"]),
        after=said(row["after"]) if row["after"] else None,
    )


def reflections_view(
    cohort: Cohort, member: Member, found: Sequence[Reflection], today: date, own: bool
) -> ReflectionsView:
    """The student's reflections of the last weeks as /reflections shows each; an
    instructor also sees the past weeks the student left unanswered since joining."""
    if not reflections_enabled(cohort.settings):
        return ReflectionsView(enabled=False, weeks=[])
    written = {r.iso_week: r for r in found}
    this_monday = week_start(today)
    mondays = [this_monday - timedelta(weeks=back) for back in range(REFLECTION_WEEKS)]
    joined = week_start(member.joined_at.date())
    weeks = []
    for monday in mondays:
        key = iso_week_key(monday)
        reflection = written.get(key)
        if reflection is not None:
            row = reflection_row(member.display_name, reflection)
        elif own or monday == this_monday or monday < joined:
            continue
        else:
            row = ReflectionRowView(name=member.display_name, answered=False)
        weeks.append(ReflectionWeekView(week=key, week_label=week_label(monday), row=row))
    return ReflectionsView(enabled=True, weeks=weeks)
