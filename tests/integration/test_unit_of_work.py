"""The unit of work: one transaction per command, so a failed command writes nothing, and a
clash with a unique constraint reaches the user as a Conflict, never an IntegrityError."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from core.bootstrap import Stride
from core.db.engine import create_engine, is_sqlite
from core.db.tables import checkins, cohorts, members, skills
from core.db.uow import UnitOfWork
from core.domain.levels import SkillKind
from core.domain.model import Cohort, Role
from core.domain.weeks import iso_week_key
from core.errors import Conflict, InvalidInput
from core.services import cohorts as cohort_service
from core.services import skills as skill_service
from core.services.checkins import check_in
from tests.integration.helpers import cohort_with, count, person, weekly_budget

PROF = person("prof")
ALICE = person("alice")
TODAY = date(2026, 11, 18)


async def _add_cohort(stride: Stride, name: str = "ML-Fall-2026") -> int:
    """Insert a cohort and commit; returns its id."""
    async with stride.services.uow() as uow:
        cohort = await _add_in(uow, name, stride)
        await uow.commit()
    return cohort.id


async def test_an_error_after_a_write_leaves_no_row(stride: Stride) -> None:
    async def service_that_fails_after_writing() -> None:
        async with stride.services.uow() as uow:
            cohort = await _add_in(uow, "Half-Written", stride)
            await uow.members.add(
                cohort_id=cohort.id,
                user_id="prof",
                display_name="Prof",
                role=Role.INSTRUCTOR,
                joined_at=stride.services.clock.now(),
            )
            # Inside the transaction the rows are visible...
            assert await uow.cohorts.by_name("console", "local", "half-written") is not None
            raise InvalidInput("no good")

    with pytest.raises(InvalidInput, match="no good"):
        await service_that_fails_after_writing()

    # ...and after the error, neither the cohort nor its member exists.
    assert await count(stride.engine, cohorts) == 0
    assert await count(stride.engine, members) == 0


async def test_leaving_without_commit_rolls_back(stride: Stride) -> None:
    async with stride.services.uow() as uow:
        await _add_in(uow, "Never-Committed", stride)
    assert await count(stride.engine, cohorts) == 0

    async with stride.services.uow() as uow:
        assert await uow.cohorts.by_name("console", "local", "Never-Committed") is None


async def test_commit_makes_the_writes_visible_to_the_next_unit_of_work(stride: Stride) -> None:
    cohort_id = await _add_cohort(stride)
    async with stride.services.uow() as uow:
        found = await uow.cohorts.get(cohort_id)
    assert found.name == "ML-Fall-2026"
    assert found.step_hours == (5.0, 15.0, 40.0, 100.0, 200.0)
    assert found.default_weekly_minutes == 360


async def test_integrity_error_inside_the_block_surfaces_as_conflict(stride: Stride) -> None:
    await _add_cohort(stride, "ML-Fall-2026")

    with pytest.raises(Conflict) as caught:
        async with stride.services.uow() as uow:
            # The same name in another case: the unique name_key clashes.
            await _add_in(uow, "ml-fall-2026", stride)
    assert isinstance(caught.value.__cause__, IntegrityError)
    assert "try again" in caught.value.message
    assert await count(stride.engine, cohorts) == 1

    # The connection went back to the pool clean: the next unit of work works.
    second = await _add_cohort(stride, "Another-Cohort")
    assert second > 0
    assert await count(stride.engine, cohorts) == 2


async def test_a_failed_statement_rolls_back_the_earlier_writes_too(stride: Stride) -> None:
    await _add_cohort(stride, "Taken")

    async def two_inserts() -> None:
        async with stride.services.uow() as uow:
            await _add_in(uow, "Fresh", stride)
            await _add_in(uow, "taken", stride)
            await uow.commit()

    with pytest.raises(Conflict):
        await two_inserts()
    assert await count(stride.engine, cohorts) == 1


async def _add_in(uow: UnitOfWork, name: str, stride: Stride) -> Cohort:
    return await uow.cohorts.add(
        platform="console",
        workspace_id="local",
        name=name,
        timezone="UTC",
        channel_id=None,
        horizon_weeks=52,
        step_hours=(5, 15, 40, 100, 200),
        default_weekly_minutes=360,
        created_at=stride.services.clock.now(),
    )


async def test_a_racing_insert_of_the_same_idempotency_key_is_a_conflict(stride: Stride) -> None:
    """Two transactions insert one key; whichever comes second gets a Conflict, not a traceback."""
    ctx = stride.services
    await cohort_with(ctx, "ML-Fall-2026", PROF, (ALICE,))
    await weekly_budget(ctx, ALICE, "dsa", 5, 7)
    async with ctx.uow() as uow:
        found = await uow.members.memberships("console", "local", "alice")
    member_id = found[0][1].id

    async def insert(note: str) -> None:
        async with ctx.uow() as uow:
            await uow.checkins.add(
                member_id,
                track="dsa",
                minutes=30,
                local_date=TODAY,
                iso_week=iso_week_key(TODAY),
                skill_id=None,
                note=note,
                idempotency_key="slack-retry-7",
                now=ctx.clock.now(),
            )
            await uow.commit()

    async with ctx.uow() as first:
        await first.checkins.add(
            member_id,
            track="dsa",
            minutes=30,
            local_date=TODAY,
            iso_week=iso_week_key(TODAY),
            skill_id=None,
            note="first",
            idempotency_key="slack-retry-7",
            now=ctx.clock.now(),
        )
        # The second writer starts while the first transaction is still open: on SQLite it
        # waits for the write lock, on PostgreSQL for the uncommitted row.
        second = asyncio.create_task(insert("second"))
        await first.commit()
    with pytest.raises(Conflict):
        await second

    async with ctx.uow() as uow:
        kept = await uow.checkins.by_idempotency_key(member_id, "slack-retry-7")
    assert kept is not None
    assert kept.note == "first"
    assert await count(stride.engine, checkins) == 1


async def test_a_refused_service_call_writes_nothing(stride: Stride) -> None:
    """Services check before they write; a refusal leaves the tables exactly as they were."""
    ctx = stride.services
    await cohort_with(ctx, "ML-Fall-2026", PROF, (ALICE,))
    await weekly_budget(ctx, ALICE, "dsa", 5, 7)
    before = (await count(stride.engine, checkins), await count(stride.engine, skills))

    with pytest.raises(InvalidInput):
        await check_in(ctx, ALICE, None, minutes=30, track="dsa", when="2026-11-19")  # the future
    with pytest.raises(Conflict):
        await cohort_service.create_cohort(ctx, ALICE, "ml-fall-2026", None)
    await skill_service.add_skill(
        ctx,
        ALICE,
        None,
        name="SQL",
        kind=SkillKind.GENERAL,
        priority=1,
        current=1,
        target=3,
    )
    with pytest.raises(Conflict):
        await skill_service.add_skill(
            ctx,
            ALICE,
            None,
            name="sql",
            kind=SkillKind.SPECIFIC,
            priority=2,
            current=0,
            target=1,
        )

    assert await count(stride.engine, checkins) == before[0]
    assert await count(stride.engine, skills) == before[1] + 1
    assert await count(stride.engine, cohorts) == 1


async def test_a_writer_that_cannot_get_the_lock_gets_a_clean_error_and_leaks_nothing(
    stride: Stride, database_url: str
) -> None:
    """Past the busy timeout a SQLite writer gives up with a sentence, and its pooled
    connection goes back (it used to stay checked out when BEGIN IMMEDIATE failed)."""
    if not is_sqlite(database_url):
        pytest.skip("SQLite's write lock; PostgreSQL writers lock rows, not the database")
    impatient = create_engine(database_url, busy_timeout_ms=0)
    try:

        async def write_while_locked() -> None:
            async with UnitOfWork(impatient) as uow:
                await _add_in(uow, "Impatient", stride)
                await uow.commit()

        async with stride.services.uow() as holder:  # BEGIN IMMEDIATE: holds the write lock
            await _add_in(holder, "Holder", stride)
            with pytest.raises(Conflict, match="busy") as caught:
                await write_while_locked()
            assert "database is locked" in str(caught.value.__cause__)
            assert impatient.pool.checkedout() == 0  # type: ignore[attr-defined]
            await holder.commit()

        # Once the lock is free the same engine writes normally.
        await write_while_locked()
    finally:
        await impatient.dispose()
    async with stride.services.uow() as uow:
        assert await uow.cohorts.by_name("console", "local", "Holder") is not None
        assert await uow.cohorts.by_name("console", "local", "Impatient") is not None
