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
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from core.db.uow import UnitOfWork
from core.domain.model import Actor, Cohort, Member, Pause, StudentSummary
from core.domain.streaks import NO_MARKS, NO_WEEKS, WeekMarks, paused_week_keys
from core.domain.weeks import (
    iso_week_key,
    local_date,
    month_bounds,
    previous_week,
    resolve_week,
    week_end,
    week_label,
    week_start,
    week_start_of_key,
)
from core.services import group_sessions
from core.services.charts import with_cohort_chart, with_cohort_chart_to_follow
from core.services.context import ServiceContext, membership, require_instructor
from core.services.digest_plans import PlanStanding, plan_reasons
from core.services.leaderboards import cohort_began, status_of
from core.services.recent_weeks import WeeklyRules, recent_weeks
from core.services.reflections.digest import reflection_digest
from core.views.base import View
from core.views.reports import AtRiskView, DigestStudentView, DigestView

INACTIVE_DAYS = 14
"""No check-in for this many days (and not paused) puts a student at risk."""
UNDER_BUDGET_WEEKS = 2
"""This many complete weeks running under a budget minimum puts a student at risk."""

_WEEK = timedelta(days=7)


async def digest(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, week: str | None = None
) -> DigestView:
    """A week's digest for an instructor of the cohort; the cohort chart follows it.

    ``week`` is last, this or YYYY-Www; without it, on a Monday (the cohort's) the week
    just ended, as the scheduled digest that morning, and this week so far on other days.
    A past week is judged as of the start of the Monday after it (what a scheduled digest
    that Monday said); this week as of now."""
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        require_instructor(found, "see the digest")
        now = ctx.clock.now()
        monday = digest_week(found.cohort, week, local_date(now, ZoneInfo(found.cohort.timezone)))
        view = await digest_of_week(uow, found.cohort, monday, now)
    return with_cohort_chart_to_follow(view)


def digest_instant(cohort: Cohort, monday: date, now: datetime) -> tuple[datetime, date]:
    """When a digest of ``monday``'s week is judged, and its report day: a past week as of
    the start of the Monday after it, this week as of ``now`` (up to today)."""
    tz = ZoneInfo(cohort.timezone)
    today = local_date(now, tz)
    if monday < week_start(today):
        now = datetime.combine(monday + _WEEK, time.min, tzinfo=tz)
    return now, min(week_end(monday), today)


async def digest_of_week(uow: UnitOfWork, cohort: Cohort, monday: date, now: datetime) -> DigestView:
    """The digest of ``monday``'s week as /digest gives it (the dashboard's overview too)."""
    judged_at, report_day = digest_instant(cohort, monday, now)
    return await build_digest(uow, cohort, now=judged_at, report_day=report_day)


def digest_week(cohort: Cohort, week: str | None, today: date) -> date:
    """Monday of the week a digest covers: ``week`` (last, this or YYYY-Www), or without
    it last week on a Monday and this week on any other day."""
    if week is not None:
        return resolve_week(week, today, cohort_began(cohort, today))
    return previous_week(today) if today.weekday() == 0 else week_start(today)


async def scheduled_digest(uow: UnitOfWork, cohort: Cohort, member: Member | None, day: date) -> View:
    """The scheduled digest for an instructor (``member``), as of the start of ``day``.

    It always covers the last complete week: on the default Monday morning the week just
    ended, not a week barely begun (nor, on a digest moved to Friday, four days of one).
    """
    start_of_day = datetime.combine(day, time.min, tzinfo=ZoneInfo(cohort.timezone))
    last_week = previous_week(day)
    view = await build_digest(uow, cohort, now=start_of_day, report_day=week_end(last_week))
    return await with_cohort_chart(view)


class StudentFacts(NamedTuple):
    """What the weekly rules look at for one student, gathered from the cohort-wide queries
    (a tuple: a digest builds one per student)."""

    student: StudentSummary
    today: date
    joined: date
    pauses: Sequence[Pause]
    marks: WeekMarks
    """Weeks judged against the budgets: at least the weeks the under-budget rule reads."""
    last_complete_weeks: Sequence[str]
    """The last ``UNDER_BUDGET_WEEKS`` complete, unpaused weeks since joining, newest first."""
    streak: int
    default_weekly_hours: float

    @property
    def paused_today(self) -> bool:
        return any(p.start_date <= self.today <= p.end_date for p in self.pauses)


