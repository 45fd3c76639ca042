"""The digest's reflection part: who answered the week's reflection, the commitments made
for the week against what was logged, and the blockers named in it.

Two cohort-wide statements whatever the cohort's size (the reflections of the week and the
week before, and the logged minutes of the students who committed); the rest is a pure
function of their rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.db.uow import UnitOfWork
from core.domain.limits import cut
from core.domain.reflections import DigestRow
from core.services.reflection_history import commitment_views, previous_key
from core.views.reports import BlockerView, CommitmentRowView

BLOCKER_CHARS = 200
"""A blocker's text in the digest."""
REASON_CHARS = 120
"""A blocker's text in the at-risk reason."""


@dataclass(frozen=True)
class ReflectionDigest:
    answered: int = 0
    commitments: list[CommitmentRowView] = field(default_factory=list)
    blockers: list[BlockerView] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)
    """Student → the at-risk reason ``blocked: “…”``."""


async def reflection_digest(
    uow: UnitOfWork, cohort_id: int, week: str, names: Mapping[int, str]
) -> ReflectionDigest:
    """The reflection part of ``week``'s digest for the students in ``names``."""
    committed_in = previous_key(week)
    rows = await uow.reflections.digest_rows(cohort_id, committed_in, week)
    if not rows:
        return ReflectionDigest()
    done = await uow.reflections.committed_minutes(cohort_id, committed_in, week)
    return judge_reflections(rows, done, names, week)


def judge_reflections(
    rows: Sequence[DigestRow], done: Mapping[int, Mapping[str, int]], names: Mapping[int, str], week: str
) -> ReflectionDigest:
    this_week = {r.member_id: r for r in rows if r.iso_week == week and r.member_id in names}
    before = {r.member_id: r for r in rows if r.iso_week != week and r.member_id in names}
    commitments: list[CommitmentRowView] = []
    for member_id, reflection in before.items():
        if not reflection.commitments:
            continue
        views = commitment_views(reflection.commitments, done.get(member_id, {}))
        commitments.append(
            CommitmentRowView(
                name=names[member_id],
                met=all(v.met for v in views),
                commitments=views,
            )
        )
    blockers: list[BlockerView] = []
    reasons: dict[int, str] = {}
    for member_id, reflection in this_week.items():
        if not reflection.blocked:
            continue
        text = " ".join(reflection.blocked.split())
        last = before.get(member_id)
        blockers.append(
            BlockerView(
                name=names[member_id],
                member_id=member_id,
                week=week,
                text=cut(text, BLOCKER_CHARS),
                still=last is not None and last.blocker_status == "open",
            )
        )
        reasons[member_id] = f"blocked: “{cut(text, REASON_CHARS)}”"
    return ReflectionDigest(
        answered=len(this_week),  # a reflection is saved only with an answer
        commitments=sorted(commitments, key=lambda c: c.name.casefold()),
        blockers=sorted(blockers, key=lambda b: (b.name.casefold(), b.member_id)),
        reasons=reasons,
    )
