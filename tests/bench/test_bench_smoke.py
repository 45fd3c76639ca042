"""The benchmark harness at a toy scale, so ``bench/`` cannot rot between runs of ``make bench``.

Nothing here is timed: it checks that every section runs end to end on both backends and
reports what it should — a floor for every command, no check-in lost, every recipient of
the fan-out reached exactly once across a killed and restarted deliverer.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from bench.__main__ import parse, run
from bench.backends import Backend, PostgresBackend, SqliteBackend, schema_head
from bench.fake_discord import LeanDiscord
from bench.fake_slack import TOKEN as SLACK_TOKEN
from bench.fake_slack import LeanSlack
from bench.scale import SCALES
from bench.stats import Result, table
from core.db.engine import create_engine
from core.db.tables import checkins, week_totals


@pytest.fixture
async def backend(tmp_path: Path, database_url: str) -> AsyncIterator[Backend]:
    """SQLite in a temporary folder, or PostgreSQL databases of this test's own name."""
    if database_url.startswith("sqlite"):
        yield SqliteBackend(tmp_path)
        return
    postgres = PostgresBackend(database_url, prefix=f"stride_bench_t{uuid.uuid4().hex[:8]}")
    try:
        yield postgres
    finally:
        await postgres.drop_all()


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


async def _toy(backend: Backend, only: str, *options: str) -> dict[str, Result]:
    results, meta = await run(parse(["--scale", "toy", "--only", only, *options]), backend)
    assert meta["backend"] == backend.name
    assert table(results).count("\n") == len(results) + 1
    return {f"{r.section}: {r.name}": r for r in results}


async def test_commands_and_writes_have_floors_and_lose_nothing(backend: Backend) -> None:
    found = await _toy(backend, "commands,writes")
    for command in ("checkin", "progress", "plan check", "leaderboard", "digest"):
        timed = found[f"commands: {command} p99"]
        assert timed.floor is not None
        assert timed.floor > 0
        assert timed.value > 0
        assert timed.detail["statements"] >= 2  # the floor replays what the service sent
    assert found["writes: check-ins lost"].value == 0
    assert found["writes: checkins/s, 10 writers"].detail["stored"] == 20


async def test_the_sqlite_dataset_is_built_once_and_reused(tmp_path: Path) -> None:
    backend = SqliteBackend(tmp_path)
    scale = SCALES["toy"]
    built = await backend.prepare(scale)
    cached = _names(tmp_path)
    reused = await backend.prepare(scale)
    assert (built.reused, reused.reused) == (False, True)
    assert reused.rows == built.rows > scale.checkin_rows
    assert _names(tmp_path) == cached


async def test_the_bulk_loaded_dataset_has_week_totals_of_its_check_ins(backend: Backend) -> None:
    """The bulk loader bypasses Stride's writes, so it must fill what they keep (and a dataset
    is named after the schema it was built at, so an older one is never reused)."""
    built = await backend.prepare(SCALES["toy"])
    assert f"-r{schema_head()}" in built.url.replace("_", "-")
    engine = create_engine(built.url)
    try:
        async with engine.connect() as connection:
            keys = (checkins.c.member_id, checkins.c.iso_week, checkins.c.track)
            summed = await connection.execute(select(*keys, func.sum(checkins.c.minutes)).group_by(*keys))
            expected = {(m, w, t): int(total) for m, w, t, total in summed}
            kept = {(m, w, t): minutes for m, w, t, minutes in await connection.execute(select(week_totals))}
    finally:
        await engine.dispose()
    assert len(expected) > SCALES["toy"].cohorts
    assert kept == expected


async def test_fanout_killed_halfway_reaches_everyone_once(backend: Backend) -> None:
    found = await _toy(backend, "fanout")
    for platform in ("discord", "slack"):
        assert found[f"fan-out: duplicates ({platform}, killed + restarted)"].value == 0
        assert found[f"fan-out: losses ({platform}, killed + restarted)"].value == 0
        assert found[f"fan-out: 429s received ({platform})"].value == 0
        rate = found[f"fan-out: rate / limit ({platform}, 20 members)"]
        assert rate.detail["recipients"] == 21  # twenty DMs and the channel post
        assert rate.detail["unsent_rows"] == 0
        assert 0 < rate.detail["killed_after_rows"] < 21  # killed with work left to do
    # Slack's steady state: every DM channel was stored, so the deliverers opened none.
    assert found["fan-out: rate / limit (slack, 20 members)"].detail["requests"] < 21 + 20


