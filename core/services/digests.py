"""The instructor digest: a week's participation and hours, who is at risk and why, and
the levels the cohort gained this month.

Everything comes from a fixed handful of cohort-wide aggregate queries
(``uow.reports``), whatever the size of the cohort, and weekly totals only as far back as
the weekly rules look (``recent_weeks``: one read of recent weeks, a few more only for
long streaks); the rules below are pure functions of those numbers, so each can be read
(and tested) on its own.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.db.uow import UnitOfWork
from core.domain import budgets as rules
from core.domain.budgets import Budget
from core.domain.completeness import missing_items
from core.domain.model import Actor, BudgetRow, Cohort, Member, Pause, PlanOutline, Role, SkillLevels
from core.domain.planning import MAX_WEEKLY_HOURS, Levels, Verdict, VerdictJudge
from core.domain.streaks import NO_MARKS, WeekMarks, paused_week_keys
from core.domain.weeks import iso_week_key, local_date, month_bounds, week_end, week_start, week_start_of_key
from core.services.charts import with_cohort_chart, with_cohort_chart_to_follow
from core.services.context import ServiceContext, membership, require_instructor
from core.services.leaderboards import status_of
from core.services.recent_weeks import WeeklyRules, recent_weeks
from core.services.skills import budgets_in_hours
from core.views.base import View
from core.views.reports import AtRiskView, DigestStudentView, DigestView

INACTIVE_DAYS = 14
"""No check-in for this many days (and not paused) puts a student at risk."""
UNDER_BUDGET_WEEKS = 2
"""This many complete weeks running under a budget minimum puts a student at risk."""
REASSESS_DAYS = 35
"""No assessment of any skill for longer than this is an overdue re-assessment."""

_WEEK = timedelta(days=7)


async def digest(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> DigestView:
    """This week so far, for an instructor of the cohort; the cohort chart follows it."""
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        require_instructor(found, "see the digest")
        now = ctx.clock.now()
        today = local_date(now, ZoneInfo(found.cohort.timezone))
        view = await build_digest(uow, found.cohort, now=now, report_day=today)
    return with_cohort_chart_to_follow(view)


async def scheduled_digest(uow: UnitOfWork, cohort: Cohort, member: Member | None, day: date) -> View:
    """The scheduled digest for an instructor (``member``), as of the start of ``day``.

    It covers the week up to yesterday: on the default Monday morning that is the week just
    ended, not a week barely begun.
    """
    start_of_day = datetime.combine(day, time.min, tzinfo=ZoneInfo(cohort.timezone))
    view = await build_digest(uow, cohort, now=start_of_day, report_day=day - timedelta(days=1))
    return await with_cohort_chart(view)


@dataclass(frozen=True, slots=True)
class StudentFacts:
    """What the rules look at for one student, gathered from the cohort-wide queries."""

    member: Member
    today: date
    now: datetime
    joined: date
    last_checkin: date | None
    pauses: Sequence[Pause]
    marks: WeekMarks
    """Weeks judged against the budgets: at least the weeks the under-budget rule reads."""
    last_complete_weeks: Sequence[str]
    """The last ``UNDER_BUDGET_WEEKS`` complete, unpaused weeks since joining, newest first."""
    streak: int
    budgets: Sequence[Budget]
    default_weekly_hours: float
    plans: Mapping[str, PlanOutline]
    skills: Sequence[SkillLevels]
    last_assessment: datetime | None

    @property
    def paused_today(self) -> bool:
        return any(p.start_date <= self.today <= p.end_date for p in self.pauses)


def inactivity(facts: StudentFacts) -> str | None:
    """No check-in for 14 days, or none since joining 14 or more days ago. Days on a pause
    do not count: a paused student is never flagged, and the count restarts when a pause ends."""
    if facts.paused_today:
        return None
    ended = [p.end_date for p in facts.pauses if p.end_date < facts.today]
    since = max([facts.joined, *ended, *([facts.last_checkin] if facts.last_checkin else [])])
    if (facts.today - since).days < INACTIVE_DAYS:
        return None
    if facts.last_checkin is None:
        return f"no check-in since joining {(facts.today - facts.joined).days} days ago"
    return f"no check-in for {(facts.today - facts.last_checkin).days} days"


def week_under_budget(
    minutes_by_track: Mapping[str, int], budgets: Sequence[Budget], default_weekly_hours: float
) -> bool:
    """Whether a week's hours fall under any budget's weekly minimum (or, without budgets,
    under the cohort default in total)."""
    if not budgets:
        total = sum(minutes_by_track.values()) / 60
        return rules.budget_status(total, default_weekly_hours, math.inf) is rules.BudgetStatus.UNDER
    return any(
        rules.budget_status(minutes_by_track.get(b.track, 0) / 60, *rules.scaled(b, "week"))
        is rules.BudgetStatus.UNDER
        for b in budgets
    )


def last_complete_weeks(today: date, joined: date, paused: set[str], count: int) -> list[str]:
    """The last ``count`` complete ISO weeks before ``today``'s, newest first, skipping paused
    weeks and never reaching back before the first full week after joining (fewer when
    there are not that many)."""
    keys: list[str] = []
    monday = week_start(today) - _WEEK
    while len(keys) < count and monday >= joined:
        key = iso_week_key(monday)
        if key not in paused:
            keys.append(key)
        monday -= _WEEK
    return keys


def under_budget(facts: StudentFacts) -> str | None:
    """The last two complete (unpaused) weeks were both under a budget minimum (a week
    without any work is under unless every minimum is zero)."""
    keys = facts.last_complete_weeks
    if len(keys) < UNDER_BUDGET_WEEKS:
        return None
    marks = facts.marks
    idle_is_under = week_under_budget({}, facts.budgets, facts.default_weekly_hours)
    if all(key in marks.under or (idle_is_under and key not in marks.met) for key in keys):
        return f"under budget {UNDER_BUDGET_WEEKS} weeks running ({', '.join(sorted(keys))})"
    return None


def plan_incomplete(facts: StudentFacts) -> str | None:
    missing = missing_items(facts.plans, facts.skills)
    if not missing:
        return None
    return f"plan incomplete ({len(missing)} part{'s' if len(missing) != 1 else ''} missing)"


def plan_attainability(
    skills: Sequence[Levels], budgets: Sequence[Budget], default_weekly_hours: float, judge: VerdictJudge
) -> Verdict | None:
    """The /plan check model's verdict on a student's skills (``judge``: the cohort's level
    steps and horizon); None without skills to judge."""
    if not skills:
        return None
    return judge(skills, min(rules.weekly_hours(budgets, default_weekly_hours), MAX_WEEKLY_HOURS))


def plan_not_attainable(facts: StudentFacts, judge: VerdictJudge) -> str | None:
    """The plan's targets do not fit the horizon at the student's weekly hours (the same
    model as /plan check); a student without skills has nothing to judge yet."""
    report = plan_attainability(facts.skills, facts.budgets, facts.default_weekly_hours, judge)
    if report is None or report.attainable:
        return None
    if report.total_weeks is None:
        return "plan not attainable (no weekly hours budgeted)"
    return f"plan not attainable ({report.total_weeks} weeks of {report.horizon_weeks})"


def reassessment_overdue(facts: StudentFacts) -> str | None:
    """No assessment of any skill (adding one counts) in the last 35 days."""
    if not facts.skills:
        return None
    last = facts.last_assessment
    if last is not None and facts.now - last <= timedelta(days=REASSESS_DAYS):
        return None
    if last is None:
        return "re-assessment overdue (never assessed)"
    return f"re-assessment overdue (last {(facts.now - last).days} days ago)"


def unreachable(facts: StudentFacts) -> str | None:
    return "unreachable by DM" if facts.member.unreachable else None


def at_risk_reasons(facts: StudentFacts, judge: VerdictJudge) -> list[str]:
    found = [
        inactivity(facts),
        under_budget(facts),
        plan_incomplete(facts),
        plan_not_attainable(facts, judge),
        reassessment_overdue(facts),
        unreachable(facts),
    ]
    return [reason for reason in found if reason]


async def build_digest(uow: UnitOfWork, cohort: Cohort, *, now: datetime, report_day: date) -> DigestView:
    """The digest as of ``now``: hours and participation in ``report_day``'s week, levels
    gained in ``report_day``'s month, and the at-risk rules judged at ``now``."""
    tz = ZoneInfo(cohort.timezone)
    today = local_date(now, tz)
    start, end = week_start(report_day), week_end(report_day)
    month_start, _ = month_bounds(report_day)
    students = [m for m in await uow.members.in_cohort(cohort.id) if m.role is Role.STUDENT]
    week_minutes = await uow.reports.minutes_by_member(cohort.id, start, end)
    budget_rows = await uow.reports.budgets(cohort.id)
    pauses = await uow.members.pauses_in_cohort(cohort.id)
    checkin_dates = await uow.reports.checkin_dates(cohort.id)
    last_checkins = {member: last for member, (_, last) in checkin_dates.items()}
    rules, last_complete, budgets = await asyncio.to_thread(
        _weekly_rules, students, budget_rows, pauses, tz, today
    )
    weeks = await recent_weeks(
        uow, cohort.id, rules, today, cohort.default_weekly_minutes, checkin_dates=checkin_dates
    )
    plans = await uow.reports.plan_outlines(cohort.id)
    skills = await uow.reports.skill_levels(cohort.id)
    last_assessments = await uow.reports.last_assessment_times(cohort.id)
    gained = await uow.reports.levels_gained(
        cohort.id, datetime.combine(month_start, time.min, tzinfo=tz), now
    )

    gathered = Gathered(
        tz,
        today,
        now,
        week_minutes,
        weeks.marks,
        weeks.streaks,
        budgets,
        last_complete,
        pauses,
        last_checkins,
        plans,
        skills,
        last_assessments,
    )
    # Judging 10,000 students is seconds of pure Python: on a worker thread, the event loop
    # (every other command, the Discord heartbeat) keeps running meanwhile.
    rows, at_risk = await asyncio.to_thread(_judge, students, gathered, gained, cohort)

    return DigestView(
        cohort=cohort.name,
        week=iso_week_key(report_day),
        label=f"week {iso_week_key(report_day)} ({start:%a %d %b} – {end:%a %d %b})",
        start=start,
        end=end,
        checked_in=sum(1 for m in students if week_minutes.get(m.id, 0) > 0),
        students=len(students),
        total_hours=sum(week_minutes.get(m.id, 0) for m in students) / 60,
        rows=rows,
        at_risk=at_risk,
        month=f"{report_day:%B %Y}",
        levels_gained_this_month=sum(gained.get(m.id, 0) for m in students),
        unreachable=sum(1 for m in students if m.unreachable),
    )


