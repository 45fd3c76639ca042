"""Separate `stride tick` processes (replicas, and a restart after an in-process tick) send
each personal DM of issue 20 once: the nudge, the check-in at a member's own time moved by
quiet hours and the reflection reminder written with it."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from core.bootstrap import Stride
from core.clock import FixedClock
from core.services import budgets, reminder_prefs
from tests.scheduler.support import RecordingSink, make_cohort, person, run_tick, set_schedule, tick

STUDENTS = tuple(f"s{i:02d}" for i in range(12))
NIGHT_OWLS = STUDENTS[::2]


async def _class(stride: Stride, clock: FixedClock) -> None:
    await make_cohort(stride, clock, datetime(2026, 11, 30, 9, tzinfo=UTC), "Europe/Berlin", STUDENTS)
    for student in STUDENTS[:6]:  # behind on a budget; the rest have the cohort default (6 h)
        await budgets.set_budget(stride.services, person(student), None, "dsa", 300, 420, "week")
    # The check-in at 22:30: inside the default quiet hours it comes at 08:00; half the
    # class has quiet hours off.
    await set_schedule(stride, {"hours_checkin": {"cron": "30 22 * * sun"}})
    for student in NIGHT_OWLS:
        await reminder_prefs.set_quiet_hours(stride.services, person(student), None, "off")


def _lines(sink: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in sink.read_text().splitlines()] if sink.exists() else []


async def test_three_replicas_send_each_nudge_once(
    stride: Stride, clock: FixedClock, database_url: str, tmp_path: Path
) -> None:
    await _class(stride, clock)
    sink = tmp_path / "delivered.jsonl"
    runs = await asyncio.gather(
        *(
            run_tick(database_url, "--now", "2026-12-02T17:05:00+00:00", "--sink", f"jsonl:{sink}")
            for _ in range(3)
        )
    )
    assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
    nudges = [line for line in _lines(sink) if line["kind"] == "nudge"]
    assert len(nudges) == len(STUDENTS)  # Wednesday: nobody has logged anything yet
    assert max(Counter(line["id"] for line in nudges).values()) == 1


async def test_a_restart_after_an_in_process_tick_sends_nothing_twice(
    stride: Stride, clock: FixedClock, database_url: str, tmp_path: Path
) -> None:
    await _class(stride, clock)
    sink = RecordingSink()
    await tick(stride, clock, datetime(2026, 12, 6, 21, 35, tzinfo=UTC), sink)  # Sun 22:35 Berlin
    checkins = {m.notification.user_id for m in sink.of("hours_checkin")}
    assert checkins == set(NIGHT_OWLS)  # the others' wait for the end of their quiet hours
    out = tmp_path / "delivered.jsonl"
    late = await run_tick(database_url, "--now", "2026-12-06T21:40:00+00:00", "--sink", f"jsonl:{out}")
    assert late.returncode == 0, late.stderr
    assert [line for line in _lines(out) if line["kind"] == "hours_checkin"] == []
    morning = await run_tick(database_url, "--now", "2026-12-07T07:01:00+00:00", "--sink", f"jsonl:{out}")
    again = await run_tick(database_url, "--now", "2026-12-07T07:02:00+00:00", "--sink", f"jsonl:{out}")
    assert morning.returncode == again.returncode == 0
    sent = [line for line in _lines(out) if line["kind"] == "hours_checkin"]
    assert sorted(line["user_id"] for line in sent) == [s for s in STUDENTS if s not in NIGHT_OWLS]
    assert {line["local_time"][:16] for line in sent} == {"2026-12-07T08:00"}
