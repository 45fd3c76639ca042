"""The first week on Slack: every recipient's DM conversation opened under Tier 3.

``conversations.open`` allows about 50 calls a minute. The weekly reminder goes to
``scale.first_dms`` members with no stored DM channel — more than fit in one window — through
the real SlackSink, in process, against the lean fake enforcing 50 opens in any sliding
``scale.open_window`` (a minute at full scale; the quick and toy runs shrink the window and
the sink's pacing together). Measured: the open rate as a fraction of the tier's limit, the
429s, and how many channels the outbox stored for the members (each one is an open that
later weeks, and restarts, no longer need).
"""

from __future__ import annotations

from sqlalchemy import select

from bench.backends import Backend
from bench.fake_slack import LeanSlack
from bench.fanout_base import CHANNEL, CREATED, DUE, build_cohort
from bench.scale import Scale
from bench.slack_fanout import client_for
from bench.stats import Result
from bot.slack.sink import SlackSink
from core.bootstrap import start
from core.clock import FixedClock
from core.db.tables import members
from core.services.delivery import deliver_due
from core.services.notifications import enqueue_due
from core.settings import Settings

TARGET_FRACTION = 0.95
TIER3_PER_WINDOW = 50


async def measure(backend: Backend, scale: Scale) -> list[Result]:
    url = await backend.scratch("fanout_slack_opens")
    count, window = scale.first_dms, scale.open_window
    clock = FixedClock(CREATED)
    fan = await start(Settings(), database_url=url, clock=clock)
    fake = LeanSlack(opens=TIER3_PER_WINDOW, open_window=window)
    try:
        users = await build_cohort(fan, "slack", count, lambda _: None)
        clock.set(DUE)
        await enqueue_due(fan.services)
        await fake.start()
        try:
            sink = SlackSink(client_for(fake.api_url), open_period=window)
            report = await deliver_due(fan.services, sink, owner="first-week")
        finally:
            await fake.stop()
        async with fan.engine.connect() as connection:
            rows = await connection.execute(select(members.c.user_id, members.c.dm_channel_id))
            stored = {user: channel for user, channel in rows if channel}
    finally:
        await fan.close()
    opened = fake.opened
    span = opened[-1] - opened[0] if len(opened) > 1 else 0.0
    rate = (len(opened) - 1) / span if span else 0.0
    limit = TIER3_PER_WINDOW / window
    counts = fake.per_recipient()
    expected = [f"user:{user}" for user in users] + [f"channel:{CHANNEL}"]
    right = sum(1 for user in users if stored.get(user) == f"D{user}")
    label = f"slack, {count} first DMs, {window:g} s window"
    detail = {
        "opens": len(opened),
        "seconds": round(span, 1),
        "opens_per_minute": round(rate * 60, 2),
        "sent": report.sent,
        "lost": sum(1 for key in expected if counts.get(key, 0) == 0),
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "limited_by_method": dict(fake.limited_by),
    }
    return [
        Result(
            "fan-out",
            f"conversations.open rate / Tier 3 limit ({label})",
            rate / limit,
            "",
            None,
            f"≥{TARGET_FRACTION}",
            rate / limit >= TARGET_FRACTION,
            detail,
        ),
        Result("fan-out", "429s (slack, first DMs)", float(fake.limited), "", None, "0", not fake.limited),
        Result(
            "fan-out",
            "DM channels stored (slack, first DMs)",
            float(right),
            "",
            None,
            str(count),
            right == count,
        ),
    ]
