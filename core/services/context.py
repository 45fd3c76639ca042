"""What every service needs: a unit of work per command, a clock, and cohort defaults.

``membership`` turns "who is speaking, in which cohort" into a cohort and a member, with
the one-sentence errors a person sees when they are in no cohort, or in several.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.db.uow import UnitOfWork, UnitOfWorkFactory
from core.domain.model import Actor, BudgetRow, Cohort, Member
from core.domain.weeks import local_date
from core.errors import InvalidInput, NotFound, PermissionDenied
from core.settings import DefaultsSettings

NOT_IN_A_COHORT = (
    "You are not in a cohort yet; join your class with /cohort join NAME "
    "or start one with /cohort create NAME."
)


@dataclass
class DashboardAddress:
    """Where the dashboard answers, as its sign-in links spell it. Filled at start-up from
    ``[web]`` and again when the server binds (port 0 picks one); ``public_url`` wins.
    ``url`` None with ``enabled``: no server runs in this process (a console script)."""

    enabled: bool = False
    public_url: str | None = None
    bound_url: str | None = None

    @property
    def url(self) -> str | None:
        """The base address without a trailing slash, or None when nothing serves it."""
        return self.public_url or self.bound_url


@dataclass(frozen=True)
class ServiceContext:
    uow: UnitOfWorkFactory
    clock: Clock
    defaults: DefaultsSettings
    dashboard: DashboardAddress = field(default_factory=DashboardAddress)


@dataclass(frozen=True)
class Membership:
    cohort: Cohort
    member: Member
    workspace_admin: bool = False

    @property
    def is_instructor(self) -> bool:
        """The cohort's own instructors, and whoever the platform says runs the workspace."""
        return self.member.is_instructor or self.workspace_admin

    @property
    def timezone(self) -> ZoneInfo:
        """The member's own time zone, falling back to the cohort's."""
        return ZoneInfo(self.member.timezone or self.cohort.timezone)

    def today(self, clock: Clock) -> date:
        return local_date(clock.now(), self.timezone)


async def membership(uow: UnitOfWork, actor: Actor, cohort_name: str | None) -> Membership:
    """The speaker's membership of ``cohort_name``, or of their only cohort."""
    return (await member_context(uow, actor, cohort_name)).membership


@dataclass(frozen=True)
class MemberContext:
    """A membership with what the command asked for in the same query."""

    membership: Membership
    budgets: list[BudgetRow]
    skill: tuple[int, str] | None
    """The id and stored name of the skill asked for, if the member has it."""


async def member_context(
    uow: UnitOfWork,
    actor: Actor,
    cohort_name: str | None,
    *,
    with_budgets: bool = False,
    skill_key: str | None = None,
    lock: bool = False,
) -> MemberContext:
    """``membership`` with the member's budgets and the skill named ``skill_key`` (its
    casefolded name), in one query; the same one-sentence errors. ``lock`` holds the
    member's row until the transaction ends: a writer of their check-ins takes it."""
    found = await uow.memberships.find(
        actor.platform,
        actor.workspace_id,
        actor.user_id,
        cohort_name or None,
        with_budgets=with_budgets,
        skill_key=skill_key,
        lock=lock,
    )
    if lock and not found and cohort_name:  # which error: no such cohort, or not in it
        found = await uow.memberships.find(actor.platform, actor.workspace_id, actor.user_id, cohort_name)
    if cohort_name:
        if not found:
            raise NotFound(
                f"There is no cohort called '{short(cohort_name)}' here; "
                "check the name, or start one with /cohort create NAME."
            )
        if found[0].member is None:
            name = found[0].cohort.name
            raise PermissionDenied(f"You are not in cohort {name}; join it with /cohort join {name}.")
    elif not found:
        raise NotFound(NOT_IN_A_COHORT)
    elif len(found) > 1:
        names = ", ".join(entry.cohort.name for entry in found)
        raise NotFound(
            f"You are in several cohorts ({short(names, 80)}); "
            "say which one by adding cohort=NAME to the command."
        )
    entry = found[0]
    assert entry.member is not None  # a membership found without a name always has one
    return MemberContext(
        Membership(entry.cohort, entry.member, actor.workspace_admin), entry.budgets, entry.skill
    )


async def named_member(uow: UnitOfWork, found: Membership, who: str, example: str) -> Member:
    """The member of ``found``'s cohort that ``who`` names (``@user_id`` as each platform's
    mention arrives, or a display name), or the sentence saying nobody is called that."""
    name = who.strip().lstrip("@").strip()
    if not name:
        raise InvalidInput(f"Name the member with an @mention, like {example}.")
    target = await uow.members.find_by_name(found.cohort.id, name) if len(name) <= 200 else None
    if target is None:
        raise NotFound(
            f"There is nobody called '{short(name)}' in {found.cohort.name}; "
            f"write their @mention or display name, like {example}."
        )
    return target


def require_instructor(found: Membership, what: str) -> None:
    if not found.is_instructor:
        raise PermissionDenied(f"Only an instructor of {found.cohort.name} can {what}; ask your instructor.")


def short(text: str, limit: int = 40) -> str:
    """User input made safe to repeat in a one-line message: no line breaks or control
    characters, and at most ``limit`` characters."""
    flat = "".join(ch if ch.isprintable() else " " for ch in " ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
