"""The DM reminders judge budgets as students write them (issue 18, item 6)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from bot.console.sink import ConsoleSink
from bot.scheduler import tick
from core.bootstrap import Stride
from core.clock import FixedClock
from core.services import budgets, checkins
from tests.integration.helpers import person
from tests.scheduler.support import make_cohort

MONDAY_9H = datetime(2026, 11, 16, 9, 1, tzinfo=UTC)  # W47; 16 of November's 30 days elapsed


async def _weekly_status(stride: Stride, clock: FixedClock) -> str:
    clock.set(MONDAY_9H)
    out = io.StringIO()
    await tick(stride.services, ConsoleSink(out), owner="test")
    return out.getvalue()


async def test_without_a_budget_the_weekly_status_judges_the_total_against_the_default(
    stride: Stride, clock: FixedClock
) -> None:
    await make_cohort(stride, clock, datetime(2026, 11, 10, 12, tzinfo=UTC), "UTC", ("ada",))
    await checkins.check_in(stride.services, person("ada"), None, minutes=90, track="papers")
    text = await _weekly_status(stride, clock)
    assert "Hello Ada!" in text
    assert "all tracks (cohort default)" in text
    assert "at least 6h" in text
    assert "▼ under" in text


async def test_a_monthly_budget_in_the_weekly_status_is_the_month_so_far_with_its_pace(
    stride: Stride, clock: FixedClock
) -> None:
    await make_cohort(stride, clock, datetime(2026, 11, 10, 12, tzinfo=UTC), "UTC", ("ada",))
    await budgets.set_budget(stride.services, person("ada"), None, "reading", 240, 360, "month")
    await checkins.check_in(stride.services, person("ada"), None, minutes=150, track="reading")
    text = await _weekly_status(stride, clock)
    assert "reading (this month)" in text
    assert "✓ on pace" in text  # 2h 30m ≥ 4 h × 16/30
    assert "reading 4h–6h this month" in text
