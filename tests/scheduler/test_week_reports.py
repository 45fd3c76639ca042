"""The scheduled reports and the week they cover: a Friday board nobody logged on is not
posted (its row is written skipped, saying why), a board with hours carries ranks, names
and hours only, and a digest moved off Monday still covers the last complete week."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import notifications
from core.domain.model import Cohort
from core.services import checkins, cohorts
from core.services.digests import scheduled_digest
from core.services.notifications import NOTHING_TO_SEND
from core.views.reports import DigestView, LeaderboardView
from tests.integration.helpers import weekly_budget
from tests.scheduler.support import RecordingSink, person, tick

FRIDAY_17H = datetime(2026, 11, 20, 17, 1, tzinfo=UTC)
NEXT_FRIDAY_17H = datetime(2026, 11, 27, 17, 1, tzinfo=UTC)


async def _class(stride: Stride, clock: FixedClock) -> None:
    clock.set(datetime(2026, 11, 16, 8, 0, tzinfo=UTC))
    await cohorts.create_cohort(stride.services, person("prof"), "Fall", "UTC", "fall-class")
    for who in ("ada", "bob"):
        await cohorts.join_cohort(stride.services, person(who), "Fall")
        await weekly_budget(stride.services, person(who), "dsa", 2, 4)


async def _boards(stride: Stride) -> list[tuple[str, str | None]]:
    """Each leaderboard row's status and why (read straight from the table)."""
    async with stride.engine.connect() as db:
        found = await db.execute(
            select(notifications.c.status, notifications.c.last_error)
            .where(notifications.c.kind == "leaderboard")
            .order_by(notifications.c.id)
        )
        return [(status, error) for status, error in found]


async def test_a_board_nobody_logged_on_is_skipped_and_one_with_hours_is_posted_without_bands(
    stride: Stride, clock: FixedClock
) -> None:
    await _class(stride, clock)
    sink = RecordingSink()
    await tick(stride, clock, FRIDAY_17H, sink)
    assert sink.of("leaderboard") == []
    assert await _boards(stride) == [("skipped", NOTHING_TO_SEND)]

    clock.set(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    await checkins.check_in(stride.services, person("ada"), None, minutes=300, track="dsa")
    await tick(stride, clock, NEXT_FRIDAY_17H, sink)
    [posted] = sink.of("leaderboard")
    view = posted.view
    assert isinstance(view, LeaderboardView)
    assert [(row.rank, row.name, row.value) for row in view.rows] == [(1, "Ada", 5), (2, "Bob", 0)]
    stored = str(view.model_dump(mode="json"))
    for private in ("budget", "status", "over", "under"):
        assert private not in stored
    assert sorted(status for status, _ in await _boards(stride)) == ["sent", "skipped"]


async def test_a_digest_on_any_day_covers_the_last_complete_week(stride: Stride, clock: FixedClock) -> None:
    await _class(stride, clock)
    await checkins.check_in(stride.services, person("ada"), None, minutes=120, track="dsa")  # W47
    async with stride.services.uow(read_only=True) as uow:
        [cohort] = await uow.cohorts.all()
        assert isinstance(cohort, Cohort)
        prof = await uow.members.get(cohort.id, "prof")
        for day in (date(2026, 11, 23), date(2026, 11, 27), date(2026, 11, 29)):  # Mon, Fri, Sun of W48
            view = await scheduled_digest(uow, cohort, prof, day)
            assert isinstance(view, DigestView)
            assert view.week == "2026-W47", day
            assert view.label == "week 2026-W47 (Mon 16 Nov – Sun 22 Nov)"
            assert (view.checked_in, view.total_hours) == (1, 2)
