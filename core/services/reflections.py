"""Weekly reflections: the questions a cohort asks, a member's answers per ISO week, the
commitment read from them and checked against the ledger, blockers and replies to them.

CONTRACT (foundation commit): the signatures below are what the adapters call; the bodies
are being written (issue 20). Answers are keyed ``q1`` … ``q5`` (the question's place in the
cohort's list); ``done``, ``next`` and ``blocked`` are accepted for the questions with those
roles. Every function raises ``core.errors`` errors with the one sentence a user sees.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.domain.model import Actor
from core.services.context import ServiceContext
from core.views.base import Notice
from core.views.member import CohortView
from core.views.reflections import ReflectionFormView, ReflectionListView, ReflectionView
from core.views.reports import BlockerView


async def reflection_form(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> ReflectionFormView:
    """The open week's questions, prefilled with the answers so far (a modal's fields)."""
    raise NotImplementedError


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
    raise NotImplementedError


async def show_reflection(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, week: str | None = None
) -> ReflectionView:
    raise NotImplementedError


async def share_reflection(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, week: str | None = None
) -> ReflectionView:
    """Post the member's reflection in the cohort channel (through the outbox, once)."""
    raise NotImplementedError


async def answer_blocker(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, resolved: bool
) -> ReflectionView | Notice:
    """The member's answer to "is last week's blocker resolved?"."""
    raise NotImplementedError


async def list_reflections(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, week: str | None = None
) -> ReflectionListView:
    """An instructor's read of a week's reflections in their cohort."""
    raise NotImplementedError


async def blocker_to_answer(ctx: ServiceContext, actor: Actor, member_id: int) -> BlockerView:
    """The blocker a digest's reply button names (``member_id`` is the digest's opaque id),
    for an instructor of that member's cohort (a modal's title and text)."""
    raise NotImplementedError


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
    raise NotImplementedError


async def set_questions(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, questions: str
) -> CohortView:
    """``/cohort reflection questions=…``: up to 5 questions separated by ``|`` (``done:``,
    ``next:`` and ``blocked:`` mark the roles), or ``reset``, ``off``, ``on``."""
    raise NotImplementedError
