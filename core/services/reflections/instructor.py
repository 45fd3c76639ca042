"""An instructor's side of reflections: a week's answers, replies to blockers, and the
questions the cohort asks."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from core.commands import check_text
from core.db.uow import UnitOfWork
from core.domain import limits
from core.domain.model import Actor, Cohort, Member
from core.domain.reflections import (
    QUESTIONS_EXAMPLE,
    Reflection,
    parse_questions,
    questions_setting,
    reflection_settings,
    week_label,
)
from core.errors import InvalidInput, NotFound
from core.services.cohorts import cohort_view
from core.services.context import (
    Membership,
    ServiceContext,
    member_context,
    membership,
    named_member,
    require_instructor,
    short,
)
from core.services.outbox_rows import outbox_row
from core.services.personal_dms import REPLY_KIND, placed
from core.services.reflection_history import commitment_views
from core.services.reflections.common import answer_views, chosen_week
from core.views.base import Notice
from core.views.member import CohortView
from core.views.reflections import BlockerReplyView, ReflectionListView, ReflectionRowView
from core.views.reports import BlockerView

REPLY_EXAMPLE = '/reply @ada "Try the two-pointer chapter first"'
REPLY_KEEP = timedelta(days=7)
"""How long a reply may wait for delivery before it is dropped."""


async def list_reflections(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, week: str | None = None
) -> ReflectionListView:
    """An instructor's read of a week's reflections in their cohort."""
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        require_instructor(found, "read the cohort's reflections")
        cohort_wide = Membership(found.cohort, replace(found.member, timezone=None))  # the cohort's weeks
        target = chosen_week(cohort_wide, ctx.clock.now(), week)
        students = await uow.reflections.students_with_week(found.cohort.id, target.key)
    answered = [(name, r) for _, name, r in students if r is not None]
    waiting = [name for _, name, r in students if r is None]
    rows = [reflection_row(name, r) for name, r in answered]
    rows += [ReflectionRowView(name=name, answered=False) for name in waiting]
    return ReflectionListView(
        cohort=found.cohort.name,
        week=target.key,
        week_label=week_label(target.monday),
        answered=len(answered),
        students=len(students),
        rows=rows,
    )


def reflection_row(name: str, reflection: Reflection) -> ReflectionRowView:
    return ReflectionRowView(
        name=name,
        answered=True,
        answers=answer_views([a for a in reflection.answers if a.answer]),
        commitments=commitment_views(reflection.commitments, {}),
    )


async def _student_of(found: Membership, member: Member | None, shown: str) -> Member:
    if member is None or member.cohort_id != found.cohort.id or member.is_instructor:
        raise NotFound(
            f"{shown} is not a student of {found.cohort.name}; "
            f"name one of your students, like {REPLY_EXAMPLE}."
        )
    return member


async def blocker_to_answer(ctx: ServiceContext, actor: Actor, member_id: int) -> BlockerView:
    """The blocker a digest's reply button names (``member_id`` is the digest's opaque id),
    for an instructor of that member's cohort (a modal's title and text)."""
    async with ctx.uow(read_only=True) as uow:
        student, _ = await _button_student(uow, actor, member_id)
        reflection = await uow.reflections.latest_blocker(student.id)
    if reflection is None or not reflection.blocked:
        raise NotFound(
            f"{short(student.display_name)} has no blocker to answer any more; see who has with /reflections."
        )
    return _blocker_view(student, reflection)


async def _button_student(uow: UnitOfWork, actor: Actor, member_id: int) -> tuple[Member, Membership]:
    """The student a digest button names, and the actor's membership of their cohort (an
    instructor's), refused in one sentence for anybody else."""
    gone = (
        "That student is no longer in the cohort, so there is nobody to reply to; "
        "see who is with /reflections."
    )
    student = (await uow.members.by_ids([member_id])).get(member_id)
    if student is None:
        raise NotFound(gone)
    cohort = await uow.cohorts.get(student.cohort_id)
    if cohort.platform != actor.platform or cohort.workspace_id != actor.workspace_id:
        raise NotFound(gone)
    found = await membership(uow, actor, cohort.name)
    require_instructor(found, "reply to a student's blocker")
    return await _student_of(found, student, "That member"), found


