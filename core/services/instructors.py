"""Co-instructors: an instructor makes another member an instructor, or takes that back.

A cohort is never left without an instructor: the last one cannot step down, be removed,
or erase themselves with /me delete while anyone else is still in the cohort; they add
another instructor first. The instructors' rows are locked while that is judged, so two
instructors removing each other at once cannot both succeed.
"""

from __future__ import annotations

from core.db.uow import UnitOfWork
from core.domain.model import Actor, Member, Role
from core.errors import Conflict
from core.services.cohorts import cohort_view
from core.services.context import (
    Membership,
    ServiceContext,
    membership,
    named_member,
    require_instructor,
    short,
)
from core.views.member import CohortView

ADD_EXAMPLE = "/cohort instructor add @ada"
REMOVE_EXAMPLE = "/cohort instructor remove @ada"
NOT_A_BOT = "Bots cannot be instructors; name a person in the cohort, like /cohort instructor add @ada."


async def add_instructor(ctx: ServiceContext, actor: Actor, cohort_name: str | None, who: str) -> CohortView:
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        require_instructor(found, "add instructors")
        target = await named_member(uow, found, who, ADD_EXAMPLE)
        if target.is_instructor:
            you = "You are" if target.id == found.member.id else f"{short(target.display_name)} is"
            raise Conflict(
                f"{you} already an instructor of {found.cohort.name}; see them all with /cohort show."
            )
        await uow.members.update(target.id, role=Role.INSTRUCTOR.value)
        view = await cohort_view(uow, found.cohort.id, _role_after(found, target, Role.INSTRUCTOR))
        await uow.commit()
    return view.model_copy(
        update={"headline": f"{short(target.display_name)} is now an instructor of {found.cohort.name}."}
    )


async def remove_instructor(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, who: str
) -> CohortView:
    """The instructor named becomes a student of the cohort (their own data stays)."""
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        require_instructor(found, "remove instructors")
        target = await named_member(uow, found, who, REMOVE_EXAMPLE)
        instructors = await uow.members.instructors(found.cohort.id, lock=True)
        if target.id not in {member.id for member in instructors}:
            raise Conflict(
                f"{short(target.display_name)} is not an instructor of {found.cohort.name}; "
                "see who is with /cohort show."
            )
        if len(instructors) == 1:
            raise Conflict(_last_instructor(found, target))
        await uow.members.update(target.id, role=Role.STUDENT.value)
        view = await cohort_view(uow, found.cohort.id, _role_after(found, target, Role.STUDENT))
        await uow.commit()
    headline = (
        f"You are no longer an instructor of {found.cohort.name}; you stay in it as a student."
        if target.id == found.member.id
        else f"{short(target.display_name)} is no longer an instructor of {found.cohort.name}; "
        "they stay as a student."
    )
    return view.model_copy(update={"headline": headline})


async def check_not_last_instructor(uow: UnitOfWork, found: Membership) -> None:
    """Refuse to erase the last instructor of a cohort that still has other members
    (an instructor alone in the cohort may erase themselves: nobody is left without one)."""
    if not found.member.is_instructor:
        return
    instructors = await uow.members.instructors(found.cohort.id, lock=True)
    if len(instructors) > 1:
        return
    if sum((await uow.members.count_by_role(found.cohort.id)).values()) > 1:
        raise Conflict(
            f"You are the last instructor of {found.cohort.name}, so your data cannot be erased yet; "
            "add another instructor first with /cohort instructor add @member."
        )


def _last_instructor(found: Membership, target: Member) -> str:
    who = "You are" if target.id == found.member.id else f"{short(target.display_name)} is"
    return (
        f"{who} the last instructor of {found.cohort.name}; "
        "add another instructor first with /cohort instructor add @member."
    )


def _role_after(found: Membership, target: Member, role: Role) -> Role:
    """The speaker's role once the change is made (they may have changed their own)."""
    return role if target.id == found.member.id else found.member.role
