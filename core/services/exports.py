"""Files out of Stride: the course deliverable, a member's own data, the cohort for instructors;
and the member's right to have everything erased."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.db.uow import UnitOfWork
from core.domain.budgets import Budget, weekly_hours
from core.domain.completeness import PlanParts, deliverable_missing
from core.domain.model import Actor, BudgetRow, Cohort, Member, Plan, Role, Skill
from core.domain.planning import MAX_WEEKLY_HOURS, Verdict, VerdictJudge
from core.domain.weeks import local_date
from core.errors import InvalidInput, NotFound
from core.formatting import plural, whole_percent
from core.services.context import (
    Membership,
    ServiceContext,
    membership,
    named_member,
    require_instructor,
    short,
)
from core.services.digests import build_digest
from core.services.grading import (
    MemberRows,
    cohort_stem,
    csv_text,
    deliverable,
    deliverables_export,
    safe_stem,
)
from core.services.instructors import check_not_last_instructor
from core.services.leaderboards import window
from core.services.notifications import rebuild_pending_reports
from core.services.skills import budgets_in_hours
from core.views.base import Attachment, Notice
from core.views.reports import DigestStudentView

CSV_COLUMNS = (
    "student",
    "user_id",
    "plan_a",
    "plan_b",
    "plan_complete",
    "missing",
    "hours_this_week",
    "hours_this_term",
    "weekly_budget",
    "budget_status",
    "streak_weeks",
    "roadmap_percent",
    "attainable",
)


async def plan_export(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, of: str | None = None
) -> Notice:
    """Your deliverable, or (``of``: an instructor naming a student) theirs, byte for byte
    what the student's own export gives (their local date included)."""
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        member = found.member
        if of is not None:
            member = await named_member(uow, found, of, "/plan export @ada")
            if member.id != found.member.id:
                require_instructor(found, "export another member's plan (your own is /plan export)")
        skills_logged = await uow.skills.with_minutes_toward(member.id)
        rows = MemberRows(
            member,
            await uow.plans.for_member(member.id),
            [skill for skill, _ in skills_logged],
            await uow.budgets.for_member(member.id),
            {skill.id: minutes for skill, minutes in skills_logged if minutes},
        )
    own = member.id == found.member.id
    if rows.empty:
        raise NotFound(
            'You have no plan or skills to export yet; start with /plan set A position="…" industry="…".'
            if own
            else f"{short(member.display_name)} has no plan or skills to export yet; "
            "see what they still miss with /plan check and their @mention."
        )
    found_deliverable = deliverable(found.cohort, Membership(found.cohort, member).today(ctx.clock), rows)
    check = found_deliverable.check
    missing = len(check.missing)
    state = "complete" if check.complete else f"not complete yet, {plural(missing, 'part')} missing"
    filename = "plan-export.md" if own else f"plan-export-{safe_stem(member.display_name)}.md"
    whose = "Your career plan, ready to hand in" if own else f"{short(member.display_name)}'s career plan"
    return Notice(
        text=f"{whose}: {filename} ({state}).",
        attachments=(
            Attachment(filename=filename, media_type="text/markdown", data=found_deliverable.text.encode()),
        ),
    )


async def export_of_kind(ctx: ServiceContext, actor: Actor, cohort_name: str | None, kind: str) -> Notice:
    """/export on Discord: ``csv`` (the cohort CSV) or ``deliverables`` (the archive); a value
    Discord never offered is refused, after the permission check like any other value."""
    choice = kind.strip().lower()
    if choice == "csv":
        return await cohort_export(ctx, actor, cohort_name)
    if choice == "deliverables":
        return await deliverables_export(ctx, actor, cohort_name)
    async with ctx.uow(read_only=True) as uow:
        require_instructor(await membership(uow, actor, cohort_name), "export the cohort")
    raise InvalidInput(
        f"'{short(kind, 20)}' is not an export; say csv or deliverables, like /export deliverables."
    )


