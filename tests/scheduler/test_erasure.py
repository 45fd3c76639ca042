"""``/me delete`` takes the member out of other people's messages too: the leaderboard
posts and instructor digests already in the outbox, pending or sent.

The proof reads every row of every table (JSON payloads included) after the delete and
finds neither the member's display name nor their user id anywhere.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import metadata
from core.domain.model import Actor, Notification
from core.services import cohorts as cohort_service
from core.services.budgets import set_budget
from core.services.checkins import check_in
from core.services.exports import me_delete
from core.services.notifications import enqueue_due
from tests.scheduler.support import RecordingSink, make_cohort, person, tick

BOTH_STATES = {(kind, status) for kind in ("leaderboard", "digest") for status in ("sent", "pending")}
LEAVER = Actor("console", "local", "u-qzx-7741-vanish", "Quillon Zephyrine-Vask")


async def _everything(stride: Stride) -> str:
    """Every column of every row of every table, as one string."""
    found: list[str] = []
    async with stride.engine.connect() as connection:
        for table in metadata.sorted_tables:
            rows = (await connection.execute(select(table))).all()
            found.extend(repr(tuple(row)) for row in rows)
    return "\n".join(found)


async def _outbox(stride: Stride) -> list[Notification]:
    async with stride.services.uow(read_only=True) as uow:
        return await uow.outbox.listing()


async def test_me_delete_leaves_no_trace_in_stored_boards_and_digests(
    stride: Stride, clock: FixedClock
) -> None:
    services = stride.services
    await make_cohort(stride, clock, datetime(2026, 11, 2, 12, tzinfo=UTC), "UTC", ("ada",))
    await cohort_service.join_cohort(services, LEAVER, "Fall")
    for who in (LEAVER, person("ada")):
        await set_budget(services, who, "Fall", "dsa", 120, 300, "week")
    sink = RecordingSink()
    for day in (9, 16):
        clock.set(datetime(2026, 11, day + 1, 12, tzinfo=UTC))  # a Tuesday
        for who in (LEAVER, person("ada")):
            await check_in(services, who, "Fall", minutes=150, track="dsa")
    # Week 1: the Friday board and the Monday digest go out (sent rows).
    await tick(stride, clock, datetime(2026, 11, 13, 17, 1, tzinfo=UTC), sink)
    await tick(stride, clock, datetime(2026, 11, 16, 8, 1, tzinfo=UTC), sink)
    # Week 2: the board and the digest are only enqueued (pending rows).
    clock.set(datetime(2026, 11, 20, 17, 1, tzinfo=UTC))
    await enqueue_due(services)
    clock.set(datetime(2026, 11, 23, 8, 1, tzinfo=UTC))
    await enqueue_due(services)

    before = await _everything(stride)
    assert before.count(LEAVER.display_name) >= 4  # in both boards and both digests
    async with services.uow(read_only=True) as uow:
        rows = await uow.outbox.listing()
    mentioned = {(n.kind, n.status) for n in rows if LEAVER.display_name in repr(n.payload)}
    assert mentioned >= BOTH_STATES

    await me_delete(services, LEAVER, "Fall", "Fall")

    after = await _everything(stride)
    assert LEAVER.display_name not in after
    assert LEAVER.user_id not in after
    assert "Ada" in after  # the others are still in those messages
    digests = {n.status: n.payload for n in await _outbox(stride) if n.kind == "digest"}
    assert digests["pending"]["students"] == 1  # rebuilt: the member is not even counted
    assert digests["pending"]["total_hours"] == 2.5
    assert digests["sent"]["students"] == 2  # history: only their part is gone
    async with services.uow(read_only=True) as uow:
        kept = {(n.kind, n.status) for n in await uow.outbox.listing()}
    assert kept >= BOTH_STATES  # the delivery records stay


async def test_a_pending_board_left_with_nobody_who_logged_is_skipped_not_posted_empty(
    stride: Stride, clock: FixedClock
) -> None:
    """The leaver was the only one who logged this week: once they are gone the Friday
    board has nothing on it, so its pending row is marked skipped instead of sent empty."""
    services = stride.services
    await make_cohort(stride, clock, datetime(2026, 11, 2, 12, tzinfo=UTC), "UTC", ("ada",))
    await cohort_service.join_cohort(services, LEAVER, "Fall")
    await set_budget(services, LEAVER, "Fall", "dsa", 120, 300, "week")
    clock.set(datetime(2026, 11, 17, 12, tzinfo=UTC))
    await check_in(services, LEAVER, "Fall", minutes=150, track="dsa")
    clock.set(datetime(2026, 11, 20, 17, 1, tzinfo=UTC))
    await enqueue_due(services)
    boards = [n for n in await _outbox(stride) if n.kind == "leaderboard"]
    assert sorted(n.status for n in boards) == ["pending", "skipped", "skipped"]  # 6, 13 and 20 Nov

    await me_delete(services, LEAVER, "Fall", "Fall")

    assert {n.status for n in await _outbox(stride) if n.kind == "leaderboard"} == {"skipped"}
    sink = RecordingSink()
    await tick(stride, clock, datetime(2026, 11, 20, 17, 2, tzinfo=UTC), sink)
    assert sink.of("leaderboard") == []
