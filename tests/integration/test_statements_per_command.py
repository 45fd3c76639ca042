"""The commands a student runs every day send at most three SQL statements each, on SQLite
and PostgreSQL: each statement is a round trip (on aiosqlite, several thread hand-offs),
so what a command asks for together is asked in one query. Transaction control (BEGIN,
the read-only switch, COMMIT) is not counted."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.levels import SkillKind
from core.services import checkins, ledger, me, plans, progress, skills
from tests.integration.helpers import cohort_with, person, weekly_budget

PROF = person("prof")
ADA = person("ada")
COHORT = "ML-Fall-2026"
MOST = 3
CONTROL = ("BEGIN", "PRAGMA QUERY_ONLY", "COMMIT", "ROLLBACK")


@contextmanager
def counted(engine: AsyncEngine) -> Iterator[list[str]]:
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.lstrip().upper().startswith(CONTROL):
            sent.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


@pytest.fixture
async def student(stride: Stride, clock: FixedClock) -> Stride:
    """Ada: two budgets, plans A and B, ten skills, a pause behind her, check-ins."""
    clock.set(datetime(2026, 11, 2, 12, tzinfo=UTC))
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (ADA,))
    await cohort_with(ctx, "Other-Cohort", person("other"), ())  # a cohort she is not in
    for track in ("dsa", "ml"):
        await weekly_budget(ctx, ADA, track, 3, 5)
    await plans.set_plan(ctx, ADA, None, "A", position="ML Engineer", industry="Health", rationale="Why")
    await plans.set_plan(ctx, ADA, None, "B", position="Analyst", industry="Retail", rationale=None)
    for kind in (SkillKind.GENERAL, SkillKind.SPECIFIC):
        for n in range(5):
            await skills.add_skill(
                ctx, ADA, None, name=f"{kind.value} {n}", kind=kind, priority=n % 3 + 1, current=1, target=3
            )
    await me.pause(ctx, ADA, None, "2026-11-08")
    clock.set(datetime(2026, 11, 18, 12, tzinfo=UTC))
    for minutes in (30, 45, 60):
        await checkins.check_in(ctx, ADA, None, minutes=minutes, track="dsa")
    return stride


Call = Callable[[Stride], Awaitable[object]]
COMMANDS: dict[str, Call] = {
    "check-in": lambda s: checkins.check_in(s.services, ADA, None, minutes=45, track="ml"),
    "check-in with a skill": lambda s: checkins.check_in(
        s.services, ADA, None, minutes=45, track="dsa", skill="specific 2"
    ),
    "check-in in a named cohort": lambda s: checkins.check_in(
        s.services, ADA, COHORT, minutes=20, track="dsa", idempotency_key="first-try"
    ),
    "progress this week": lambda s: progress.progress(s.services, ADA, None),
    "check-ins this month": lambda s: ledger.list_checkins(s.services, ADA, None, "month"),
    "progress this month": lambda s: progress.progress(s.services, ADA, None, "month"),
    "plan check": lambda s: plans.check_plan(s.services, ADA, None),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
async def test_a_daily_command_sends_at_most_three_statements(student: Stride, name: str) -> None:
    with counted(student.engine) as sent:
        await COMMANDS[name](student)
    assert sent, "the counter saw nothing"
    assert len(sent) <= MOST, f"{name}: {len(sent)} statements\n" + "\n---\n".join(sent)
