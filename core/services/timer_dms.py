"""The scheduler's step for focus timers: a direct message when a focus period ends.

Each tick (``enqueue_due``) looks at every running timer for periods that ended since the
scheduler last looked at it (the row's ``heartbeat_at``) and writes one outbox row per
period, kind ``timer``, period key ``session:ID:period:N``: the outbox's unique key keeps it
to one message however many ticks, restarts or replicas see the same end. The same
transaction moves ``heartbeat_at`` on, and at the last period marks the timer ``ended``
(nothing more counts; it waits for *Log it* / *Keep going* / *Discard*).

A break's message is worth sending only during the break: one found after the next
period began (the bot was down) is written as skipped, and expires when that period
starts. The end-of-session message asks a question, so it waits up to :data:`KEEP` to be
delivered. The tick runs once a minute; it also reports the next period end, which the
scheduler's heartbeat moves its next beat to (``bot.scheduler.Heartbeat``), so a message
comes within about a second of the end rather than up to a minute late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.db.uow import UnitOfWork
from core.domain.model import Cohort, Member
from core.domain.sessions import SessionStatus, StudySession
from core.domain.timers import all_focus, period_key, periods, unseen_ends
from core.services.context import ServiceContext
from core.services.outbox_rows import outbox_row
from core.services.timers import local_time
from core.views.sessions import TimerDmView

KIND = "timer"
KEEP = timedelta(days=7)
"""How long the end-of-session message may wait to be delivered (a bot down for days)."""
SKIPPED = "the break was over before it could be sent"


@dataclass(frozen=True)
class TimerTick:
    new_rows: int
    """Outbox rows this tick added."""
    next_end: datetime | None
    """The next period end of any running timer (for a punctual beat), None if there is none."""


async def enqueue_timer_dms(ctx: ServiceContext) -> TimerTick:
    """Write the messages of every focus period that ended by now."""
    now = ctx.clock.now()
    async with ctx.uow(read_only=True) as uow:
        running = await uow.sessions.running_timers()
    next_end = min((p.end for _, s in running for p in periods(s) if p.end > now), default=None)
    ended: dict[int, list[StudySession]] = {}
    for cohort_id, timer in running:
        if unseen_ends(timer, now):
            ended.setdefault(cohort_id, []).append(timer)
    if not ended:
        return TimerTick(0, next_end)
    new = 0
    async with ctx.uow() as uow:
        people = await uow.members.by_ids(s.member_id for sessions in ended.values() for s in sessions)
        for cohort_id, sessions in ended.items():
            cohort = await uow.cohorts.get(cohort_id)
            for seen in sessions:
                member = people.get(seen.member_id)
                if member is None:
                    continue
                await uow.sessions.lock_member(member.id)
                session = await uow.sessions.get(seen.id)  # as it is now, under the member's lock
                if session is not None and session.status is SessionStatus.OPEN:
                    new += await _period_ends(uow, cohort, member, session, now)
        await uow.commit()
    return TimerTick(new, next_end)


async def _period_ends(
    uow: UnitOfWork, cohort: Cohort, member: Member, session: StudySession, now: datetime
) -> int:
    zone = ZoneInfo(member.timezone or cohort.timezone)
    found = periods(session)
    last = found[-1]
    rows = []
    for period in unseen_ends(session, now):
        following = found[period.number] if period.number < last.number else None
        view = TimerDmView(
            session_id=session.id,
            period=period.number,
            cycles=last.number,
            track=session.track,
            period_minutes=session.planned_minutes or 0,
            total_minutes=(session.planned_minutes or 0) * last.number,
            final=following is None,
            next_start=local_time(following.start, zone, period.end) if following else None,
        )
        late = following is not None and now >= following.start
        expires = following.start if following is not None else period.end + KEEP
        rows.append(_row(cohort, member, session, period.number, period.end, expires, view, late, now))
    if last.end <= now:
        await uow.sessions.change(
            session,
            spans=all_focus(session),
            counting_since=None,
            status=SessionStatus.ENDED.value,
            ended_at=last.end,
            heartbeat_at=now,
        )
    else:
        await uow.sessions.change(session, keep_counting_since=True, heartbeat_at=now)
    return await uow.outbox.enqueue(rows)


def _row(
    cohort: Cohort,
    member: Member,
    session: StudySession,
    number: int,
    due: datetime,
    expires: datetime,
    view: TimerDmView,
    late: bool,
    now: datetime,
) -> dict[str, Any]:
    return outbox_row(
        cohort_id=cohort.id,
        kind=KIND,
        member_id=member.id,
        period_key=period_key(session.id, number),
        due_at=due,
        expires_at=expires,
        payload=view.model_dump(mode="json"),
        now=now,
        skipped=SKIPPED if late else None,
    )
