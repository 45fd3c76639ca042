"""Real separate processes: `stride tick` replicas sharing one database deliver each
notification exactly once, and the CLI's tick and preview behave as documented."""

from __future__ import annotations

import asyncio
import json
import subprocess
from collections import Counter
from pathlib import Path

from core.bootstrap import Stride
from core.clock import FixedClock
from core.services import budgets
from tests.scheduler.support import STRIDE, env_without_config, make_cohort, person, run_tick

STUDENTS = tuple(f"s{i:02d}" for i in range(30))


async def _class(stride: Stride, clock: FixedClock) -> None:
    from datetime import UTC, datetime

    await make_cohort(stride, clock, datetime(2026, 11, 14, tzinfo=UTC), "Europe/Berlin", STUDENTS)
    for student in STUDENTS[:5]:
        await budgets.set_budget(stride.services, person(student), None, "dsa", 300, 420, "week")


async def _tick(url: str, now: str, sink: Path) -> subprocess.CompletedProcess[str]:
    return await run_tick(url, "--now", now, "--sink", f"jsonl:{sink}")


async def test_two_replicas_deliver_every_notification_exactly_once(
    stride: Stride, clock: FixedClock, database_url: str, tmp_path: Path
) -> None:
    await _class(stride, clock)
    sink = tmp_path / "delivered.jsonl"
    # Monday 09:05 Berlin: weekly reminders (31 messages) and the digest are due.
    runs = await asyncio.gather(*(_tick(database_url, "2026-11-16T08:05:00+00:00", sink) for _ in range(3)))
    for run in runs:
        assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in sink.read_text().splitlines()]
    ids = Counter(line["id"] for line in lines)
    assert ids, "nothing was delivered"
    assert max(ids.values()) == 1, f"delivered twice: {[i for i, n in ids.items() if n > 1]}"
    async with stride.services.uow() as uow:
        sent = await uow.outbox.listing(status="sent")
        pending = await uow.outbox.listing(status="pending")
    assert {n.id for n in sent} == set(ids)
    assert pending == []
    reminders = [line for line in lines if line["kind"] == "weekly_reminder"]
    assert len(reminders) == len(STUDENTS) + 1
    assert all(line["local_time"].startswith("2026-11-16T09:00:00+01:00") for line in reminders)


async def test_the_same_tick_again_delivers_nothing(
    stride: Stride, clock: FixedClock, database_url: str, tmp_path: Path
) -> None:
    await _class(stride, clock)
    sink = tmp_path / "delivered.jsonl"
    first = await _tick(database_url, "2026-11-16T08:05:00+00:00", sink)
    count = len(sink.read_text().splitlines())
    second = await _tick(database_url, "2026-11-16T08:05:00+00:00", sink)
    assert first.returncode == second.returncode == 0
    assert count > 0
    assert len(sink.read_text().splitlines()) == count
    assert "0 new, 0 sent" in second.stderr


def test_tick_prints_kind_recipient_and_local_time(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/c.db"
    script = "/cohort create Fall tz=America/New_York\n@ada /cohort join Fall\n"
    subprocess.run(
        [STRIDE, "console", "--db", url, "--as", "prof", "--now", "2026-11-10T12:00"],
        input=script,
        text=True,
        check=True,
        capture_output=True,
        env=env_without_config(),
        cwd=tmp_path,
    )
    result = subprocess.run(
        [STRIDE, "tick", "--db", url, "--now", "2026-11-16T14:01"],
        text=True,
        capture_output=True,
        env=env_without_config(),
        check=True,
        cwd=tmp_path,
    )
    assert "[weekly_reminder] to @ada at Mon 2026-11-16 09:00 EST" in result.stdout
    assert "[weekly_reminder] to #" in result.stdout
    assert "[digest] to @prof at Mon 2026-11-16 08:00 EST" in result.stdout
    # The digest's cohort chart is written to the files folder and named, not dumped as data.
    chart = tmp_path / "stride-files" / "digest-Fall-2026-W46.png"
    assert f"📎 Saved {chart.name} to stride-files/{chart.name}" in result.stdout
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "iVBORw0KGgo" not in result.stdout  # no base64 PNG in the terminal


def test_preview_lists_local_and_utc_times_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    url = f"sqlite+aiosqlite:///{db}"
    script = "/cohort create Fall tz=America/New_York\n@ada /cohort join Fall\n@ada /me timezone Asia/Tokyo\n"
    subprocess.run(
        [STRIDE, "console", "--db", url, "--as", "prof", "--now", "2026-10-20T12:00"],
        input=script,
        text=True,
        check=True,
        capture_output=True,
        env=env_without_config(),
    )
    before = db.read_bytes()
    result = subprocess.run(
        [
            STRIDE,
            "schedule",
            "preview",
            "--db",
            url,
            "--cohort",
            "Fall",
            "--from",
            "2026-10-26",
            "--days",
            "14",
        ],
        text=True,
        capture_output=True,
        env=env_without_config(),
        check=True,
    )
    assert "Mon 2026-11-02 09:00 EST  2026-11-02 14:00 UTC  weekly_reminder  @ada" not in result.stdout
    assert "Mon 2026-11-02 09:00 JST  2026-11-02 00:00 UTC  weekly_reminder  @ada" in result.stdout
    assert "Mon 2026-10-26 09:00 EDT  2026-10-26 13:00 UTC  weekly_reminder  #" in result.stdout
    assert "Mon 2026-11-02 09:00 EST  2026-11-02 14:00 UTC  weekly_reminder  #" in result.stdout
    assert db.read_bytes() == before


def test_preview_of_an_unknown_cohort_is_one_clear_line(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/e.db"
    subprocess.run(
        [STRIDE, "db", "upgrade", "--db", url], check=True, capture_output=True, env=env_without_config()
    )
    result = subprocess.run(
        [STRIDE, "schedule", "preview", "--db", url, "--cohort", "Nope", "--from", "2026-10-26"],
        text=True,
        capture_output=True,
        env=env_without_config(),
    )
    assert result.returncode == 1
    assert "no cohort called 'Nope'" in result.stderr
    assert "Traceback" not in result.stderr
