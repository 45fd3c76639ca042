"""Grading on SQLite and PostgreSQL: one completeness rule on every surface, the instructor's
copy of a deliverable, and the archive of every deliverable with its summary.

The plans below are incomplete in every way the rule knows (no plan A, no rationale, no
plan B, too few and too many skills of a kind, targets past the horizon, nothing at all)
and complete once; /plan check, the deliverable, the /export CSV, the archive's summary and
the digest must say the same of each.
"""

from __future__ import annotations

import asyncio
import csv
import io
import time
import zipfile
from collections.abc import Awaitable, Callable

import pytest

from core.bootstrap import Stride
from core.domain.levels import SkillKind
from core.domain.model import Actor
from core.errors import NotFound, PermissionDenied
from core.services import digests, exports, grading, instructors, plans, skills
from core.services.context import ServiceContext
from core.services.grading import safe_stem, unique_stems
from tests.integration.helpers import cohort_with, person, weekly_budget

COHORT = "ML-Fall-2026"
PROF = person("prof")
Setup = Callable[[ServiceContext, Actor], Awaitable[None]]


async def _plan_a(ctx: ServiceContext, who: Actor, rationale: str | None = "Hospitals") -> None:
    await plans.set_plan(ctx, who, None, "A", position="ML Engineer", industry="Health", rationale=rationale)


async def _plan_b(ctx: ServiceContext, who: Actor) -> None:
    await plans.set_plan(ctx, who, None, "B", position="Analyst", industry="Retail", rationale=None)


async def _skills(
    ctx: ServiceContext,
    who: Actor,
    general: int = 5,
    specific: int = 5,
    target: int = 2,
    ease: int | None = 2,
) -> None:
    for kind, count in ((SkillKind.GENERAL, general), (SkillKind.SPECIFIC, specific)):
        for n in range(count):
            await skills.add_skill(
                ctx,
                who,
                None,
                name=f"{kind.value} {n}",
                kind=kind,
                priority=1,
                current=1,
                target=target,
                ease=ease,
            )


async def _complete(ctx: ServiceContext, who: Actor) -> None:
    await _plan_a(ctx, who)
    await _plan_b(ctx, who)
    await _skills(ctx, who)


async def _no_rationale(ctx: ServiceContext, who: Actor) -> None:
    await _plan_a(ctx, who, rationale=None)
    await _plan_b(ctx, who)
    await _skills(ctx, who)


async def _no_plan_b(ctx: ServiceContext, who: Actor) -> None:
    await _plan_a(ctx, who)
    await _skills(ctx, who, general=4)


async def _unrated(ctx: ServiceContext, who: Actor) -> None:
    """Every part there, but no skill has its ease of learning (seed 001's matrix)."""
    await _plan_a(ctx, who)
    await _plan_b(ctx, who)
    await _skills(ctx, who, ease=None)


async def _too_many(ctx: ServiceContext, who: Actor) -> None:
    await _plan_a(ctx, who)
    await _plan_b(ctx, who)
    await _skills(ctx, who, specific=6)


async def _past_the_horizon(ctx: ServiceContext, who: Actor) -> None:
    """Every part there, but ten skills 1→3 (550 h) at the default 6 h a week: 92 weeks."""
    await _plan_a(ctx, who)
    await _plan_b(ctx, who)
    await _skills(ctx, who, target=3)


async def _only_skills(ctx: ServiceContext, who: Actor) -> None:
    await _skills(ctx, who, general=1, specific=0, target=5)


async def _budgeted_but_unfit(ctx: ServiceContext, who: Actor) -> None:
    await _past_the_horizon(ctx, who)
    await weekly_budget(ctx, who, "dsa", 2, 3)


async def _nothing(ctx: ServiceContext, who: Actor) -> None:
    return None


PLANS: dict[str, Setup] = {
    "complete": _complete,
    "norationale": _no_rationale,
    "noplanb": _no_plan_b,
    "unrated": _unrated,
    "toomany": _too_many,
    "unfit": _past_the_horizon,
    "onlyskills": _only_skills,
    "budgeted": _budgeted_but_unfit,
    "nothing": _nothing,
}


