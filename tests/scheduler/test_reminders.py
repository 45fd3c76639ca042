"""Personal DMs on SQLite and PostgreSQL (issue 20): the member's own check-in day and time
(one DM a week however they change it), quiet hours, snooze and *Remind me later*, the
midweek nudge to students behind pace, and the reflection reminder, across repeated
ticks, DST weeks and members in other zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.bootstrap import Stride
from core.clock import FixedClock
from core.errors import InvalidInput
from core.services import budgets, checkins, me, reminder_prefs, timers
from core.services.reflections import submit_reflection
from tests.scheduler.support import RecordingSink, make_cohort, person, set_schedule, tick

# Week 49 of 2026: Mon 30 Nov – Sun 6 Dec; Berlin is UTC+1.
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
ONLY_CHECKIN: dict[str, dict[str, object]] = {
    kind: {"enabled": False} for kind in ("weekly_reminder", "reassessment", "leaderboard", "nudge")
}
ONLY_NUDGE: dict[str, dict[str, object]] = {
    kind: {"enabled": False} for kind in ("weekly_reminder", "reassessment", "leaderboard", "hours_checkin")
}


def _utc(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def _run(
    stride: Stride, clock: FixedClock, start: datetime, end: datetime, sink: RecordingSink
) -> None:
    """Tick every hour from ``start`` to ``end``, delivering each time."""
    at = start
    while at <= end:
        await tick(stride, clock, at, sink)
        at += timedelta(hours=1)


def _local(sink: RecordingSink, kind: str, user: str) -> list[str]:
    return [f"{m.local_time:%a %H:%M}" for m in sink.of(kind) if m.notification.user_id == user]


async def _class(
    stride: Stride, clock: FixedClock, schedule: dict[str, dict[str, object]], *students: str
) -> None:
    await make_cohort(stride, clock, MONDAY, "Europe/Berlin", students or ("ada", "bob"))
    await set_schedule(stride, schedule)


# --- the member's own day and time --------------------------------------------------------


async def test_a_student_who_changed_their_reminder_time_gets_the_dm_then_once(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock, ONLY_CHECKIN)
    clock.set(_utc(2, 12))
    view = await reminder_prefs.set_reminders(stride.services, person("ada"), None, day=None, time="20:00")
    assert view.headline == ("Your weekly check-in DM comes on Sundays at 20:00 (Europe/Berlin time).")
    sink = RecordingSink()
    await _run(stride, clock, _utc(6, 12), _utc(6, 23), sink)
    await _run(stride, clock, _utc(6, 23), _utc(7, 3), sink)  # repeated ticks after it
    assert _local(sink, "hours_checkin", "ada") == ["Sun 20:00"]
    assert _local(sink, "hours_checkin", "bob") == ["Sun 18:00"]


async def test_a_time_changed_after_this_weeks_dm_brings_no_second_one_that_week(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock, ONLY_CHECKIN)
    sink = RecordingSink()
    await _run(stride, clock, _utc(6, 16), _utc(6, 17, 30), sink)
    assert _local(sink, "hours_checkin", "ada") == ["Sun 18:00"]
    clock.set(_utc(6, 17, 40))
    view = await reminder_prefs.set_reminders(stride.services, person("ada"), None, day=None, time="21:00")
    assert view.headline == (
        "Your weekly check-in DM comes on Sundays at 21:00 (Europe/Berlin time). "
        "This week's has already come, so the change counts from next week."
    )
    await _run(stride, clock, _utc(6, 18), _utc(6, 22), sink)
    assert _local(sink, "hours_checkin", "ada") == ["Sun 18:00"]
    # The next week it comes at the new time.
    await _run(stride, clock, _utc(13, 16), _utc(13, 21), sink)
    assert _local(sink, "hours_checkin", "ada") == ["Sun 18:00", "Sun 21:00"]


async def test_a_new_day_moves_the_dm_and_off_goes_back_to_the_cohorts(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock, ONLY_CHECKIN)
    clock.set(_utc(1, 12))
    view = await reminder_prefs.set_reminders(stride.services, person("ada"), None, day="fri", time="08:30")
    assert view.reminder_day == "Fri"
    assert view.reminder_time == "08:30"
    assert view.headline == "Your weekly check-in DM comes on Fridays at 08:30 (Europe/Berlin time)."
    sink = RecordingSink()
    await _run(stride, clock, _utc(4, 5), _utc(6, 18), sink)
    assert _local(sink, "hours_checkin", "ada") == ["Fri 08:30"]  # not Sunday as well
    clock.set(_utc(7, 9))
    view = await reminder_prefs.set_reminders(stride.services, person("ada"), None, day="off", time="off")
    assert view.reminder_day is None
    assert view.reminder_time is None
    await _run(stride, clock, _utc(13, 16), _utc(13, 18), sink)
    assert _local(sink, "hours_checkin", "ada") == ["Fri 08:30", "Sun 18:00"]


async def test_members_in_other_zones_get_their_own_time_across_the_dst_change(
    stride: Stride, clock: FixedClock
) -> None:
    # Berlin leaves summer time on Sun 25 Oct 2026; New York on Sun 1 Nov.
    start = datetime(2026, 10, 12, 9, tzinfo=UTC)
    await make_cohort(stride, clock, start, "Europe/Berlin", ("ada", "bob"))
    await set_schedule(stride, ONLY_CHECKIN)
    await me.set_timezone(stride.services, person("bob"), None, "America/New_York")
    await reminder_prefs.set_reminders(stride.services, person("ada"), None, day="sun", time="19:00")
    await reminder_prefs.set_reminders(stride.services, person("bob"), None, day="mon", time="08:30")
    sink = RecordingSink()
    at = start
    while at <= datetime(2026, 11, 10, 0, tzinfo=UTC):
        await tick(stride, clock, at, sink)
        at += timedelta(hours=4)  # within the check-in's 5 h grace: every DM is caught up once
    ada = [m.local_time for m in sink.of("hours_checkin") if m.notification.user_id == "ada"]
    bob = [m.local_time for m in sink.of("hours_checkin") if m.notification.user_id == "bob"]
    assert [f"{t:%d %b %H:%M}" for t in ada] == [
        "18 Oct 19:00",
        "25 Oct 19:00",
        "01 Nov 19:00",
        "08 Nov 19:00",
    ]
    assert [f"{t:%d %b %H:%M}" for t in bob] == [
        "12 Oct 08:30",
        "19 Oct 08:30",
        "26 Oct 08:30",
        "02 Nov 08:30",
        "09 Nov 08:30",
    ]
    assert len({t.isocalendar()[:2] for t in ada}) == 4


# --- quiet hours -------------------------------------------------------------------------


async def test_a_dm_due_in_quiet_hours_comes_at_their_end_with_the_same_period_key(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock, {**ONLY_CHECKIN, "hours_checkin": {"cron": "30 22 * * sun"}})
    await reminder_prefs.set_quiet_hours(stride.services, person("bob"), None, "off")
    sink = RecordingSink()
    await _run(stride, clock, _utc(6, 20), _utc(7, 9), sink)
    assert _local(sink, "hours_checkin", "ada") == ["Mon 08:00"]
    assert _local(sink, "hours_checkin", "bob") == ["Sun 22:30"]
    keys = {m.notification.user_id: m.notification.period_key for m in sink.of("hours_checkin")}
    assert keys == {"ada": "2026-12-06T22:30", "bob": "2026-12-06T22:30"}


async def test_own_quiet_hours_move_the_dm_to_their_end(stride: Stride, clock: FixedClock) -> None:
    await _class(stride, clock, ONLY_CHECKIN)
    view = await reminder_prefs.set_quiet_hours(stride.services, person("ada"), None, "17:30-19:15")
    assert view.quiet_hours == "17:30–19:15"
    assert view.headline == (
        "Quiet hours: 17:30–19:15 (Europe/Berlin time); a DM due in them comes at 19:15 instead."
    )
    sink = RecordingSink()
    await _run(stride, clock, _utc(6, 16), _utc(6, 20), sink)
    assert _local(sink, "hours_checkin", "ada") == ["Sun 19:15"]


# --- the nudge ---------------------------------------------------------------------------


async def test_a_student_behind_pace_on_wednesday_gets_one_nudge_and_one_on_pace_none(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock, ONLY_NUDGE, "ada", "bob", "cy")
    for student in ("ada", "bob"):
        await budgets.set_budget(stride.services, person(student), None, "dsa", 300, 420, "week")
    clock.set(_utc(1, 10))
    await checkins.check_in(stride.services, person("ada"), None, minutes=60, track="dsa")
    await checkins.check_in(stride.services, person("bob"), None, minutes=90, track="dsa")  # ≥ 5h × 2/7
    await me.pause(stride.services, person("cy"), None, "2026-12-04")
    sink = RecordingSink()
    await _run(stride, clock, _utc(2, 15), _utc(3, 12), sink)
    nudges = sink.of("nudge")
    assert [m.notification.user_id for m in nudges] == ["ada"]
    assert f"{nudges[0].local_time:%a %H:%M}" == "Wed 18:00"
    line = nudges[0].view.model_dump()["lines"][0]
    assert (line["track"], line["days_left"], line["session_minutes"]) == ("dsa", 4, 25)
    async with stride.services.uow(read_only=True) as uow:
        skipped = [n for n in await uow.outbox.listing(status="skipped") if n.kind == "nudge"]
    assert [n.user_id for n in skipped] == ["bob"]


async def test_the_nudge_comes_at_the_members_own_time(stride: Stride, clock: FixedClock) -> None:
    await _class(stride, clock, ONLY_NUDGE, "ada")
    await reminder_prefs.set_reminders(stride.services, person("ada"), None, day="sun", time="12:15")
    sink = RecordingSink()
    await _run(stride, clock, _utc(2, 8), _utc(2, 20), sink)
    assert _local(sink, "nudge", "ada") == ["Wed 12:15"]


# --- snooze ------------------------------------------------------------------------------


async def test_snooze_moves_waiting_dms_and_brings_the_check_in_again_once(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock, ONLY_CHECKIN, "ada")
    sink = RecordingSink()
    await _run(stride, clock, _utc(6, 16), _utc(6, 17), sink)
    assert _local(sink, "hours_checkin", "ada") == ["Sun 18:00"]
    clock.set(_utc(6, 17, 10))
    view = await reminder_prefs.snooze(stride.services, person("ada"), None, "1d")
    assert view.snoozed_until == "Mon 7 Dec 18:10"
    assert view.headline == (
        "Snoozed until Mon 7 Dec 18:10: your reminders wait until then. "
        "Your weekly check-in comes again then."
    )
    # The same command again (a retry) writes no second copy.
    await reminder_prefs.snooze(stride.services, person("ada"), None, "1d")
    await _run(stride, clock, _utc(6, 17, 30), _utc(7, 20), sink)
    assert _local(sink, "hours_checkin", "ada") == ["Sun 18:00", "Mon 18:10"]
    # The reminder was due Sun 21:00; the week's reflection closed Mon 08:00 with the
    # digest, so a reminder at Mon 18:10 would ask for what can no longer be written.
    assert _local(sink, "reflection_reminder", "ada") == []


async def test_a_snooze_past_the_weeks_close_calls_off_its_reflection_reminder(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock, ONLY_CHECKIN, "ada")
    sink = RecordingSink()
    await _run(stride, clock, _utc(6, 16), _utc(6, 17), sink)
    clock.set(_utc(6, 17, 10))
    short = await reminder_prefs.snooze(stride.services, person("ada"), None, "1h")
    assert short.snoozed_until == "Sun 6 Dec 19:10"
    await _run(stride, clock, _utc(6, 17, 30), _utc(6, 21, 30), sink)
    assert _local(sink, "reflection_reminder", "ada") == ["Sun 21:00"]  # not moved: due after the snooze
    sink = RecordingSink()
    clock.set(_utc(6, 21, 40))
    later = await reminder_prefs.snooze(
        stride.services, person("ada"), None, "1d", again="reflection_reminder", idempotency_key="m-2"
    )
    assert later.headline == (
        "Snoozed until Mon 7 Dec 22:40: your reminders wait until then. That is in your quiet hours, "
        "so they come at Tue 8 Dec 08:00. Your reflection reminder won't come again: "
        "the week's reflection closes first."
    )
    await _run(stride, clock, _utc(6, 22), _utc(8, 9), sink)
    assert sink.of("reflection_reminder") == []


async def test_remind_me_later_clicked_twice_acts_once(stride: Stride, clock: FixedClock) -> None:
    await _class(stride, clock, ONLY_CHECKIN, "ada")
    sink = RecordingSink()
    await _run(stride, clock, _utc(6, 16), _utc(6, 17), sink)
    clock.set(_utc(6, 17, 5))
    first = await reminder_prefs.snooze(
        stride.services, person("ada"), None, "3h", again="hours_checkin", idempotency_key="message-1"
    )
    clock.set(_utc(6, 17, 20))
    second = await reminder_prefs.snooze(
        stride.services, person("ada"), None, "3h", again="hours_checkin", idempotency_key="message-1"
    )
    assert first.headline is not None
    assert "comes again then" in first.headline
    assert second.headline == "Already done: your weekly check-in comes again at Sun 6 Dec 21:05."
    assert second.snoozed_until == "Sun 6 Dec 21:05"
    await _run(stride, clock, _utc(6, 17, 30), _utc(7, 8), sink)
    assert _local(sink, "hours_checkin", "ada") == ["Sun 18:00", "Sun 21:05"]


async def test_snooze_off_brings_waiting_dms_now_and_calls_off_the_repeat(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock, ONLY_CHECKIN, "ada")
    sink = RecordingSink()
    await _run(stride, clock, _utc(6, 16), _utc(6, 17), sink)
    clock.set(_utc(6, 17, 10))
    await reminder_prefs.snooze(stride.services, person("ada"), None, "2d")
    clock.set(_utc(6, 20, 30))
    view = await reminder_prefs.snooze(stride.services, person("ada"), None, "off")
    assert view.headline == "Snooze is off: your reminders come at their usual times again."
    assert view.snoozed_until is None
    await _run(stride, clock, _utc(6, 20, 30), _utc(9, 20), sink)
    assert _local(sink, "hours_checkin", "ada") == ["Sun 18:00"]
    assert _local(sink, "reflection_reminder", "ada") == ["Sun 21:30"]


# --- the reflection reminder -------------------------------------------------------------


async def test_one_reflection_reminder_three_hours_after_the_check_in(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock, ONLY_CHECKIN, "ada", "bob")
    sink = RecordingSink()
    await _run(stride, clock, _utc(6, 16), _utc(6, 17, 30), sink)
    clock.set(_utc(6, 18))
    await submit_reflection(stride.services, person("bob"), None, {"done": "graphs"})
    await _run(stride, clock, _utc(6, 18), _utc(7, 12), sink)
    assert _local(sink, "reflection_reminder", "ada") == ["Sun 21:00"]
    assert _local(sink, "reflection_reminder", "bob") == []
    checkin = sink.of("hours_checkin")[0].view.model_dump()
    assert checkin["reflection"]["week"] == "2026-W49"
    assert checkin["reflection"]["editable_until"] == "Mon 7 Dec 08:00"
    reminder = sink.of("reflection_reminder")[0]
    assert reminder.notification.period_key == "2026-W49"


async def test_no_reflection_reminder_too_near_the_lock(stride: Stride, clock: FixedClock) -> None:
    # A check-in DM on Monday 06:00 asks about last week, which locks at 08:00 (the digest).
    await _class(stride, clock, {**ONLY_CHECKIN, "hours_checkin": {"cron": "0 6 * * mon"}}, "ada")
    await reminder_prefs.set_quiet_hours(stride.services, person("ada"), None, "off")
    sink = RecordingSink()
    await _run(stride, clock, _utc(7, 4), _utc(7, 12), sink)
    assert _local(sink, "hours_checkin", "ada") == ["Mon 06:00"]
    assert sink.of("hours_checkin")[0].view.model_dump()["reflection"]["week"] == "2026-W49"
    assert sink.of("reflection_reminder") == []


async def test_reflections_off_means_no_reflection_in_the_dm_and_no_reminder(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock, ONLY_CHECKIN, "ada")
    async with stride.services.uow() as uow:
        cohort = (await uow.cohorts.named("Fall"))[0]
        await uow.cohorts.update(cohort.id, settings={**cohort.settings, "reflection": {"enabled": False}})
        await uow.commit()
    sink = RecordingSink()
    await _run(stride, clock, _utc(6, 16), _utc(7, 3), sink)
    assert sink.of("hours_checkin")[0].view.model_dump()["reflection"] is None
    assert sink.of("reflection_reminder") == []


async def test_a_repeat_of_the_reflection_reminder_is_skipped_once_the_reflection_is_saved(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock, ONLY_CHECKIN, "ada")
    sink = RecordingSink()
    await _run(stride, clock, _utc(6, 16), _utc(6, 20), sink)
    assert _local(sink, "reflection_reminder", "ada") == ["Sun 21:00"]
    clock.set(_utc(6, 20, 5))
    later = await reminder_prefs.snooze(
        stride.services, person("ada"), None, "30m", again="reflection_reminder", idempotency_key="m-2"
    )
    assert later.headline is not None
    assert later.headline.endswith("Your reflection reminder comes again then.")
    clock.set(_utc(6, 20, 15))
    await submit_reflection(stride.services, person("ada"), None, {"done": "two graph problems"})
    await _run(stride, clock, _utc(6, 20, 30), _utc(6, 23), sink)
    assert _local(sink, "reflection_reminder", "ada") == ["Sun 21:00"]


async def test_focus_timer_dms_ignore_quiet_hours_and_snooze(stride: Stride, clock: FixedClock) -> None:
    await _class(stride, clock, ONLY_CHECKIN, "ada")
    clock.set(_utc(6, 21, 40))  # 22:40 in Berlin, inside the default quiet hours
    await reminder_prefs.snooze(stride.services, person("ada"), None, "1d")
    await timers.start_timer(stride.services, person("ada"), None, track="dsa", length="25m")
    sink = RecordingSink()
    for minute in (50, 59, 66):
        await tick(stride, clock, _utc(6, 21) + timedelta(minutes=minute), sink)
    assert _local(sink, "timer", "ada") == ["Sun 23:05"]


async def test_a_time_changed_after_the_nudge_brings_no_second_nudge_that_week(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock, ONLY_NUDGE, "ada")
    sink = RecordingSink()
    await _run(stride, clock, _utc(2, 15), _utc(2, 17), sink)
    assert _local(sink, "nudge", "ada") == ["Wed 18:00"]
    clock.set(_utc(2, 17, 20))
    await reminder_prefs.set_reminders(stride.services, person("ada"), None, day=None, time="20:00")
    await _run(stride, clock, _utc(2, 17, 30), _utc(3, 2), sink)
    assert _local(sink, "nudge", "ada") == ["Wed 18:00"]
    await _run(stride, clock, _utc(9, 18), _utc(9, 20), sink)
    assert _local(sink, "nudge", "ada") == ["Wed 18:00", "Wed 20:00"]


async def test_a_dm_planned_during_a_snooze_comes_at_its_end_and_a_shorter_snooze_brings_it_sooner(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock, ONLY_NUDGE, "ada")
    clock.set(_utc(2, 16))  # Wed 17:00 in Berlin, before the 18:00 nudge
    await reminder_prefs.snooze(stride.services, person("ada"), None, "2d")
    sink = RecordingSink()
    await _run(stride, clock, _utc(2, 16, 30), _utc(2, 20), sink)
    assert _local(sink, "nudge", "ada") == []
    clock.set(_utc(2, 20, 10))
    view = await reminder_prefs.snooze(stride.services, person("ada"), None, "1d")
    assert view.snoozed_until == "Thu 3 Dec 21:10"
    await _run(stride, clock, _utc(2, 20, 30), _utc(5, 18), sink)
    assert _local(sink, "nudge", "ada") == ["Thu 21:10"]


async def test_remind_me_later_only_brings_back_a_dm_that_asks_something(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock, ONLY_NUDGE, "ada")
    with pytest.raises(
        InvalidInput, match="Only a check-in, a reflection reminder or a nudge can come again"
    ):
        await reminder_prefs.snooze(stride.services, person("ada"), None, "3h", again="digest")
    async with stride.services.uow(read_only=True) as uow:
        member = await uow.members.by_ids([1, 2])
    assert all(m.snoozed_until is None for m in member.values())