def inactivity(facts: StudentFacts) -> str | None:
    """No check-in for 14 days, or none since joining 14 or more days ago. Days on a pause
    do not count: a paused student is never flagged, and the count restarts when a pause ends."""
    if facts.paused_today:
        return None
    span = facts.student.checkin_span
    last_checkin = None if span is None else span[1]
    ended = [p.end_date for p in facts.pauses if p.end_date < facts.today]
    since = max([facts.joined, *ended, *([last_checkin] if last_checkin else [])])
    if (facts.today - since).days < INACTIVE_DAYS:
        return None
    if last_checkin is None:
        return f"no check-in since joining {(facts.today - facts.joined).days} days ago"
    return f"no check-in for {(facts.today - last_checkin).days} days"


def last_complete_weeks(today: date, joined: date, paused: AbstractSet[str], count: int) -> tuple[str, ...]:
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
    return tuple(keys)


def under_budget(facts: StudentFacts) -> str | None:
    """The last two complete (unpaused) weeks were both under a budget minimum (a week
    without any work is under unless every minimum is zero)."""
    keys = facts.last_complete_weeks
    if len(keys) < UNDER_BUDGET_WEEKS:
        return None
    marks = facts.marks
    idle_is_under = facts.student.budgets.idle_week_is_under(facts.default_weekly_hours)
    if all(key in marks.under or (idle_is_under and key not in marks.met) for key in keys):
        return f"under budget {UNDER_BUDGET_WEEKS} weeks running ({', '.join(sorted(keys))})"
    return None


def unreachable(facts: StudentFacts) -> str | None:
    return "unreachable by DM" if facts.student.unreachable else None


def at_risk_reasons(facts: StudentFacts, plan: Sequence[str]) -> list[str]:
    """Every reason, in the order the digest lists them; ``plan``: the student's ``plan_reasons``."""
    found = [inactivity(facts), under_budget(facts), *plan, unreachable(facts)]
    return [reason for reason in found if reason]


async def build_digest(uow: UnitOfWork, cohort: Cohort, *, now: datetime, report_day: date) -> DigestView:
    """The digest as of ``now``: hours and participation in ``report_day``'s week, levels
    gained in ``report_day``'s month, and the at-risk rules judged at ``now``."""
    tz = ZoneInfo(cohort.timezone)
    today = local_date(now, tz)
    start, end = week_start(report_day), week_end(report_day)
    month_start, _ = month_bounds(report_day)
    students = await uow.reports.student_summaries(cohort.id, start, end)
    pauses = await uow.members.pauses_in_cohort(cohort.id)
    toward = await uow.reports.minutes_toward_skills(cohort.id)
    rules, last_complete = await asyncio.to_thread(_weekly_rules, students, pauses, tz, today)
    checkin_dates = {s.member_id: s.checkin_span for s in students if s.checkin_span}
    # The plan rules need nothing more from the database: a worker thread judges them while
    # the connection reads the weeks and the levels gained.
    async with asyncio.TaskGroup() as both:
        judged = both.create_task(asyncio.to_thread(plan_reasons, students, cohort, now, toward))
        weeks = await recent_weeks(
            uow, cohort.id, rules, today, cohort.default_weekly_minutes, checkin_dates=checkin_dates
        )
        gained = await uow.reports.levels_gained(
            cohort.id, datetime.combine(month_start, time.min, tzinfo=tz), now
        )
    plans = judged.result()
    sessions, missed = await group_sessions.digest_attendance(
        uow,
        cohort,
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
        now,
    )
    names = {s.member_id: s.name for s in students}
    reflected = await reflection_digest(uow, cohort.id, iso_week_key(report_day), names)
    gathered = Gathered(tz, today, weeks.marks, weeks.streaks, last_complete, pauses, reflected.reasons)
    # Judging 10,000 students is pure Python: on a worker thread, the event loop (every
    # other command, the Discord heartbeat) keeps running meanwhile.
    rows, at_risk = await asyncio.to_thread(_judge, students, gathered, gained, plans, cohort, missed)

    return DigestView(
        cohort=cohort.name,
        week=iso_week_key(report_day),
        label=week_label(start) + (" so far" if today <= end else ""),
        start=start,
        end=end,
        checked_in=sum(1 for s in students if s.week_minutes > 0),
        students=len(students),
        total_hours=sum(s.week_minutes for s in students) / 60,
        rows=rows,
        at_risk=at_risk,
        month=f"{report_day:%B %Y}",
        levels_gained_this_month=sum(gained.get(s.member_id, 0) for s in students),
        unreachable=sum(1 for s in students if s.unreachable),
        sessions=sessions,
        reflections_answered=reflected.answered,
        commitments=reflected.commitments,
        blockers=reflected.blockers,
    )


