"""The outbox end to end on SQLite and PostgreSQL: due occurrences become one message each,
at the member's local time, across DST, downtime, crashes and platform failures."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.uow import UnitOfWork
from core.domain.model import Cohort, Member
from core.domain.schedule import Kind
from core.services import cohorts as cohort_service
from core.services import me, reminder_prefs
from core.services.delivery import MAX_ATTEMPTS, Outgoing, RateLimited, TransientFailure, deliver_due
from core.services.notifications import default_builders, enqueue_due
from core.views.base import View
from tests.scheduler.support import RecordingSink, make_cohort, person, set_schedule, tick

ONLY_WEEKLY = {
    kind: {"enabled": False} for kind in ("hours_checkin", "reassessment", "leaderboard", "digest", "nudge")
}


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


async def _run(
    stride: Stride, clock: FixedClock, start: datetime, end: datetime, step: timedelta, sink: RecordingSink
) -> None:
    at = start
    while at <= end:
        await tick(stride, clock, at, sink)
        at += step


def _weekly_instants(zone: str, start: datetime, end: datetime, cron: str) -> list[datetime]:
    """The instants to tick at for a weekly cron over [start, end], worked out here with
    zoneinfo alone (not with the scheduler's code): every 15 minutes for the 2 hours either
    side of each UTC instant the cron's wall-clock time can name (both readings of a time
    the fall-back repeats; the shifted reading of one the spring-forward skips) and of each
    DST change, plus every 11 hours in between. 11 hours is inside the weekly reminder's
    12-hour grace, so an occurrence at any other time would still be sent, and counted."""
    tz = ZoneInfo(zone)
    minute, hour, _, _, weekday = cron.split()
    day_number = ("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(weekday)
    edges: set[datetime] = set()
    day = start.astimezone(tz).date() - timedelta(days=1)
    while day <= end.astimezone(tz).date() + timedelta(days=1):
        if day.weekday() == day_number:
            for fold in (0, 1):
                wall = datetime.combine(day, time(int(hour), int(minute)), tzinfo=tz).replace(fold=fold)
                edges.add(wall.astimezone(UTC))
        day += timedelta(days=1)
    at = start
    while at < end:  # a DST change: the offset differs an hour later
        if at.astimezone(tz).utcoffset() != (at + timedelta(hours=1)).astimezone(tz).utcoffset():
            change = at
            while change.astimezone(tz).utcoffset() == at.astimezone(tz).utcoffset():
                change += timedelta(minutes=15)
            edges.add(change)
        at += timedelta(hours=1)
    assert len(edges) >= 4  # three occurrences and the change at least
    instants = {start + timedelta(hours=11 * n) for n in range(int((end - start) / timedelta(hours=11)) + 1)}
    for edge in edges:
        instants |= {edge + timedelta(minutes=15 * k) for k in range(-8, 9)}
    return sorted(at for at in instants if start <= at <= end)


@pytest.mark.parametrize(
    ("zone", "start", "cron"),
    [
        ("America/New_York", _utc(2026, 3, 1), "30 2 * * sun"),
        ("America/New_York", _utc(2026, 10, 25), "30 1 * * sun"),
        ("America/New_York", _utc(2026, 10, 25), "0 9 * * mon"),
        ("Europe/Berlin", _utc(2026, 3, 22), "30 2 * * sun"),
        ("Europe/Berlin", _utc(2026, 10, 18), "30 2 * * sun"),
    ],
)
async def test_exactly_one_weekly_reminder_per_week_across_dst(
    stride: Stride, clock: FixedClock, zone: str, start: datetime, cron: str
) -> None:
    await make_cohort(stride, clock, start, zone)
    await set_schedule(stride, {**ONLY_WEEKLY, "weekly_reminder": {"cron": cron}})
    # Night-time crons: quiet hours (on by default) would move the DM to their end.
    await reminder_prefs.set_quiet_hours(stride.services, person("ada"), None, "off")
    sink = RecordingSink()
    for at in _weekly_instants(zone, start + timedelta(hours=1), start + timedelta(days=21), cron):
        await tick(stride, clock, at, sink)
    dms = sink.of("weekly_reminder")
    personal = [m for m in dms if m.notification.user_id == "ada"]
    channel = [m for m in dms if m.notification.audience == "channel"]
    assert len(personal) == 3
    assert len(channel) == 3
    hour, minute = int(cron.split()[1]), int(cron.split()[0])
    weeks = {m.local_time.isocalendar()[:2] for m in personal}
    assert len(weeks) == 3
    for message in personal:
        assert message.local_time.tzinfo is not None
        # The wall-clock time is the cron's, except in a spring-forward gap (02:30 → 03:30).
        assert (message.local_time.hour, message.local_time.minute) in {(hour, minute), (hour + 1, minute)}


async def test_a_member_in_another_zone_gets_personal_messages_at_their_local_time(
    stride: Stride, clock: FixedClock
) -> None:
    start = _utc(2026, 11, 15)
    await make_cohort(stride, clock, start, "America/New_York", ("ada", "bob"))
    await me.set_timezone(stride.services, person("bob"), None, "Asia/Tokyo")
    await set_schedule(stride, ONLY_WEEKLY)
    sink = RecordingSink()
    await _run(stride, clock, start + timedelta(hours=1), start + timedelta(days=2), timedelta(hours=1), sink)
    by_user = {m.notification.user_id: m for m in sink.of("weekly_reminder") if m.notification.user_id}
    assert by_user["bob"].notification.due_at == _utc(2026, 11, 16, 0)  # Mon 09:00 in Tokyo
    assert by_user["ada"].notification.due_at == _utc(2026, 11, 16, 14)  # Mon 09:00 in New York
    assert by_user["bob"].local_time.strftime("%a %H:%M") == "Mon 09:00"
    channel = [m for m in sink.of("weekly_reminder") if m.notification.audience == "channel"]
    assert [m.notification.due_at for m in channel] == [_utc(2026, 11, 16, 14)]


async def test_a_repeated_tick_inserts_and_sends_nothing_new(stride: Stride, clock: FixedClock) -> None:
    await make_cohort(stride, clock, _utc(2026, 11, 14), "UTC")
    sink = RecordingSink()
    first, delivered = await tick(stride, clock, _utc(2026, 11, 16, 9, 1), sink)
    again, delivered_again = await tick(stride, clock, _utc(2026, 11, 16, 9, 1), sink)
    assert first.new_rows > 0
    assert delivered.sent == first.new_rows - first.late
    assert (again.new_rows, delivered_again.sent) == (0, 0)
    assert sum(sink.by_kind().values()) == len(sink.accepted)
    assert max(sink.by_kind().values()) == 1


async def test_messages_are_built_without_holding_the_write_lock(stride: Stride, clock: FixedClock) -> None:
    """A digest with its chart takes seconds to build; students' writes must not wait for it."""
    await make_cohort(stride, clock, _utc(2026, 11, 14), "UTC")
    await set_schedule(stride, ONLY_WEEKLY)
    building, written = asyncio.Event(), asyncio.Event()
    weekly = default_builders()[Kind.WEEKLY_REMINDER]

    async def slow_weekly(uow: UnitOfWork, cohort: Cohort, member: Member | None, day: date) -> View | None:
        building.set()
        await asyncio.wait_for(written.wait(), 10)
        return await weekly(uow, cohort, member, day)

    clock.set(_utc(2026, 11, 16, 9, 1))
    ticking = asyncio.create_task(
        enqueue_due(stride.services, {**default_builders(), Kind.WEEKLY_REMINDER: slow_weekly})
    )
    await building.wait()
    # With the write lock held by the tick this would wait out the busy timeout (30 s).
    await asyncio.wait_for(cohort_service.join_cohort(stride.services, person("bo"), "Fall"), 5)
    written.set()
    report = await ticking
    assert report.new_rows > 0


