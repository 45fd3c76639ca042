"""Discord embeds of a roadmap: a field per phase with its progress bar and numbered items.

Item text is user text: every line goes through ``md``; a phase with many items continues
in further fields, and ``card_embeds`` spreads fields over as many embeds as Discord needs.
"""

from __future__ import annotations

from bot.discord.render_base import (
    COLOUR_INFO,
    COLOUR_WITHIN,
    EMBED_FIELD_VALUE_LIMIT,
    Card,
    DiscordMessage,
    Field,
    cards_to_messages,
    register,
)
from bot.discord.render_safe import chunk_lines, md, md_text
from core.render.roadmaps import progress_bar
from core.views.roadmaps import RoadmapPhaseView, RoadmapView

ITEM_WIDTH = 200
INDENT = "\u2003"  # an em space: Discord collapses ordinary leading spaces
PHASE_TITLE_WIDTH = 150


def _phase_fields(phase: RoadmapPhaseView, show_items: bool) -> list[Field]:
    window = f" · {phase.window}" if phase.window else ""
    name = f"{md(phase.title, PHASE_TITLE_WIDTH)}{window}"
    bar = progress_bar(phase.done, phase.total)
    if not show_items:
        return [Field(name, bar)]
    lines = [bar]
    section: str | None = None
    for item in phase.items:
        if item.section and item.section != section:
            lines.append(f"__{md(item.section, PHASE_TITLE_WIDTH)}__")
        section = item.section
        mark = "☑" if item.done else "☐"
        lines.append(f"{INDENT * item.depth}`{item.number:>3}` {mark} {md(item.text, ITEM_WIDTH)}")
    chunks = chunk_lines(lines, EMBED_FIELD_VALUE_LIMIT)
    return [Field(name if n == 0 else f"{name} (continued)", chunk) for n, chunk in enumerate(chunks)]


@register(RoadmapView)
def _roadmap(view: RoadmapView) -> list[DiscordMessage]:
    description = [md_text(note) for note in view.notes]
    description.append(f"Overall: {progress_bar(view.done, view.total)}")
    fields = [f for phase in view.phases for f in _phase_fields(phase, view.show_items)]
    pending = [s for s in view.suggestions if not s.accepted]
    if pending:
        lines = [f"{s.number}. {md(s.text, ITEM_WIDTH)} — accept with `{s.command}`" for s in pending]
        fields += [
            Field("Suggestions (nothing is set until you accept)", chunk)
            for chunk in chunk_lines(lines, 1000)
        ]
    card = Card(
        md(view.title, 200),
        description="\n".join(description),
        fields=fields,
        colour=COLOUR_WITHIN if view.total and view.done == view.total else COLOUR_INFO,
    )
    headline = md_text(view.headline) if view.headline else None
    return cards_to_messages([card], ephemeral=view.private, content=headline)