@pytest.fixture
async def graded(stride: Stride) -> Stride:
    ctx = stride.services
    students = tuple(person(name) for name in PLANS)
    await cohort_with(ctx, COHORT, PROF, students)
    for who, setup in zip(students, PLANS.values(), strict=True):
        await setup(ctx, who)
    return stride


def _still_missing(markdown: str) -> list[str]:
    if "## Still missing" not in markdown:
        return []
    block = markdown.split("## Still missing", 1)[1].strip().split("\n\n", 1)[0]
    return [line[2:] for line in block.splitlines()]


def _csv(data: bytes) -> dict[str, dict[str, str]]:
    rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    return {row["student"]: row for row in rows}


async def test_every_surface_judges_completeness_by_the_one_rule(graded: Stride) -> None:
    ctx = graded.services
    cohort_csv = _csv((await exports.cohort_export(ctx, PROF, None)).attachments[0].data)
    archive = zipfile.ZipFile(
        io.BytesIO((await grading.deliverables_export(ctx, PROF, None)).attachments[0].data)
    )
    summary = _csv(archive.read("summary.csv"))
    digest = await digests.digest(ctx, PROF, None)
    at_risk = {row.name: row.reasons for row in digest.at_risk}
    verdicts: dict[str, bool] = {}
    for name in PLANS:
        display = name.capitalize()
        check = await plans.check_plan(ctx, PROF, None, f"@{name}")
        verdicts[name] = check.complete
        assert check.complete == (not check.missing)
        deliverable = archive.read(f"deliverables/{name}.md").decode()
        assert _still_missing(deliverable) == check.missing, name
        if name != "nothing":
            mine = await exports.plan_export(ctx, person(name), None)
            assert mine.attachments[0].data.decode() == deliverable, name
        assert cohort_csv[display]["plan_complete"] == ("yes" if check.complete else "no"), name
        assert cohort_csv[display]["missing"] == "; ".join(check.missing), name
        assert summary[display]["complete"] == ("yes" if check.complete else "no"), name
        assert summary[display]["missing_parts"] == "; ".join(check.missing), name
        judged = bool(check.skills)
        assert summary[display]["attainable"] == (("yes" if check.attainable else "no") if judged else "")
        assert cohort_csv[display]["attainable"] == summary[display]["attainable"], name
        assert summary[display]["total_weeks"] == (str(check.total_weeks) if judged else ""), name
        plan_reasons = [r for r in at_risk.get(display, []) if r.startswith("plan ")]
        assert (plan_reasons == []) == check.complete, (name, plan_reasons)
    assert verdicts == {
        "complete": True,
        "norationale": False,
        "noplanb": False,
        "unrated": False,
        "toomany": False,
        "unfit": False,
        "onlyskills": False,
        "budgeted": False,
        "nothing": False,
    }
    # the bug this rule fixes: every part there, targets past the horizon, CSV said "yes"
    assert cohort_csv["Unfit"]["plan_complete"] == "no"
    assert cohort_csv["Unfit"]["missing"] == "A plan that fits 52 weeks (see the suggestions below)"
    assert summary["Unrated"]["missing_parts"].startswith("The ease of learning of 10 skills")