async def test_downtime_within_grace_catches_up_once(stride: Stride, clock: FixedClock) -> None:
    await make_cohort(stride, clock, _utc(2026, 11, 14), "UTC")
    await set_schedule(stride, ONLY_WEEKLY)
    sink = RecordingSink()
    await tick(stride, clock, _utc(2026, 11, 16, 8), sink)  # before Monday 09:00
    await tick(stride, clock, _utc(2026, 11, 16, 20), sink)  # back 11 h after it: within 12 h
    await tick(stride, clock, _utc(2026, 11, 16, 21), sink)
    assert sink.by_kind()[("weekly_reminder", "member:2")] == 1
    assert len(sink.of("weekly_reminder")) == 2  # the DM and the channel post, once each


async def test_downtime_beyond_grace_is_skipped_never_sent_late(stride: Stride, clock: FixedClock) -> None:
    await make_cohort(stride, clock, _utc(2026, 11, 14), "UTC")
    await set_schedule(stride, ONLY_WEEKLY)
    sink = RecordingSink()
    await tick(stride, clock, _utc(2026, 11, 16, 8), sink)
    report, _ = await tick(stride, clock, _utc(2026, 11, 17, 8), sink)  # 23 h late
    assert sink.of("weekly_reminder") == []
    assert report.late == 2
    async with stride.services.uow() as uow:
        skipped = await uow.outbox.listing(status="skipped")
    assert {n.kind for n in skipped} == {"weekly_reminder"}


