"""The console at both ends of the clock range the CLI accepts (1970-01-01 to 9000-12-31),
with dates typed at both ends of the calendar: a sentence for each, never "Something went
wrong"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.clock import EARLIEST, LATEST
from tests.conftest import Console

UNEXPECTED = "Something went wrong"
SCRIPT = [
    "/cohort create Edge tz=Pacific/Kiritimati",
    "@ada /cohort join Edge",
    "@ada /me timezone America/Adak",
    "@ada /budget set dsa 5-7",
    "@ada /budget set reading 4 per=month",
    '@ada /checkin 2h dsa "edge"',
    "@ada /checkin 1h dsa date=yesterday",
    "@ada /checkin 1h dsa date=9999-12-31",
    "@ada /checkin 1h dsa date=0001-01-01",
    "@ada /progress",
    "@ada /progress month",
    "@ada /progress chart",
    "@ada /streak",
    '@ada /plan set A position="x" industry="y"',
    '@ada /skill add "Algo" general priority=1 current=1 target=3',
    "@ada /plan check",
    "@ada /plan chart",
    "@ada /me pause until=9999-12-31",
    "@ada /me pause until=0001-01-01",
    "@ada /me pause until=9000-12-31",
    "@ada /me pause until=1970-01-01",
    "@ada /leaderboard",
    "@ada /leaderboard streak term",
    "@ada /leaderboard hours month",
    "/cohort set term_start=9999-12-31",
    "/cohort set term_start=0001-01-01",
    "/digest",
    "/export",
    "@ada /me export",
    "@ada /plan export",
]


@pytest.mark.parametrize(
    "now",
    [
        datetime.combine(EARLIEST, datetime.min.time(), tzinfo=UTC),
        datetime.combine(LATEST, datetime.max.time(), tzinfo=UTC),
    ],
    ids=["earliest", "latest"],
)
async def test_every_command_answers_at_the_ends_of_the_clock_range(console: Console, now: datetime) -> None:
    console.clock.set(now)
    for line in SCRIPT:
        reply = await console.say(line)
        assert UNEXPECTED not in (reply.error or ""), f"{line!r} at {now}: {reply.error}"
