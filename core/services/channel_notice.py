"""When a channel post is refused because the cohort has no channel, tell its instructors.

Without this the Monday reminder and the leaderboard were refused in silence, every week.
Each instructor gets one DM per cohort, through the outbox like every other message: the
notice's fixed period key makes the unique key drop every later copy, so a weekly refusal
never becomes a weekly nag. A channel, once set, cannot be unset, so "once per cohort" is
also "once until a channel is set"; the posts go out from then on.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from core.db.uow import UnitOfWork
from core.domain.model import Notification, Role
from core.domain.schedule import SPECS, Kind
from core.services.outbox_rows import outbox_row
from core.views.base import Notice

KIND = "no_channel"
PERIOD = "until-a-channel-is-set"
KEEP = timedelta(days=7)
"""How long the notice may wait to be delivered (a bot down for days) before it is dropped."""
HOW_TO_SET = {
    "discord": "/cohort set channel:#your-class-channel",
    "slack": "/stride cohort set channel=#your-class-channel",
}


def notice(notification: Notification, cohort_name: str) -> Notice:
    try:
        what = SPECS[Kind(notification.kind)].title.lower()
    except ValueError:
        what = notification.kind.replace("_", " ")
    command = HOW_TO_SET.get(notification.platform, "/cohort set channel=your-class-channel")
    return Notice(
        text=(
            f"The {what} for {cohort_name} could not be posted: the cohort has no channel set. "
            f"Type {command} (or /cohort create in the class channel next time), and the "
            "cohort's posts go there from then on."
        )
    )


async def tell_instructors(uow: UnitOfWork, notification: Notification, now: datetime) -> int:
    """Enqueue the notice for each instructor who can get DMs; returns how many were new."""
    cohort = await uow.cohorts.get(notification.cohort_id)
    payload = notice(notification, cohort.name).model_dump(mode="json")
    rows: list[dict[str, Any]] = [
        outbox_row(
            cohort_id=cohort.id,
            kind=KIND,
            audience="instructor",
            member_id=member.id,
            period_key=PERIOD,
            due_at=now,
            expires_at=now + KEEP,
            payload=payload,
            now=now,
        )
        for member in await uow.members.in_cohort(cohort.id)
        if member.role is Role.INSTRUCTOR and member.dms_enabled and not member.unreachable
    ]
    return await uow.outbox.enqueue(rows)
