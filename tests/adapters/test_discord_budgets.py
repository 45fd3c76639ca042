"""Budgets as students write them (issue 18, item 6), through the real discord.py client."""

from __future__ import annotations

from core.bootstrap import Stride
from core.clock import FixedClock
from core.services import cohorts
from tests.adapters.discord_support import COHORT, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord


async def test_a_monthly_budget_shows_month_to_date_and_pace_and_a_skill_link(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)  # Wednesday 18 November; ada has the skill SQL
        linked = await app.ok(
            app.ada, ["budget", "set"], {"track": "reading", "hours": "4-6", "per": "month", "skill": "SQL"}
        )
        assert "count toward SQL" in linked.text
        assert "Counts toward SQL" in linked.text
        logged = await app.ok(app.ada, ["checkin"], {"hours": "1h", "track": "reading"})
        assert "this month: 1h of 4h–6h" in logged.text
        progress = await app.ok(app.ada, ["progress"])
        assert "1h of 4h–6h this month" in progress.text
        assert "behind pace (2h 24m due by today)" in progress.text
        assert progress.ephemeral


async def test_without_a_budget_a_checkin_on_any_track_is_taken(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        ctx = app.stride.services
        await cohorts.create_cohort(ctx, app.actor(app.prof), COHORT, "Europe/Berlin", str(app.channel_id))
        await cohorts.join_cohort(ctx, app.actor(app.ada), COHORT)
        logged = await app.ok(app.ada, ["checkin"], {"hours": "2h", "track": "papers"})
        assert "Logged 2h of papers" in logged.text
        assert "cohort default of 6h a week in all applies" in logged.text
        progress = await app.ok(app.ada, ["progress"])
        assert "of at least 6h (cohort default, ▼ under)" in progress.text


async def test_a_budget_links_to_a_skill_by_its_number_and_a_wrong_number_writes_nothing(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)  # ada has the skill SQL, number 1 in /skill list
        linked = await app.ok(app.ada, ["budget", "set"], {"track": "dsa", "hours": "5-7", "skill": "1"})
        assert "count toward SQL" in linked.text
        refused = await app.fails(app.ada, ["budget", "set"], {"track": "dsa", "hours": "1-2", "skill": "42"})
        assert "/skill list" in refused.text
        shown = await app.ok(app.ada, ["budget", "show"])
        assert "5h–7h" in shown.text