async def test_pending_rows_that_outlive_their_grace_are_skipped(stride: Stride, clock: FixedClock) -> None:
    """Enqueued in time, but no deliverer ran until past the grace: skipped, not sent."""
    await make_cohort(stride, clock, _utc(2026, 11, 14), "UTC")
    await set_schedule(stride, ONLY_WEEKLY)
    clock.set(_utc(2026, 11, 16, 9, 5))
    await enqueue_due(stride.services)
    clock.set(_utc(2026, 11, 17, 9, 5))
    sink = RecordingSink()
    report = await deliver_due(stride.services, sink, owner="late")
    assert sink.accepted == []
    assert report.skipped == 2


async def test_paused_and_dms_off_members_get_no_personal_messages(stride: Stride, clock: FixedClock) -> None:
    await make_cohort(stride, clock, _utc(2026, 11, 14), "UTC", ("ada", "bob", "cy"))
    await me.set_dms(stride.services, person("bob"), None, False)
    await me.pause(stride.services, person("cy"), None, "2026-11-20")
    sink = RecordingSink()
    await _run(stride, clock, _utc(2026, 11, 15, 1), _utc(2026, 11, 17), timedelta(hours=1), sink)
    users = {m.notification.user_id for m in sink.accepted if m.notification.audience == "member"}
    assert users == {"ada"}
    assert any(m.notification.audience == "channel" for m in sink.accepted)


async def test_a_crash_between_send_and_mark_sent_delivers_exactly_one_message(
    stride: Stride, clock: FixedClock
) -> None:
    await make_cohort(stride, clock, _utc(2026, 11, 14), "UTC")
    await set_schedule(stride, ONLY_WEEKLY)
    clock.set(_utc(2026, 11, 16, 9, 1))
    await enqueue_due(stride.services)
    platform = RecordingSink(dedupe_nonces=True)

    class CrashAfterSend:
        platforms = ("console",)

        async def send(self, message: object) -> None:
            await platform.send(message)  # type: ignore[arg-type]
            raise KeyboardInterrupt  # the process dies before marking the row sent

    with pytest.raises(KeyboardInterrupt):
        await deliver_due(stride.services, CrashAfterSend(), owner="replica-1")
    clock.set(_utc(2026, 11, 16, 9, 5))  # the crashed replica's lease has run out
    report = await deliver_due(stride.services, platform, owner="replica-2")
    assert report.sent == 2
    assert len(platform.accepted) == 2
    assert len({m.nonce for m in platform.accepted}) == 2
    assert platform.attempts == 3  # one resend, dropped by its nonce


async def test_rate_limited_sends_wait_retry_after_and_go_once(stride: Stride, clock: FixedClock) -> None:
    await make_cohort(stride, clock, _utc(2026, 11, 14), "UTC")
    await set_schedule(stride, ONLY_WEEKLY)
    clock.set(_utc(2026, 11, 16, 9, 1))
    await enqueue_due(stride.services)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    sink = RecordingSink(failures=[RateLimited(2.5)])
    report = await deliver_due(stride.services, sink, owner="d", sleep=sleep)
    assert waits == [2.5]
    assert report.sent == 2
    assert len(sink.accepted) == 2


async def test_a_long_retry_after_reschedules_instead_of_blocking(stride: Stride, clock: FixedClock) -> None:
    await make_cohort(stride, clock, _utc(2026, 11, 14), "UTC")
    await set_schedule(stride, ONLY_WEEKLY)
    clock.set(_utc(2026, 11, 16, 9, 1))
    await enqueue_due(stride.services)
    sink = RecordingSink(failures=[RateLimited(600)])
    first = await deliver_due(stride.services, sink, owner="d")
    assert (first.retried, first.sent) == (1, 1)
    clock.set(_utc(2026, 11, 16, 9, 5))
    assert (await deliver_due(stride.services, sink, owner="d")).sent == 0  # still waiting
    clock.set(_utc(2026, 11, 16, 9, 12))
    assert (await deliver_due(stride.services, sink, owner="d")).sent == 1
    assert len(sink.accepted) == 2


