"""Slash commands end to end: the real discord.py client, fed interactions over its gateway.

A class server of students sends check-ins, progress and plan checks at a steady rate to
the real ``StrideDiscord`` through the fake Discord of ``tests/adapters`` on loopback (its
gateway dispatches each ``INTERACTION_CREATE``; its REST records the callback). What a
student notices is the time from sending the command to Discord receiving the answer, and
Discord drops an interaction not acknowledged within 3 seconds, so the targets are: every
interaction acknowledged, without an error, and p99 of that time under 250 ms.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from bench.scale import Scale
from bench.stats import Result, percentile
from bot.discord.client import StrideDiscord
from core.bootstrap import Stride
from core.domain.model import Actor
from core.services import budgets, cohorts, plans
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import User
from tests.adapters.fake_discord_state import InteractionRecord

RATE = 50.0
"""Slash commands per second."""
TARGET_P99_MS = 250.0
COHORT = "bench-interactions"
STUDENTS = 40
COMMANDS: list[tuple[list[str], dict[str, Any]]] = [
    (["checkin"], {"hours": "45m", "track": "dsa"}),
    (["progress"], {}),
    (["plan", "check"], {}),
]


@dataclass(frozen=True)
class Run:
    sent: int
    acknowledged: int
    failed: int
    delays_ms: list[float]
    seconds: float


def seconds_for(scale: Scale) -> float:
    return {"full": 60.0, "quick": 10.0}.get(scale.name, 1.0)


async def _class_server(fake: FakeDiscord, stride: Stride) -> list[User]:
    """An instructor's cohort in the fake server, and students each with a plan and a budget."""
    ctx, guild = stride.services, str(fake.guild.id)
    prof = fake.add_user("prof")
    await cohorts.create_cohort(ctx, Actor("discord", guild, str(prof.id), "Prof"), COHORT, "UTC", None)
    students = [fake.add_user(f"student{i:02d}") for i in range(STUDENTS)]
    for user in students:
        who = Actor("discord", guild, str(user.id), user.name)
        await cohorts.join_cohort(ctx, who, COHORT)
        await budgets.set_budget(ctx, who, None, "dsa", 300, 420, "week")
        await plans.set_plan(ctx, who, None, "A", position="ML Engineer", industry="Health", rationale="x")
    return students


async def drive(fake: FakeDiscord, students: list[User], seconds: float, rate: float = RATE) -> Run:
    """Send ``rate`` commands a second for ``seconds``, on a fixed schedule (a slow answer
    never delays the next command), then wait for every callback."""
    loop = asyncio.get_running_loop()
    count = max(1, round(seconds * rate))
    began = loop.time()
    handles: list[InteractionRecord] = []
    for index in range(count):
        await asyncio.sleep(max(0.0, began + index / rate - loop.time()))
        path, options = COMMANDS[index % len(COMMANDS)]
        user = students[index % len(students)]
        handles.append(await fake.slash(fake.guild.id, user, path, options))
    sent_for = loop.time() - began
    answered = await asyncio.gather(*(h.response(10.0) for h in handles), return_exceptions=True)
    callbacks = [a for a in answered if isinstance(a, dict)]
    failed = sum(1 for h in handles if _refused(h))
    delays = [h.callback_delay * 1000 for h in handles if h.callback_delay is not None]
    return Run(count, len(callbacks), failed, delays, sent_for)


def _refused(handle: InteractionRecord) -> bool:
    """Whether the answer, in the callback or a followup, is a "✗" sentence."""
    messages = [(handle.callback or {}).get("data") or {}, *handle.followups]
    return any(str(m.get("content") or "").startswith("✗") for m in messages)


async def measure(stride: Stride, backend: object, scale: Scale) -> list[Result]:
    fake = FakeDiscord()
    await fake.start()
    restore = fake.point_discord_py()
    try:
        students = await _class_server(fake, stride)
        client = StrideDiscord(stride.services, guild_ready_timeout=0.05)
        async with fake.running(client):
            await client.tree.sync()
            run = await drive(fake, students, seconds_for(scale))
        errors = fake.errors.take()
    finally:
        restore()
        await fake.stop()
    return results(run, errors)


def results(run: Run, errors: list[str]) -> list[Result]:
    rate = run.sent / run.seconds if run.seconds else 0.0
    p50 = percentile(run.delays_ms, 50) if run.delays_ms else float("inf")
    p99 = percentile(run.delays_ms, 99) if run.delays_ms else float("inf")
    detail = {"sent": run.sent, "seconds": round(run.seconds, 1), "errors": len(errors)}
    section = "interactions"
    return [
        Result(
            section,
            "slash commands sent per second",
            rate,
            "/s",
            None,
            f"≥{RATE * 0.95:g}/s",
            rate >= RATE * 0.95,
            detail,
        ),
        Result(
            section,
            "acknowledged",
            run.acknowledged,
            "",
            None,
            f"all {run.sent}",
            run.acknowledged == run.sent,
            detail,
        ),
        Result(
            section,
            "answered with an error",
            run.failed + len(errors),
            "",
            None,
            "0",
            run.failed + len(errors) == 0,
            detail,
        ),
        Result(section, "time to callback p50", p50, "ms", None, "", None, detail),
        Result(
            section,
            "time to callback p99",
            p99,
            "ms",
            None,
            f"<{TARGET_P99_MS:g} ms",
            p99 < TARGET_P99_MS,
            detail,
        ),
    ]
