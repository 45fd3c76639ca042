"""A member's own reflection: the form, writing it, reading it back, sharing it, and the
answer to "is last week's blocker resolved?"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from core.commands import check_text
from core.domain import limits
from core.domain.model import Actor
from core.domain.reflections import (
    ROLES,
    Answer,
    ReflectionWeek,
    instant_label,
    open_week,
    parse_commitment,
    reflection_week,
    week_label,
    week_number,
)
from core.domain.weeks import iso_week_key, local_date, week_start, week_start_of_key
from core.errors import InvalidInput, NotFound
from core.services.context import Membership, ServiceContext, member_context, membership, short
from core.services.outbox_rows import outbox_row
from core.services.reflection_history import History, history, open_blocker
from core.services.reflections.common import (
    ANSWERED,
    REFLECT_EXAMPLE,
    REMINDER_KIND,
    SHARE_KIND,
    TRACK_WEEKS,
    answer_views,
    asked,
    chosen_week,
    closed_message,
    reflection_view,
    require_enabled,
)
from core.views.base import Notice
from core.views.reflections import ReflectionFormView, ReflectionView, SharedReflectionView

SHARE_KEEP = timedelta(days=2)
"""How long a shared reflection may wait for delivery (a bot down) before it is dropped."""


async def reflection_form(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> ReflectionFormView:
    """The open week's questions, prefilled with the answers so far (a modal's fields)."""
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        require_enabled(found.cohort)
        week = open_week(ctx.clock.now(), found.timezone, found.cohort)
        past = await history(uow, found.member.id, week.key)
    blocker = open_blocker(past.previous)
    return ReflectionFormView(
        cohort=found.cohort.name,
        week=week.key,
        week_label=week_label(week.monday),
        questions=answer_views(asked(found.cohort, past.own)),
        editable_until=instant_label(week.locks_at, found.timezone),
        editing=past.own is not None,
        open_blocker=blocker.blocked if blocker else None,
    )


def _target_week(found: Membership, now: datetime, week: str | None) -> ReflectionWeek:
    """The open week, or the form's week while it is still the open one."""
    current = open_week(now, found.timezone, found.cohort)
    if week is None or week.strip().upper() == current.key:
        return current
    monday = week_start_of_key(week.strip().upper())
    today = local_date(now, found.timezone)
    if monday > current.monday:
        raise InvalidInput(
            f"Week {iso_week_key(monday)} has not begun yet; write the open one, "
            f"week {week_number(current.key)}'s, with /reflect."
        )
    raise InvalidInput(
        closed_message(reflection_week(monday, found.cohort, found.timezone), current, found.timezone, today)
    )


def _merged(questions: tuple[Answer, ...], answers: Mapping[str, str]) -> tuple[tuple[Answer, ...], bool]:
    """The questions with ``answers`` put in (by ``q1`` … or by role), and whether any was
    given; every key and every answer checked first, so nothing is half written."""
    by_key = {a.key: a for a in questions}
    by_role: dict[str, str] = {a.role: a.key for a in questions if a.role is not None}
    new: dict[str, str] = {}
    for raw_key, raw_value in answers.items():
        word = raw_key.strip().lower()
        key = by_role.get(word) if word in ROLES else word
        if key is None or key not in by_key:
            raise InvalidInput(_unknown_key(raw_key, questions))
        question = by_key[key].question
        if key in new:
            raise InvalidInput(
                f"Two answers were given to “{question}”; give it once, as {key}= or by its role."
            )
        new[key] = check_text(
            raw_value, f"the answer to “{question}”", limits.REFLECTION_ANSWER, required=False
        )
    merged = tuple(Answer(a.key, a.role, a.question, new[a.key]) if a.key in new else a for a in questions)
    return merged, bool(new)


def _unknown_key(raw_key: str, questions: tuple[Answer, ...]) -> str:
    keys = [a.key for a in questions]
    roles = [f"{a.role}=" for a in questions if a.role]
    names = f"q1 to {keys[-1]}" if len(keys) > 1 else "q1"
    also = f" (or {', '.join(roles)})" if roles else ""
    return (
        f"'{short(raw_key, 20)}' is not a question of this week's reflection; answer {names}{also}, "
        f"like {REFLECT_EXAMPLE}."
    )