def _weekly_rules(
    students: Sequence[Member],
    budgets: Mapping[int, list[BudgetRow]],
    pauses: Mapping[int, list[Pause]],
    tz: ZoneInfo,
    today: date,
) -> tuple[dict[int, WeeklyRules], dict[int, list[str]], dict[int, list[Budget]]]:
    """Each student's streak rules, with the oldest week the under-budget rule will read (so
    only the weeks that matter are loaded); the weeks that rule reads; the budgets in hours."""
    rules: dict[int, WeeklyRules] = {}
    last_complete: dict[int, list[str]] = {}
    in_hours: dict[int, list[Budget]] = {}
    for member in students:
        paused = paused_week_keys((p.start_date, p.end_date) for p in pauses.get(member.id, []))
        keys = last_complete_weeks(today, local_date(member.joined_at, tz), paused, UNDER_BUDGET_WEEKS)
        rules[member.id] = WeeklyRules(
            paused,
            needs_from=week_start_of_key(keys[-1]) if keys else None,  # newest first
        )
        last_complete[member.id] = keys
        in_hours[member.id] = budgets_in_hours(budgets.get(member.id, []))
    return rules, last_complete, in_hours


@dataclass(frozen=True)
class Gathered:
    """The cohort-wide query results a digest is judged from."""

    tz: ZoneInfo
    today: date
    now: datetime
    week_minutes: Mapping[int, int]
    marks: Mapping[int, WeekMarks]
    streaks: Mapping[int, int]
    budgets: Mapping[int, list[Budget]]
    last_complete: Mapping[int, list[str]]
    pauses: Mapping[int, list[Pause]]
    last_checkins: Mapping[int, date]
    plans: Mapping[int, Mapping[str, PlanOutline]]
    skills: Mapping[int, list[SkillLevels]]
    last_assessments: Mapping[int, datetime]

    def facts(self, member: Member, default_weekly_hours: float) -> StudentFacts:
        return StudentFacts(
            member=member,
            today=self.today,
            now=self.now,
            joined=local_date(member.joined_at, self.tz),
            last_checkin=self.last_checkins.get(member.id),
            pauses=self.pauses.get(member.id, []),
            marks=self.marks.get(member.id, NO_MARKS),
            last_complete_weeks=self.last_complete[member.id],
            streak=self.streaks[member.id],
            budgets=self.budgets[member.id],
            default_weekly_hours=default_weekly_hours,
            plans=self.plans.get(member.id, {}),
            skills=self.skills.get(member.id, []),
            last_assessment=self.last_assessments.get(member.id),
        )