async def test_slacks_first_week_opens_every_dm_under_tier_3_and_stores_it(backend: Backend) -> None:
    found = await _toy(backend, "fanout", "--platforms", "slack")
    assert not any("discord" in name for name in found)
    opens = found["fan-out: conversations.open rate / Tier 3 limit (slack, 60 first DMs, 2.5 s window)"]
    assert opens.detail["opens"] == 60  # more than the 50 one window allows
    assert opens.detail["seconds"] >= 2.5
    assert (opens.detail["lost"], opens.detail["duplicates"]) == (0, 0)
    assert found["fan-out: 429s (slack, first DMs)"].value == 0
    assert found["fan-out: DM channels stored (slack, first DMs)"].value == 60


async def test_the_fake_platform_refuses_beyond_its_limit() -> None:
    fake = LeanDiscord(limit=5)
    await fake.start()
    statuses: list[int] = []
    retry_after = None
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(8):
                url = f"{fake.base_url}/users/@me/channels"
                async with session.post(url, json={"recipient_id": "7"}) as response:
                    statuses.append(response.status)
                    retry_after = response.headers.get("Retry-After")
    finally:
        await fake.stop()
    assert statuses == [200] * 5 + [429] * 3
    assert fake.limited == 3
    assert retry_after is not None
    assert 0 < float(retry_after) <= 1


async def test_the_fake_slack_refuses_beyond_either_limit() -> None:
    fake = LeanSlack(limit=5, opens=3, open_window=60.0)
    await fake.start()
    statuses: list[tuple[str, int, str | None]] = []
    try:
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {SLACK_TOKEN}"}) as session:
            for method in ["conversations.open"] * 4 + ["chat.postMessage"] * 3:
                body = {"users": "U1"} if method == "conversations.open" else {"channel": "DU1", "text": "hi"}
                async with session.post(f"{fake.api_url}{method}", json=body) as response:
                    statuses.append((method, response.status, response.headers.get("Retry-After")))
    finally:
        await fake.stop()
    codes = [status for _, status, _ in statuses]
    # Three opens fit the Tier 3 window, the fourth does not; then two posts fill the second.
    assert codes == [200, 200, 200, 429, 200, 200, 429]
    assert fake.limited_by == {"conversations.open": 1, "chat.postMessage": 1}
    assert statuses[3][2] is not None
    assert 55 <= int(statuses[3][2]) <= 60  # the open window's remainder, whole seconds
    assert statuses[6][2] == "1"
    assert fake.per_recipient() == {"user:U1": 0}  # the posts carried no outbox nonce


async def test_the_class_commands_print_their_statements_against_the_limit(backend: Backend) -> None:
    found = await _toy(backend, "commands")
    for command in ("checkin", "progress", "plan check"):
        counted = found[f"commands: {command} statements"]
        assert counted.value == counted.detail["statements"]
        assert counted.met is (counted.value <= 3)
        assert counted.met, command  # counted as test_statements_per_command does: BEGIN/COMMIT left out
    assert "commands: leaderboard statements" not in found
    digest = found["commands: digest p99"]
    assert digest.target == "<100 ms"
    big = found["commands: digest (40) p50"]
    assert big.target.startswith("<1000 ms")
    assert big.met is (big.value < 1000 and big.value <= 2 * (big.floor or 0))


async def test_every_lag_scenario_runs_with_the_tuned_and_the_default_collector(backend: Backend) -> None:
    found = await _toy(backend, "lag")
    tuned = [r for name, r in found.items() if not name.endswith("default gc")]
    assert {r.name for r in tuned} >= {
        "100 concurrent check-ins",
        "/me delete of 10,000 check-ins",
        "roadmap import of 1,000 items",
    }
    for result in tuned:
        assert result.target == "<20 ms"
        assert f"loop lag: {result.name}, Python's default gc" in found
        assert result.detail["work_seconds"] > 0


async def test_slash_commands_through_the_real_client_are_all_acknowledged(backend: Backend) -> None:
    found = await _toy(backend, "interactions")
    acknowledged = found["interactions: acknowledged"]
    assert acknowledged.detail["sent"] == 50  # a toy second at 50 a second
    assert acknowledged.value == 50
    assert found["interactions: answered with an error"].value == 0
    assert found["interactions: time to callback p99"].value > 0


async def test_the_dashboard_overview_prints_its_floor_on_sqlite(backend: Backend) -> None:
    found = await _toy(backend, "dashboard")
    if backend.name != "sqlite":
        assert found == {}  # the target is SQLite's
        return
    fresh = found["dashboard: dashboard overview (40) p50"]
    assert fresh.floor is not None
    assert fresh.floor > 0
    assert fresh.target == "<500 ms"
    assert fresh.detail["students"] == 40
    assert fresh.detail["statements"] >= 10  # the session, the access check, the digest's and the page's own
    assert found["dashboard: dashboard overview (40), cached p50"].value > 0
