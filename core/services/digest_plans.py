"""The digest's rules that read a student's plan alone: complete, attainable, re-assessed.

They judge the one-row summaries of the whole cohort (``StudentSummary``) by the same
rules ``/plan check`` applies to a plan's own rows (a property test holds the two equal),
so the digest, the cohort CSV and the dashboard's plan table say what ``/plan check`` says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from core.domain.completeness import deliverable_missing
from core.domain.model import Cohort, StudentSummary
from core.domain.planning import MAX_WEEKLY_HOURS, Verdict, VerdictJudge, credited_hours
from core.formatting import plural, weeks

REASSESS_DAYS = 35
"""No assessment of any skill for longer than this is an overdue re-assessment."""


def plan_incomplete(student: StudentSummary) -> str | None:
    missing = len(student.plan.missing())
    if not missing:
        return None
    return f"plan incomplete ({plural(missing, 'part')} missing)"


def plan_not_attainable(student: StudentSummary, report: Verdict) -> str | None:
    """The plan's targets do not fit the horizon at the student's weekly hours (the same
    model as /plan check); a student without skills has nothing to judge yet."""
    if not student.plan.skill_count or report.attainable:
        return None
    if report.total_weeks is None:
        return "plan not attainable (no weekly hours budgeted)"
    return f"plan not attainable ({weeks(report.total_weeks)} of {report.horizon_weeks})"


def reassessment_overdue(student: StudentSummary, now: datetime) -> str | None:
    """No assessment of any skill (adding one counts) in the last 35 days."""
    if not student.plan.skill_count:
        return None
    last = student.last_assessment
    if last is not None and now - last <= timedelta(days=REASSESS_DAYS):
        return None
    if last is None:
        return "re-assessment overdue (never assessed)"
    return f"re-assessment overdue (last {(now - last).days} days ago)"


class PlanStanding(NamedTuple):
    """What the digest says of a student's plan: the at-risk reasons it gives, its hours,
    and the plan check's verdict (complete, attainable)."""

    reasons: list[str]
    hours_done: float
    """Hours logged toward the skills since each was last assessed, up to what they need."""
    hours_left: float | None
    """Hours the targets still need; None for a student without skills."""
    missing: int = 0
    """Parts of the deliverable still missing, as /plan check counts them (0: complete)."""
    verdict: Verdict | None = None
    """Whether the targets fit the horizon; None for a student without skills."""


def plan_reasons(
    students: Sequence[StudentSummary],
    cohort: Cohort,
    now: datetime,
    toward: Mapping[int, Sequence[tuple[int, int, int]]],
) -> dict[int, PlanStanding]:
    """Student → their plan's standing, by the rules that read the plan alone (so the digest
    judges them while the weekly facts are still being read). ``toward``: each student's
    (current, target, minutes) of the skills with minutes logged toward them."""
    judge = VerdictJudge(cohort.step_hours, cohort.horizon_weeks)
    default_weekly = cohort.default_weekly_minutes / 60
    found: dict[int, PlanStanding] = {}
    for student in students:
        logged = toward.get(student.member_id, ())
        credited = credited_hours(judge.step_hours, ((c, t, m / 60) for c, t, m in logged)) if logged else 0.0
        weekly = min(student.budgets.weekly_hours(default_weekly), MAX_WEEKLY_HOURS)
        report = judge.of_crossings(student.step_crossings, weekly, credited)
        reasons = (
            plan_incomplete(student),
            plan_not_attainable(student, report),
            reassessment_overdue(student, now),
        )
        has_skills = bool(student.plan.skill_count)
        missing = deliverable_missing(student.plan, report.attainable, cohort.horizon_weeks)
        found[student.member_id] = PlanStanding(
            [reason for reason in reasons if reason],
            credited,
            report.hours_left if has_skills else None,
            len(missing),
            report if has_skills else None,
        )
    return found
