"""Who is signed in, and what they may see.

A person is (platform, workspace, user): an instructor of two cohorts signs in once. What
they see follows their member rows at every request, so a student made instructor (or an
instructor removed) sees the change on the next page: instructors — and the workspace's
admins, as the platform vouched when the link was asked for — see their cohorts; a
student sees only their own page. Anything else is "not found", never "forbidden": a page
must not confirm that another cohort or student exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.db.uow import UnitOfWork
from core.domain.model import Actor, Cohort, Member
from core.errors import NotFound

NOT_FOUND = "There is no such page, or it is not yours to see."
MAX_ID = 2**31 - 1
"""The largest id a table's integer key holds (PostgreSQL's ``integer``): an address with a
larger one names nothing, and is never sent to the database (asyncpg would refuse it)."""


@dataclass(frozen=True)
class Viewer:
    """The person a dashboard session belongs to."""

    platform: str
    workspace_id: str
    user_id: str
    workspace_admin: bool = False

    @classmethod
    def of(cls, actor: Actor) -> Viewer:
        return cls(actor.platform, actor.workspace_id, actor.user_id, actor.workspace_admin)


@dataclass(frozen=True)
class CohortAccess:
    """One cohort the viewer belongs to, and as what."""

    cohort: Cohort
    member: Member
    workspace_admin: bool

    @property
    def is_instructor(self) -> bool:
        return self.member.is_instructor or self.workspace_admin


async def viewer_cohorts(uow: UnitOfWork, viewer: Viewer) -> list[CohortAccess]:
    """Every cohort of the viewer's workspace they belong to, oldest membership first."""
    found = await uow.members.memberships(viewer.platform, viewer.workspace_id, viewer.user_id)
    return [CohortAccess(cohort, member, viewer.workspace_admin) for cohort, member in found]


async def cohort_access(uow: UnitOfWork, viewer: Viewer, cohort_id: int) -> CohortAccess:
    """The viewer's access to ``cohort_id`` as its instructor, or NotFound."""
    for access in await viewer_cohorts(uow, viewer):
        if access.cohort.id == cohort_id and access.is_instructor:
            return access
    raise NotFound(NOT_FOUND)


async def student_access(
    uow: UnitOfWork, viewer: Viewer, cohort_id: int, member_id: int
) -> tuple[Cohort, Member]:
    """The cohort and member of a student page the viewer may see (their own, or one of
    their cohort's as its instructor), or NotFound."""
    if not 0 < member_id <= MAX_ID:
        raise NotFound(NOT_FOUND)
    for access in await viewer_cohorts(uow, viewer):
        if access.cohort.id != cohort_id:
            continue
        if access.member.id == member_id:
            return access.cohort, access.member
        if access.is_instructor:
            found = (await uow.members.by_ids([member_id])).get(member_id)
            if found is not None and found.cohort_id == cohort_id:
                return access.cohort, found
    raise NotFound(NOT_FOUND)
