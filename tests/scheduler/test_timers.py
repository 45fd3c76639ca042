"""Focus timers and the outbox on SQLite and PostgreSQL: one DM per period end across repeated
ticks, replicas and downtime; answers that act once however often they come; focus time
split at local midnight and kept within the day's 24 hours; a voice session answered in
one sentence."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta

import pytest

from bot.console.sink import ConsoleSink
from bot.scheduler import JOB_ID, build_scheduler
from core.bootstrap import Stride, start
from core.clock import FixedClock
from core.domain.sessions import SessionKind, SessionStatus
from core.errors import Conflict, InvalidInput
from core.services import budgets, checkins, me, timers
from core.services.delivery import Outgoing, deliver_due
from core.services.notifications import enqueue_due
from core.services.timer_dms import KIND, SKIPPED
from core.settings import Settings
from core.views.sessions import TimerDmView
from tests.scheduler.support import RecordingSink, make_cohort, person, tick

START = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)  # Sat 5 Dec, 10:00 in Berlin
ADA = person("ada")


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


async def _class(stride: Stride, clock: FixedClock) -> None:
    await make_cohort(stride, clock, START - timedelta(days=1), "Europe/Berlin")
    await budgets.set_budget(stride.services, ADA, None, "dsa", 300, 420, "week", None)
    clock.set(START)


async def _member_id(stride: Stride) -> int:
    async with stride.services.uow(read_only=True) as uow:
        cohort = (await uow.cohorts.named("Fall"))[0]
        member = await uow.members.get(cohort.id, "ada")
    assert member is not None
    return member.id


async def _timer_rows(stride: Stride) -> list[tuple[str, str]]:
    async with stride.services.uow(read_only=True) as uow:
        rows = await uow.outbox.listing()
    return sorted((row.period_key, row.status) for row in rows if row.kind == KIND)


async def test_repeated_ticks_and_two_replicas_send_each_period_end_once(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock)
    await timers.start_timer(stride.services, ADA, None, track="dsa", length="25m", cycles=2, pause="5m")
    first, second = RecordingSink(), RecordingSink()
    for minute in (26, 26.5, 27):
        clock.set(at(minute))
        await asyncio.gather(enqueue_due(stride.services), enqueue_due(stride.services))
        await asyncio.gather(
            deliver_due(stride.services, first, owner="replica-1"),
            deliver_due(stride.services, second, owner="replica-2"),
        )
    clock.set(at(56))
    await asyncio.gather(enqueue_due(stride.services), enqueue_due(stride.services))
    await deliver_due(stride.services, second, owner="replica-2")
    await deliver_due(stride.services, first, owner="replica-1")
    sent = first.of(KIND) + second.of(KIND)
    assert [m.notification.period_key for m in sent] == [
        f"session:{_id(sent[0])}:period:1",
        f"session:{_id(sent[0])}:period:2",
    ]
    views = [m.view for m in sent]
    assert all(isinstance(v, TimerDmView) for v in views)
    assert [(v.final, v.next_start) for v in views if isinstance(v, TimerDmView)] == [
        (False, "10:30"),
        (True, None),
    ]
    assert sent[0].local_time.strftime("%H:%M %Z") == "10:25 CET"  # the member's clock


def _id(message: Outgoing) -> int:
    view = message.view
    assert isinstance(view, TimerDmView)
    return view.session_id


async def test_downtime_over_breaks_skips_them_and_still_asks_once_at_the_end(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock)
    await timers.start_timer(stride.services, ADA, None, track="dsa", length="20m", cycles=3, pause="5m")
    sink = RecordingSink()
    await tick(stride, clock, at(1), sink)
    await tick(stride, clock, at(300), sink)  # down from 10:01 until 15:00
    [end] = sink.of(KIND)
    assert isinstance(end.view, TimerDmView)
    assert end.view.final
    assert end.view.total_minutes == 60
    statuses = [status for _, status in await _timer_rows(stride)]
    assert statuses == ["skipped", "skipped", "sent"]
    async with stride.services.uow(read_only=True) as uow:
        skipped = [row for row in await uow.outbox.listing(status="skipped") if row.kind == KIND]
    assert len(skipped) == 2
    await tick(stride, clock, at(301), RecordingSink())
    assert len(sink.of(KIND)) == 1
    status = await timers.session_status(stride.services, ADA, None)
    assert status.state is not None
    assert status.state.state == "ended"
    assert status.state.counted_minutes == 60  # nothing after the end counts
    logged = await timers.answer_timer(stride.services, ADA, None, "log")
    assert logged.logged_minutes == 60
    assert SKIPPED.startswith("the break was over")


async def test_answers_act_once_however_often_and_however_fast_they_come(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock)
    started = await timers.start_timer(stride.services, ADA, None, track="dsa", length="50m")
    assert started.state is not None
    await tick(stride, clock, at(51), RecordingSink())
    member_id = await _member_id(stride)
    async with stride.services.uow(read_only=True) as uow:
        live = await uow.sessions.live(member_id)
    assert live is not None
    assert live.status is SessionStatus.ENDED
    answers = await asyncio.gather(
        *(
            timers.answer_timer(stride.services, ADA, None, "log", session_id=live.id, period=1)
            for _ in range(3)
        ),
        return_exceptions=True,
    )
    done = [a for a in answers if not isinstance(a, BaseException)]
    assert all(not isinstance(a, BaseException) or isinstance(a, Conflict) for a in answers)
    assert sum(1 for a in done if not a.already) == 1
    assert all(a.logged_minutes == 50 for a in done)
    again = await timers.answer_timer(stride.services, ADA, None, "discard", session_id=live.id, period=1)
    assert again.already
    assert again.logged_minutes == 50
    async with stride.services.uow(read_only=True) as uow:
        assert await uow.ledger.day_minutes(member_id, START.date()) == 50


async def test_keep_going_clicked_twice_adds_one_period(stride: Stride, clock: FixedClock) -> None:
    await _class(stride, clock)
    await timers.start_timer(stride.services, ADA, None, track="dsa", length="30m")
    sink = RecordingSink()
    await tick(stride, clock, at(31), sink)
    session_id = _id(sink.of(KIND)[0])
    clock.set(at(35))
    kept = await timers.answer_timer(stride.services, ADA, None, "keep", session_id=session_id, period=1)
    assert kept.action == "kept"
    assert kept.state is not None
    assert kept.state.ends == "11:05"
    stale = await timers.answer_timer(stride.services, ADA, None, "keep", session_id=session_id, period=1)
    assert stale.stale
    assert stale.state is not None
    assert stale.state.cycles == 2
    logged_early = await timers.answer_timer(
        stride.services, ADA, None, "log", session_id=session_id, period=1
    )
    assert logged_early.stale  # the old message's Log it does nothing while the new period runs
    await tick(stride, clock, at(66), sink)
    assert [m.notification.period_key.rsplit(":", 1)[1] for m in sink.of(KIND)] == ["1", "2"]
    done = await timers.answer_timer(stride.services, ADA, None, "log", session_id=session_id, period=2)
    assert done.logged_minutes == 60


async def test_someone_elses_session_or_a_made_up_one_is_out_of_date(
    stride: Stride, clock: FixedClock
) -> None:
    await make_cohort(stride, clock, START - timedelta(days=1), "Europe/Berlin", ("ada", "bob"))
    clock.set(START)
    await timers.start_timer(stride.services, ADA, None, track="dsa")
    await tick(stride, clock, at(51), sink := RecordingSink())
    session_id = _id(sink.of(KIND)[0])
    for who, session in ((person("bob"), session_id), (ADA, session_id + 1000)):
        with pytest.raises(InvalidInput, match="That button is out of date"):
            await timers.answer_timer(stride.services, who, None, "log", session_id=session, period=1)
    status = await timers.session_status(stride.services, ADA, None)
    assert status.state is not None
    assert status.state.state == "ended"


async def test_focus_across_midnight_is_split_by_local_date(stride: Stride, clock: FixedClock) -> None:
    await _class(stride, clock)
    clock.set(datetime(2026, 12, 5, 22, 40, tzinfo=UTC))  # 23:40 in Berlin
    await timers.start_timer(stride.services, ADA, None, track="dsa", length="1h")
    await tick(stride, clock, datetime(2026, 12, 5, 23, 41, tzinfo=UTC), RecordingSink())
    logged = await timers.answer_timer(stride.services, ADA, None, "log")
    assert [(day.day, day.minutes) for day in logged.logged] == [("Sat 5 Dec", 20), ("Sun 6 Dec", 40)]
    member_id = await _member_id(stride)
    async with stride.services.uow(read_only=True) as uow:
        assert await uow.ledger.day_minutes(member_id, START.date()) == 20
        assert await uow.ledger.day_minutes(member_id, START.date() + timedelta(days=1)) == 40


async def test_a_full_day_keeps_its_24_hours_and_says_what_did_not_fit(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock)
    await checkins.check_in(stride.services, ADA, None, minutes=23 * 60 + 30, track="dsa")
    await timers.start_timer(stride.services, ADA, None, track="dsa", length="50m")
    await tick(stride, clock, at(51), RecordingSink())
    logged = await timers.answer_timer(stride.services, ADA, None, "log")
    assert logged.logged_minutes == 30
    assert logged.over_day_cap == 20
    assert "20m did not fit: the day already had 24h of check-ins." in str(logged_text(logged))


def logged_text(view: object) -> str:
    from core.render.text import render_text

    return render_text(view)  # type: ignore[arg-type]


async def test_a_member_with_dms_off_still_gets_the_timer_they_started(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock)
    await me.set_dms(stride.services, ADA, None, False)
    await timers.start_timer(stride.services, ADA, None, track="dsa", length="10m")
    sink = RecordingSink()
    await tick(stride, clock, at(11), sink)
    assert len(sink.of(KIND)) == 1


async def test_a_live_voice_session_is_answered_in_one_sentence(stride: Stride, clock: FixedClock) -> None:
    await _class(stride, clock)
    member_id = await _member_id(stride)
    async with stride.services.uow() as uow:
        await uow.sessions.open(
            member_id, SessionKind.VOICE, "dsa", now=START, counting_since=START, channel_id="1"
        )
        await uow.commit()
    clock.set(at(35))
    status = await timers.session_status(stride.services, ADA, None)
    assert logged_text(status) == (
        "Voice study room on dsa since 10:00: 35m counted so far; it logs itself when you leave the room."
    )
    with pytest.raises(Conflict) as refused:
        await timers.start_timer(stride.services, ADA, None, track="dsa")
    assert refused.value.message == (
        "You are in a voice study room on dsa since 10:00 and that time counts already; "
        "start a timer once you have left the room."
    )
    for call in (
        timers.stop_timer(stride.services, ADA, None),
        timers.answer_timer(stride.services, ADA, None, "log"),
    ):
        with pytest.raises(InvalidInput, match="Your session is in a voice study room"):
            await call
    await tick(stride, clock, at(120), sink := RecordingSink())
    assert sink.of(KIND) == []  # the timers' step leaves voice sessions alone


async def test_two_starts_at_once_give_one_timer_and_one_clear_refusal(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock)
    results = await asyncio.gather(
        *(timers.start_timer(stride.services, ADA, None, track="dsa", length="50m") for _ in range(3)),
        return_exceptions=True,
    )
    started = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(started) == 1
    assert all(isinstance(r, Conflict) for r in refused)
    assert {r.message for r in refused if isinstance(r, Conflict)} == {
        "You already have a focus session on dsa running until 10:50; /session stop ends it."
    }


async def test_a_restarted_process_sends_nothing_again_and_logs_once(
    stride: Stride, clock: FixedClock, database_url: str
) -> None:
    await _class(stride, clock)
    await timers.start_timer(stride.services, ADA, None, track="dsa", length="50m")
    first = RecordingSink()
    await tick(stride, clock, at(51), first)
    assert len(first.of(KIND)) == 1
    restarted = await start(Settings(), database_url=database_url, clock=clock, migrate=False)
    try:
        again = RecordingSink()
        for minute in (52, 53, 120):
            await tick(restarted, clock, at(minute), again)
        assert again.of(KIND) == []
        logged = await timers.answer_timer(restarted.services, ADA, None, "log")
        assert logged.logged_minutes == 50
        repeat = await timers.answer_timer(
            stride.services, ADA, None, "log", session_id=_id(first.of(KIND)[0]), period=1
        )
        assert repeat.already
    finally:
        await restarted.close()
    member_id = await _member_id(stride)
    async with stride.services.uow(read_only=True) as uow:
        assert await uow.ledger.day_minutes(member_id, START.date()) == 50


async def test_a_running_timer_brings_the_heartbeat_to_its_end(stride: Stride, clock: FixedClock) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    await make_cohort(stride, clock, now - timedelta(days=1), "UTC")
    clock.set(now)  # the services' clock at the real time APScheduler runs on
    await timers.start_timer(stride.services, ADA, None, track="dsa", length="5m")
    heartbeat = build_scheduler(stride.services, ConsoleSink(io.StringIO()), seconds=3600)
    heartbeat.start()
    try:
        job = heartbeat.scheduler.get_job(JOB_ID)
        for _ in range(100):  # the first beat runs at once, then moves the next one
            job = heartbeat.scheduler.get_job(JOB_ID)
            if job is not None and job.next_run_time == now + timedelta(minutes=5):
                break
            await asyncio.sleep(0.05)
        assert job is not None
        assert job.next_run_time == now + timedelta(minutes=5)  # not in an hour
        assert heartbeat.scheduler.get_jobs() == [job]  # still one job: beats never overlap
        assert not heartbeat.beat_at(now + timedelta(minutes=10))  # only ever brought forward
    finally:
        await heartbeat.stop()
