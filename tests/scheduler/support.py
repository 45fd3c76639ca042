"""Recording sinks and a cohort set-up for the scheduler tests."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.model import Actor
from core.services import cohorts as cohort_service
from core.services.delivery import DeliveryReport, NoChannel, Outgoing, PermanentRefusal, deliver_due
from core.services.notifications import TickReport, enqueue_due

STRIDE = str(Path(sys.executable).with_name("stride"))


def env_without_config() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("STRIDE_")}


async def run_tick(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``stride tick --db URL ARGS`` as its own process, as an operator runs it."""
    process = await asyncio.create_subprocess_exec(
        STRIDE,
        "tick",
        "--db",
        url,
        *args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env_without_config(),
    )
    out, err = await process.communicate()
    assert process.returncode is not None
    return subprocess.CompletedProcess([], process.returncode, out.decode(), err.decode())


def person(user: str) -> Actor:
    return Actor("console", "local", user, user.capitalize())


@dataclass
class RecordingSink:
    """A platform that keeps what it accepted; with ``dedupe_nonces`` it drops a resend of a
    nonce it already has, as Discord does with ``enforce_nonce``."""

    dedupe_nonces: bool = False
    platforms: tuple[str, ...] = ("console",)
    accepted: list[Outgoing] = field(default_factory=list)
    attempts: int = 0
    failures: list[BaseException] = field(default_factory=list)
    refuse_users: set[str] = field(default_factory=set)
    needs_channels: bool = False
    """Refuses a channel post without a channel, as Discord's and Slack's sinks do."""

    async def send(self, message: Outgoing) -> None:
        self.attempts += 1
        if message.notification.user_id in self.refuse_users:
            raise PermanentRefusal("Cannot send messages to this user")
        channel_post = message.notification.audience == "channel"
        if self.needs_channels and channel_post and not message.notification.channel_id:
            raise NoChannel("the cohort has no channel set")
        if self.failures:
            raise self.failures.pop(0)
        if self.dedupe_nonces and any(m.nonce == message.nonce for m in self.accepted):
            return
        self.accepted.append(message)

    def by_kind(self) -> Counter[tuple[str, str]]:
        return Counter((m.notification.kind, m.notification.recipient_key) for m in self.accepted)

    def of(self, kind: str) -> list[Outgoing]:
        return [m for m in self.accepted if m.notification.kind == kind]


async def tick(
    stride: Stride, clock: FixedClock, at: datetime, sink: RecordingSink
) -> tuple[TickReport, DeliveryReport]:
    clock.set(at)
    report = await enqueue_due(stride.services)
    delivered = await deliver_due(stride.services, sink, owner="test", sleep=_no_sleep)
    return report, delivered


async def _no_sleep(_seconds: float) -> None:
    return None


async def make_cohort(
    stride: Stride, clock: FixedClock, at: datetime, timezone: str, students: tuple[str, ...] = ("ada",)
) -> None:
    clock.set(at)
    services = stride.services
    await cohort_service.create_cohort(services, person("prof"), "Fall", timezone, "general")
    for student in students:
        await cohort_service.join_cohort(services, person(student), "Fall")


async def set_schedule(stride: Stride, schedule: Mapping[str, Mapping[str, object]]) -> None:
    async with stride.services.uow() as uow:
        cohort = (await uow.cohorts.named("Fall"))[0]
        await uow.cohorts.update(cohort.id, settings={**cohort.settings, "schedule": schedule})
        await uow.commit()