async def test_transient_failures_back_off_then_send_once(stride: Stride, clock: FixedClock) -> None:
    await make_cohort(stride, clock, _utc(2026, 11, 14), "UTC")
    await set_schedule(stride, {**ONLY_WEEKLY, "weekly_reminder": {"enabled": True}})
    clock.set(_utc(2026, 11, 16, 9, 1))
    await enqueue_due(stride.services)
    sink = RecordingSink(failures=[TransientFailure("502"), TransientFailure("timeout")])
    for minute in range(1, 12):
        clock.set(_utc(2026, 11, 16, 9, minute))
        await deliver_due(stride.services, sink, owner="d")
    assert len(sink.accepted) == 2
    assert max(sink.by_kind().values()) == 1


async def test_a_message_that_always_fails_transiently_is_given_up(stride: Stride, clock: FixedClock) -> None:
    await make_cohort(stride, clock, _utc(2026, 11, 14), "UTC")
    await set_schedule(stride, ONLY_WEEKLY)
    clock.set(_utc(2026, 11, 16, 9, 1))
    await enqueue_due(stride.services)
    sink = RecordingSink(failures=[TransientFailure("503")] * 100)
    at = _utc(2026, 11, 16, 9, 1)
    for _ in range(40):
        at += timedelta(minutes=16)
        clock.set(min(at, _utc(2026, 11, 16, 20)))
        await deliver_due(stride.services, sink, owner="d")
    async with stride.services.uow() as uow:
        failed = await uow.outbox.listing(status="failed")
    assert len(failed) == 2
    assert sink.attempts == 2 * MAX_ATTEMPTS
    assert sink.accepted == []


async def test_a_permanent_refusal_marks_the_member_unreachable_and_is_never_retried(
    stride: Stride, clock: FixedClock
) -> None:
    await make_cohort(stride, clock, _utc(2026, 11, 14), "UTC")
    await set_schedule(stride, ONLY_WEEKLY)
    sink = RecordingSink(refuse_users={"ada"})
    _, report = await tick(stride, clock, _utc(2026, 11, 16, 9, 1), sink)
    assert report.unreachable == 1
    attempts = sink.attempts
    await tick(stride, clock, _utc(2026, 11, 16, 10), sink)
    await tick(stride, clock, _utc(2026, 11, 23, 9, 1), sink)  # next week: no DM is even queued
    assert sink.attempts == attempts + 1  # only next week's channel post
    async with stride.services.uow() as uow:
        cohort = (await uow.cohorts.named("Fall"))[0]
        ada = await uow.members.get(cohort.id, "ada")
    assert ada is not None
    assert ada.unreachable
    assert [m.notification.audience for m in sink.accepted] == ["channel", "channel"]


class OverlappingSink(RecordingSink):
    """Says how many sends may overlap, and records how many did at once."""

    in_flight = 3

    def __init__(self) -> None:
        super().__init__()
        self.running = 0
        self.most = 0

    async def send(self, message: Outgoing) -> None:
        self.running += 1
        self.most = max(self.most, self.running)
        try:
            await asyncio.sleep(0.01)
            await super().send(message)
        finally:
            self.running -= 1


async def test_a_sink_that_paces_itself_gets_overlapping_sends_each_row_once(
    stride: Stride, clock: FixedClock
) -> None:
    students = tuple(f"s{i}" for i in range(8))
    await make_cohort(stride, clock, _utc(2026, 11, 23, 8, 50), "UTC", students)
    await set_schedule(stride, ONLY_WEEKLY)
    sink = OverlappingSink()
    _, report = await tick(stride, clock, _utc(2026, 11, 23, 9, 1), sink)
    assert report.sent == 9  # the channel post and eight DMs
    assert sorted(sink.by_kind().values()) == [1] * 9
    assert sink.most == 3
    _, again = await tick(stride, clock, _utc(2026, 11, 23, 9, 2), sink)
    assert again.sent == 0