def _weekly_rules(
    students: Sequence[StudentSummary], pauses: Mapping[int, list[Pause]], tz: ZoneInfo, today: date
) -> tuple[dict[int, WeeklyRules], dict[int, tuple[str, ...]]]:
    """Each student's streak rules, with the oldest week the under-budget rule will read (so
    only the weeks that matter are loaded); and the weeks that rule reads."""
    rules: dict[int, WeeklyRules] = {}
    last_complete: dict[int, tuple[str, ...]] = {}
    for student in students:
        member_id = student.member_id
        paused = (
            paused_week_keys((p.start_date, p.end_date) for p in pauses[member_id])
            if member_id in pauses
            else NO_WEEKS
        )
        keys = last_complete_weeks(today, local_date(student.joined_at, tz), paused, UNDER_BUDGET_WEEKS)
        rules[member_id] = WeeklyRules(
            paused,
            needs_from=week_start_of_key(keys[-1]) if keys else None,  # newest first
        )
        last_complete[member_id] = keys
    return rules, last_complete


@dataclass(frozen=True)
class Gathered:
    """The cohort-wide query results a digest is judged from, besides the students' own."""

    tz: ZoneInfo
    today: date
    marks: Mapping[int, WeekMarks]
    streaks: Mapping[int, int]
    last_complete: Mapping[int, tuple[str, ...]]
    pauses: Mapping[int, list[Pause]]
    blocked: Mapping[int, str] = field(default_factory=dict)
    """Student → the at-risk reason of a blocker named in the week's reflection."""

    def facts(self, student: StudentSummary, default_weekly_hours: float) -> StudentFacts:
        member_id = student.member_id
        return StudentFacts(
            student=student,
            today=self.today,
            joined=local_date(student.joined_at, self.tz),
            pauses=self.pauses.get(member_id, []),
            marks=self.marks.get(member_id, NO_MARKS),
            last_complete_weeks=self.last_complete[member_id],
            streak=self.streaks[member_id],
            default_weekly_hours=default_weekly_hours,
        )


def _judge(
    students: Sequence[StudentSummary],
    gathered: Gathered,
    gained: Mapping[int, int],
    plans: Mapping[int, PlanStanding],
    cohort: Cohort,
    missed: AbstractSet[int] = frozenset(),
) -> tuple[list[DigestStudentView], list[AtRiskView]]:
    rows: list[DigestStudentView] = []
    at_risk: list[AtRiskView] = []
    default_weekly = cohort.default_weekly_minutes / 60
    for student in sorted(students, key=lambda s: (s.name.casefold(), s.member_id)):
        facts = gathered.facts(student, default_weekly)
        plan = plans[student.member_id]
        rows.append(_student_row(facts, gained.get(student.member_id, 0), plan))
        reasons = at_risk_reasons(facts, plan.reasons)
        if student.member_id in missed:
            reasons.append(group_sessions.MISSED_REASON)
        if student.member_id in gathered.blocked:
            reasons.append(gathered.blocked[student.member_id])
        if reasons:
            at_risk.append(AtRiskView(name=student.name, reasons=reasons, member_id=student.member_id))
    return rows, at_risk


def _student_row(facts: StudentFacts, levels: int, plan: PlanStanding) -> DigestStudentView:
    student = facts.student
    if student.budgets.budget_count:
        low, high = student.budgets.range_per("week")
        shown_high: float | None = high
    else:
        low, shown_high = facts.default_weekly_hours, None
    hours = student.week_minutes / 60
    verdict = plan.verdict
    return DigestStudentView(
        member_id=student.member_id,
        name=student.name,
        hours=hours,
        budget_min_hours=low,
        budget_max_hours=shown_high,
        status=status_of(hours, low, shown_high).value,
        streak=facts.streak,
        levels_gained=levels,
        paused=facts.paused_today,
        plan_hours_done=plan.hours_done,
        plan_hours_left=plan.hours_left,
        plan_missing=plan.missing,
        plan_attainable=None if verdict is None else verdict.attainable,
        plan_total_weeks=None if verdict is None else verdict.total_weeks,
    )
