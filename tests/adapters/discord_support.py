"""The Stride Discord bot (the real ``StrideDiscord``) against the fake Discord: a running
client over loopback, people in the class server, and helpers that send a slash command
and collect every message the bot answered with (the first response and its followups).

    async with running_app(fake_discord, stride, clock) as app:
        reply = await app.ok(app.prof, ["cohort", "create"], {"name": "ML-Fall-2026"})
        assert "Created cohort" in reply.text
        assert reply.public
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.discord.client import StrideDiscord
from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.levels import parse_skill_kind
from core.domain.model import Actor, Horizon, Member
from core.services import budgets, checkins, cohorts, goals, plans, skills
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import JSON, User
from tests.adapters.fake_discord_state import InteractionRecord

EPHEMERAL = 64
FAILED = "✗"
COHORT = "ML-Fall-2026"
# discord.py's tasks that run one interaction's handler; "settled" means none is left.
HANDLER_TASKS = ("CommandTree-invoker", "discord-ui-view-dispatch", "discord-ui-modal-dispatch")
HANDLER_PREFIX = "discord-ui-dynamic-item-"

HANDLER_BOUND = 30.0
"""How long a handler may run after its acknowledgement (a digest with its chart on a loaded
machine takes seconds): a bound so a stuck handler fails the test, not a speed target —
the acknowledgement itself is waited for with the caller's shorter timeout."""


@dataclass
class Reply:
    """Everything the bot said to one interaction: the callback and then its followups."""

    handle: InteractionRecord
    kind: int  # callback type: 4 message, 5 deferred, 7 update, 9 modal
    messages: list[JSON] = field(default_factory=list)

    @property
    def ephemeral(self) -> bool:
        """Every message of the reply is ephemeral (flags 64)."""
        return bool(self.messages) and all(int(m.get("flags") or 0) & EPHEMERAL for m in self.messages)

    @property
    def public(self) -> bool:
        return bool(self.messages) and not any(int(m.get("flags") or 0) & EPHEMERAL for m in self.messages)

    @property
    def text(self) -> str:
        return "\n".join(message_text(m) for m in self.messages)

    @property
    def failed(self) -> bool:
        return any(str(m.get("content") or "").startswith(FAILED) for m in self.messages) or any(
            str(e.get("description") or "").startswith(FAILED)
            for m in self.messages
            for e in m.get("embeds") or []
        )


def message_text(message: JSON) -> str:
    """Content and every text of every embed, in reading order."""
    parts = [str(message.get("content") or "")]
    for embed in message.get("embeds") or []:
        parts += [str(embed.get("title") or ""), str(embed.get("description") or "")]
        for item in embed.get("fields") or []:
            parts += [str(item.get("name") or ""), str(item.get("value") or "")]
        parts.append(str((embed.get("footer") or {}).get("text") or ""))
        parts.append(str((embed.get("author") or {}).get("name") or ""))
    return "\n".join(p for p in parts if p)


def custom_ids(message: JSON) -> list[str]:
    return [str(c["custom_id"]) for row in message.get("components") or [] for c in row.get("components", [])]


