"""Plain-text pieces of reflections that several messages share (the check-in DM, its
reminder, the reply to /reflect): the exact sentences the README quotes."""

from __future__ import annotations

from core.formatting import hours
from core.views.reflections import CommitmentView, ReflectionPromptView


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
