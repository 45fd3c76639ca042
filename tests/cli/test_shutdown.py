"""`stride run` stopped by SIGTERM (``docker stop``) or SIGINT (Ctrl-C): it exits 0 within
seconds and leaves no process behind (the chart worker and multiprocessing's resource
tracker included) and no outbox row leased. Real subprocesses, fresh SQLite files."""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import func, select, update

from core.bootstrap import start
from core.clock import FixedClock
from core.db.tables import notifications
from core.domain.model import Actor
from core.services.cohorts import create_cohort, join_cohort
from core.services.notifications import enqueue_due
from core.settings import Settings
from tests.cli.shutdown_support import STRIDE, env, kill_group, leased, stops_cleanly, wait_for_children
from tests.slack.conftest import INSTRUCTOR
from tests.slack.delivery_support import MONDAY_9H_BERLIN
from tests.slack.fake_slack import BOT_TOKEN, TEAM, FakeSlack

SIGNALS = [pytest.param(signal.SIGTERM, id="SIGTERM"), pytest.param(signal.SIGINT, id="SIGINT")]


@pytest.mark.parametrize("stop", SIGNALS)
async def test_the_console_bot_stops_with_its_chart_worker(tmp_path: Path, stop: signal.Signals) -> None:
    process = await asyncio.create_subprocess_exec(
        *(STRIDE, "run", "--as", "prof", "--json", "--files", str(tmp_path / "files")),
        cwd=tmp_path,
        env=env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: what it starts is found by pgid
    )
    assert process.stdin is not None
    assert process.stdout is not None
    try:
        script = '/cohort create Fall\n/skill add "SQL" specific priority=1 current=1 target=3\n/plan chart\n'
        process.stdin.write(script.encode())
        await process.stdin.drain()  # and stdin stays open: the bot waits for the next line
        replies = [json.loads(await asyncio.wait_for(process.stdout.readline(), 60)) for _ in range(3)]
        assert [reply["ok"] for reply in replies] == [True, True, True], replies
        assert list((tmp_path / "files").glob("*.png")), "the chart was not drawn"
        await wait_for_children(process.pid, 2)  # the chart worker and the resource tracker
        await stops_cleanly(process, stop)
    finally:
        await kill_group(process)


class SlowSlack(FakeSlack):
    """A Slack that takes its time over each message, so the stop lands mid-batch."""

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["method"] == "chat.postMessage":
            await asyncio.sleep(0.3)
        return await super()._api(request)


async def _due_now(database: Path, students: int) -> int:
    """A Slack class whose Monday reminders are all due now; how many rows are pending."""
    clock = FixedClock(datetime(2026, 11, 16, tzinfo=UTC))
    stride = await start(Settings(), database_url=f"sqlite+aiosqlite:///{database}", clock=clock)
    try:
        await create_cohort(
            stride.services, Actor("slack", TEAM, INSTRUCTOR, "Prof"), "Fall", "UTC", "C0CLASS"
        )
        for number in range(students):
            await join_cohort(stride.services, Actor("slack", TEAM, f"U{number}", f"S{number}"), "Fall")
        clock.set(MONDAY_9H_BERLIN)
        await enqueue_due(stride.services)
        now = datetime.now(UTC)
        async with stride.engine.begin() as connection:
            await connection.execute(
                update(notifications).values(
                    status="pending", due_at=now, next_attempt_at=now, expires_at=now + timedelta(days=1)
                )
            )
            pending = (await connection.execute(select(func.count()).select_from(notifications))).scalar_one()
    finally:
        await stride.close()
    return int(pending)


@pytest.mark.parametrize("stop", SIGNALS)
async def test_the_slack_bot_stops_mid_delivery_and_leaves_no_lease(
    tmp_path: Path, stop: signal.Signals
) -> None:
    database = tmp_path / "stride.db"
    assert await _due_now(database, students=40) > 20
    fake = SlowSlack()
    await fake.start()
    process = await asyncio.create_subprocess_exec(
        *(STRIDE, "run"),
        cwd=tmp_path,
        env=env(
            STRIDE_SLACK__BOT_TOKEN=BOT_TOKEN,
            STRIDE_SLACK__SIGNING_SECRET="not-used-here",
            STRIDE_SLACK__API_BASE_URL=fake.api_url,
            STRIDE_SLACK__HOST="127.0.0.1",
            STRIDE_SLACK__PORT="0",
            STRIDE_DATABASE__URL=f"sqlite+aiosqlite:///{database}",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            if fake.calls_to("chat.postMessage") or process.returncode is not None:
                break
            await asyncio.sleep(0.1)
        assert fake.calls_to("chat.postMessage"), "the deliverer never started"
        await stops_cleanly(process, stop)
        assert leased(database) == []
        with sqlite3.connect(database) as connection:
            [(pending,)] = connection.execute("select count(*) from notifications where status = 'pending'")
        assert pending > 0  # stopped mid-batch: what it had not sent waits for the next start
    finally:
        await kill_group(process)
        await fake.stop()
