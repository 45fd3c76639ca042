"""The Priority × Ease of Learning matrix in words: the deliverable's Markdown table, the
plain-text rows that go with ``/plan chart``'s picture, and ``/plan check``'s pointer at the
quick wins. Every surface builds its matrix with ``core.domain.ease.ease_matrix``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core.domain.ease import EASES, PRIORITIES, QUICK_WIN, EaseMatrix
from core.domain.levels import ease_label, priority_label
from core.services.context import short

LISTED = 10
"""Names a sentence lists before it says how many more there are."""
RATE_HINT = '/skill update "NAME" ease=easy|medium|hard'


def listing(names: Sequence[str], limit: int = LISTED) -> str:
    """``"SQL, Git"``; past ``limit`` names, ``"… and 3 more"``."""
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def quick_wins_sentence(names: Sequence[str]) -> str:
    return f"Quick wins (priority 1, easy): {listing(names)} — start here."


def unrated_sentence(count: int, hint: str = RATE_HINT) -> str:
    skills = "1 skill has" if count == 1 else f"{count} skills have"
    return f"{skills} no ease of learning yet: rate {'it' if count == 1 else 'each'} with {hint}."


def ease_pointer(quick_wins: Sequence[str], unrated: int, hint: str = RATE_HINT) -> list[str]:
    """``/plan check``'s lines about ease: the quick wins to start with (names already made
    safe for where they are shown), and how many skills are still unrated."""
    lines = [quick_wins_sentence(quick_wins)] if quick_wins else []
    return lines + ([unrated_sentence(unrated, hint)] if unrated else [])


def matrix_markdown(matrix: EaseMatrix, cell: Callable[[str], str]) -> list[str]:
    """The 3 × 3 table, priorities down and ease across; ``cell`` makes a name safe in a
    table cell. The quick wins' cell is bold and starred."""
    lines = [
        "| Priority \\ Ease | " + " | ".join(ease_label(e) for e in EASES) + " |",
        "|---|" + "---|" * len(EASES),
    ]
    for priority in PRIORITIES:
        cells = []
        for ease in EASES:
            text = ", ".join(cell(name) for name in matrix.cell(priority, ease)) or "—"
            cells.append(f"**⭐ {text}**" if (priority, ease) == QUICK_WIN else text)
        lines.append(f"| **{priority_label(priority)}** | " + " | ".join(cells) + " |")
    lines += ["", "⭐ Quick wins: priority 1 and easy to learn — start with these."]
    if matrix.unrated:
        unrated = ", ".join(cell(name) for name in matrix.unrated)
        lines.append(f"**Not rated yet:** {unrated} — rate with `{RATE_HINT}`.")
    return lines


def matrix_text(matrix: EaseMatrix) -> list[str]:
    """The matrix as lines of plain text, one a priority, for where no picture is shown."""
    lines = ["Priority × ease of learning (⭐ quick wins: priority 1, easy):"]
    for priority in PRIORITIES:
        cells = []
        for ease in EASES:
            names = listing(matrix.cell(priority, ease)) or "—"
            cells.append(("⭐ " if (priority, ease) == QUICK_WIN else "") + f"{ease_label(ease)}: {names}")
        lines.append(f"  {priority_label(priority)} · " + " · ".join(cells))
    if matrix.unrated:
        lines.append(f"  Not rated yet: {listing(matrix.unrated)}")
    return lines


def matrix_summary(matrix: EaseMatrix) -> str:
    """One sentence with the matrix's facts: the picture's alt text."""
    others = [
        f"{priority_label(p)} & {ease_label(e)}: {len(matrix.cell(p, e))}"
        for p in PRIORITIES
        for e in EASES
        if (p, e) != QUICK_WIN and matrix.cell(p, e)
    ]
    wins = listing([short(name, 30) for name in matrix.quick_wins]) if matrix.quick_wins else "none"
    sentence = f"Priority × ease of learning: quick wins (priority 1, easy): {wins}"
    if others:
        sentence += "; skills in the other cells: " + ", ".join(others)
    if matrix.unrated:
        sentence += f"; {len(matrix.unrated)} not rated yet"
    return sentence + "."