async def submit_reflection(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    answers: Mapping[str, str],
    *,
    week: str | None = None,
    idempotency_key: str | None = None,
) -> ReflectionView:
    """Write (or edit) the reflection of ``week`` (the form's; None: the open week). Keys
    given replace their answers, others are kept. Refused once the week's digest went out."""
    async with ctx.uow() as uow:
        found = (await member_context(uow, actor, cohort_name, lock=True)).membership
        require_enabled(found.cohort)
        now = ctx.clock.now()
        target = _target_week(found, now, week)
        past = await history(uow, found.member.id, target.key)
        own = past.own
        if own is not None and idempotency_key and own.idempotency_key == idempotency_key:
            edited = own.updated_at != own.created_at  # the same form again: its first reply
            return await reflection_view(uow, found, target, past, now, _saved_headline(target, edited))
        merged, given = _merged(asked(found.cohort, own), answers)
        if not given or not any(a.answer for a in merged):
            raise InvalidInput(f"A reflection needs at least one answer; write it like {REFLECT_EXAMPLE}.")
        since = iso_week_key(week_start(target.monday) - timedelta(weeks=TRACK_WEEKS))
        next_text = next((a.answer for a in merged if a.role == "next"), "")
        tracks = await uow.reflections.tracks(found.member.id, since) if next_text else set()
        blocked = next((a.answer for a in merged if a.role == "blocked" and a.answer), None)
        saved = await uow.reflections.save(
            found.member.id,
            target.key,
            merged,
            blocked=blocked,
            commitments=parse_commitment(next_text, tracks),
            idempotency_key=idempotency_key,
            now=now,
            existing=own,
        )
        await uow.reflections.skip_reminder(found.member.id, REMINDER_KIND, target.key, ANSWERED)
        past = History(saved, past.previous)
        view = await reflection_view(uow, found, target, past, now, _saved_headline(target, own is not None))
        await uow.commit()
    return view


def _saved_headline(week: ReflectionWeek, edited: bool) -> str:
    verb = "Updated" if edited else "Saved"
    return f"{verb} your reflection on {week_label(week.monday)}."


async def show_reflection(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, week: str | None = None
) -> ReflectionView:
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        now = ctx.clock.now()
        target = chosen_week(found, now, week)
        past = await history(uow, found.member.id, target.key)
        if past.own is None:
            raise NotFound(_none_yet(target, now))
        return await reflection_view(uow, found, target, past, now)


def _none_yet(week: ReflectionWeek, now: datetime) -> str:
    if now < week.locks_at:
        return (
            f"You have not written a reflection on {week_label(week.monday)} yet; "
            f"write it like {REFLECT_EXAMPLE}."
        )
    return (
        f"You wrote no reflection on {week_label(week.monday)}; "
        "see another week with /reflect show week=2026-W47."
    )


async def share_reflection(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, week: str | None = None
) -> ReflectionView:
    """Post the member's reflection in the cohort channel (through the outbox, once)."""
    async with ctx.uow() as uow:
        found = (await member_context(uow, actor, cohort_name, lock=True)).membership
        now = ctx.clock.now()
        target = chosen_week(found, now, week)
        past = await history(uow, found.member.id, target.key)
        own = past.own
        if own is None:
            raise NotFound(_none_yet(target, now))
        if not found.cohort.channel_id:
            raise InvalidInput(
                f"{found.cohort.name} has no channel to share in yet; ask an instructor to set one "
                "with /cohort set channel=#your-class-channel."
            )
        label = week_label(target.monday)
        if not await uow.reflections.mark_shared(own.id, now):
            headline = f"Your reflection on {label} is already shared with the cohort."
            return await reflection_view(uow, found, target, past, now, headline)
        shared = SharedReflectionView(
            member=found.member.display_name,
            week=target.key,
            week_label=label,
            answers=answer_views([a for a in own.answers if a.answer]),
        )
        await uow.outbox.enqueue([_share_row(found, own.id, shared, now)])
        past = History(replace(own, shared_at=now), past.previous)
        view = await reflection_view(
            uow, found, target, past, now, f"Shared your reflection on {label} with {found.cohort.name}."
        )
        await uow.commit()
    return view


def _share_row(
    found: Membership, reflection_id: int, view: SharedReflectionView, now: datetime
) -> dict[str, Any]:
    return outbox_row(
        cohort_id=found.cohort.id,
        kind=SHARE_KIND,
        audience="channel",
        channel_id=found.cohort.channel_id,
        period_key=str(reflection_id),
        due_at=now,
        expires_at=now + SHARE_KEEP,
        payload=view.model_dump(mode="json"),
        now=now,
    )


async def answer_blocker(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, resolved: bool
) -> ReflectionView | Notice:
    """The member's answer to "is last week's blocker resolved?"."""
    async with ctx.uow() as uow:
        found = (await member_context(uow, actor, cohort_name, lock=True)).membership
        now = ctx.clock.now()
        week = open_week(now, found.timezone, found.cohort)
        past = await history(uow, found.member.id, week.key)
        previous = past.previous
        if previous is None or not previous.blocked:
            raise NotFound(
                "Your last reflection named no blocker, so there is nothing to mark resolved; "
                f"name one with {REFLECT_EXAMPLE}."
            )
        status = "resolved" if resolved else "open"
        await uow.reflections.set_blocker_status(previous.id, status)
        blocker = short(previous.blocked, 80)
        said = (
            f"Good to hear “{blocker}” is resolved"
            if resolved
            else f"Noted: “{blocker}” is still blocking you, and your instructor sees it in the digest"
        )
        view: ReflectionView | Notice
        if past.own is not None:
            past = History(past.own, replace(previous, blocker_status=status))
            view = await reflection_view(uow, found, week, past, now, said + ".")
        else:
            view = Notice(text=f"{said}; write this week's reflection with /reflect …")
        await uow.commit()
    return view
