"""The prebuilt statements sent straight to the SQLite driver answer exactly as SQLAlchemy's
own execution does: same columns, same values and types, same errors, same cursor events.

Every statement of ``DIRECT`` is run both ways on a database filled through the console
(plans, skills, budgets, check-ins, a pause, a roadmap), on SQLite and on PostgreSQL (where
``direct.run`` is ``execute`` itself). A statement added to the repositories' hot path
without a place here fails ``test_every_prebuilt_statement_is_compared``.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import threading
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import bindparam, event, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.bootstrap import Stride
from core.db import direct
from core.db.engine import create_engine
from core.db.repositories import activity, cohorts, plans, reports, roadmaps
from core.db.tables import members
from tests.conftest import Console

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _statements(member_id: int, cohort_id: int, dialect: str) -> dict[str, tuple[Any, dict[str, Any]]]:
    who = {"member_id": member_id}
    cohort = {"cohort_id": cohort_id}
    weeks = {"first_week": "2026-W01", "last_week": "2026-W53"}
    month = {"since": datetime(2026, 11, 1, tzinfo=UTC), "until": NOW}
    return {
        **{
            name: (getattr(reports, name), cohort)
            for name in (
                "_CHECKIN_DATES",
                "_BUDGETS",
                "_SKILLS",
                "_SKILL_LEVELS",
                "_PLANS",
                "_PLAN_OUTLINES",
                "_LAST_ASSESSMENTS",
            )
        },
        "_MINUTES_BY_MEMBER": (
            reports._MINUTES_BY_MEMBER,
            {**cohort, "start": date(2026, 11, 16), "end": date(2026, 11, 22)},
        ),
        "_WEEKS_OF_COHORT": (reports._WEEKS_OF_COHORT, {**cohort, **weeks}),
        "_WEEKS_OF_MEMBERS": (reports._WEEKS_OF_MEMBERS, {"member_ids": [member_id], **weeks}),
        "_LEVELS_GAINED": (reports._LEVELS_GAINED, {**cohort, **month}),
        "_SKILL_LEVEL_CHANGES": (reports._SKILL_LEVEL_CHANGES, {**who, **month}),
        "_BUDGETS_OF_MEMBER": (activity._BUDGETS_OF_MEMBER, who),
        "_CHECKIN_BY_KEY": (activity._CHECKIN_BY_KEY, {**who, "key": "k-1"}),
        "_MINUTES_BY_TRACK": (
            activity._MINUTES_BY_TRACK,
            {**who, "start": date(2026, 11, 16), "end": date(2026, 11, 22)},
        ),
        "_MINUTES_BY_WEEK": (activity._MINUTES_BY_WEEK, who),
        "_COHORT_BY_NAME": (
            cohorts._COHORT_BY_NAME,
            {"platform": "console", "workspace_id": "local", "name_key": "ml-fall-2026"},
        ),
        "_COHORT_BY_ID": (cohorts._COHORT_BY_ID, {"cohort_id": cohort_id}),
        "_MEMBER": (cohorts._MEMBER, {"cohort_id": cohort_id, "user_id": "ada"}),
        "_MEMBERSHIPS": (
            cohorts._MEMBERSHIPS,
            {"platform": "console", "workspace_id": "local", "user_id": "ada"},
        ),
        "_MEMBERS_OF_COHORT": (cohorts._MEMBERS_OF_COHORT, cohort),
        "_PAUSES_IN_COHORT": (cohorts._PAUSES_IN_COHORT, cohort),
        "_PAUSES": (cohorts._PAUSES, who),
        "_ACTIVE_PAUSE": (cohorts._ACTIVE_PAUSE, {**who, "today": date(2026, 11, 23)}),
        "_PLANS_OF_MEMBER": (plans._PLANS_OF_MEMBER, who),
        "_SKILLS_OF_MEMBER": (plans._SKILLS_OF_MEMBER, who),
        "_ROADMAP_PROGRESS": (roadmaps._ROADMAP_PROGRESS, who),
        "_ADD_CHECKIN": (
            activity._ADD_CHECKIN,
            {
                **who,
                "track": "dsa",
                "minutes": 30,
                "local_date": date(2026, 11, 23),
                "iso_week": "2026-W48",
                "skill_id": None,
                "note": "naïve — ünïcode ✓",
                "idempotency_key": "k-new",
                "created_at": NOW,
            },
        ),
        "_ADD_TO_WEEK": (
            activity._ADD_TO_WEEK[dialect],
            {**who, "iso_week": "2026-W48", "track": "dsa", "minutes": 30},
        ),
    }


async def _filled(console: Console, tmp_path: Path) -> None:
    roadmap = tmp_path / "roadmap.md"
    (source,) = SEEDS.glob("003_*.txt")
    shutil.copyfile(source, roadmap)
    for line in (
        "/cohort create ML-Fall-2026 tz=Europe/Berlin",
        "/cohort set term_start=2026-09-01",
        "@ada /cohort join ML-Fall-2026",
        '@ada /plan set A position="ML Engineer" industry="Healthcare" rationale="Ünïcode ✓"',
        '@ada /plan set B position="Data Engineer" industry="Healthcare"',
        '@ada /skill add "Python" general priority=1 current=2 target=4 notes="daily"',
        '@ada /skill add "SQL" specific priority=2 current=1 target=3',
        "@ada /budget set dsa 5-7",
        "@ada /budget set ml 2-3",
        "@ada /checkin 2h dsa",
        "@ada /checkin 45m ml",
        "@ada /me pause until=2026-12-31",
        f"@ada /roadmap import {roadmap}",
    ):
        await console.ok(line)


async def _ids(engine: AsyncEngine) -> tuple[int, int]:
    async with engine.connect() as connection:
        query = select(members.c.id, members.c.cohort_id).where(members.c.user_id == "ada")
        row = (await connection.execute(query)).one()
    return int(row[0]), int(row[1])


async def _both_ways(
    connection: AsyncConnection, statement: Any, values: Mapping[str, Any]
) -> tuple[Any, Any]:
    """(direct, SQLAlchemy) for one statement; a write is undone after each run."""
    async with connection.begin_nested() as first:
        ours = await direct.run(connection, statement, values)
        await first.rollback()
    async with connection.begin_nested() as second:
        result = await connection.execute(statement, dict(values))
        theirs = (tuple(result.keys()), [tuple(row) for row in result.all()])
        await second.rollback()
    return (ours.keys, [tuple(row) for row in ours.rows]), theirs


async def test_every_prebuilt_statement_answers_as_sqlalchemy_does(
    stride: Stride, console: Console, tmp_path: Path
) -> None:
    await _filled(console, tmp_path)
    member_id, cohort_id = await _ids(stride.engine)
    async with stride.engine.connect() as connection:
        statements = _statements(member_id, cohort_id, connection.dialect.name)
        await connection.begin()
        add, values = statements["_ADD_CHECKIN"]
        await connection.execute(add, {**values, "idempotency_key": "k-1"})  # for _CHECKIN_BY_KEY
        for name, (statement, values) in statements.items():
            ours, theirs = await _both_ways(connection, statement, values)
            if name == "_ADD_CHECKIN":  # a PostgreSQL sequence is not rolled back: a new id each time
                ours, theirs = _without_id(ours), _without_id(theirs)
            assert ours == theirs, name
            assert ours[1], f"{name} found no rows to compare"
            assert [[type(v) for v in row] for row in ours[1]] == [
                [type(v) for v in row] for row in theirs[1]
            ], name
        await connection.rollback()


def _without_id(answer: tuple[tuple[str, ...], list[tuple[Any, ...]]]) -> Any:
    keys, rows = answer
    assert keys[0] == "id"
    return keys[1:], [row[1:] for row in rows]


def test_every_prebuilt_statement_is_compared() -> None:
    """Each repository statement run through ``direct`` has a place in the comparison."""
    used: set[str] = set()
    for module in (activity, cohorts, plans, reports, roadmaps):
        text = Path(module.__file__ or "").read_text()
        used |= set(re.findall(r"direct\.run\(\s*self\._db,\s*(_[A-Z_]+)", text))
        used |= set(re.findall(r"self\._built\(\s*\w+,\s*(_[A-Z_]+)", text))  # reports' runs
    compared = set(_statements(1, 1, "sqlite"))
    assert len(used) >= 25
    assert used <= compared, used - compared


async def test_a_statement_sqlalchemy_must_expand_is_run_by_sqlalchemy(
    stride: Stride, console: Console
) -> None:
    await console.ok("/cohort create ML-Fall-2026")
    await console.ok("@ada /cohort join ML-Fall-2026")
    expanding = select(members.c.user_id).where(members.c.user_id.in_(bindparam("ids", expanding=True)))
    async with stride.engine.connect() as connection:
        assert direct.prepare(expanding, frozenset({"ids"}), connection.dialect) is None
        rows = await direct.run(connection, expanding, {"ids": ["ada", "nobody"]})
    assert [tuple(row) for row in rows.rows] == [("ada",)]


async def test_a_broken_unique_constraint_is_sqlalchemys_integrity_error(
    stride: Stride, console: Console
) -> None:
    await console.ok("/cohort create ML-Fall-2026")
    await console.ok("@ada /cohort join ML-Fall-2026")
    await console.ok("@ada /budget set dsa 5-7")
    member_id, cohort_id = await _ids(stride.engine)
    async with stride.engine.connect() as connection:
        (statement, values) = _statements(member_id, cohort_id, connection.dialect.name)["_ADD_CHECKIN"]
        await connection.begin()
        await direct.run(connection, statement, values)
        with pytest.raises(IntegrityError):
            await direct.run(connection, statement, values)
        await connection.rollback()


async def test_the_cursor_events_see_what_is_sent(stride: Stride, console: Console) -> None:
    await console.ok("/cohort create ML-Fall-2026")
    await console.ok("@ada /cohort join ML-Fall-2026")
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
        seen.append((statement, parameters))

    event.listen(stride.engine.sync_engine, "before_cursor_execute", capture)
    try:
        _member, cohort_id = await _ids(stride.engine)
        seen.clear()
        async with stride.engine.connect() as connection:
            await direct.run(connection, cohorts._MEMBER, {"cohort_id": cohort_id, "user_id": "ada"})
    finally:
        event.remove(stride.engine.sync_engine, "before_cursor_execute", capture)
    ((statement, parameters),) = seen
    assert statement.lstrip().upper().startswith("SELECT")
    assert "members" in statement
    assert tuple(parameters) == (cohort_id, "ada")


LOOP = threading.current_thread().name
LONG = text(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :upto) "
    "SELECT count(*), thread_name(1) FROM n"
)


def _sqlite_with_thread_names(path: Path) -> Any:
    engine = create_engine(f"sqlite:///{path}", busy_timeout_ms=5_000, in_place_budget_s=0.001)

    @event.listens_for(engine.sync_engine, "connect")
    def _register(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.create_function("thread_name", 1, lambda _row: threading.current_thread().name)

    return engine


async def test_a_long_read_moves_to_the_worker_and_a_quick_one_stays(tmp_path: Path) -> None:
    engine = _sqlite_with_thread_names(tmp_path / "d.db")
    try:
        async with engine.connect() as connection:
            quick = await direct.run(connection, LONG, {"upto": 3})
            long = await direct.run(connection, LONG, {"upto": 2_000_000})
    finally:
        await engine.dispose()
    assert tuple(quick.rows[0]) == (3, LOOP)
    assert long.rows[0][0] == 2_000_000
    assert long.rows[0][1] != LOOP


async def test_a_cancelled_read_on_the_worker_leaves_the_connection_usable(tmp_path: Path) -> None:
    engine = _sqlite_with_thread_names(tmp_path / "d.db")
    try:
        async with engine.connect() as connection:
            await connection.begin()
            running = asyncio.create_task(direct.run(connection, LONG, {"upto": 10**12}))
            await asyncio.sleep(0.2)  # well past the in-place budget: it is on the worker
            running.cancel()
            with pytest.raises(asyncio.CancelledError):
                await running
            await connection.rollback()
            after = await direct.run(connection, LONG, {"upto": 5})
    finally:
        await engine.dispose()
    assert after.rows[0][0] == 5


async def test_a_connection_without_a_transaction_begins_one_as_execute_does(
    stride: Stride, console: Console
) -> None:
    await console.ok("/cohort create ML-Fall-2026")
    await console.ok("@ada /cohort join ML-Fall-2026")
    _member, cohort_id = await _ids(stride.engine)
    async with stride.engine.connect() as connection:
        assert not connection.in_transaction()
        found = await direct.run(connection, cohorts._MEMBER, {"cohort_id": cohort_id, "user_id": "ada"})
        assert connection.in_transaction()
    assert found.one()["user_id"] == "ada"
