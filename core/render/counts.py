"""Count budgets in words, the same on every platform: "reading: 0 of 1 book this block (Dec–Feb)"."""

from __future__ import annotations

from core.domain.counts import Block, block_label, count_band, every_text, plural
from core.views.activity import CountBudgetView, TallyRowView, TallyView

STATUS_MARKS = {"under": "▼ under", "within": "✓ within", "over": "▲ over"}


def budget_text(c: CountBudgetView) -> str:
    """``1 book every 3 months``."""
    return f"{count_band(c.min_count, c.max_count, c.unit)} {every_text(c.every, c.period)}"


def block_text(c: CountBudgetView) -> str:
    """``this block (Dec–Feb)``, ``this month (December)``, ``this week``."""
    label = block_label(Block(c.block_start, c.block_end), c.period)
    if c.every == 1:
        return "this week" if c.period == "week" else f"this month ({label})"
    return f"this block ({label})"


def count_status(c: CountBudgetView) -> str:
    """Short of the minimum while the block runs: whether the count keeps pace."""
    if c.status != "under":
        return STATUS_MARKS[c.status]
    if c.done >= c.due:
        return "✓ on pace"
    return f"▼ behind pace ({c.due} due by today)"


def progress_text(c: CountBudgetView) -> str:
    """``0 of 1 book this block (Dec–Feb) · ✓ on pace``."""
    band = count_band(c.min_count, c.max_count, c.unit)
    return f"{c.done} of {band} {block_text(c)} · {count_status(c)}"


def progress_line(c: CountBudgetView) -> str:
    return f"{c.track}: {progress_text(c)}"


def budget_line(c: CountBudgetView) -> str:
    """``reading: 1 book every 3 months (this block: Dec–Feb, 0 so far)``."""
    label = block_label(Block(c.block_start, c.block_end), c.period)
    return f"{c.track}: {budget_text(c)} (now {label}, {c.done} so far)"


def counts_section(counts: list[CountBudgetView], line: str = "progress") -> str:
    """The lines under a table of hours; empty without count budgets."""
    if not counts:
        return ""
    render = progress_line if line == "progress" else budget_line
    return "\n".join(["Counts (not hours):", *(render(c) for c in counts)])


def tally_head(view: TallyView) -> str:
    things = f"{view.amount} {plural(view.budget.unit, view.amount)} of {view.budget.track}"
    if view.duplicate:
        return f"Already logged: {things} on {view.local_date} (not counted twice)."
    return f"Logged {things} on {view.local_date:%a %d %b}."


def tally_text(view: TallyView) -> str:
    """The tally and its block: ``reading this block (Dec–Feb): 1 of 1 book (✓ within)``."""
    c = view.budget
    band = count_band(c.min_count, c.max_count, c.unit)
    return f"{tally_head(view)}\n{c.track} {block_text(c)}: {c.done} of {band} ({count_status(c)})"


def tally_row(row: TallyRowView) -> str:
    """``Sat 5 Dec · 1 book · reading`` (the note is the renderer's: it needs escaping)."""
    day = f"{row.local_date:%a} {row.local_date.day} {row.local_date:%b}"
    return f"{day} · {row.amount} {plural(row.unit, row.amount)} · {row.track}"
