"""Scheduled group sessions on SQLite and PostgreSQL: planning, RSVPs, the reminder written
into the outbox exactly once (a repeated tick, a late tick), DST, attendance read from
study sessions, and the digest's lines and at-risk reason."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import group_sessions, notifications, session_rsvps
from core.domain.group_sessions import GroupSession, occurrences
from core.domain.model import Actor
from core.domain.sessions import SessionKind
from core.errors import InvalidInput, NotFound, PermissionDenied
from core.services import digests
from core.services import group_sessions as service
from core.services.context import membership
from core.services.notifications import enqueue_due
from core.services.study_log import log_session
from core.views.group_sessions import GroupSessionListView
from core.views.reports import DigestView
from tests.integration.helpers import cohort_with, count, person

PROF, ADA, BOB, CARL = person("prof"), person("ada"), person("bob"), person("carl")
BERLIN = ZoneInfo("Europe/Berlin")
WED = datetime(2026, 11, 18, 10, tzinfo=UTC)
TUE_24 = datetime(2026, 11, 24, 18, tzinfo=UTC)  # 19:00 in Berlin
TUE_1 = datetime(2026, 12, 1, 18, tzinfo=UTC)


async def _class(stride: Stride, clock: FixedClock, room: str | None = "dsa-room") -> None:
    clock.set(WED)
    await cohort_with(stride.services, "ML-Fall-2026", PROF, (ADA, BOB, CARL), timezone="Europe/Berlin")
    await service.plan_session(
        stride.services, PROF, None, title="DSA night", day="tue", start="19:00", length="90m", room=room
    )


async def _attend(
    stride: Stride, who: Actor, start: datetime, minutes: int, kind: SessionKind, room: str | None = None
) -> None:
    """A study session of ``who`` from ``start``, logged ``minutes`` later."""
    async with stride.services.uow() as uow:
        member = (await membership(uow, who, None)).member
        session = await uow.sessions.open(
            member.id, kind, "dsa", now=start, counting_since=start, channel_id=room
        )
        end = start + timedelta(minutes=minutes)
        await log_session(uow, session, zone=BERLIN, until=end, now=end)
        await uow.commit()


async def _digest(stride: Stride, clock: FixedClock, now: datetime, week: str) -> DigestView:
    clock.set(now)
    return await digests.digest(stride.services, PROF, None, week)


async def test_plan_list_and_rsvp(stride: Stride, clock: FixedClock) -> None:
    await _class(stride, clock)
    listing = await service.list_sessions(stride.services, ADA, None)
    assert isinstance(listing, GroupSessionListView)
    [row] = listing.rows
    assert (row.number, row.title, row.day, row.start, row.minutes, row.room) == (
        1,
        "DSA night",
        "Tue",
        "19:00",
        90,
        "#dsa-room",
    )
    assert row.next_label == "Tue 24 Nov 19:00"
    assert row.going == 0
    said = await service.rsvp(stride.services, ADA, None, "1")
    assert said.text.startswith("You're going to DSA night on Tue 24 Nov 19:00 ✓ (1 going).")
    again = await service.rsvp(stride.services, ADA, None, "1")
    assert again.text == "You're already going to DSA night on Tue 24 Nov 19:00 (1 going)."
    assert await count(stride.engine, session_rsvps) == 1
    mine = (await service.list_sessions(stride.services, ADA, None)).rows[0]
    assert mine.going == 1
    assert mine.mine
    back = await service.rsvp(stride.services, ADA, None, "1", going=False)
    assert back.text == "You're no longer going to DSA night on Tue 24 Nov 19:00 (0 going)."
    assert await count(stride.engine, session_rsvps) == 0


async def test_students_cannot_plan_or_unplan_and_bad_values_write_nothing(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock)
    with pytest.raises(PermissionDenied, match="Only an instructor of ML-Fall-2026 can plan a group session"):
        await service.plan_session(
            stride.services, ADA, None, title="Mine", day="mon", start="10:00", length="1h", room=None
        )
    with pytest.raises(PermissionDenied, match="can call off a group session"):
        await service.unplan_session(stride.services, ADA, None, "1")
    bad = [
        {"title": "@everyone party", "day": "mon", "start": "10:00", "length": "1h", "room": None},
        {"title": "<@&123> x", "day": "mon", "start": "10:00", "length": "1h", "room": None},
        {"title": "x" * 81, "day": "mon", "start": "10:00", "length": "1h", "room": None},
        {"title": "Ok", "day": "someday", "start": "10:00", "length": "1h", "room": None},
        {"title": "Ok", "day": "mon", "start": "25:00", "length": "1h", "room": None},
        {"title": "Ok", "day": "mon", "start": "10:00", "length": "99999999999m", "room": None},
        {"title": "Ok", "day": "mon", "start": "10:00", "length": "5m", "room": None},
        {"title": "Ok", "day": "mon", "start": "10:00", "length": "1h", "room": "no spaces allowed"},
    ]
    for values in bad:
        with pytest.raises(InvalidInput):
            await service.plan_session(stride.services, PROF, None, **values)  # type: ignore[arg-type]
    for number in ("2", "999", "99999999999999", "-1", "one"):
        with pytest.raises((InvalidInput, NotFound)):
            await service.rsvp(stride.services, ADA, None, number)
    assert await count(stride.engine, group_sessions) == 1
    called_off = await service.unplan_session(stride.services, PROF, None, "1")
    assert called_off.text == "Called off DSA night (Tue 19:00); no more reminders are posted for it."
    assert (await service.list_sessions(stride.services, ADA, None)).rows == []


async def _reminders(stride: Stride) -> list[tuple[str, str, str, dict[str, object]]]:
    async with stride.engine.connect() as connection:
        rows = await connection.execute(
            select(
                notifications.c.kind,
                notifications.c.period_key,
                notifications.c.status,
                notifications.c.payload,
            ).where(notifications.c.kind == service.KIND)
        )
        return [(r[0], r[1], r[2], dict(r[3])) for r in rows.all()]


async def test_the_reminder_is_written_once_and_never_late(stride: Stride, clock: FixedClock) -> None:
    await _class(stride, clock)
    await service.rsvp(stride.services, ADA, None, "1")
    clock.set(TUE_24 - timedelta(minutes=31))
    await enqueue_due(stride.services)
    assert await _reminders(stride) == []  # not yet: 30 minutes before
    clock.set(TUE_24 - timedelta(minutes=29))
    await enqueue_due(stride.services)
    await enqueue_due(stride.services)  # a repeated tick
    [(_kind, period, status, payload)] = await _reminders(stride)
    gs_id = payload["group_session_id"]
    assert (period, status) == (f"gs{gs_id}:2026-11-24", "pending")
    assert payload["going"] == 1
    assert payload["start"] == "19:00"
    assert payload["occurrence"] == "2026-11-24"
    # down over the next reminder, back after the session began: skipped, never posted late
    clock.set(TUE_1 + timedelta(minutes=10))
    await enqueue_due(stride.services)
    statuses = {p: s for _, p, s, _ in await _reminders(stride)}
    assert statuses == {f"gs{gs_id}:2026-11-24": "pending", f"gs{gs_id}:2026-12-01": "skipped"}


async def test_a_19_00_session_stays_at_19_00_across_the_dst_change(
    stride: Stride, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 10, 19, 10, tzinfo=UTC))
    await cohort_with(stride.services, "ML-Fall-2026", PROF, (ADA,), timezone="Europe/Berlin")
    await service.plan_session(
        stride.services, PROF, None, title="DSA night", day="tue", start="19:00", length="1h", room=None
    )
    # Berlin leaves summer time on Sunday 25 October 2026.
    for before_utc in (
        datetime(2026, 10, 20, 16, 31, tzinfo=UTC),
        datetime(2026, 10, 27, 17, 31, tzinfo=UTC),
    ):
        clock.set(before_utc)
        await enqueue_due(stride.services)
    async with stride.engine.connect() as connection:
        due = (
            (
                await connection.execute(
                    select(notifications.c.due_at)
                    .where(notifications.c.kind == service.KIND)
                    .order_by(notifications.c.due_at)
                )
            )
            .scalars()
            .all()
        )
    local = [d.replace(tzinfo=UTC).astimezone(BERLIN).strftime("%a %d %H:%M") for d in due]
    assert local == ["Tue 20 18:30", "Tue 27 18:30"]


def test_occurrences_walk_the_wall_clock() -> None:
    session = GroupSession(1, 1, "x", 7, "02:30", 60, None, "p", datetime(2026, 3, 1, tzinfo=UTC))
    # 29 March 2026: 02:30 does not exist in Berlin; it lands at 03:30 (01:30 UTC).
    found = occurrences(session, BERLIN, datetime(2026, 3, 20, tzinfo=UTC), datetime(2026, 4, 6, tzinfo=UTC))
    assert [o.starts for o in found] == [
        datetime(2026, 3, 22, 1, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        datetime(2026, 4, 5, 0, 30, tzinfo=UTC),
    ]
    assert [o.day for o in found] == [date(2026, 3, 22), date(2026, 3, 29), date(2026, 4, 5)]


async def test_attendance_reaches_the_digest_and_the_missed_rsvp_reason(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock)
    for who in (ADA, BOB):
        await service.rsvp(stride.services, who, None, "1")
    # 24 Nov: ada in the room for the whole session; carl runs a timer without an RSVP; bob
    # only drops into the room for 3 minutes at the start (not attendance).
    await _attend(stride, ADA, TUE_24 - timedelta(minutes=2), 92, SessionKind.VOICE, "dsa-room")
    await _attend(stride, CARL, TUE_24 + timedelta(minutes=5), 50, SessionKind.TIMER)
    await _attend(stride, BOB, TUE_24 - timedelta(minutes=1), 4, SessionKind.VOICE, "dsa-room")
    first = await _digest(stride, clock, datetime(2026, 11, 30, 8, tzinfo=UTC), "last")
    assert [s.model_dump() for s in first.sessions] == [
        {"title": "DSA night", "day": "Tue 24 Nov", "rsvped": 2, "rsvped_came": 1, "others_came": 1}
    ]
    assert all(service.MISSED_REASON not in r.reasons for r in first.at_risk)  # one miss is not two

    clock.set(datetime(2026, 11, 25, 9, tzinfo=UTC))
    for who in (ADA, BOB):
        await service.rsvp(stride.services, who, None, "1")  # for 1 Dec
    await _attend(stride, ADA, TUE_1 - timedelta(minutes=8), 30, SessionKind.TIMER)  # 8 min early counts
    await _attend(stride, BOB, TUE_1 + timedelta(hours=2), 30, SessionKind.TIMER)  # after it ended
    second = await _digest(stride, clock, datetime(2026, 12, 7, 8, tzinfo=UTC), "last")
    assert [s.model_dump() for s in second.sessions] == [
        {"title": "DSA night", "day": "Tue 1 Dec", "rsvped": 2, "rsvped_came": 1, "others_came": 0}
    ]
    flagged = {r.name: r.reasons for r in second.at_risk if service.MISSED_REASON in r.reasons}
    assert list(flagged) == ["Bob"]
    from core.render.text import render_text

    text = render_text(second)
    assert "DSA night Tue 1 Dec: 1 of 2 who RSVPed came" in text
    assert "missed the last two sessions they RSVPed to" in text


async def test_a_members_rsvps_are_in_their_export_and_go_with_them(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock)
    await service.rsvp(stride.services, ADA, None, "1")
    async with stride.services.uow() as uow:
        member = (await membership(uow, ADA, None)).member
        dumped = await uow.member_data.dump(member.id)
        assert [row["occurrence"] for row in dumped["session_rsvps"]] == [date(2026, 11, 24)]
        erased = await uow.member_data.erase(member.id)
        await uow.commit()
    assert erased["session_rsvps"] == 1
    assert await count(stride.engine, session_rsvps) == 0