def _blocker_view(student: Member, reflection: Reflection) -> BlockerView:
    return BlockerView(
        name=student.display_name,
        member_id=student.id,
        week=reflection.iso_week,
        text=reflection.blocked or "",
        still=reflection.blocker_status == "open",
    )


async def reply_to_blocker(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    *,
    text: str,
    student: str | None = None,
    member_id: int | None = None,
    idempotency_key: str | None = None,
) -> Notice:
    """An instructor's reply, sent to the student by DM (through the outbox, once per key).
    ``student``: an @mention or display name (``/reply``); ``member_id``: a digest button's."""
    async with ctx.uow() as uow:
        if member_id is not None:
            target, found = await _button_student(uow, actor, member_id)
        else:
            found = (await member_context(uow, actor, cohort_name)).membership
            require_instructor(found, "reply to a student's blocker")
            named = await named_member(uow, found, student or "", REPLY_EXAMPLE)
            target = await _student_of(found, named, short(student or ""))
        reply = check_text(text, "the reply", limits.BLOCKER_REPLY)
        name = short(target.display_name)
        if not target.dms_enabled or target.unreachable:
            raise InvalidInput(
                f"{name} gets no DMs from Stride, so a reply cannot reach them; say it in person."
            )
        reflection = await uow.reflections.latest_blocker(target.id)
        if reflection is None or not reflection.blocked:
            raise NotFound(
                f"{name} has not named a blocker in a reflection, so there is nothing to reply to; "
                "see who has with /reflections."
            )
        now = ctx.clock.now()
        view = BlockerReplyView(
            instructor=found.member.display_name,
            cohort=found.cohort.name,
            week=reflection.iso_week,
            blocker=reflection.blocked,
            reply=reply,
        )
        key = idempotency_key or f"{found.member.id}:{now.isoformat()}:{reply}"
        row = _reply_row(found.cohort, target, view, _period(key), now)
        # A DM like any personal one: after the student's quiet hours and snooze.
        added = await uow.outbox.enqueue([placed(row, target, found.cohort)])
        await uow.commit()
    if not added:
        return Notice(text=f"Your reply to {name} was already sent.")
    return Notice(text=f"Your reply to {name} is on its way by DM.")


def _period(key: str) -> str:
    """A request's idempotency key as a period key: hashed, 32 characters."""
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _reply_row(
    cohort: Cohort, student: Member, view: BlockerReplyView, period: str, now: datetime
) -> dict[str, Any]:
    return outbox_row(
        cohort_id=cohort.id,
        kind=REPLY_KIND,
        member_id=student.id,
        period_key=period,
        due_at=now,
        expires_at=now + REPLY_KEEP,
        payload=view.model_dump(mode="json"),
        now=now,
    )


async def set_questions(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, questions: str
) -> CohortView:
    """``/cohort reflection questions=…``: up to 5 questions separated by ``|`` (``done:``,
    ``next:`` and ``blocked:`` mark the roles), or ``reset``, ``off``, ``on``."""
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        require_instructor(found, "change the reflection questions")
        settings = dict(found.cohort.settings)
        current = reflection_settings(settings)
        word = questions.strip().lower()
        if word == "reset":
            current.pop("questions", None)
            headline = "Reflection questions are back to the defaults."
        elif word in ("off", "on"):
            current["enabled"] = word == "on"
            headline = (
                "Weekly reflections are on: the check-in DM asks them and /reflect takes answers."
                if word == "on"
                else "Weekly reflections are off: the check-in DM no longer asks them and /reflect is closed."
            )
        else:
            if not questions.strip():
                raise InvalidInput(
                    f"Give the questions, or reset, off or on, like /cohort reflection {QUESTIONS_EXAMPLE}."
                )
            parsed = parse_questions(questions)
            current["questions"] = questions_setting(parsed)
            headline = f"Reflection questions set: {len(parsed)} of them, asked from the next reflection on."
        settings["reflection"] = current
        await uow.cohorts.update(found.cohort.id, settings=settings)
        view = await cohort_view(uow, found.cohort.id, found.member.role)
        await uow.commit()
    return view.model_copy(update={"headline": headline})
