"""What a stopped `stride run` left behind: its process group read from /proc, and the
outbox rows still holding a lease in its SQLite file."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import sys
from pathlib import Path

STRIDE = str(Path(sys.executable).with_name("stride"))


def env(**extra: str) -> dict[str, str]:
    """This environment without any STRIDE_ setting of the developer's, plus ``extra``; the
    dashboard on a free port (tests run side by side)."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("STRIDE_")}
    kept.update({"STRIDE_WEB__PORT": "0", **extra})
    return kept


def group(pgid: int) -> list[tuple[int, str]]:
    """(pid, command name) of every live process in process group ``pgid``.

    The bot is started in a session of its own, so everything it starts (the chart
    worker, multiprocessing's resource tracker) shares its group even after being orphaned.
    """
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        state, _ppid, process_group = stat[stat.rindex(")") + 2 :].split()[:3]
        if int(process_group) == pgid and state != "Z":
            found.append((int(entry.name), name))
    return found


async def left_behind(pgid: int) -> list[tuple[int, str]]:
    """The group's processes still alive a few seconds after the bot exited (an orphaned
    tracker needs a moment to read its end of file)."""
    for _ in range(30):
        if not group(pgid):
            break
        await asyncio.sleep(0.1)
    return group(pgid)


async def wait_for_children(pgid: int, count: int) -> None:
    for _ in range(300):
        if len(group(pgid)) > count:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"stride run never started {count} child processes: {group(pgid)}")


async def exit_code(process: asyncio.subprocess.Process) -> int:
    """The bot's exit status once it and its pipes are done (a leftover child holding its
    stdout keeps them open), within the "few seconds" a stop may take."""
    try:
        return await asyncio.wait_for(process.wait(), 10)
    except TimeoutError:
        raise AssertionError(f"not done 10 s after the signal; still running: {group(process.pid)}") from None


def leased(database: Path) -> list[tuple[int, str | None]]:
    """Outbox rows with a lease still running: no deliverer is alive to settle them."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "select id, lease_owner from notifications where lease_until is not null"
        ).fetchall()
    return [(int(row[0]), row[1]) for row in rows]


async def stops_cleanly(process: asyncio.subprocess.Process, stop: signal.Signals) -> None:
    """Send ``stop``: the bot exits 0 without a traceback and nothing it started lives on."""
    assert process.stderr is not None
    process.send_signal(stop)
    code = await exit_code(process)
    stderr = (await process.stderr.read()).decode()
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert await left_behind(process.pid) == []


async def kill_group(process: asyncio.subprocess.Process) -> None:
    """Clean up after a failed test: what the bot left running must not outlive it."""
    for pid, _ in group(process.pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    if process.returncode is None:
        await process.wait()
