"""Reflection services on SQLite and PostgreSQL: a form submitted after its week closed,
a modal submitted twice, the reminder skipped in the reflection's own transaction, a reply
sent once per key and only to the instructor's own students, the share row, and the
digest's reflection part reading the same few statements whatever the cohort's size."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import notifications, reflections
from core.errors import InvalidInput, NotFound, PermissionDenied
from core.services import checkins, cohorts, digests
from core.services import reflections as service
from core.services.context import ServiceContext, membership
from core.views.base import Notice
from tests.integration.helpers import cohort_with, count, person, weekly_budget

PROF = person("prof")
ADA = person("ada")
BOB = person("bob")
ZED = person("zed")
COHORT = "ML-Fall-2026"
WED_W47 = datetime(2026, 11, 18, 10, tzinfo=UTC)
MON_W48_AFTER_DIGEST = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


@pytest.fixture
async def cohort(stride: Stride, clock: FixedClock) -> Stride:
    clock.set(WED_W47)
    await cohort_with(stride.services, COHORT, PROF, (ADA, BOB), "Europe/Berlin")
    await cohort_with(stride.services, "Other-Cohort", ZED, ())
    await weekly_budget(stride.services, ADA, "dsa", 5, 7)
    return stride


async def test_a_form_submitted_after_its_digest_is_refused(cohort: Stride, clock: FixedClock) -> None:
    form = await service.reflection_form(cohort.services, ADA, None)
    assert form.week == "2026-W47"
    assert form.editable_until == "Mon 23 Nov 08:00"
    assert [q.key for q in form.questions] == ["q1", "q2", "q3"]
    clock.set(MON_W48_AFTER_DIGEST)
    with pytest.raises(InvalidInput) as refused:
        await service.submit_reflection(cohort.services, ADA, None, {"q1": "x"}, week=form.week)
    assert str(refused.value) == (
        "Week 47's reflection closed when its digest went out on Mon 23 Nov 08:00; "
        "this week's is open: /reflect …"
    )
    assert await count(cohort.engine, reflections) == 0
    with pytest.raises(InvalidInput, match="has not begun yet"):
        await service.submit_reflection(cohort.services, ADA, None, {"q1": "x"}, week="2026-W50")


async def test_a_modal_submitted_twice_acts_once(cohort: Stride, clock: FixedClock) -> None:
    first = await service.submit_reflection(
        cohort.services, ADA, None, {"q1": "graphs", "next": "6h dsa"}, idempotency_key="interaction-1"
    )
    assert [c.track for c in first.commitments] == ["dsa"]
    clock.set(WED_W47 + timedelta(minutes=1))
    again = await service.submit_reflection(
        cohort.services, ADA, None, {"q1": "changed"}, idempotency_key="interaction-1"
    )
    assert again.answers[0].answer == "graphs"
    assert again.headline == first.headline == "Saved your reflection on Mon 16 Nov – Sun 22 Nov."
    async with cohort.engine.connect() as connection:
        rows = (await connection.execute(select(reflections.c.updated_at))).all()
    assert [row[0] for row in rows] == [WED_W47]


async def _reminder(stride: Stride, member_id: int, cohort_id: int, week: str) -> None:
    async with stride.services.uow() as uow:
        await uow.outbox.enqueue(
            [
                {
                    "cohort_id": cohort_id,
                    "kind": "reflection_reminder",
                    "audience": "member",
                    "recipient_key": f"member:{member_id}",
                    "member_id": member_id,
                    "channel_id": None,
                    "period_key": week,
                    "due_at": WED_W47,
                    "expires_at": WED_W47 + timedelta(days=1),
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": WED_W47,
                    "payload": {},
                    "last_error": None,
                    "created_at": WED_W47,
                }
            ]
        )
        await uow.commit()


async def test_saving_skips_the_weeks_reminder_and_no_other(cohort: Stride) -> None:
    async with cohort.services.uow(read_only=True) as uow:
        found = await membership(uow, ADA, None)
    for week in ("2026-W47", "2026-W46"):
        await _reminder(cohort, found.member.id, found.cohort.id, week)
    await service.submit_reflection(cohort.services, ADA, None, {"done": "graphs"})
    async with cohort.engine.connect() as connection:
        rows = (
            await connection.execute(
                select(
                    notifications.c.period_key, notifications.c.status, notifications.c.last_error
                ).order_by(notifications.c.period_key)
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        ("2026-W46", "pending", None),
        ("2026-W47", "skipped", "answered"),
    ]


async def test_share_enqueues_one_channel_row(cohort: Stride) -> None:
    await _set_channel(cohort)
    saved = await service.submit_reflection(cohort.services, ADA, None, {"done": "graphs", "q3": "recursion"})
    assert saved.shared is False
    shared = await service.share_reflection(cohort.services, ADA, None)
    assert shared.shared
    again = await service.share_reflection(cohort.services, ADA, None)
    assert again.headline == "Your reflection on Mon 16 Nov – Sun 22 Nov is already shared with the cohort."
    async with cohort.engine.connect() as connection:
        rows = (await connection.execute(select(notifications.c.kind, notifications.c.payload))).all()
    assert len(rows) == 1
    assert rows[0][0] == "reflection_share"
    assert rows[0][1]["view"] == "shared_reflection"
    assert [a["answer"] for a in rows[0][1]["answers"]] == ["graphs", "recursion"]


async def _set_channel(stride: Stride) -> None:
    await cohorts.update_cohort(stride.services, PROF, None, {"channel": "class"})


async def test_reply_once_per_key_and_only_to_own_students(cohort: Stride) -> None:
    await service.submit_reflection(cohort.services, ADA, None, {"blocked": "recursion"})
    async with cohort.services.uow(read_only=True) as uow:
        ada_id = (await membership(uow, ADA, None)).member.id
    blocker = await service.blocker_to_answer(cohort.services, PROF, ada_id)
    assert (blocker.name, blocker.text, blocker.week) == ("Ada", "recursion", "2026-W47")
    with pytest.raises(PermissionDenied):
        await service.blocker_to_answer(cohort.services, BOB, ada_id)
    with pytest.raises((PermissionDenied, NotFound)):
        await service.blocker_to_answer(cohort.services, ZED, ada_id)
    with pytest.raises(NotFound):
        await service.blocker_to_answer(cohort.services, PROF, 999_999)

    sent = await service.reply_to_blocker(
        cohort.services, PROF, None, text="Read chapter 3", member_id=ada_id, idempotency_key="click-1"
    )
    again = await service.reply_to_blocker(
        cohort.services, PROF, None, text="Read chapter 3", member_id=ada_id, idempotency_key="click-1"
    )
    assert isinstance(sent, Notice)
    assert sent.text == "Your reply to Ada is on its way by DM."
    assert again.text == "Your reply to Ada was already sent."
    with pytest.raises((PermissionDenied, NotFound)):
        await service.reply_to_blocker(cohort.services, ZED, None, text="hi", member_id=ada_id)
    async with cohort.engine.connect() as connection:
        rows = (await connection.execute(select(notifications.c.kind, notifications.c.period_key))).all()
    assert len(rows) == 1
    assert rows[0][0] == "blocker_reply"
    assert len(rows[0][1]) == 32


@contextmanager
def counted(engine: AsyncEngine) -> Iterator[list[str]]:
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "reflections" in statement:
            sent.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_the_digest_reads_reflections_in_two_statements_whatever_the_size(
    cohort: Stride, clock: FixedClock
) -> None:
    ctx = cohort.services
    await service.submit_reflection(ctx, ADA, None, {"next": "6h dsa", "blocked": "graphs"})
    await service.submit_reflection(ctx, BOB, None, {"next": "3h on reading"})
    clock.set(datetime(2026, 11, 25, 10, tzinfo=UTC))
    await checkins.check_in(ctx, ADA, None, minutes=420, track="dsa")
    await checkins.check_in(ctx, BOB, None, minutes=60, track="reading")
    with counted(cohort.engine) as small:
        view = await digests.digest(ctx, PROF, None, "this")
    names = [(row.name, row.met) for row in view.commitments]
    assert names == [("Ada", True), ("Bob", False)]
    planned = [[(c.track, c.planned_hours) for c in row.commitments] for row in view.commitments]
    assert planned == [[("dsa", 6)], [("reading", 3)]]
    assert view.reflections_answered == 0  # the week's own reflections, none yet
    for n in range(8):
        await _join_and_reflect(ctx, f"s{n}")
    with counted(cohort.engine) as large:
        again = await digests.digest(ctx, PROF, None, "this")
    assert again.reflections_answered == 8
    assert len(again.blockers) == 8
    assert len(small) == 2
    assert len(large) == 2


async def _join_and_reflect(ctx: ServiceContext, user: str) -> None:
    who = person(user)
    await cohorts.join_cohort(ctx, who, COHORT)
    await service.submit_reflection(ctx, who, None, {"blocked": f"blocker of {user}"})


async def test_a_reply_in_the_students_quiet_hours_comes_at_their_end(
    cohort: Stride, clock: FixedClock
) -> None:
    await service.submit_reflection(cohort.services, ADA, None, {"blocked": "recursion"})
    clock.set(datetime(2026, 11, 18, 22, 30, tzinfo=UTC))  # 23:30 in Berlin: quiet until 08:00
    await service.reply_to_blocker(cohort.services, PROF, None, text="Sleep on it", student="@ada")
    async with cohort.engine.connect() as connection:
        due = (await connection.execute(select(notifications.c.due_at))).scalar_one()
    assert due == datetime(2026, 11, 19, 7, 0, tzinfo=UTC)


async def test_a_snooze_holds_reminders_but_not_an_instructors_reply(
    cohort: Stride, clock: FixedClock
) -> None:
    """A snooze is for reminders: the reply comes now, and a snooze typed after it was
    written does not move it either."""
    from core.services import reminder_prefs

    await service.submit_reflection(cohort.services, ADA, None, {"blocked": "recursion"})
    await reminder_prefs.snooze(cohort.services, ADA, None, "1d")
    await service.reply_to_blocker(cohort.services, PROF, None, text="Try a smaller case", student="@ada")
    await reminder_prefs.snooze(cohort.services, ADA, None, "2d")
    async with cohort.engine.connect() as connection:
        rows = (await connection.execute(select(notifications.c.kind, notifications.c.due_at))).all()
    assert [(kind, due) for kind, due in rows if kind == "blocker_reply"] == [("blocker_reply", WED_W47)]
