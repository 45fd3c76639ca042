"""Export and erase commands: the plan deliverable, a member's data, the cohort CSV."""

from __future__ import annotations

from core.services import exports, grading
from core.textcommands.registry import Request, command
from core.views.base import View


@command(
    "plan export",
    "/plan export [@member]",
    "Your plan as the course deliverable (plan-export.md); instructors: a student's.",
)
async def plan_export(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/plan export")
    of = r.args.positionals[0] if r.args.positionals else None
    return await exports.plan_export(r.ctx, r.actor, r.cohort, of)


@command("me export", "/me export", "Everything Stride keeps about you, as JSON (me-export.json).")
async def me_export(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/me export")
    return await exports.me_export(r.ctx, r.actor, r.cohort)


@command(
    "me delete",
    "/me delete [confirm=COHORT]",
    "Erase everything Stride keeps about you (asks for confirmation first).",
    options=("confirm",),
)
async def me_delete(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/me delete")
    return await exports.me_delete(r.ctx, r.actor, r.cohort, r.args.option("confirm"))


@command("export", "/export", "Instructors: the cohort as CSV, one row per student.")
async def cohort_export(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/export")
    return await exports.cohort_export(r.ctx, r.actor, r.cohort)


@command(
    "export deliverables",
    "/export deliverables",
    "Instructors: every student's deliverable in one zip, with a summary CSV.",
)
async def deliverables_export(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/export deliverables")
    return await grading.deliverables_export(r.ctx, r.actor, r.cohort)
