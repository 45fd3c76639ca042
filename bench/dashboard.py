"""The dashboard's cohort overview of a 1,000-student cohort on SQLite, against its floor.

A cohort of its own (a fresh database beside the main dataset, built in a few seconds) is
served by the real web app on a loopback port; an instructor signed in through the real
link flow asks for the overview page, as a browser would. Each sample is built afresh (the
overview cache emptied first), so it measures the work a check-in brings about, not a
cache hit; the cached page is measured too. The floor replays the very SQL one page sent
on a bare ``sqlite3`` connection, sample by sample in turn with Stride's.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

import aiohttp

from bench import dataset
from bench.backends import Backend, SqliteFloor, Statement, is_transaction_control, recording
from bench.scale import NOW, Scale
from bench.stats import Result, percentile
from bot.web.app import build_web_app
from bot.web.auth import COOKIE
from bot.web.keys import OVERVIEWS
from bot.web.server import announce, running
from core.bootstrap import Stride, start
from core.clock import FixedClock
from core.services.dashboard import signin
from core.settings import Settings, WebSettings

STUDENTS = 1_000
WEEKS = 16
CHECKINS_PER_WEEK = 3
TARGET_MS = 500.0
"""The issue's bound for a 1,000-student overview on SQLite, built afresh."""
SAMPLES = 20
_TOKEN = re.compile(r"/signin/([A-Za-z0-9_-]+)")


def dashboard_scale(scale: Scale) -> Scale:
    """One cohort of 1,000 students (fewer at the toy scale) with sixteen weeks of history."""
    return replace(
        scale,
        name=f"{scale.name}-dashboard",
        cohorts=0,
        members=0,
        weeks=WEEKS,
        checkins_per_week=CHECKINS_PER_WEEK,
        big_cohort=min(STUDENTS, scale.big_cohort),
        big_weeks=WEEKS,
    )


async def measure(_: Stride, backend: Backend, scale: Scale) -> list[Result]:
    if backend.name != "sqlite":
        return []  # the target is SQLite's; PostgreSQL's reports are the commands section's
    own = dashboard_scale(scale)
    url = await backend.scratch("dashboard")
    path = url.removeprefix("sqlite:///")
    ids = await dataset.create_cohorts(url, own)
    rows = dataset.plan_rows(own, ids, _next_member(path), 1)
    dataset.fill_sqlite(Path(path), rows)
    stride = await start(Settings(), database_url=url, clock=FixedClock(NOW))
    floor = SqliteFloor(path)
    try:
        return await _measure(stride, floor, own, ids[None])
    finally:
        await floor.close()
        await stride.close()


async def _measure(stride: Stride, floor: SqliteFloor, scale: Scale, cohort_id: int) -> list[Result]:
    app = build_web_app(stride.services, WebSettings(port=0))
    async with running(app, "127.0.0.1", 0) as port:
        announce(stride.services, "127.0.0.1", port)
        cookie = {COOKIE: await _session(stride)}
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession(base_url=base, cookies=cookie) as client:
            page = f"/cohorts/{cohort_id}"

            async def fetch() -> int:
                async with client.get(page) as answer:
                    assert answer.status == 200, await answer.text()
                    return len(await answer.read())

            size = await fetch()  # warm-up: templates compiled, statements cached
            app[OVERVIEWS].clear()
            with recording(stride.engine) as found:
                await fetch()
            statements = found.statements
            transactions = by_transaction(statements)
            ours: list[float] = []
            floors: list[float] = []
            cached: list[float] = []
            for _ in range(SAMPLES if scale.samples >= SAMPLES else max(3, scale.samples)):
                app[OVERVIEWS].clear()
                ours.append(await _timed(fetch))
                cached.append(await _timed(fetch))
                began = time.perf_counter()
                for transaction in transactions:
                    await floor.replay(transaction)
                floors.append((time.perf_counter() - began) * 1000)
    sent = sum(1 for sql, _ in statements if not is_transaction_control(sql))
    detail = {"students": scale.big_cohort, "statements": sent, "page_bytes": size, "samples": len(ours)}
    name = f"dashboard overview ({scale.big_cohort:,})"
    p50, f50 = percentile(ours, 50), percentile(floors, 50)
    return [
        Result("dashboard", f"{name} p50", p50, "ms", f50, f"<{TARGET_MS:g} ms", p50 < TARGET_MS, detail),
        Result(
            "dashboard", f"{name} p99", percentile(ours, 99), "ms", percentile(floors, 99), "", None, detail
        ),
        Result("dashboard", f"{name}, cached p50", percentile(cached, 50), "ms", None, "", None, detail),
    ]


def by_transaction(statements: list[Statement]) -> list[list[Statement]]:
    """The statements of a page, one list per transaction (the session's, the page's): the
    floor replays each as it was sent."""
    found: list[list[Statement]] = []
    for statement in statements:
        if statement[0].lstrip().upper().startswith("BEGIN") or not found:
            found.append([])
        found[-1].append(statement)
    return found


async def _timed(fetch: Callable[[], Awaitable[int]]) -> float:
    began = time.perf_counter()
    await fetch()
    return (time.perf_counter() - began) * 1000


async def _session(stride: Stride) -> str:
    """A session of the big cohort's instructor, through the real link flow."""
    link = await signin.request_link(stride.services, dataset.actor(dataset.instructor_id(None)))
    found = _TOKEN.search(link.text)
    assert found, link.text
    return await signin.redeem(stride.services, found.group(1))


def _next_member(path: str) -> int:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return int(db.execute("SELECT max(id) FROM members").fetchone()[0]) + 1
