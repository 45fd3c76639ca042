"""Repositories against the real databases: the SQL aggregates, upserts, pauses, history
order and cascades behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import select

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import assessments, checkins, members
from core.db.uow import UnitOfWork
from core.domain.model import BudgetRow, Member, Pause, Role
from core.domain.weeks import iso_week_key
from core.services.checkins import check_in
from core.services.cohorts import join_cohort
from tests.integration.helpers import cohort_with, count, person, weekly_budget

PROF = person("prof")
ALICE = person("alice")
BOB = person("bob")
COHORT = "ML-Fall-2026"
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


async def member_id(uow: UnitOfWork, user: str, cohort: str = COHORT) -> int:
    found = await uow.cohorts.by_name("console", "local", cohort)
    assert found is not None
    member = await uow.members.get(found.id, user)
    assert member is not None
    return member.id


async def add_checkin(
    uow: UnitOfWork,
    member: int,
    day: date,
    minutes: int,
    track: str = "dsa",
    skill_id: int | None = None,
) -> None:
    await uow.checkins.add(
        member,
        track=track,
        minutes=minutes,
        local_date=day,
        iso_week=iso_week_key(day),
        skill_id=skill_id,
        note=None,
        idempotency_key=None,
        now=NOW,
    )


# --- check-in aggregates --------------------------------------------------------------


async def test_minutes_by_track_sums_an_inclusive_date_range_for_one_member(stride: Stride) -> None:
    await cohort_with(stride.services, COHORT, PROF, (ALICE, BOB))
    async with stride.services.uow() as uow:
        alice, bob = await member_id(uow, "alice"), await member_id(uow, "bob")
        await add_checkin(uow, alice, date(2026, 11, 15), 1000)  # the Sunday before: outside
        await add_checkin(uow, alice, date(2026, 11, 16), 30)  # Monday: the first day, inside
        await add_checkin(uow, alice, date(2026, 11, 18), 45)
        await add_checkin(uow, alice, date(2026, 11, 18), 60, track="reading")
        await add_checkin(uow, alice, date(2026, 11, 22), 15)  # Sunday: the last day, inside
        await add_checkin(uow, alice, date(2026, 11, 23), 1400)  # the Monday after: outside
        await add_checkin(uow, bob, date(2026, 11, 18), 500)  # another member
        await add_checkin(uow, bob, date(2026, 11, 18), 7, track="project")
        await uow.commit()

    async with stride.services.uow() as uow:
        week = await uow.checkins.minutes_by_track(alice, date(2026, 11, 16), date(2026, 11, 22))
        one_day = await uow.checkins.minutes_by_track(alice, date(2026, 11, 18), date(2026, 11, 18))
        empty = await uow.checkins.minutes_by_track(alice, date(2026, 11, 19), date(2026, 11, 21))
        bobs = await uow.checkins.minutes_by_track(bob, date(2026, 11, 16), date(2026, 11, 22))
        assert await uow.checkins.count(alice) == 6
        assert await uow.checkins.last_date(alice) == date(2026, 11, 23)
        assert await uow.checkins.last_date(await member_id(uow, "prof")) is None

    assert week == {"dsa": 30 + 45 + 15, "reading": 60}
    assert one_day == {"dsa": 45, "reading": 60}
    assert empty == {}
    assert bobs == {"dsa": 500, "project": 7}


async def test_minutes_by_week_groups_by_iso_week_across_the_year_boundary(
    stride: Stride, clock: FixedClock
) -> None:
    """2026 has 53 ISO weeks: 31 Dec 2026 to Sun 3 Jan 2027 are 2026-W53, Mon 4 Jan is 2027-W01."""
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (ALICE, BOB))
    for who in (ALICE, BOB):
        await weekly_budget(ctx, who, "dsa", 5, 7)
        await weekly_budget(ctx, who, "reading", 1, 2)
    clock.set(datetime(2027, 1, 4, 12, 0, tzinfo=UTC))  # Monday of 2027-W01
    logged = [
        ("2026-12-28", 10, "dsa"),  # Monday of 2026-W53
        ("2026-12-31", 20, "dsa"),
        ("2027-01-01", 40, "dsa"),  # a new calendar year, still 2026-W53
        ("2027-01-01", 5, "reading"),
        ("2027-01-03", 80, "dsa"),  # Sunday: the last day of 2026-W53
        ("2027-01-04", 160, "dsa"),  # Monday: 2027-W01
    ]
    so_far: dict[tuple[str, str], int] = {}
    for day, minutes, track in logged:
        view = await check_in(ctx, ALICE, None, minutes=minutes, track=track, when=day)
        assert view.local_date == date.fromisoformat(day)
        so_far[view.week, track] = so_far.get((view.week, track), 0) + minutes
        assert view.track_week_hours == so_far[view.week, track] / 60  # its week and track, so far
    await check_in(ctx, BOB, None, minutes=999, track="dsa", when="2027-01-01")

    async with ctx.uow() as uow:
        alice = await member_id(uow, "alice")
        weeks = await uow.checkins.minutes_by_week(alice)
    async with stride.engine.connect() as connection:  # the stored keys, as written
        stored = (
            await connection.execute(
                select(checkins.c.local_date, checkins.c.iso_week).where(checkins.c.member_id == alice)
            )
        ).all()

    assert weeks == {"2026-W53": {"dsa": 10 + 20 + 40 + 80, "reading": 5}, "2027-W01": {"dsa": 160}}
    assert {(d.isoformat(), w) for d, w in stored} == {
        ("2026-12-28", "2026-W53"),
        ("2026-12-31", "2026-W53"),
        ("2027-01-01", "2026-W53"),
        ("2027-01-03", "2026-W53"),
        ("2027-01-04", "2027-W01"),
    }


async def test_minutes_by_week_keeps_a_december_monday_in_week_one_of_the_next_year(
    stride: Stride,
) -> None:
    await cohort_with(stride.services, COHORT, PROF, (ALICE,))
    async with stride.services.uow() as uow:
        alice = await member_id(uow, "alice")
        await add_checkin(uow, alice, date(2025, 12, 28), 1)  # Sunday: 2025-W52
        await add_checkin(uow, alice, date(2025, 12, 29), 2)  # Monday: 2026-W01
        await add_checkin(uow, alice, date(2026, 1, 4), 4)  # Sunday: 2026-W01
        await uow.commit()
    async with stride.services.uow() as uow:
        assert await uow.checkins.minutes_by_week(alice) == {
            "2025-W52": {"dsa": 1},
            "2026-W01": {"dsa": 6},
        }


# --- memberships and pauses -----------------------------------------------------------


async def test_memberships_list_every_cohort_of_the_workspace_oldest_first(
    stride: Stride, clock: FixedClock
) -> None:
    ctx = stride.services
    await cohort_with(ctx, "Zeta", PROF)
    await cohort_with(ctx, "Alpha", PROF)
    # Alice joins Alpha, then a day later Zeta: the order is by joining, not by name or id.
    clock.set(NOW + timedelta(days=1))
    await join_cohort(ctx, ALICE, "Alpha")
    clock.set(NOW + timedelta(days=2))
    await join_cohort(ctx, ALICE, "Zeta")
    # The same names on another workspace and on another platform are other cohorts.
    elsewhere = person("alice", workspace="other-server")
    await cohort_with(ctx, "Alpha", elsewhere)
    await cohort_with(ctx, "Omega", person("prof", workspace="other-server"), (elsewhere,))

    async with ctx.uow() as uow:
        mine = await uow.members.memberships("console", "local", "alice")
        profs = await uow.members.memberships("console", "local", "prof")
        other = await uow.members.memberships("console", "other-server", "alice")
        nobody = await uow.members.memberships("slack", "local", "alice")

    assert [(c.name, m.role.value) for c, m in mine] == [("Alpha", "student"), ("Zeta", "student")]
    assert all(m.cohort_id == c.id and m.user_id == "alice" for c, m in mine)
    assert [c.name for c, _ in profs] == ["Zeta", "Alpha"]  # same instant: creation order
    assert sorted((c.name, m.role.value) for c, m in other) == [
        ("Alpha", "instructor"),
        ("Omega", "student"),
    ]
    assert nobody == []


async def test_a_cohorts_members_read_by_position_are_the_members_read_by_name(
    stride: Stride, clock: FixedClock
) -> None:
    """``in_cohort`` builds members by column position: the table's column order and the
    ``Member`` fields must stay in step, and every value must come through as a look-up
    by name gives it."""
    assert tuple(members.c.keys()) == tuple(f.name for f in fields(Member))
    ctx = stride.services
    await cohort_with(ctx, "Alpha", PROF, (ALICE, person("bob")))
    async with ctx.uow() as uow:
        [(cohort, alice)] = await uow.members.memberships("console", "local", "alice")
        await uow.members.update(alice.id, dm_channel_id="D123")
        await uow.commit()
    async with ctx.uow(read_only=True) as uow:
        found = await uow.members.in_cohort(cohort.id)
        one_by_one = [await uow.members.get(cohort.id, m.user_id) for m in found]
    assert found == one_by_one
    assert [(m.user_id, m.role, m.dm_channel_id) for m in found] == [
        ("prof", Role.INSTRUCTOR, None),
        ("alice", Role.STUDENT, "D123"),
        ("bob", Role.STUDENT, None),
    ]
    assert all(isinstance(m.joined_at, datetime) and m.joined_at.tzinfo is not None for m in found)


async def test_pauses_are_set_replaced_and_ended(stride: Stride) -> None:
    await cohort_with(stride.services, COHORT, PROF, (ALICE,))
    d = date
    async with stride.services.uow() as uow:
        alice = await member_id(uow, "alice")
        await uow.members.set_pause(alice, d(2026, 11, 1), d(2026, 11, 5))  # over already
        await uow.members.set_pause(alice, d(2026, 11, 18), d(2026, 11, 30))
        assert await uow.members.pauses(alice) == [
            Pause(d(2026, 11, 1), d(2026, 11, 5)),
            Pause(d(2026, 11, 18), d(2026, 11, 30)),
        ]
        assert await uow.members.active_pause(alice, d(2026, 11, 18)) == Pause(
            d(2026, 11, 18), d(2026, 11, 30)
        )
        assert await uow.members.active_pause(alice, d(2026, 12, 1)) is None

        # A new pause replaces the one still running; the finished one stays as history.
        await uow.members.set_pause(alice, d(2026, 11, 20), d(2026, 12, 5))
        assert await uow.members.pauses(alice) == [
            Pause(d(2026, 11, 1), d(2026, 11, 5)),
            Pause(d(2026, 11, 20), d(2026, 12, 5)),
        ]

        # Ending it on the 25th makes the 24th its last day.
        assert await uow.members.end_pause(alice, d(2026, 11, 25)) is True
        assert await uow.members.pauses(alice) == [
            Pause(d(2026, 11, 1), d(2026, 11, 5)),
            Pause(d(2026, 11, 20), d(2026, 11, 24)),
        ]
        assert await uow.members.active_pause(alice, d(2026, 11, 25)) is None
        assert await uow.members.end_pause(alice, d(2026, 11, 25)) is False

        # A planned pause that has not begun is dropped, not shortened.
        await uow.members.set_pause(alice, d(2026, 12, 10), d(2026, 12, 20))
        assert await uow.members.end_pause(alice, d(2026, 12, 1)) is True
        assert await uow.members.pauses(alice) == [
            Pause(d(2026, 11, 1), d(2026, 11, 5)),
            Pause(d(2026, 11, 20), d(2026, 11, 24)),
        ]
        await uow.commit()

    async with stride.services.uow() as uow:
        assert len(await uow.members.pauses(alice)) == 2


# --- plans, skills, budgets -----------------------------------------------------------


async def test_skill_assessment_history_is_in_time_order(stride: Stride) -> None:
    await cohort_with(stride.services, COHORT, PROF, (ALICE,))
    t0 = NOW
    async with stride.services.uow() as uow:
        alice = await member_id(uow, "alice")
        skill = await uow.skills.add(
            alice, name="SQL", kind="general", priority=1, current=1, target=4, notes=None, now=t0
        )
        other = await uow.skills.add(
            alice, name="Spark", kind="specific", priority=2, current=0, target=2, notes=None, now=t0
        )
        # Written out of order; read back by time, and by insertion for the same instant.
        await uow.skills.add_assessment(
            skill.id, level=3, note="c", source="assess", at=t0 + timedelta(days=60)
        )
        await uow.skills.add_assessment(skill.id, level=1, note="a", source="add", at=t0)
        await uow.skills.add_assessment(
            skill.id, level=2, note="b1", source="assess", at=t0 + timedelta(days=30)
        )
        await uow.skills.add_assessment(
            skill.id, level=2, note="b2", source="update", at=t0 + timedelta(days=30)
        )
        await uow.skills.add_assessment(other.id, level=0, note="x", source="add", at=t0 + timedelta(days=1))
        await uow.commit()

    async with stride.services.uow() as uow:
        history = await uow.skills.history(skill.id)
        others = await uow.skills.history(other.id)
    assert [(a.level, a.note, a.source) for a in history] == [
        (1, "a", "add"),
        (2, "b1", "assess"),
        (2, "b2", "update"),
        (3, "c", "assess"),
    ]
    assert all(a.skill_id == skill.id for a in history)
    assert [a.note for a in others] == ["x"]


async def test_plan_upsert_inserts_then_updates_one_row_per_slot(stride: Stride) -> None:
    await cohort_with(stride.services, COHORT, PROF, (ALICE, BOB))
    async with stride.services.uow() as uow:
        alice, bob = await member_id(uow, "alice"), await member_id(uow, "bob")
        first = await uow.plans.upsert(
            alice, "A", position="Data Engineer", industry="Health", rationale="Pipelines", now=NOW
        )
        await uow.plans.upsert(alice, "B", position="Analyst", industry="Retail", rationale=None, now=NOW)
        await uow.plans.upsert(bob, "A", position="SRE", industry="Cloud", rationale="Uptime", now=NOW)
        await uow.commit()
    assert first.position == "Data Engineer"

    later = NOW + timedelta(hours=1)
    async with stride.services.uow() as uow:
        updated = await uow.plans.upsert(
            alice, "A", position="ML Engineer", industry="Health", rationale=None, now=later
        )
        await uow.commit()
    assert (updated.slot, updated.position, updated.rationale) == ("A", "ML Engineer", None)

    async with stride.services.uow() as uow:
        plans = await uow.plans.for_member(alice)
        bobs = await uow.plans.for_member(bob)
    assert sorted(plans) == ["A", "B"]
    assert (plans["A"].position, plans["A"].industry, plans["A"].rationale) == ("ML Engineer", "Health", None)
    assert (plans["B"].position, plans["B"].industry) == ("Analyst", "Retail")
    assert {slot: p.position for slot, p in bobs.items()} == {"A": "SRE"}


async def test_budget_upsert_keeps_one_row_per_track(stride: Stride) -> None:
    await cohort_with(stride.services, COHORT, PROF, (ALICE, BOB))
    async with stride.services.uow() as uow:
        alice, bob = await member_id(uow, "alice"), await member_id(uow, "bob")
        await uow.budgets.upsert(alice, BudgetRow("reading", 60, 120, "week"))
        await uow.budgets.upsert(alice, BudgetRow("dsa", 300, 420, "week"))
        await uow.budgets.upsert(bob, BudgetRow("dsa", 60, 60, "week"))
        await uow.commit()
    async with stride.services.uow() as uow:
        await uow.budgets.upsert(alice, BudgetRow("dsa", 600, 900, "month"))
        assert await uow.budgets.remove(alice, "reading") is True
        assert await uow.budgets.remove(alice, "reading") is False
        await uow.budgets.upsert(alice, BudgetRow("project", 0, 180, "week"))
        await uow.commit()
    async with stride.services.uow() as uow:
        assert await uow.budgets.for_member(alice) == [
            BudgetRow("dsa", 600, 900, "month"),
            BudgetRow("project", 0, 180, "week"),
        ]
        assert await uow.budgets.for_member(bob) == [BudgetRow("dsa", 60, 60, "week")]


async def test_removing_a_skill_removes_its_history_and_unlinks_its_check_ins(stride: Stride) -> None:
    await cohort_with(stride.services, COHORT, PROF, (ALICE,))
    async with stride.services.uow() as uow:
        alice = await member_id(uow, "alice")
        sql = await uow.skills.add(
            alice, name="SQL", kind="general", priority=1, current=1, target=3, notes=None, now=NOW
        )
        kept = await uow.skills.add(
            alice, name="Go", kind="specific", priority=2, current=0, target=2, notes=None, now=NOW
        )
        for level in (1, 2):
            await uow.skills.add_assessment(sql.id, level=level, note=None, source="assess", at=NOW)
        await uow.skills.add_assessment(kept.id, level=0, note=None, source="add", at=NOW)
        await add_checkin(uow, alice, date(2026, 11, 17), 30, skill_id=sql.id)
        await add_checkin(uow, alice, date(2026, 11, 18), 45, skill_id=sql.id)
        await add_checkin(uow, alice, date(2026, 11, 18), 15, skill_id=kept.id)
        await uow.commit()

    async with stride.services.uow() as uow:
        await uow.skills.remove(sql.id)
        await uow.commit()

    async with stride.engine.connect() as connection:
        rows = (await connection.execute(select(checkins.c.minutes, checkins.c.skill_id))).all()
        left = (await connection.execute(select(assessments.c.skill_id))).scalars().all()
    assert sorted((m, s) for m, s in rows) == [(15, kept.id), (30, None), (45, None)]
    assert left == [kept.id]
    assert await count(stride.engine, assessments) == 1
    async with stride.services.uow() as uow:
        assert await uow.skills.history(sql.id) == []
        assert [s.name for s in await uow.skills.for_member(alice)] == ["Go"]
        # The hours themselves are kept.
        assert await uow.checkins.minutes_by_track(alice, date(2026, 11, 16), date(2026, 11, 22)) == {
            "dsa": 90
        }


async def test_instants_come_back_as_the_same_aware_utc_datetime_on_every_backend(stride: Stride) -> None:
    """SQLite has no time zone type; PostgreSQL has one. Both must give back what was stored."""
    await cohort_with(stride.services, COHORT, PROF, (ALICE,))
    auckland = timezone(timedelta(hours=13))
    async with stride.services.uow() as uow:
        alice = await member_id(uow, "alice")
        cohort = await uow.cohorts.by_name("console", "local", COHORT)
        member = await uow.members.get(cohort.id if cohort else 0, "alice")
        skill = await uow.skills.add(
            alice, name="SQL", kind="general", priority=1, current=1, target=3, notes=None, now=NOW
        )
        # 09:00 on the 19th in Auckland is 20:00 on the 18th in UTC: later than 10:00 UTC.
        await uow.skills.add_assessment(
            skill.id, level=2, note="late", source="assess", at=datetime(2026, 11, 19, 9, 0, tzinfo=auckland)
        )
        await uow.skills.add_assessment(skill.id, level=1, note="early", source="add", at=NOW)
        await uow.commit()
    assert cohort is not None
    assert member is not None

    async with stride.services.uow() as uow:
        history = await uow.skills.history(skill.id)
    assert cohort.created_at == NOW
    assert cohort.created_at is not None
    assert cohort.created_at.utcoffset() == timedelta(0)
    assert member.joined_at == NOW
    assert member.joined_at.tzinfo is not None
    assert [(a.note, a.assessed_at) for a in history] == [
        ("early", NOW),
        ("late", datetime(2026, 11, 18, 20, 0, tzinfo=UTC)),
    ]
    assert all(a.assessed_at.utcoffset() == timedelta(0) for a in history)
    assert history[1].assessed_at > NOW  # comparable with the clock: no naive/aware TypeError


async def test_minutes_toward_skills_count_named_check_ins_and_linked_tracks_since_an_assessment(
    stride: Stride,
) -> None:
    await cohort_with(stride.services, COHORT, PROF, (ALICE, BOB))
    added = NOW - timedelta(days=30)
    async with stride.services.uow() as uow:
        alice, bob = await member_id(uow, "alice"), await member_id(uow, "bob")
        sql = await uow.skills.add(
            alice, name="SQL", kind="general", priority=1, current=1, target=3, notes=None, now=added
        )
        algo = await uow.skills.add(
            alice, name="Algorithms", kind="specific", priority=1, current=1, target=3, notes=None, now=added
        )
        await uow.budgets.upsert(alice, BudgetRow("dsa", 300, 420, "week", algo.id), link=True)
        await uow.budgets.upsert(alice, BudgetRow("reading", 60, 120, "week"))
        await uow.budgets.upsert(bob, BudgetRow("dsa", 60, 60, "week"))
        await add_checkin(uow, alice, date(2026, 11, 17), 30)  # dsa: counts toward Algorithms
        await add_checkin(uow, alice, date(2026, 11, 17), 20, skill_id=sql.id)  # dsa, named SQL
        await add_checkin(uow, alice, date(2026, 11, 18), 45, track="reading", skill_id=sql.id)
        await add_checkin(uow, alice, date(2026, 11, 18), 15, track="reading")  # toward nothing
        await add_checkin(uow, bob, date(2026, 11, 18), 60)  # bob's dsa links nothing
        await uow.checkins.add(
            alice,
            track="dsa",
            minutes=10,
            local_date=date(2026, 11, 10),
            iso_week=iso_week_key(date(2026, 11, 10)),
            skill_id=None,
            note=None,
            idempotency_key=None,
            now=NOW - timedelta(days=8),
        )
        await uow.commit()
    async with stride.services.uow() as uow:
        toward = {skill.id: minutes for skill, minutes in await uow.skills.with_minutes_toward(alice)}
        assert toward == {sql.id: 65, algo.id: 40}
        assert await uow.skills.with_minutes_toward(bob) == []
        # An assessment after a check-in leaves it out: the new level already measured it.
        await uow.skills.add_assessment(
            algo.id, level=1, note=None, source="assess", at=NOW - timedelta(days=1)
        )
        toward = {skill.id: minutes for skill, minutes in await uow.skills.with_minutes_toward(alice)}
        assert toward == {sql.id: 65, algo.id: 30}
        assert [b.skill for b in await uow.budgets.for_member(alice)] == ["Algorithms", None]
        await uow.budgets.upsert(alice, BudgetRow("dsa", 60, 120, "week"))  # no link= keeps it
        assert (await uow.budgets.for_member(alice))[0].skill_id == algo.id
