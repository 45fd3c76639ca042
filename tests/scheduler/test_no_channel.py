"""A channel post that cannot go out because the cohort has no channel is not dropped in
silence: the cohort's instructors get one DM through the outbox, saying how to set one,
once per cohort (not once per post or per kind); once a channel is set the posts go out."""

from __future__ import annotations

from datetime import UTC, datetime

from core.bootstrap import Stride
from core.clock import FixedClock
from core.services import checkins, cohorts
from tests.integration.helpers import weekly_budget
from tests.scheduler.support import RecordingSink, person, tick

MONDAY_9H = datetime(2026, 11, 16, 9, 1, tzinfo=UTC)  # weekly reminder (channel + DM), digest
FRIDAY_17H = datetime(2026, 11, 20, 17, 1, tzinfo=UTC)  # leaderboard (channel)
NEXT_MONDAY_9H = datetime(2026, 11, 23, 9, 1, tzinfo=UTC)


async def _statuses(stride: Stride, kind: str) -> list[str]:
    async with stride.services.uow() as uow:
        return [n.status for n in await uow.outbox.listing() if n.kind == kind and n.audience == "channel"]


async def test_instructors_are_told_once_that_the_cohort_has_no_channel(
    stride: Stride, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 11, 14, tzinfo=UTC))
    await cohorts.create_cohort(stride.services, person("prof"), "Fall", "UTC")  # no channel
    await cohorts.create_cohort(stride.services, person("tess"), "Spring", "UTC", "spring")
    await cohorts.join_cohort(stride.services, person("ada"), "Fall")
    await cohorts.join_cohort(stride.services, person("bea"), "Spring")
    sink = RecordingSink(needs_channels=True)
    _, monday = await tick(stride, clock, MONDAY_9H, sink)
    notices = sink.of("no_channel")
    assert [m.notification.user_id for m in notices] == ["prof"]  # not Spring's tess
    [notice] = notices
    text = notice.view.model_dump()["text"]
    assert "Fall" in text
    assert "no channel" in text
    assert "/cohort set channel" in text
    assert monday.errors == []  # a refusal the instructor is told about, not a failure
    for who in ("ada", "bea"):  # a board nobody logged on is not posted at all
        await weekly_budget(stride.services, person(who), "dsa", 1, 2)
        await checkins.check_in(stride.services, person(who), None, minutes=60, track="dsa")
    await tick(stride, clock, FRIDAY_17H, sink)  # the leaderboard is refused too: no second DM
    assert len(sink.of("no_channel")) == 1
    assert sorted(await _statuses(stride, "leaderboard")) == ["failed", "sent"]  # Fall's, Spring's
    changes = cohorts.parse_cohort_settings({"channel": "fall-class"})
    await cohorts.update_cohort(stride.services, person("prof"), "Fall", changes)
    await tick(stride, clock, NEXT_MONDAY_9H, sink)
    posted = [m for m in sink.of("weekly_reminder") if m.notification.audience == "channel"]
    assert sorted(str(m.notification.channel_id) for m in posted) == ["fall-class", "spring", "spring"]
    assert len(sink.of("no_channel")) == 1
