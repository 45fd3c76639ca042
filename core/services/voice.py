"""Time in a Discord voice study room becomes check-ins: the platform-free rules.

The adapter reports plain values (who, which channel or none, self-deafened or not, the
server's AFK channel); a member of a cohort in one of its mapped rooms gets a live voice
session (a row, so it survives a restart), and when they leave it is closed and logged by
:func:`core.services.study_log.log_session` (5-minute minimum, local dates, 24 h a day).

- Self-deafened time does not count: deafening closes the running span, undeafening opens one.
- The server's AFK channel never counts, even if mapped.
- Moving from one mapped room to another closes the session and opens one on the new track;
  moving to an unmapped room (or leaving voice) closes it.
- Not tracked: people in no cohort here, members with ``/me voice off``, and members with
  another live session (a focus timer): one live session per member.
- A member of several cohorts of the server: the oldest cohort that maps the room counts it.

Start-up (:func:`reconcile`) compares the live rows with the voice states the gateway
reports: a member still in the same room keeps their session; one who left (or moved)
while Stride was down is closed at the session's ``heartbeat_at``, the last time Stride saw
them, never at restart time; one in a mapped room without a session gets one from now.
The :func:`heartbeat` moves ``heartbeat_at`` on for the members still seen in their room.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from core.db.repositories.memberships import FoundMembership
from core.db.uow import UnitOfWork
from core.domain.model import Member
from core.domain.sessions import LoggedSession, SessionKind, Span, StudySession
from core.services.context import Membership, ServiceContext
from core.services.study_log import log_session
from core.services.voice_rooms import voice_rooms

PLATFORM = "discord"


@dataclass(frozen=True)
class VoiceState:
    """A person in a voice channel of the server, as the gateway reports it."""

    user_id: str
    channel_id: str
    self_deaf: bool = False


@dataclass(frozen=True)
class VoiceResult:
    """What one voice change did (for logs and tests; nothing is sent to anyone)."""

    opened: StudySession | None = None
    logged: list[LoggedSession] = field(default_factory=list)
    kept: StudySession | None = None


async def voice_update(
    ctx: ServiceContext,
    workspace_id: str,
    user_id: str,
    channel_id: str | None,
    *,
    self_deaf: bool,
    afk_channel_id: str | None,
) -> VoiceResult:
    """``user_id`` is now in ``channel_id`` (None: left voice), deafened or not."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        found = await uow.memberships.find(PLATFORM, workspace_id, user_id)
        if not found:
            return VoiceResult()
        result = await _settle(uow, found, channel_id, self_deaf, afk_channel_id, now, catching_up=False)
        await uow.commit()
    return result


async def reconcile(
    ctx: ServiceContext, workspace_id: str, states: Sequence[VoiceState], afk_channel_id: str | None
) -> list[VoiceResult]:
    """Bring the server's live voice sessions in line with ``states`` (every person in one
    of its voice channels) after Stride was away: see the module's docstring."""
    now = ctx.clock.now()
    present = {state.user_id: state for state in states}
    results: list[VoiceResult] = []
    async with ctx.uow() as uow:
        cohorts = await uow.cohorts.in_workspace(PLATFORM, workspace_id)
        mapped = {channel for cohort in cohorts for channel in voice_rooms(cohort.settings)}
        users = {live.user_id for live in await uow.sessions.live_voice_in_workspace(PLATFORM, workspace_id)}
        users |= {s.user_id for s in states if s.channel_id in mapped and s.channel_id != afk_channel_id}
        for user_id in sorted(users):
            found = await uow.memberships.find(PLATFORM, workspace_id, user_id)
            state = present.get(user_id)
            channel, deaf = (state.channel_id, state.self_deaf) if state else (None, False)
            results.append(await _settle(uow, found, channel, deaf, afk_channel_id, now, catching_up=True))
        await uow.commit()
    return results


