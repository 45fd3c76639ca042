"""What each scheduled message says, built when its occurrence is enqueued."""

from __future__ import annotations

from datetime import date, timedelta

from core.commands import format_minutes
from core.db.uow import UnitOfWork
from core.domain import budgets as rules
from core.domain.budgets import Budget
from core.domain.levels import LEVEL_NAMES
from core.domain.model import Cohort, Member
from core.domain.planning import ready_to_reassess
from core.domain.streaks import compute_streak, paused_week_keys
from core.domain.weeks import iso_week_key, week_end, week_start
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
    uow: UnitOfWork, member: Member, budgets: list[Budget], day: date
) -> list[BudgetWeekRowView]:
    totals = await uow.checkins.minutes_by_track(member.id, week_start(day), week_end(day))
    rows = []
    for budget in budgets:
        low, high = rules.scaled(budget, "week")
        hours = totals.get(budget.track, 0) / 60
        rows.append(
            BudgetWeekRowView(
                track=budget.track,
                hours=hours,
                min_hours=low,
                max_hours=high,
                status=rules.budget_status(hours, low, high).value,
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
    weeks = await uow.checkins.minutes_by_week(member.id)
    pauses = await uow.members.pauses(member.id)
    streak = compute_streak(
        {w: {t: m / 60 for t, m in tracks.items()} for w, tracks in weeks.items()},
        budgets,
        cohort.default_weekly_minutes / 60,
        paused_week_keys((p.start_date, p.end_date) for p in pauses),
        today,
    )
    return WeeklyStatusView(
        member=member.display_name,
        last_week=iso_week_key(last_week),
        rows=await _week_rows(uow, member, budgets, last_week),
        this_week=iso_week_key(today),
        targets=[
            BudgetRowView(
                track=b.track,
                min_hours=rules.scaled(b, "week")[0],
                max_hours=rules.scaled(b, "week")[1],
                period="week",
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
        rows=await _week_rows(uow, member, budgets, today),
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
