"""Plain-text pieces of reflections that several messages share (the check-in DM, its
reminder, the reply to /reflect): the exact sentences the README quotes."""

from __future__ import annotations

from core.formatting import hours, plural
from core.render.text import render_text, with_headline
from core.views.reflections import (
    BlockerReplyView,
    CommitmentView,
    ReflectionAnswerView,
    ReflectionFormView,
    ReflectionListView,
    ReflectionPromptView,
    ReflectionView,
    SharedReflectionView,
)
from core.views.reports import CommitmentRowView, DigestView


def commitment_line(commitment: CommitmentView) -> str:
    """``You planned 6h on dsa; you did 4h 30m``."""
    return (
        f"You planned {hours(commitment.planned_hours)} on {commitment.track}; "
        f"you did {hours(commitment.done_hours)}"
    )


def blocker_question(blocker: str) -> str:
    return f"Last time you were blocked by: “{blocker}”. Is it resolved?"


def prompt_lines(prompt: ReflectionPromptView) -> list[str]:
    """What a DM says about the week's reflection, before its buttons or commands."""
    if prompt.answered:
        lines = [
            f"Thanks for your reflection on {prompt.week_label}; "
            f"you can change it until {prompt.editable_until}."
        ]
    else:
        lines = [
            f"Your weekly reflection ({prompt.week_label}): what you did, what you'll do next week, "
            f"and what's blocking you. Answer it until {prompt.editable_until}."
        ]
    lines += [commitment_line(c) for c in prompt.last_commitments]
    if prompt.open_blocker:
        lines.append(blocker_question(prompt.open_blocker))
    return lines


# --- the reflection views (plain text: the console and every fallback) -------------------


def planned_text(commitments: list[CommitmentView]) -> str:
    """``6h on dsa, 2h on project``."""
    return ", ".join(f"{hours(c.planned_hours)} on {c.track}" for c in commitments)


def commitment_reply(view: ReflectionView) -> str | None:
    """What the reply says of the commitment read from the "next" answer."""
    if view.commitments:
        return f"Commitment for next week: {planned_text(view.commitments)}."
    if any(a.role == "next" and a.answer for a in view.answers):
        return "No hours read from it — write them like 6h dsa to have them checked."
    return None


def met_mark(commitment: CommitmentView) -> str:
    return "✓" if commitment.met else "✗"


def answer_label(answer: ReflectionAnswerView) -> str:
    """How the text grammar names a question: ``done=`` for a role, else ``q4=``."""
    return f"{answer.role or answer.key}="


def _answers(answers: list[ReflectionAnswerView], *, empty: str | None) -> list[str]:
    lines: list[str] = []
    for a in answers:
        if not a.answer and empty is None:
            continue
        lines.append(f"  {a.question}")
        lines += [f"    {line}" for line in (a.answer or empty or "").split("\n")]
    return lines


RESOLVED_HINT = "answer with /reflect resolved=yes or /reflect resolved=no"


@render_text.register
def _form(view: ReflectionFormView) -> str:
    title = "Edit your" if view.editing else "Your"
    lines = [f"{title} weekly reflection on {view.week_label}, open until {view.editable_until}:"]
    for q in view.questions:
        lines.append(f"  {answer_label(q)} {q.question}")
        if q.answer:
            lines += [f"      {line}" for line in q.answer.split("\n")]
    if view.open_blocker:
        lines.append(f"{blocker_question(view.open_blocker)} ({RESOLVED_HINT})")
    first = view.questions[0] if view.questions else None
    example = f'{answer_label(first)}"…"' if first else 'done="…"'
    lines.append(
        f"Answer with /reflect {example} and the others the same way; an answer you leave out is kept."
    )
    return "\n".join(lines)


@render_text.register
def _reflection(view: ReflectionView) -> str:
    lines = [f"{view.member}'s reflection on {view.week_label} ({view.cohort}):"]
    lines += _answers(view.answers, empty="—")
    said = commitment_reply(view)
    if said:
        lines.append(said)
    if view.last_commitments:
        lines.append("Last week's commitment for this week:")
        lines += [f"  {met_mark(c)} {commitment_line(c)}" for c in view.last_commitments]
    if view.open_blocker:
        lines.append(f"{blocker_question(view.open_blocker)} ({RESOLVED_HINT})")
    if view.editable:
        lines.append(f"You can change it until {view.editable_until} with /reflect.")
    else:
        lines.append(f"It closed on {view.editable_until}, when its digest went out.")
    if view.shared:
        lines.append("Shared with the cohort.")
    elif view.editable:
        lines.append("Share it with the cohort: /reflect share.")
    return with_headline(view.headline, "\n".join(lines))


@render_text.register
def _shared(view: SharedReflectionView) -> str:
    return "\n".join(
        [f"{view.member}'s reflection on {view.week_label}:", *_answers(view.answers, empty=None)]
    )


@render_text.register
def _listing(view: ReflectionListView) -> str:
    lines = [
        f"Reflections of {view.cohort}, {view.week_label} ({view.week}): "
        f"{view.answered} of {plural(view.students, 'student')} answered."
    ]
    waiting = [row.name for row in view.rows if not row.answered]
    for row in view.rows:
        if not row.answered:
            continue
        lines.append(f"{row.name}:")
        lines += _answers(row.answers, empty=None)
        if row.commitments:
            lines.append(f"  Commitment: {planned_text(row.commitments)}.")
    if waiting:
        lines.append("Not answered yet: " + ", ".join(waiting))
    elif not view.rows:
        lines.append(f"No students yet; they join with /cohort join {view.cohort}.")
    return "\n".join(lines)


@render_text.register
def _reply(view: BlockerReplyView) -> str:
    return "\n".join(
        [
            f"{view.instructor} answered your blocker in {view.cohort} ({view.week}):",
            f"  “{view.blocker}”",
            *view.reply.split("\n"),
        ]
    )


def commitment_row_line(row: CommitmentRowView) -> str:
    """A digest's line: ``✓ ada: You planned 6h on dsa; you did 7h``."""
    mark = "✓" if row.met else "✗"
    if not row.commitments:
        return f"{mark} {row.name}: {row.text}"
    return f"{mark} {row.name}: " + "; ".join(commitment_line(c) for c in row.commitments)


def digest_lines(view: DigestView) -> list[str]:
    """The digest's reflection part: who answered, commitments met, blockers."""
    lines = [f"Reflections: {view.reflections_answered} of {plural(view.students, 'student')} answered."]
    if view.commitments:
        met = sum(1 for row in view.commitments if row.met)
        lines.append(f"Commitments for the week: {met} of {len(view.commitments)} met.")
        lines += [f"  {commitment_row_line(row)}" for row in view.commitments]
    if view.blockers:
        lines.append('Blockers (answer with /reply @student "…"):')
        lines += [
            f"  - {b.name}: “{b.text}”" + (" (still, since last week)" if b.still else "")
            for b in view.blockers
        ]
    return lines
