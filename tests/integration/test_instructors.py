"""Co-instructors on SQLite and PostgreSQL: a cohort never ends up without an instructor,
even when its two instructors remove each other (or erase themselves) at the same moment."""

from __future__ import annotations

import asyncio

from core.bootstrap import Stride
from core.domain.model import Role
from core.errors import Conflict, PermissionDenied
from core.services import cohorts, exports, instructors
from tests.integration.helpers import cohort_with, person

COHORT = "ML-Fall-2026"
PROF, GRACE, ADA = person("prof"), person("grace"), person("ada")


async def _instructors(stride: Stride) -> list[str]:
    view = await cohorts.show_cohort(stride.services, ADA, None)
    return view.instructor_names


async def test_two_instructors_removing_each_other_at_once_leave_one(stride: Stride) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (GRACE, ADA))
    await instructors.add_instructor(ctx, PROF, None, "@grace")
    for _ in range(3):
        results = await asyncio.gather(
            instructors.remove_instructor(ctx, PROF, None, "@grace"),
            instructors.remove_instructor(ctx, GRACE, None, "@prof"),
            return_exceptions=True,
        )
        # the second is refused: as the last instructor, or (its speaker demoted first) as a student
        refused = [r for r in results if isinstance(r, Conflict | PermissionDenied)]
        assert len(refused) == 1, results
        (left,) = await _instructors(stride)
        other = GRACE if left == "Prof" else PROF
        await instructors.add_instructor(ctx, PROF if left == "Prof" else GRACE, None, f"@{other.user_id}")


async def test_two_instructors_erasing_themselves_at_once_leave_one(stride: Stride) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (GRACE, ADA))
    await instructors.add_instructor(ctx, PROF, None, "@grace")
    results = await asyncio.gather(
        exports.me_delete(ctx, PROF, None, COHORT),
        exports.me_delete(ctx, GRACE, None, COHORT),
        return_exceptions=True,
    )
    assert len([r for r in results if isinstance(r, Conflict | PermissionDenied)]) == 1, results
    assert len(await _instructors(stride)) == 1
    async with ctx.uow(read_only=True) as uow:
        (cohort,) = await uow.cohorts.named(COHORT)
        roles = await uow.members.count_by_role(cohort.id)
    assert roles == {Role.INSTRUCTOR: 1, Role.STUDENT: 1}