async def heartbeat(ctx: ServiceContext, workspace_id: str, states: Sequence[VoiceState]) -> int:
    """Record that the members ``states`` still shows in their session's room were there now;
    how many sessions. Nothing is closed here (a leave is an event, or start-up's job)."""
    where = {state.user_id: state.channel_id for state in states}
    async with ctx.uow() as uow:
        lives = await uow.sessions.live_voice_in_workspace(PLATFORM, workspace_id)
        seen = [live.session.id for live in lives if where.get(live.user_id) == live.session.channel_id]
        count = await uow.sessions.heartbeat(seen, ctx.clock.now())
        await uow.commit()
    return count


async def stop_voice_session(uow: UnitOfWork, found: Membership, now: datetime) -> LoggedSession | None:
    """Close and log the member's live voice session, if any (``/me voice off``)."""
    await uow.sessions.lock_member(found.member.id)
    live = await uow.sessions.live(found.member.id)
    if live is None or live.kind is not SessionKind.VOICE:
        return None
    return await log_session(uow, live, zone=found.timezone, until=now, now=now)


def _room(
    found: Sequence[FoundMembership], channel_id: str | None, afk_channel_id: str | None
) -> tuple[FoundMembership, Member, str] | None:
    """The membership (oldest cohort first) whose cohort maps ``channel_id``, and its track."""
    if channel_id is None or channel_id == afk_channel_id:
        return None
    for entry in found:
        track = voice_rooms(entry.cohort.settings).get(channel_id)
        if track is not None and entry.member is not None:
            return entry, entry.member, track
    return None


async def _settle(
    uow: UnitOfWork,
    found: Sequence[FoundMembership],
    channel_id: str | None,
    self_deaf: bool,
    afk_channel_id: str | None,
    now: datetime,
    *,
    catching_up: bool,
) -> VoiceResult:
    """Make the member's voice sessions match "in ``channel_id``, deafened or not".

    ``catching_up`` (start-up): what changed while Stride was away changed at the session's
    last heartbeat, the last time Stride saw it."""
    target = _room(found, channel_id, afk_channel_id)
    logged: list[LoggedSession] = []
    kept: StudySession | None = None
    for entry in found:
        if entry.member is None:
            continue
        await uow.sessions.lock_member(entry.member.id)
        live = await uow.sessions.live(entry.member.id)
        if live is None or live.kind is not SessionKind.VOICE:
            continue
        if (
            target
            and target[1].id == entry.member.id
            and (live.channel_id, live.track)
            == (
                channel_id,
                target[2],
            )
        ):
            kept = await _deafen(uow, live, self_deaf, now, catching_up=catching_up)
            continue
        until = live.heartbeat_at if catching_up else now
        zone = Membership(entry.cohort, entry.member).timezone
        if done := await log_session(uow, live, zone=zone, until=until, now=now):
            logged.append(done)
    opened = None
    if target is not None and kept is None:
        _, member, track = target
        if member.voice_tracking and await uow.sessions.live(member.id) is None:
            opened = await uow.sessions.open(
                member.id,
                SessionKind.VOICE,
                track,
                now=now,
                counting_since=None if self_deaf else now,
                channel_id=channel_id,
            )
    return VoiceResult(opened=opened, logged=logged, kept=kept)


async def _deafen(
    uow: UnitOfWork, live: StudySession, self_deaf: bool, now: datetime, *, catching_up: bool
) -> StudySession | None:
    """The same room: stop counting on deafen (at the last heartbeat if it happened while
    Stride was away), start again on undeafen; the session was seen now either way."""
    if self_deaf and live.counting_since is not None:
        end = live.heartbeat_at if catching_up else now
        spans = [*live.spans, *([Span(live.counting_since, end)] if end > live.counting_since else [])]
        return await uow.sessions.change(live, spans=spans, counting_since=None, heartbeat_at=now)
    if not self_deaf and live.counting_since is None:
        return await uow.sessions.change(live, counting_since=now, heartbeat_at=now)
    return await uow.sessions.change(live, keep_counting_since=True, heartbeat_at=now)
