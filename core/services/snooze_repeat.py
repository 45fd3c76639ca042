"""The one repeat a snooze brings: the latest DM that asked the member something, written
again for the end of the snooze with what it says *then* (issue 20).

The copy keeps the original's kind and takes its period key with a suffix
(``2026-12-06T18:00~<token>``): the token is the button's idempotency key hashed, so a
second click of the same *Remind me later* finds its copy and acts once; without a key it
is the snooze's end, so the same /me snooze typed twice writes one copy.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import Any

from core.db.repositories.personal_dms import PersonalRow
from core.db.uow import UnitOfWork
from core.domain.model import Cohort, Member
from core.domain.schedule import SPECS, Kind
from core.services import nudges, reminders
from core.services.outbox_rows import outbox_row
from core.services.personal_dms import REFLECTION_REMINDER, REMINDER_KEEP, reflection_prompt, zone_of
from core.views.base import View
from core.views.reflections import ReflectionReminderView

COPY_MARK = "~"
KIND_NAMES = {
    Kind.HOURS_CHECKIN.value: "weekly check-in",
    REFLECTION_REMINDER: "reflection reminder",
    Kind.NUDGE.value: "midweek nudge",
}


def base_period(period: str) -> str:
    """The occurrence a row (or a copy of it) is for."""
    return period.split(COPY_MARK, 1)[0]


def copy_token(idempotency_key: str | None, until: datetime) -> str:
    if idempotency_key:
        return hashlib.sha256(idempotency_key.encode()).hexdigest()[:10]
    return f"{until:%m%d%H%M}"


def is_copy(period: str) -> bool:
    return COPY_MARK in period


async def fresh_view(
    uow: UnitOfWork, cohort: Cohort, member: Member, source: PersonalRow, at: datetime
) -> tuple[View, datetime] | None:
    """What the DM of ``source`` says if it comes at ``at``, and until when it may wait;
    None when it has nothing left to ask (on pace again, reflection answered or closed)."""
    zone = zone_of(member, cohort)
    if source.kind == Kind.HOURS_CHECKIN.value:
        asked = date.fromisoformat(base_period(source.period_key)[:10])
        view = await reminders.hours_checkin(uow, cohort, member, asked)
        prompt = await reflection_prompt(uow, cohort, member, at)
        if prompt is not None:
            view = view.model_copy(update={"reflection": prompt.view})
        return view, at + SPECS[Kind.HOURS_CHECKIN].grace
    if source.kind == Kind.NUDGE.value:
        nudge = await nudges.nudge(uow, cohort, member, at.astimezone(zone).date())
        return None if nudge is None else (nudge, at + SPECS[Kind.NUDGE].grace)
    if source.kind == REFLECTION_REMINDER:
        found = await reflection_prompt(uow, cohort, member, at)
        if found is None or found.view.answered or found.view.week != base_period(source.period_key):
            return None
        if at > found.week.locks_at - timedelta(minutes=30):
            return None
        view_ = ReflectionReminderView(member=member.display_name, prompt=found.view)
        return view_, min(at + REMINDER_KEEP, found.week.locks_at)
    return None


def copy_row(
    cohort: Cohort,
    member: Member,
    source: PersonalRow,
    token: str,
    view: View,
    at: datetime,
    expires_at: datetime,
    now: datetime,
) -> dict[str, Any]:
    return outbox_row(
        cohort_id=cohort.id,
        kind=source.kind,
        member_id=member.id,
        period_key=f"{base_period(source.period_key)}{COPY_MARK}{token}",
        due_at=at,
        expires_at=expires_at,
        payload=view.model_dump(mode="json"),
        now=now,
    )
