"""What every platform's fan-out run shares: the fake on loopback and the cohort it reaches.

A platform's run is a :class:`LoopbackFanout` around its fake (``bench.discord_fanout``,
``bench.slack_fanout``); recipients are counted at the fake as ``user:ID`` (a DM) and
``channel:ID`` (the cohort's channel post).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import insert

from core.bootstrap import Stride
from core.db.tables import members
from core.domain.model import Actor
from core.services import cohorts

CREATED = datetime(2026, 11, 23, 8, 59, tzinfo=UTC)
"""A minute before the Monday 09:00 weekly reminder (the cohort's zone is UTC)."""
DUE = datetime(2026, 11, 23, 9, 0, 30, tzinfo=UTC)
CHANNEL = "555000"
FIRST_USER = 10**6


class Fake(Protocol):
    @property
    def accepted(self) -> list[float]:
        """When each request the fake accepted arrived."""
        ...

    @property
    def limited(self) -> int:
        """How many requests it answered with a 429."""
        ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def per_recipient(self) -> dict[str, int]: ...


class LoopbackFanout:
    name = ""
    platform = ""
    """The ``platform`` value of the cohort and members (an Actor's platform)."""

    def __init__(self, fake: Fake, limit: int) -> None:
        self.fake = fake
        self.limit = limit
        """The fake's global limit, requests per second."""

    async def start(self) -> None:
        await self.fake.start()

    async def stop(self) -> None:
        await self.fake.stop()

    def known_dm_channel(self, user_id: str) -> str | None:
        """The DM channel stored with a member before the run (None: the sink opens it)."""
        return None

    def user_key(self, user_id: str) -> str:
        return f"user:{user_id}"

    def channel_key(self, channel_id: str) -> str:
        return f"channel:{channel_id}"

    def per_recipient(self) -> dict[str, int]:
        return self.fake.per_recipient()

    @property
    def accepted(self) -> list[float]:
        return self.fake.accepted

    @property
    def limited(self) -> int:
        return self.fake.limited


async def build_cohort(
    fan: Stride, platform: str, size: int, dm_channel: Callable[[str], str | None]
) -> list[str]:
    """A cohort bound to ``CHANNEL`` with ``size`` students (their DM channels as
    ``dm_channel`` says); returns their user ids."""
    ctx = fan.services
    prof = Actor(platform, "guild", "900", "prof")
    await cohorts.create_cohort(ctx, prof, "fanout", "UTC", CHANNEL)
    async with ctx.uow() as uow:
        cohort = await uow.cohorts.by_name(platform, "guild", "fanout")
    assert cohort is not None
    users = [str(FIRST_USER + i) for i in range(size)]
    rows = [
        {
            "cohort_id": cohort.id,
            "user_id": user,
            "display_name": f"student {user}",
            "role": "student",
            "timezone": None,
            "dms_enabled": True,
            "leaderboard_visible": True,
            "unreachable": False,
            "joined_at": CREATED,
            "dm_channel_id": dm_channel(user),
        }
        for user in users
    ]
    async with fan.engine.begin() as connection:
        await connection.execute(insert(members), rows)
    return users
