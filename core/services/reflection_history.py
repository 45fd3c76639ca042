"""A member's reflection history as a week's messages look back on it: their reflection of
the week, the one before, that one's commitment checked against the week, and a blocker
still waiting for "is it resolved?". Shared by the reflection services and the check-in DM
(``core.services.personal_dms``), outside the reflections package so that the scheduler's
side imports it without the services that write through it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from core.db.uow import UnitOfWork
from core.domain.reflections import Reflection
from core.domain.weeks import iso_week_key, week_start_of_key
from core.views.reflections import CommitmentView


def previous_key(key: str) -> str:
    return iso_week_key(week_start_of_key(key) - timedelta(days=7))


def commitment_views(planned: Mapping[str, int], done: Mapping[str, int]) -> list[CommitmentView]:
    return [
        CommitmentView(track=track, planned_hours=minutes / 60, done_hours=done.get(track, 0) / 60)
        for track, minutes in planned.items()
    ]


@dataclass(frozen=True)
class History:
    """A member's reflection of a week and the one before it (what its reply looks back on)."""

    own: Reflection | None
    previous: Reflection | None


async def history(uow: UnitOfWork, member_id: int, key: str) -> History:
    found = await uow.reflections.latest(member_id, key, 2)
    own = found[0] if found and found[0].iso_week == key else None
    rest = [r for r in found if r.iso_week < key]
    return History(own, rest[0] if rest else None)


def open_blocker(previous: Reflection | None) -> Reflection | None:
    """The previous reflection, when its blocker still waits for "is it resolved?"."""
    if previous is not None and previous.blocked and previous.blocker_status is None:
        return previous
    return None


async def last_commitments(uow: UnitOfWork, member_id: int, key: str, past: History) -> list[CommitmentView]:
    """The commitment made for week ``key`` (in the reflection of the week before), against
    the hours logged in it; empty without one."""
    previous = past.previous
    if previous is None or previous.iso_week != previous_key(key) or not previous.commitments:
        return []
    return commitment_views(previous.commitments, await uow.reflections.week_minutes(member_id, key))
