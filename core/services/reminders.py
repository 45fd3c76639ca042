"""What each scheduled message says, built when its occurrence is enqueued."""

from __future__ import annotations

import math
from datetime import date, timedelta

from core.commands import format_minutes
from core.db.uow import UnitOfWork
from core.domain import budgets as rules
from core.domain.budgets import Budget
from core.domain.levels import LEVEL_NAMES
from core.domain.model import Cohort, Member
from core.domain.planning import ready_to_reassess
from core.domain.streaks import compute_streak, paused_week_keys
from core.domain.weeks import iso_week_key, month_bounds, week_end, week_start
from core.services.progress import in_hours
from core.services.skills import budgets_in_hours, numbered
from core.views.activity import BudgetRowView
from core.views.scheduled import (
    BudgetWeekRowView,
    HoursCheckinView,
    QuickLogView,
    ReassessDueView,
    ReassessmentView,
    ReassessSkillView,
    WeeklyReminderView,
    WeeklyStatusView,
)

QUICK_LOG_MINUTES = (30, 60, 120)
DEFAULT_ROW = "all tracks (cohort default)"
"""The one row of a member without budgets: the week's total against the cohort default."""


def weekly_reminder(cohort: Cohort, today: date) -> WeeklyReminderView:
    term_week = None
    if cohort.term_start and cohort.term_start <= today:
        term_week = (week_start(today) - week_start(cohort.term_start)).days // 7 + 1
    focus = cohort.settings.get("focus")
    return WeeklyReminderView(
        cohort=cohort.name,
        week=iso_week_key(today),
        term_week=term_week,
        focus=str(focus) if focus else None,
    )


async def _week_rows(
    uow: UnitOfWork, cohort: Cohort, member: Member, budgets: list[Budget], day: date, today: date
) -> list[BudgetWeekRowView]:
    """``day``'s week against each weekly budget; a monthly budget's calendar month to
    ``today`` against the month's band, with its pace; without budgets, the week's total
    against the cohort default (a minimum only)."""
    totals = await uow.checkins.minutes_by_track(member.id, week_start(day), week_end(day))
    if not budgets:
        total, least = sum(totals.values()) / 60, cohort.default_weekly_minutes / 60
        status = rules.budget_status(total, least, math.inf).value
        return [
            BudgetWeekRowView(track=DEFAULT_ROW, hours=total, min_hours=least, max_hours=None, status=status)
        ]
    month: dict[str, int] = {}
    if any(b.period == "month" for b in budgets):
        month = await uow.checkins.minutes_by_track(member.id, month_bounds(today)[0], today)
    rows = []
    for budget in budgets:
        if budget.period == "month":
            minutes = month.get(budget.track, 0)
            pace = rules.month_pace(minutes, round(budget.min_hours * 60), today)
            low, high, hours = budget.min_hours, budget.max_hours, minutes / 60
            extra = {"month_to_date": True, "due_hours": pace.due_hours, "on_pace": pace.on_pace}
        else:
            low, high = budget.min_hours, budget.max_hours
            hours, extra = totals.get(budget.track, 0) / 60, {}
        rows.append(
            BudgetWeekRowView(
                track=budget.track,
                hours=hours,
                min_hours=low,
                max_hours=high,
                status=rules.budget_status(hours, low, high).value,
                **extra,
            )
        )
    return rows


async def reassess_due(uow: UnitOfWork, cohort: Cohort, member: Member) -> list[ReassessDueView]:
    """The member's skills whose hours logged since their last assessment passed the next
    level's step: the next prompt asks the student to re-assess them (numbered as in
    /skill list, so the answer can be /skill assess N LEVEL)."""
    steps = cohort.step_hours
    logged = await uow.skills.with_minutes_toward(member.id)
    minutes = {skill.id: logged_minutes for skill, logged_minutes in logged}
    return [
        ReassessDueView(
            number=number,
            name=skill.name,
            current=skill.current,
            next_level=skill.current + 1,
            hours_done=minutes[skill.id] / 60,
            step_hours=steps[skill.current],
        )
        for number, skill in numbered([skill for skill, _ in logged])
        if ready_to_reassess(skill.current, skill.target, minutes[skill.id] / 60, steps)
    ]


async def weekly_status(uow: UnitOfWork, cohort: Cohort, member: Member, today: date) -> WeeklyStatusView:
    budgets = budgets_in_hours(await uow.budgets.for_member(member.id))
    last_week = today - timedelta(days=7)
    weeks, months = await uow.checkins.weeks_and_months(member.id)
    pauses = await uow.members.pauses(member.id)
    streak = compute_streak(
        in_hours(weeks),
        budgets,
        cohort.default_weekly_minutes / 60,
        paused_week_keys((p.start_date, p.end_date) for p in pauses),
        today,
        in_hours(months),
    )
    return WeeklyStatusView(
        member=member.display_name,
        last_week=iso_week_key(last_week),
        rows=await _week_rows(uow, cohort, member, budgets, last_week, today),
        this_week=iso_week_key(today),
        targets=[
            BudgetRowView(
                track=b.track,
                min_hours=b.min_hours,
                max_hours=b.max_hours,
                period=b.period,
                weekly_min_hours=rules.weekly_minimum(b),
            )
            for b in budgets
        ],
        streak=streak.current,
        reassess_due=await reassess_due(uow, cohort, member),
    )


async def hours_checkin(uow: UnitOfWork, cohort: Cohort, member: Member, today: date) -> HoursCheckinView:
    budgets = budgets_in_hours(await uow.budgets.for_member(member.id))
    return HoursCheckinView(
        member=member.display_name,
        week=iso_week_key(today),
        rows=await _week_rows(uow, cohort, member, budgets, today, today),
        quick_log=[
            QuickLogView(
                track=b.track,
                minutes=minutes,
                label=f"{format_minutes(minutes)} {b.track}",
                command=f"/checkin {format_minutes(minutes).replace(' ', '')} {b.track}",
            )
            for b in budgets
            for minutes in QUICK_LOG_MINUTES
        ],
        reassess_due=await reassess_due(uow, cohort, member),
    )


async def reassessment(uow: UnitOfWork, member: Member, today: date) -> ReassessmentView:
    skills = numbered(await uow.skills.for_member(member.id))
    return ReassessmentView(
        member=member.display_name,
        month=f"{today:%B %Y}",
        skills=[
            ReassessSkillView(
                name=s.name,
                number=number,
                current=s.current,
                current_label=LEVEL_NAMES[s.current],
                target=s.target,
                target_label=LEVEL_NAMES[s.target],
            )
            for number, s in skills
        ],
    )
