"""Voice study rooms through the platform-free service, on SQLite and PostgreSQL: time in a
mapped room becomes check-ins (source voice) by the rules, and start-up reconciles the live
rows with the voice states a server reports."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import checkins, study_sessions
from core.domain.model import Actor
from core.domain.sessions import SessionKind
from core.errors import InvalidInput
from core.services import checkins as checkin_service
from core.services import cohorts, exports, me, voice
from core.services.voice import VoiceState
from core.services.voice_rooms import NOT_HERE

GUILD = "1100000000000000001"
DSA_ROOM = "1200000000000000001"
PROJECT_ROOM = "1200000000000000002"
LOUNGE = "1200000000000000003"
AFK = "1200000000000000004"
START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def discord_person(user_id: str, name: str) -> Actor:
    return Actor("discord", GUILD, user_id, name)


PROF = discord_person("1300000000000000001", "Prof")
ADA = discord_person("1300000000000000002", "Ada")
BOB = discord_person("1300000000000000003", "Bob")
STRANGER = discord_person("1300000000000000009", "Stranger")


async def _class(stride: Stride, *, afk_mapped: bool = False) -> None:
    ctx = stride.services
    await cohorts.create_cohort(ctx, PROF, "ML-Fall-2026", "Europe/Berlin")
    await cohorts.join_cohort(ctx, ADA, "ML-Fall-2026")
    await cohorts.join_cohort(ctx, BOB, "ML-Fall-2026")
    rooms = f"{DSA_ROOM}:dsa,<#{PROJECT_ROOM}>:project" + (f",{AFK}:dsa" if afk_mapped else "")
    await cohorts.update_cohort(ctx, PROF, None, {"voice": rooms})


async def _move(
    stride: Stride, clock: FixedClock, at: datetime, who: Actor, room: str | None, *, deaf: bool = False
) -> voice.VoiceResult:
    clock.set(at)
    return await voice.voice_update(
        stride.services, GUILD, who.user_id, room, self_deaf=deaf, afk_channel_id=AFK
    )


async def _checkins(stride: Stride) -> list[tuple[str, int, date, str]]:
    async with stride.engine.connect() as connection:
        result = await connection.execute(
            select(checkins.c.track, checkins.c.minutes, checkins.c.local_date, checkins.c.source).order_by(
                checkins.c.id
            )
        )
        return [(r.track, r.minutes, r.local_date, r.source) for r in result]


async def _sessions(stride: Stride) -> list[tuple[str, str | None, str, datetime, datetime | None]]:
    async with stride.engine.connect() as connection:
        result = await connection.execute(
            select(
                study_sessions.c.track,
                study_sessions.c.channel_id,
                study_sessions.c.status,
                study_sessions.c.heartbeat_at,
                study_sessions.c.ended_at,
            ).order_by(study_sessions.c.id)
        )
        return [(r.track, r.channel_id, r.status, r.heartbeat_at, r.ended_at) for r in result]


async def test_half_an_hour_in_a_mapped_room_is_a_voice_checkin(stride: Stride, clock: FixedClock) -> None:
    await _class(stride)
    opened = await _move(stride, clock, START, ADA, DSA_ROOM)
    assert opened.opened is not None
    assert opened.opened.track == "dsa"
    left = await _move(stride, clock, START + timedelta(minutes=30), ADA, None)
    assert [entry.minutes for entry in left.logged] == [30]
    assert await _checkins(stride) == [("dsa", 30, date(2026, 11, 18), "voice")]
    assert [s[2] for s in await _sessions(stride)] == ["logged"]


async def test_under_five_minutes_logs_nothing(stride: Stride, clock: FixedClock) -> None:
    await _class(stride)
    await _move(stride, clock, START, ADA, DSA_ROOM)
    left = await _move(stride, clock, START + timedelta(minutes=4, seconds=59), ADA, None)
    assert left.logged[0].too_short
    assert await _checkins(stride) == []
    assert [s[2] for s in await _sessions(stride)] == ["discarded"]


async def test_self_deafened_time_does_not_count(stride: Stride, clock: FixedClock) -> None:
    await _class(stride)
    await _move(stride, clock, START, ADA, DSA_ROOM)
    await _move(stride, clock, START + timedelta(minutes=10), ADA, DSA_ROOM, deaf=True)
    await _move(stride, clock, START + timedelta(minutes=40), ADA, DSA_ROOM, deaf=False)
    await _move(stride, clock, START + timedelta(minutes=55), ADA, None)
    assert await _checkins(stride) == [("dsa", 25, date(2026, 11, 18), "voice")]


async def test_joining_deafened_counts_from_the_undeafen(stride: Stride, clock: FixedClock) -> None:
    await _class(stride)
    await _move(stride, clock, START, ADA, DSA_ROOM, deaf=True)
    await _move(stride, clock, START + timedelta(minutes=20), ADA, DSA_ROOM)
    await _move(stride, clock, START + timedelta(minutes=30), ADA, None)
    assert await _checkins(stride) == [("dsa", 10, date(2026, 11, 18), "voice")]


async def test_the_afk_channel_never_counts_even_mapped(stride: Stride, clock: FixedClock) -> None:
    await _class(stride, afk_mapped=True)
    assert (await _move(stride, clock, START, ADA, AFK)).opened is None
    await _move(stride, clock, START + timedelta(minutes=10), ADA, DSA_ROOM)
    # Idle into the AFK channel: the room's session ends there.
    await _move(stride, clock, START + timedelta(minutes=40), ADA, AFK)
    await _move(stride, clock, START + timedelta(minutes=90), ADA, None)
    assert await _checkins(stride) == [("dsa", 30, date(2026, 11, 18), "voice")]


async def test_moving_between_mapped_rooms_splits_by_track(stride: Stride, clock: FixedClock) -> None:
    await _class(stride)
    await _move(stride, clock, START, ADA, DSA_ROOM)
    await _move(stride, clock, START + timedelta(minutes=20), ADA, PROJECT_ROOM)
    await _move(stride, clock, START + timedelta(minutes=35), ADA, LOUNGE)  # unmapped: closes
    await _move(stride, clock, START + timedelta(minutes=90), ADA, None)
    assert await _checkins(stride) == [
        ("dsa", 20, date(2026, 11, 18), "voice"),
        ("project", 15, date(2026, 11, 18), "voice"),
    ]


async def test_a_session_across_local_midnight_splits_by_date(stride: Stride, clock: FixedClock) -> None:
    await _class(stride)  # Europe/Berlin: UTC+1 in November
    await _move(stride, clock, datetime(2026, 11, 18, 22, 30, tzinfo=UTC), ADA, DSA_ROOM)
    await _move(stride, clock, datetime(2026, 11, 19, 0, 15, tzinfo=UTC), ADA, None)
    assert await _checkins(stride) == [
        ("dsa", 30, date(2026, 11, 18), "voice"),
        ("dsa", 75, date(2026, 11, 19), "voice"),
    ]


async def test_the_day_cap_holds(stride: Stride, clock: FixedClock) -> None:
    await _class(stride)
    clock.set(datetime(2026, 11, 18, 20, 0, tzinfo=UTC))
    await checkin_service.check_in(stride.services, ADA, None, minutes=23 * 60 + 50, track="reading")
    await _move(stride, clock, datetime(2026, 11, 18, 21, 0, tzinfo=UTC), ADA, DSA_ROOM)
    left = await _move(stride, clock, datetime(2026, 11, 18, 21, 40, tzinfo=UTC), ADA, None)
    assert left.logged[0].over_day_cap == 30
    assert await _checkins(stride) == [
        ("reading", 23 * 60 + 50, date(2026, 11, 18), "typed"),
        ("dsa", 10, date(2026, 11, 18), "voice"),
    ]


async def test_who_is_not_tracked(stride: Stride, clock: FixedClock) -> None:
    await _class(stride)
    assert await _move(stride, clock, START, STRANGER, DSA_ROOM) == voice.VoiceResult()
    await me.set_voice(stride.services, BOB, None, False)
    assert (await _move(stride, clock, START, BOB, DSA_ROOM)).opened is None
    # A focus timer under way: one live session per member, the room does not take over.
    async with stride.services.uow() as uow:
        member = (await uow.memberships.find("discord", GUILD, ADA.user_id))[0].member
        assert member is not None
        await uow.sessions.open(member.id, SessionKind.TIMER, "reading", now=START, counting_since=START)
        await uow.commit()
    assert (await _move(stride, clock, START + timedelta(minutes=1), ADA, DSA_ROOM)).opened is None
    await _move(stride, clock, START + timedelta(minutes=40), ADA, None)
    await _move(stride, clock, START + timedelta(minutes=40), BOB, None)
    assert await _checkins(stride) == []
    assert [(s[0], s[2]) for s in await _sessions(stride)] == [("reading", "open")]


async def test_a_member_of_two_cohorts_counts_in_the_oldest_that_maps_the_room(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride)
    ctx = stride.services
    await cohorts.create_cohort(ctx, PROF, "Evening-Class", "UTC")
    await cohorts.join_cohort(ctx, ADA, "Evening-Class")
    await cohorts.update_cohort(ctx, PROF, "Evening-Class", {"voice": f"{DSA_ROOM}:algorithms,{LOUNGE}:chat"})
    await _move(stride, clock, START, ADA, DSA_ROOM)
    await _move(stride, clock, START + timedelta(minutes=10), ADA, LOUNGE)
    await _move(stride, clock, START + timedelta(minutes=20), ADA, None)
    assert [c[:2] for c in await _checkins(stride)] == [("dsa", 10), ("chat", 10)]


async def test_turning_voice_off_in_a_room_logs_the_time_so_far(stride: Stride, clock: FixedClock) -> None:
    await _class(stride)
    await _move(stride, clock, START, ADA, DSA_ROOM)
    clock.set(START + timedelta(minutes=45))
    view = await me.set_voice(stride.services, ADA, None, False)
    assert view.headline == (
        "Time you spend in voice study rooms no longer counts for you. "
        "Your time in the room so far was logged: 45m on dsa."
    )
    assert not view.voice_tracking
    assert await _checkins(stride) == [("dsa", 45, date(2026, 11, 18), "voice")]
    # Still in the room: nothing more counts, and leaving logs nothing twice.
    await _move(stride, clock, START + timedelta(minutes=80), ADA, None)
    assert len(await _checkins(stride)) == 1
    view = await me.set_voice(stride.services, ADA, None, True)
    assert view.headline == me.VOICE_ON
    assert view.voice_tracking


async def test_reconcile_after_downtime(stride: Stride, clock: FixedClock) -> None:
    """Ada stays in the room, Bob leaves while Stride is down, Prof moves rooms, and a
    student who came in meanwhile gets a session from now."""
    await _class(stride)
    ctx = stride.services
    carol = discord_person("1300000000000000004", "Carol")
    await cohorts.join_cohort(ctx, carol, "ML-Fall-2026")
    for who in (ADA, BOB, PROF):
        await _move(stride, clock, START, who, DSA_ROOM)
    clock.set(START + timedelta(minutes=40))
    seen = [VoiceState(u.user_id, DSA_ROOM) for u in (ADA, BOB, PROF)]
    assert await voice.heartbeat(ctx, GUILD, seen) == 3
    # Down from minute 41 to minute 70; the server then reports who is where.
    clock.set(START + timedelta(minutes=70))
    now_in = [
        VoiceState(ADA.user_id, DSA_ROOM),
        VoiceState(PROF.user_id, PROJECT_ROOM),
        VoiceState(carol.user_id, DSA_ROOM),
        VoiceState(STRANGER.user_id, DSA_ROOM),
    ]
    await voice.reconcile(ctx, GUILD, now_in, AFK)
    heartbeat = START + timedelta(minutes=40)
    later = START + timedelta(minutes=70)
    assert await _sessions(stride) == [
        ("dsa", DSA_ROOM, "open", later, None),  # Ada keeps hers
        ("dsa", DSA_ROOM, "logged", heartbeat, heartbeat),  # Bob: closed when last seen
        ("dsa", DSA_ROOM, "logged", heartbeat, heartbeat),  # Prof's first room
        ("project", PROJECT_ROOM, "open", later, None),  # Prof's new room, from now
        ("dsa", DSA_ROOM, "open", later, None),  # Carol, from now
    ]
    assert sorted(c[:2] for c in await _checkins(stride)) == [("dsa", 40), ("dsa", 40)]
    # A second start-up changes nothing and counts nothing twice.
    await voice.reconcile(ctx, GUILD, now_in, AFK)
    assert len(await _sessions(stride)) == 5
    assert len(await _checkins(stride)) == 2
    clock.set(START + timedelta(minutes=100))
    await _move(stride, clock, START + timedelta(minutes=100), ADA, None)
    assert sorted(c[:2] for c in await _checkins(stride)) == [("dsa", 40), ("dsa", 40), ("dsa", 100)]


async def test_reconcile_closes_a_deafened_stretch_at_the_last_heartbeat(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride)
    await _move(stride, clock, START, ADA, DSA_ROOM)
    clock.set(START + timedelta(minutes=20))
    await voice.heartbeat(stride.services, GUILD, [VoiceState(ADA.user_id, DSA_ROOM)])
    clock.set(START + timedelta(minutes=60))
    await voice.reconcile(stride.services, GUILD, [VoiceState(ADA.user_id, DSA_ROOM, self_deaf=True)], AFK)
    await _move(stride, clock, START + timedelta(minutes=90), ADA, None)
    assert await _checkins(stride) == [("dsa", 20, date(2026, 11, 18), "voice")]


async def test_heartbeat_only_moves_sessions_still_in_their_room(stride: Stride, clock: FixedClock) -> None:
    await _class(stride)
    await _move(stride, clock, START, ADA, DSA_ROOM)
    await _move(stride, clock, START, BOB, DSA_ROOM)
    clock.set(START + timedelta(minutes=5))
    seen = [VoiceState(ADA.user_id, DSA_ROOM), VoiceState(BOB.user_id, PROJECT_ROOM)]
    assert await voice.heartbeat(stride.services, GUILD, seen) == 1
    beats = [s[3] for s in await _sessions(stride)]
    assert beats == [START + timedelta(minutes=5), START]


async def test_voice_rooms_in_cohort_settings(stride: Stride, clock: FixedClock) -> None:
    await _class(stride)
    ctx = stride.services
    view = await cohorts.update_cohort(ctx, PROF, None, {"voice": f"#{DSA_ROOM}:off, {LOUNGE}:Chat"})
    assert view.headline == "Updated voice rooms."
    assert [(r.channel_id, r.track) for r in view.voice_rooms] == [
        (LOUNGE, "chat"),
        (PROJECT_ROOM, "project"),
    ]
    shown = await cohorts.show_cohort(ctx, ADA, None)
    assert [r.track for r in shown.voice_rooms] == ["chat", "project"]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("", "Say which voice channel counts"),
        ("dsa-room", "is not a voice room and a track"),
        ("#dsa-room:dsa", "is not a voice room and a track"),
        (f"{DSA_ROOM}", "is not a voice room and a track"),
        (f"{DSA_ROOM}:", "A track must be"),
        (f"{DSA_ROOM}:Not A Track", "A track must be"),
        (f"{DSA_ROOM}:list", "is a word of /checkin"),
        (f"{DSA_ROOM}:@everyone", "A track must be"),
        ("12345:dsa", "is not a voice room and a track"),
        (",".join(f"{int(DSA_ROOM) + n}:dsa" for n in range(30)), "too long"),
        (",".join(f"{int(DSA_ROOM) + n}:d" for n in range(26)), "at most 25"),
        ("\x00\u202e" * 400, "too long"),
    ],
)
async def test_bad_voice_settings_are_one_sentence_and_change_nothing(
    stride: Stride, clock: FixedClock, value: str, says: str
) -> None:
    await _class(stride)
    with pytest.raises(InvalidInput) as raised:
        await cohorts.update_cohort(stride.services, PROF, None, {"voice": value, "horizon": "40"})
    assert says in raised.value.message
    assert raised.value.message.count(". ") == 0
    assert len(raised.value.message) < 300
    view = await cohorts.show_cohort(stride.services, PROF, None)
    assert view.horizon_weeks == 52
    assert [r.track for r in view.voice_rooms] == ["dsa", "project"]


async def test_more_than_25_rooms_in_all_is_refused(stride: Stride, clock: FixedClock) -> None:
    await _class(stride)
    first = ",".join(f"{int(LOUNGE) + n}:chat" for n in range(23))
    await cohorts.update_cohort(stride.services, PROF, None, {"voice": first})
    with pytest.raises(InvalidInput, match="at most 25 voice rooms; remove one first"):
        await cohorts.update_cohort(stride.services, PROF, None, {"voice": f"{AFK}1:dsa"})


async def test_students_cannot_map_rooms(stride: Stride, clock: FixedClock) -> None:
    await _class(stride)
    with pytest.raises(Exception, match="Only an instructor"):
        await cohorts.update_cohort(stride.services, ADA, None, {"voice": f"{LOUNGE}:chat"})


async def test_voice_rooms_are_discord_only(stride: Stride, clock: FixedClock) -> None:
    slack_prof = Actor("slack", "T0001", "U0001", "Prof")
    await cohorts.create_cohort(stride.services, slack_prof, "Slack-Class", "UTC")
    with pytest.raises(InvalidInput) as raised:
        await cohorts.update_cohort(stride.services, slack_prof, None, {"voice": f"{DSA_ROOM}:dsa"})
    assert raised.value.message == NOT_HERE


async def test_export_includes_sessions_and_delete_erases_them(stride: Stride, clock: FixedClock) -> None:
    await _class(stride)
    await _move(stride, clock, START, ADA, DSA_ROOM)
    await _move(stride, clock, START + timedelta(minutes=30), ADA, None)
    await _move(stride, clock, START + timedelta(minutes=31), ADA, PROJECT_ROOM)
    exported = await exports.me_export(stride.services, ADA, None)
    records = json.loads(exported.attachments[0].data)["records"]
    assert [(s["track"], s["status"]) for s in records["study_sessions"]] == [
        ("dsa", "logged"),
        ("project", "open"),
    ]
    await exports.me_delete(stride.services, ADA, None, "ML-Fall-2026")
    remaining = await _sessions(stride)
    assert remaining == []
    assert await _checkins(stride) == []