def _judge(
    students: Sequence[Member], gathered: Gathered, gained: Mapping[int, int], cohort: Cohort
) -> tuple[list[DigestStudentView], list[AtRiskView]]:
    rows: list[DigestStudentView] = []
    at_risk: list[AtRiskView] = []
    default_weekly = cohort.default_weekly_minutes / 60
    judge = VerdictJudge(cohort.step_hours, cohort.horizon_weeks)
    for member in sorted(students, key=lambda m: (m.display_name.casefold(), m.id)):
        facts = gathered.facts(member, default_weekly)
        minutes = gathered.week_minutes.get(member.id, 0)
        rows.append(_student_row(facts, minutes, gained.get(member.id, 0), cohort))
        reasons = at_risk_reasons(facts, judge)
        if reasons:
            at_risk.append(AtRiskView(name=member.display_name, reasons=reasons))
    return rows, at_risk


def _student_row(facts: StudentFacts, minutes: int, levels: int, cohort: Cohort) -> DigestStudentView:
    if facts.budgets:
        lows, highs = zip(*(rules.scaled(b, "week") for b in facts.budgets), strict=True)
        low, high = math.fsum(lows), math.fsum(highs)
    else:
        low, high = facts.default_weekly_hours, None
    hours = minutes / 60
    return DigestStudentView(
        name=facts.member.display_name,
        hours=hours,
        budget_min_hours=low,
        budget_max_hours=high,
        status=status_of(hours, low, high).value,
        streak=facts.streak,
        levels_gained=levels,
        paused=facts.paused_today,
    )
