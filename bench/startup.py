"""Start-up and memory: ``stride run`` (the console, no platform tokens) on the benchmark's
database, timed from launch to its first reply; then its resident memory while idle,
before and after it built the digest of the big cohort.

The process is the real command line, started fresh each time, with no config file and
no ``STRIDE_*`` variables, so what is measured is what a user starting Stride waits for.
"""

from __future__ import annotations

import asyncio
import compileall
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import dataset
from bench.backends import Backend
from bench.scale import NOW, Scale
from bench.stats import Result
from core.bootstrap import Stride

TARGET_SECONDS = 1.5
TARGET_MB = 150.0
REPLY_TIMEOUT = 120.0


def _command(url: str, user: str) -> list[str]:
    stride = Path(sys.executable).with_name("stride")
    return [str(stride), "run", "--db", url, "--as", user, "--now", NOW.isoformat()]


def _compile_stride() -> None:
    """Compile Stride's own modules first, as installing its wheel does (the Dockerfile's
    ``pip install`` compiles everything it installs). A checkout installed editable, run with
    ``PYTHONDONTWRITEBYTECODE`` set (this machine's shell sets it), would otherwise compile
    all of them again at every start: 1.35-1.65 s instead of 0.7 s, measured here."""
    root = Path(__file__).resolve().parent.parent
    for package in ("core", "bot", "migrations"):
        compileall.compile_dir(root / package, quiet=1)


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("STRIDE_")}


async def _reply(process: asyncio.subprocess.Process, line: str) -> str:
    """Send one command; return its answer (the script mode echoes "> line" first)."""
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write(line.encode() + b"\n")
    await process.stdin.drain()
    text = b""
    while True:
        chunk = await asyncio.wait_for(process.stdout.readline(), REPLY_TIMEOUT)
        if not chunk:
            raise RuntimeError(f"stride run ended before answering {line!r}")
        text += chunk
        if chunk == b"\n" and text.count(b"\n") > 2:  # the reply is written whole, then a blank line
            return text.decode()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def _start_once(url: str, user: str, folder: str) -> tuple[float, asyncio.subprocess.Process]:
    began = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        *_command(url, user),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        cwd=folder,
        env=_environment(),
    )
    await _reply(process, "/cohort show")
    return time.perf_counter() - began, process


async def _finish(process: asyncio.subprocess.Process) -> None:
    assert process.stdin is not None
    process.stdin.close()
    try:
        await asyncio.wait_for(process.wait(), 10)
    except TimeoutError:
        process.kill()
        await process.wait()


async def measure(stride: Stride, backend: Backend, scale: Scale) -> list[Result]:
    user = dataset.instructor_id(None)
    times: list[float] = []
    await asyncio.to_thread(_compile_stride)
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(scale.startups):
            seconds, process = await _start_once(backend.url, user, folder)
            times.append(seconds)
            await _finish(process)
        _, process = await _start_once(backend.url, user, folder)
        try:
            await asyncio.sleep(1.0)
            started = rss_mb(process.pid)
            await _reply(process, "/digest")
            await asyncio.sleep(1.0)
            after_digest = rss_mb(process.pid)
            helpers = _children_rss_mb(process.pid)
        finally:
            await _finish(process)
    median = statistics.median(times)
    return [
        Result(
            "start-up",
            "stride run → first reply (median)",
            median,
            "s",
            None,
            f"<{TARGET_SECONDS:g} s",
            median < TARGET_SECONDS,
            {"runs": [round(t, 3) for t in times]},
        ),
        Result("memory", "idle RSS, started", started, "MB", None, f"<{TARGET_MB:g} MB", started < TARGET_MB),
        Result(
            "memory",
            f"idle RSS after the {scale.big_cohort:,}-member digest",
            after_digest,
            "MB",
            None,
            f"<{TARGET_MB:g} MB",
            after_digest < TARGET_MB,
        ),
        Result(
            "memory",
            "its child processes then (chart worker, resource tracker; no target)",
            helpers,
            "MB",
            None,
            "",
            None,
        ),
    ]


def _children_rss_mb(pid: int) -> float:
    """The resident memory of ``pid``'s child processes still running: the chart worker
    (matplotlib loaded, kept for the next chart) and multiprocessing's resource tracker; a
    report process has exited by now."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    total = 0.0
    for child in children:
        try:
            total += rss_mb(int(child))
        except (FileNotFoundError, RuntimeError):  # gone meanwhile
            continue
    return total