async def test_an_instructor_gets_the_students_own_deliverable_privately(graded: Stride) -> None:
    ctx = graded.services
    own = await exports.plan_export(ctx, person("complete"), None)
    theirs = await exports.plan_export(ctx, PROF, None, "@complete")
    assert theirs.private
    assert theirs.attachments[0].data == own.attachments[0].data
    assert theirs.attachments[0].filename == "plan-export-complete.md"
    assert theirs.text == "Complete's career plan: plan-export-complete.md (complete)."
    with pytest.raises(
        NotFound, match="Nothing has no plan or skills to export yet; see what they still miss"
    ):
        await exports.plan_export(ctx, PROF, None, "@nothing")
    with pytest.raises(PermissionDenied, match="Only an instructor of ML-Fall-2026 can export another"):
        await exports.plan_export(ctx, person("unfit"), None, "@complete")
    # an instructor of another cohort does not find the student in theirs
    await cohort_with(ctx, "Other", person("zed"))
    with pytest.raises(NotFound, match="nobody called 'complete' in Other"):
        await exports.plan_export(ctx, person("zed"), None, "@complete")
    # a co-instructor may, once added
    with pytest.raises(PermissionDenied):
        await exports.plan_export(ctx, person("unfit"), None, "@complete")
    await instructors.add_instructor(ctx, PROF, None, "@unfit")
    again = await exports.plan_export(ctx, person("unfit"), None, "@complete")
    assert again.attachments[0].data == own.attachments[0].data


async def test_the_archive_names_each_student_safely_and_once(stride: Stride) -> None:
    ctx = stride.services
    names = [
        "Ada Lovelace",
        "ada  lovelace",
        "José Núñez",
        "../../etc/passwd",
        "=HYPERLINK()",
        "李雷",
        "CON",
        "…",
    ]
    people = [Actor("console", "local", f"u{n}", name) for n, name in enumerate(names)]
    await cohort_with(ctx, COHORT, PROF, tuple(people))
    await _complete(ctx, people[0])
    notice = await grading.deliverables_export(ctx, PROF, None)
    (file,) = notice.attachments
    assert file.media_type == "application/zip"
    assert file.filename.startswith("ML-Fall-2026-deliverables-")
    assert notice.text.startswith("ML-Fall-2026: 8 deliverables in ")
    assert "(1 complete)" in notice.text
    archive = zipfile.ZipFile(io.BytesIO(file.data))
    assert sorted(archive.namelist()) == sorted(
        [
            "summary.csv",
            *(
                f"deliverables/{stem}.md"
                for stem in (
                    "ada-lovelace",
                    "ada-lovelace-2",
                    "jose-nunez",
                    "etc-passwd",
                    "hyperlink",
                    "李雷",
                    "con-student",
                    "student",
                )
            ),
        ]
    )
    summary = list(csv.reader(io.StringIO(archive.read("summary.csv").decode("utf-8-sig"))))
    assert summary[0] == ["student", "file", "complete", "attainable", "total_weeks", "missing_parts"]
    assert [row[0] for row in summary if "HYPERLINK" in row[0]] == ["'=HYPERLINK()"]
    heads = {
        archive.read(f"deliverables/{s}.md").decode().split("\n", 1)[0]
        for s in ("ada-lovelace", "ada-lovelace-2")
    }
    assert heads == {
        "# Career plan — Ada Lovelace",
        "# Career plan — ada lovelace",
    }  # display names as written


def test_safe_stems() -> None:
    assert safe_stem("  Ada   Lovelace ") == "ada-lovelace"
    assert safe_stem("x" * 500) == "x" * 60
    assert safe_stem("a/b\\c:d*e?f") == "a-b-c-d-e-f"
    assert safe_stem("\u202eevil\x00") == "evil"
    assert unique_stems(["A", "a", "A-2", "a"]) == ["a", "a-2", "a-2-2", "a-3"]


async def test_a_class_of_two_hundred_builds_off_the_event_loop(stride: Stride) -> None:
    ctx = stride.services
    people = tuple(person(f"s{n:03}") for n in range(200))
    await cohort_with(ctx, COHORT, PROF, people)
    for who in people[:40]:
        await _complete(ctx, who)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    task = asyncio.create_task(ticker())
    started = time.perf_counter()
    notice = await grading.deliverables_export(ctx, PROF, None)
    took = time.perf_counter() - started
    task.cancel()
    archive = zipfile.ZipFile(io.BytesIO(notice.attachments[0].data))
    assert len(archive.namelist()) == 201
    assert "(40 complete)" in notice.text
    assert took < 5  # about 0.15 s on the development machine
    assert ticks > 0  # the loop kept running while the archive was built
