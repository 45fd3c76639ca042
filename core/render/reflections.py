"""Plain-text pieces of reflections that several messages share (the check-in DM, its
reminder, the reply to /reflect): the exact sentences the README quotes."""

from __future__ import annotations

from core.formatting import hours, plural
from core.views.reflections import CommitmentView, ReflectionAnswerView, ReflectionPromptView, ReflectionView
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


def answer_lines(answers: list[ReflectionAnswerView], *, empty: str | None) -> list[str]:
    lines: list[str] = []
    for a in answers:
        if not a.answer and empty is None:
            continue
        lines.append(f"  {a.question}")
        lines += [f"    {line}" for line in (a.answer or empty or "").split("\n")]
    return lines


def commitment_row_line(row: CommitmentRowView) -> str:
    """A digest's line: ``✗ ada: planned 6h on dsa, did 4h 30m; planned 2h on project, did 0h``."""
    mark = "✓" if row.met else "✗"
    return f"{mark} {row.name}: " + "; ".join(
        f"planned {hours(c.planned_hours)} on {c.track}, did {hours(c.done_hours)}" for c in row.commitments
    )


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
            f"  - {b.name}: “{b.text}”" + (" (still blocked)" if b.still else "") for b in view.blockers
        ]
    return lines