async def me_export(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> Notice:
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        records = await uow.member_data.dump(found.member.id)
    body = {
        "exported_at": ctx.clock.now().isoformat(),
        "platform": actor.platform,
        "user_id": actor.user_id,
        "cohort": found.cohort.name,
        "records": records,
    }
    data = json.dumps(body, ensure_ascii=False, indent=2, default=_json_value).encode()
    count = sum(len(rows) for rows in records.values())
    return Notice(
        text=f"Everything Stride keeps about you in {found.cohort.name}: {count} records in me-export.json.",
        attachments=(Attachment(filename="me-export.json", media_type="application/json", data=data),),
    )


async def me_delete(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, confirm: str | None
) -> Notice:
    """Without the cohort's name as confirmation this only explains; with it, erases."""
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        name = found.cohort.name
        await check_not_last_instructor(uow, found)
        if confirm is None:
            return Notice(
                text=f"This erases everything Stride keeps about you in {name} — plans, skills, assessments, "
                "budgets, check-ins, goals, reflections, roadmap, pauses, pending messages and your "
                "membership — and "
                f"cannot be undone; to go ahead, type /me delete confirm={name} "
                "(/me export first keeps a copy)."
            )
        if confirm.strip().casefold() != name.casefold():
            raise InvalidInput(
                f"The confirmation must be your cohort's name; type /me delete confirm={name} "
                "to erase your data."
            )
        counts = await uow.member_data.erase(found.member.id)
        await uow.commit()
    await rebuild_pending_reports(ctx, found.cohort.id)
    erased = sum(counts.values())
    return Notice(
        text=f"Erased everything Stride kept about you in {name} ({erased} records); you are no longer in it."
    )


@dataclass(frozen=True)
class _CohortFacts:
    """The cohort-wide query results one CSV row is built from."""

    cohort: Cohort
    term_minutes: Mapping[int, int]
    plans: Mapping[int, dict[str, Plan]]
    skills: Mapping[int, list[Skill]]
    budgets: Mapping[int, list[BudgetRow]]
    roadmaps: Mapping[int, tuple[int, int]]
    judge: VerdictJudge


async def cohort_export(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> Notice:
    """One CSV row per student; every number comes from cohort-wide aggregate queries (a
    digest's)."""
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        require_instructor(found, "export the cohort")
        cohort = found.cohort
        return await cohort_csv(uow, cohort, ctx.clock.now())


async def cohort_csv(uow: UnitOfWork, cohort: Cohort, now: datetime) -> Notice:
    """The cohort CSV as of ``now``: the one function behind /export (csv) and the
    dashboard's download, so both are the same bytes."""
    today = local_date(now, ZoneInfo(cohort.timezone))
    digest = await build_digest(uow, cohort, now=now, report_day=today)
    term = window(cohort, "term", today)
    facts = _CohortFacts(
        cohort,
        await uow.reports.minutes_by_member(cohort.id, term.start, term.end),
        await uow.reports.plans(cohort.id),
        await uow.reports.skills(cohort.id),
        await uow.reports.budgets(cohort.id),
        await uow.roadmaps.progress_by_member(cohort.id),
        VerdictJudge(cohort.step_hours, cohort.horizon_weeks),
    )
    students = sorted(  # the digest's order, so its rows line up
        (m for m in await uow.members.in_cohort(cohort.id) if m.role is Role.STUDENT),
        key=lambda m: (m.display_name.casefold(), m.id),
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_row(member, row, facts) for member, row in zip(students, digest.rows, strict=True))
    filename = f"{cohort_stem(cohort.name)}-{today.isoformat()}.csv"
    return Notice(
        text=f"{cohort.name}: {plural(len(students), 'student')} exported to {filename}.",
        attachments=(
            Attachment(filename=filename, media_type="text/csv", data=out.getvalue().encode("utf-8-sig")),
        ),
    )


def _csv_row(member: Member, row: DigestStudentView, facts: _CohortFacts) -> list[str | int]:
    plans, skills = facts.plans.get(member.id, {}), facts.skills.get(member.id, [])
    budgets = budgets_in_hours(facts.budgets.get(member.id, []))
    report = _attainability(skills, budgets, facts.cohort.default_weekly_minutes / 60, facts.judge)
    missing = deliverable_missing(
        PlanParts.of(plans, skills), report is not None and report.attainable, facts.cohort.horizon_weeks
    )
    done, total = facts.roadmaps.get(member.id, (0, 0))
    budget = f"{row.budget_min_hours:g}" + (
        f"-{row.budget_max_hours:g}" if row.budget_max_hours is not None else "+"
    )
    return [
        csv_text(member.display_name),
        csv_text(member.user_id),
        _plan(plans, "A"),
        _plan(plans, "B"),
        "yes" if not missing else "no",
        csv_text("; ".join(missing)),
        f"{row.hours:.2f}",
        f"{facts.term_minutes.get(member.id, 0) / 60:.2f}",
        budget,
        row.status,
        row.streak,
        whole_percent(done, total) if total else "",
        "" if report is None else ("yes" if report.attainable else "no"),
    ]


def _plan(member_plans: Mapping[str, Plan], slot: str) -> str:
    plan = member_plans.get(slot)
    return "" if plan is None else csv_text(f"{plan.position} × {plan.industry}")


def _json_value(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _attainability(
    skills: Sequence[Skill], budgets: Sequence[Budget], default_weekly_hours: float, judge: VerdictJudge
) -> Verdict | None:
    """The digest's verdict on a student's plan (``judge``: the cohort's level steps and
    horizon); None without skills to judge."""
    if not skills:
        return None
    return judge(skills, min(weekly_hours(budgets, default_weekly_hours), MAX_WEEKLY_HOURS))
