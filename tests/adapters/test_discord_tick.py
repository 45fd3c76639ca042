"""``stride tick`` beside a Discord bot: it delivers the console's messages only, leaves the
Discord cohort's due rows pending and unleased (and says so), and the bot's deliverer then
sends each of them once."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from bot.discord.sink import DiscordSink
from core.bootstrap import Stride
from core.clock import FixedClock
from core.services import budgets, cohorts, reflections
from core.services.delivery import deliver_due
from tests.adapters.discord_support import COHORT, running_app
from tests.adapters.fake_discord import FakeDiscord
from tests.scheduler.support import make_cohort, person, run_tick

SUNDAY_16H = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
SUNDAY_18H_BERLIN = datetime(2026, 11, 22, 17, 1, tzinfo=UTC)  # hours check-ins (DM)


async def test_tick_leaves_discord_rows_to_the_bot_which_sends_them_once(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock, database_url: str, tmp_path: Path
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        ctx = stride.services
        await make_cohort(stride, clock, SUNDAY_16H, "Europe/Berlin")  # a console class
        await budgets.set_budget(ctx, person("ada"), None, "dsa", 300, 420, "week")
        await cohorts.create_cohort(ctx, app.actor(app.prof), COHORT, "Europe/Berlin", str(app.channel_id))
        await cohorts.join_cohort(ctx, app.actor(app.ada), COHORT)
        await budgets.set_budget(ctx, app.actor(app.ada), None, "dsa", 300, 420, "week")
        # Reflections off: the check-in DMs alone, without their reflection reminders.
        await reflections.set_questions(ctx, app.actor(app.prof), None, "off")
        await reflections.set_questions(ctx, person("prof"), None, "off")
        printed = tmp_path / "tick.jsonl"
        run = await run_tick(
            database_url, "--now", SUNDAY_18H_BERLIN.isoformat(), "--sink", f"jsonl:{printed}"
        )
        assert run.returncode == 0, run.stderr
        assert "1 due for Discord, left for the bot" in run.stderr
        [line] = [json.loads(text) for text in printed.read_text().splitlines()]
        assert line["user_id"] == "ada"  # the console student's check-in, and nothing else
        assert fake_discord.dm_messages(app.ada) == []
        clock.set(SUNDAY_18H_BERLIN)  # the same instant: a lease left by tick would block this
        report = await deliver_due(ctx, DiscordSink(app.client), owner="bot")
        assert (report.sent, report.errors) == (1, [])
        again = await deliver_due(ctx, DiscordSink(app.client), owner="bot")
        assert again.sent == 0
    assert len(fake_discord.dm_messages(app.ada)) == 1
    async with ctx.uow() as uow:
        assert [n.status for n in await uow.outbox.listing()] == ["sent", "sent"]
