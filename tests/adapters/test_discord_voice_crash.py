"""The real `stride run` on the fake Discord, killed with SIGKILL in the middle of two voice
sessions and started again: the member still in the room keeps their one session, the one
who left while the bot was down is closed at the last heartbeat it saved (not at restart
time), and every minute is counted once."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from core.bootstrap import start
from core.domain.model import Actor
from core.services import cohorts
from core.settings import Settings
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import GUILD_VOICE, User
from tests.cli.shutdown_support import STRIDE, env, kill_group

BACKDATE = timedelta(minutes=60)


def _rows(database: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(database) as connection:
        connection.row_factory = sqlite3.Row
        found = connection.execute(
            "select s.id, m.user_id, s.status, s.started_at, s.counting_since, s.heartbeat_at, s.ended_at, "
            "s.logged_minutes from study_sessions s join members m on m.id = s.member_id order by s.id"
        ).fetchall()
    return [dict(row) for row in found]


def _voice_minutes(database: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(database) as connection:
        found = connection.execute(
            "select m.user_id, c.minutes from checkins c join members m on m.id = c.member_id "
            "where c.source = 'voice' order by c.id"
        ).fetchall()
    return [(str(user), int(minutes)) for user, minutes in found]


def _stored(instant: datetime) -> str:
    """An instant as Stride's SQLite columns hold it (UTC wall-clock digits)."""
    return instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _instant(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def _until(database: Path, check: Any, what: str, process: asyncio.subprocess.Process) -> None:
    for _ in range(200):
        if check(_rows(database)):
            return
        if process.returncode is not None:
            raise AssertionError(f"stride run exited ({process.returncode}) before: {what}")
        await asyncio.sleep(0.05)
    raise AssertionError(f"never happened: {what}; rows: {_rows(database)}")


@pytest.fixture
async def bot(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[Any]:
    """Starts `stride run` in ``tmp_path`` (a fresh one each call); kills what is left at the end."""
    started: list[asyncio.subprocess.Process] = []

    async def run() -> asyncio.subprocess.Process:
        process = await asyncio.create_subprocess_exec(
            *(STRIDE, "run"),
            cwd=tmp_path,
            env=env(
                **fake_discord.settings_env(),
                STRIDE_DISCORD__VOICE_HEARTBEAT_SECONDS="0.2",
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        started.append(process)
        return process

    yield run
    for process in started:
        await kill_group(process)


async def test_sigkill_mid_session_and_restart_counts_each_minute_once(
    fake_discord: FakeDiscord, tmp_path: Path, bot: Any
) -> None:
    guild = fake_discord.guild
    room = guild.add_channel("dsa-room", GUILD_VOICE)
    ada, bob = fake_discord.add_user("ada"), fake_discord.add_user("bob")
    database = tmp_path / "stride.db"
    await _class(database, str(guild.id), str(room.id), fake_discord.owner, ada, bob)

    first = await bot()
    for user in (ada, bob):
        await _wait_connected(fake_discord, first)
        await fake_discord.voice(user, room)
    await _until(
        database,
        lambda rows: (
            len(rows) == 2 and all(_instant(r["heartbeat_at"]) > _instant(r["started_at"]) for r in rows)
        ),
        "two open sessions with a heartbeat",
        first,
    )
    await kill_group(first)  # SIGKILL: no shutdown code runs
    assert first.returncode == -9
    before = {row["user_id"]: row for row in _rows(database)}
    assert [row["status"] for row in before.values()] == ["open", "open"]

    # While it is down: bob leaves. The sessions are made an hour older, as if the two
    # had joined an hour before the crash (the real clock moved only seconds).
    await fake_discord.voice(bob, None, dispatch=False)
    with sqlite3.connect(database) as connection:
        for row in before.values():
            connection.execute(
                "update study_sessions set started_at = ?, counting_since = ? where id = ?",
                (
                    _stored(_instant(row["started_at"]) - BACKDATE),
                    _stored(_instant(row["counting_since"]) - BACKDATE),
                    row["id"],
                ),
            )
    bob_seen = _instant(before[str(bob.id)]["heartbeat_at"])
    restarted_at = datetime.now(UTC)

    second = await bot()
    await _until(
        database, lambda rows: sorted(r["status"] for r in rows) == ["logged", "open"], "bob closed", second
    )
    after = {row["user_id"]: row for row in _rows(database)}
    assert len(after) == 2, "no second session for ada"
    assert after[str(ada.id)]["id"] == before[str(ada.id)]["id"]
    assert after[str(ada.id)]["status"] == "open"
    bob_row = after[str(bob.id)]
    assert _instant(bob_row["ended_at"]) == bob_seen < restarted_at
    bob_minutes = int(
        (bob_seen - (_instant(before[str(bob.id)]["started_at"]) - BACKDATE)).total_seconds() // 60
    )
    assert bob_minutes == 60
    assert _voice_minutes(database) == [(str(bob.id), 60)]

    await fake_discord.voice(ada, None)
    await _until(database, lambda rows: all(r["status"] == "logged" for r in rows), "ada logged", second)
    ada_row = {row["user_id"]: row for row in _rows(database)}[str(ada.id)]
    ada_minutes = int(
        (
            _instant(ada_row["ended_at"]) - (_instant(before[str(ada.id)]["counting_since"]) - BACKDATE)
        ).total_seconds()
        // 60
    )
    assert ada_minutes in (60, 61)
    assert sorted(_voice_minutes(database)) == sorted([(str(bob.id), 60), (str(ada.id), ada_minutes)])
    logged = {row["user_id"]: row["logged_minutes"] for row in _rows(database)}
    assert logged == {str(bob.id): 60, str(ada.id): ada_minutes}
    await kill_group(second)


async def _wait_connected(fake: FakeDiscord, process: asyncio.subprocess.Process) -> None:
    for _ in range(300):
        if fake.gateway.live(fake.guild.id) or process.returncode is not None:
            break
        await asyncio.sleep(0.05)
    assert fake.gateway.live(fake.guild.id), "stride run never reached the gateway"
    await asyncio.sleep(0.3)  # READY and GUILD_CREATE handled (the reconcile finds nobody)


async def _class(database: Path, guild_id: str, room_id: str, owner: User, *students: User) -> None:
    stride = await start(Settings(), database_url=f"sqlite:///{database}")
    try:
        ctx = stride.services
        prof = Actor("discord", guild_id, str(owner.id), "Owner")
        await cohorts.create_cohort(ctx, prof, "ML-Fall-2026", "UTC")
        for user in students:
            await cohorts.join_cohort(
                ctx, Actor("discord", guild_id, str(user.id), user.name), "ML-Fall-2026"
            )
        await cohorts.update_cohort(ctx, prof, None, {"voice": f"{room_id}:dsa"})
    finally:
        await stride.close()