@dataclass
class App:
    fake: FakeDiscord
    stride: Stride
    clock: FixedClock
    client: StrideDiscord
    prof: User
    ada: User

    @property
    def guild_id(self) -> int:
        return self.fake.guild.id

    @property
    def channel_id(self) -> int:
        return self.fake.guild.channels[0].id

    def actor(self, user: User) -> Actor:
        """The identity the bot gives ``user`` in the class server (Discord's display name)."""
        return Actor("discord", str(self.guild_id), str(user.id), user.name.title())

    async def settle(self, timeout: float = HANDLER_BOUND) -> None:  # noqa: ASYNC109 - bounded on purpose
        """Wait until discord.py has no interaction handler left running."""
        async with asyncio.timeout(timeout):
            while pending := [t for t in asyncio.all_tasks() if _is_handler(t)]:
                await asyncio.wait(pending)

    async def collect(self, handle: InteractionRecord, timeout: float = 5.0) -> Reply:  # noqa: ASYNC109
        """The callback and, once the handler has finished, every followup it sent."""
        callback = await handle.response(timeout)
        await self.settle(max(timeout, HANDLER_BOUND))
        messages: list[JSON] = []
        if callback["type"] in (4, 7) and handle.original_message is not None:
            messages.append(handle.original_message)
        elif callback["type"] == 4:
            messages.append(callback["data"])
        messages += handle.followups
        return Reply(handle, int(callback["type"]), messages)

    async def say(
        self,
        user: User,
        path: Sequence[str],
        options: Mapping[str, Any] | None = None,
        *,
        channel_id: int | None = None,
    ) -> Reply:
        """``/path options`` by ``user`` in the class server (its first channel by default)."""
        handle = await self.fake.slash(self.guild_id, user, list(path), options or {}, channel_id=channel_id)
        return await self.collect(handle)

    async def ok(
        self, user: User, path: Sequence[str], options: Mapping[str, Any] | None = None, **kw: Any
    ) -> Reply:
        """The reply to a command that must succeed (no "✗" sentence)."""
        reply = await self.say(user, path, options, **kw)
        assert reply.kind in (4, 5, 7), f"/{' '.join(path)}: callback type {reply.kind}"
        assert reply.messages, f"/{' '.join(path)} sent nothing"
        assert not reply.failed, f"/{' '.join(path)} {dict(options or {})} failed:\n{reply.text}"
        return reply

    async def fails(
        self, user: User, path: Sequence[str], options: Mapping[str, Any] | None = None, **kw: Any
    ) -> Reply:
        """The reply to a command that must be refused with an ephemeral "✗" sentence."""
        reply = await self.say(user, path, options, **kw)
        assert reply.failed, f"/{' '.join(path)} should have failed but said:\n{reply.text}"
        assert reply.ephemeral, f"/{' '.join(path)}: an error must be ephemeral"
        return reply

    async def member(self, user: User) -> Member:
        async with self.stride.services.uow() as uow:
            cohort = (await uow.cohorts.named(COHORT))[0]
            found = await uow.members.get(cohort.id, str(user.id))
        assert found is not None
        return found


def _is_handler(task: asyncio.Task[Any]) -> bool:
    name = task.get_name()
    return not task.done() and (name.startswith(HANDLER_TASKS) or name.startswith(HANDLER_PREFIX))


def new_client(app_or_stride: App | Stride) -> StrideDiscord:
    stride = app_or_stride.stride if isinstance(app_or_stride, App) else app_or_stride
    return StrideDiscord(stride.services, guild_ready_timeout=0.05)


@contextlib.asynccontextmanager
async def running_app(fake: FakeDiscord, stride: Stride, clock: FixedClock) -> AsyncIterator[App]:
    """A started ``StrideDiscord`` with its commands synced globally, and two people: the
    instructor-to-be ``prof`` and the student ``ada`` (plain members, no permissions)."""
    prof = fake.add_user("prof")
    ada = fake.add_user("ada")
    client = new_client(stride)
    async with fake.running(client):
        await client.tree.sync()
        yield App(fake, stride, clock, client, prof, ada)


async def seed_world(app: App) -> None:
    """Straight through the services (fast): ``prof``'s cohort bound to the server's first
    channel, and ``ada`` in it with plan A, the skill SQL, a dsa budget, an hour logged and
    a goal."""
    ctx, prof, ada = app.stride.services, app.actor(app.prof), app.actor(app.ada)
    await cohorts.create_cohort(ctx, prof, COHORT, "Europe/Berlin", str(app.channel_id))
    await cohorts.join_cohort(ctx, ada, COHORT)
    await plans.set_plan(
        ctx, ada, None, "A", position="ML Engineer", industry="Health", rationale="Hospitals"
    )
    await skills.add_skill(
        ctx,
        ada,
        None,
        name="SQL",
        kind=parse_skill_kind("general"),
        priority=1,
        current=1,
        target=3,
        notes=None,
    )
    await budgets.set_budget(ctx, ada, None, "dsa", 300, 420, "week")
    await checkins.check_in(ctx, ada, None, minutes=60, track="dsa")
    await goals.add_goal(ctx, ada, None, Horizon.SHORT, "Ship a model")


async def crowd(app: App, count: int) -> None:
    """``count`` students, each with a budget and a different number of hours this week."""
    ctx = app.stride.services
    for number in range(1, count + 1):
        who = Actor("discord", str(app.guild_id), f"9000{number:02}", f"Student {number:02}")
        await cohorts.join_cohort(ctx, who, COHORT)
        await budgets.set_budget(ctx, who, None, "dsa", 60, 600, "week")
        await checkins.check_in(ctx, who, None, minutes=10 * number, track="dsa")
