"""Where a signed-in person lands: each cohort they teach (its overview) and each cohort
they study in (their own page), read from their member rows at every visit."""

from __future__ import annotations

from dataclasses import dataclass

from core.services.context import ServiceContext
from core.services.dashboard.access import Viewer, viewer_cohorts


@dataclass(frozen=True)
class HomeEntry:
    cohort_id: int
    cohort_name: str
    member_id: int
    instructor: bool
    """True: the entry opens the cohort's overview; False: the student's own page."""


async def home_entries(ctx: ServiceContext, viewer: Viewer) -> list[HomeEntry]:
    async with ctx.uow(read_only=True) as uow:
        found = await viewer_cohorts(uow, viewer)
    return [
        HomeEntry(access.cohort.id, access.cohort.name, access.member.id, access.is_instructor)
        for access in found
    ]
