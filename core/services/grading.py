"""Grading: a student's deliverable for their instructor, and every student's in one archive.

The deliverable is built by one function from a member's rows (``deliverable``), so the
file a student exports, the one an instructor exports of them and the one in the archive
are the same bytes; complete and missing are the plan check's (``plan_check_view``), which
the cohort CSV's ``plan_complete`` follows too.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.db.uow import UnitOfWork
from core.domain.model import Actor, BudgetRow, Cohort, Member, Plan, Role, Skill
from core.domain.weeks import local_date
from core.formatting import plural
from core.render.plan_export import plan_markdown
from core.services.context import Membership, ServiceContext, membership, require_instructor, short
from core.services.plans import plan_check_view, plan_view
from core.services.skills import skill_list_view
from core.views.base import Attachment, Notice
from core.views.plans import PlanCheckView

SUMMARY_COLUMNS = ("student", "file", "complete", "attainable", "total_weeks", "missing_parts")
FOLDER = "deliverables"
STEM_CHARS = 60
_DASHES = re.compile(r"-{2,}")
_WINDOWS_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])", re.IGNORECASE)


@dataclass(frozen=True)
class Deliverable:
    text: str
    check: PlanCheckView


@dataclass(frozen=True)
class MemberRows:
    """What one member's deliverable is built from."""

    member: Member
    plans: Mapping[str, Plan]
    skills: Sequence[Skill]
    budgets: Sequence[BudgetRow]
    logged: Mapping[int, int]
    """Skill id → minutes logged toward it since its last assessment."""

    @property
    def empty(self) -> bool:
        return not self.plans and not self.skills


def deliverable(cohort: Cohort, today: date, rows: MemberRows) -> Deliverable:
    """The seed-001 deliverable of ``rows``' member as of their ``today``."""
    name = rows.member.display_name
    check = plan_check_view(cohort, name, rows.plans, rows.skills, rows.budgets, rows.logged)
    plans, skills = plan_view(name, rows.plans, rows.skills), skill_list_view(name, rows.skills)
    return Deliverable(plan_markdown(cohort.name, today, plans, skills, check), check)


async def deliverables_export(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> Notice:
    """/export deliverables: the archive of the cohort the instructor names."""
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        require_instructor(found, "export every student's deliverable")
        rows = await deliverable_rows(uow, found.cohort)
    return await deliverables_archive(found.cohort, rows, ctx.clock, found.timezone)


async def deliverable_rows(uow: UnitOfWork, cohort: Cohort) -> list[MemberRows]:
    """Every student's rows, in the archive's order (by name): five cohort-wide reads."""
    students = [m for m in await uow.members.in_cohort(cohort.id) if m.role is Role.STUDENT]
    plans = await uow.reports.plans(cohort.id)
    skills = await uow.reports.skills(cohort.id)
    budgets = await uow.reports.budgets(cohort.id)
    logged = await uow.reports.minutes_by_skill(cohort.id)
    return [
        MemberRows(m, plans.get(m.id, {}), skills.get(m.id, []), budgets.get(m.id, []), logged)
        for m in sorted(students, key=lambda m: (m.display_name.casefold(), m.id))
    ]


async def deliverables_archive(
    cohort: Cohort, rows: Sequence[MemberRows], clock: Clock, tz: ZoneInfo
) -> Notice:
    """Every student's deliverable as ``deliverables/<name>.md`` in one zip, with
    ``summary.csv`` (one row per student); built on a worker thread. The one function
    behind /export deliverables and the dashboard's download: the same bytes for the same
    data and moment (``tz``: the asker's, for the file's date)."""
    if not rows:
        return Notice(text=f"{cohort.name} has no students yet; they join with /cohort join {cohort.name}.")
    now = clock.now()
    days = [Membership(cohort, r.member).today(clock) for r in rows]
    local = now.astimezone(tz)
    stamp = (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)
    data, complete = await asyncio.to_thread(_archive, cohort, rows, days, stamp)
    filename = f"{cohort_stem(cohort.name)}-deliverables-{local_date(now, tz).isoformat()}.zip"
    return Notice(
        text=f"{cohort.name}: {plural(len(rows), 'deliverable')} in {filename} "
        f"({complete} complete), "
        "one Markdown file per student and summary.csv.",
        attachments=(Attachment(filename=filename, media_type="application/zip", data=data),),
    )


def _archive(
    cohort: Cohort,
    rows: Sequence[MemberRows],
    days: Sequence[date],
    stamp: tuple[int, int, int, int, int, int],
) -> tuple[bytes, int]:
    buffer, summary = io.BytesIO(), io.StringIO()
    writer = csv.writer(summary, lineterminator="\r\n")
    writer.writerow(SUMMARY_COLUMNS)
    names = unique_stems([r.member.display_name for r in rows])
    complete = 0

    def entry(path: str) -> zipfile.ZipInfo:
        # The clock's time, not the machine's: two exports of the same moment are the same bytes.
        info = zipfile.ZipInfo(path, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member_rows, today, stem in zip(rows, days, names, strict=True):
            found = deliverable(cohort, today, member_rows)
            path = f"{FOLDER}/{stem}.md"
            archive.writestr(entry(path), found.text)
            complete += found.check.complete
            writer.writerow(summary_row(member_rows.member.display_name, path, found.check))
        archive.writestr(entry("summary.csv"), summary.getvalue().encode("utf-8-sig"))
    return buffer.getvalue(), complete


def summary_row(student: str, path: str, check: PlanCheckView) -> list[str]:
    judged = bool(check.skills)
    return [
        csv_text(student),
        path,
        "yes" if check.complete else "no",
        ("yes" if check.attainable else "no") if judged else "",
        str(check.total_weeks) if judged and check.total_weeks is not None else "",
        csv_text("; ".join(check.missing)),
    ]


def safe_stem(name: str) -> str:
    """A file name's stem from a display name: letters and digits (accents dropped where a
    plain letter exists), lower case, dashes between words; never a path or a device name."""
    flat = "".join(
        ch for ch in unicodedata.normalize("NFKD", short(name, 200)) if not unicodedata.combining(ch)
    )
    stem = _DASHES.sub("-", "".join(ch if ch.isalnum() else "-" for ch in flat.casefold()))
    stem = stem.strip("-")[:STEM_CHARS].strip("-") or "student"
    return f"{stem}-student" if _WINDOWS_RESERVED.fullmatch(stem) else stem


def cohort_stem(name: str) -> str:
    """A cohort's name as the start of an export's file name (cohort names are already tame)."""
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in short(name, 60))


def unique_stems(names: Sequence[str]) -> list[str]:
    """``safe_stem`` of each name, the second of a kind ending ``-2``, the third ``-3``."""
    taken: set[str] = set()
    out: list[str] = []
    for name in names:
        base = safe_stem(name)
        stem, number = base, 1
        while stem in taken:
            number += 1
            stem = f"{base}-{number}"
        taken.add(stem)
        out.append(stem)
    return out


def csv_text(text: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; a leading quote stops that."""
    flat = " ".join(text.split())
    return "'" + flat if flat[:1] in ("=", "+", "-", "@", "\t", "\r") else flat
