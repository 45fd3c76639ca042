"""Plain-text rendering of roadmaps: phases with progress bars and numbered items."""

from __future__ import annotations

from core.formatting import percent, whole_percent
from core.render.text import render_text
from core.views.roadmaps import RoadmapView

BAR_CELLS = 10


def progress_bar(done: int, total: int) -> str:
    """Cells filled and the percentage both round down: the bar is full only when all is done."""
    filled = BAR_CELLS * whole_percent(done, total) // 100
    return f"{'█' * filled}{'░' * (BAR_CELLS - filled)} {percent(done, total)} ({done}/{total})"


@render_text.register
def _roadmap(view: RoadmapView) -> str:
    lines = [view.headline] if view.headline else []
    lines += view.notes
    lines.append(f"{view.title} — {progress_bar(view.done, view.total)}")
    for phase in view.phases:
        window = f" · {phase.window}" if phase.window else ""
        lines.append("")
        lines.append(f"{phase.title}{window}")
        lines.append(f"  {progress_bar(phase.done, phase.total)}")
        if not view.show_items:
            continue
        section: str | None = None
        for item in phase.items:
            if item.section and item.section != section:
                lines.append(f"  {item.section}")
            section = item.section
            mark = "[x]" if item.done else "[ ]"
            lines.append(f"  {'  ' * item.depth}{item.number:>3}. {mark} {item.text}")
    pending = [s for s in view.suggestions if not s.accepted]
    if pending:
        lines.append("")
        lines.append("Suggestions from your file (nothing is set until you accept):")
        lines += [f"  {s.number}. {s.text} — accept with {s.command}" for s in pending]
    return "\n".join(lines)
