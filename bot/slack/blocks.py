"""Block Kit building blocks that always fit Slack's limits and never ping anyone.

Everything a user wrote reaches Slack through :func:`esc` (``&``, ``<`` and ``>`` become
entities, so ``<!channel>`` or ``<@U123>`` is shown, not acted on) and every piece of text
is measured after escaping. Long text becomes several sections and long replies several
messages (:func:`pack`): Slack answers an oversized message with ``invalid_blocks``, and a
student would rather see a reply in two parts than none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

Block = dict[str, Any]

BLOCKS_PER_MESSAGE: Final = 50
BLOCKS_PER_VIEW: Final = 100
"""Modals and the App Home tab hold up to 100 blocks."""
SECTION_TEXT_LIMIT: Final = 3000
HEADER_LIMIT: Final = 150
CONTEXT_ELEMENTS_LIMIT: Final = 10
FIELDS_LIMIT: Final = 10
FIELD_TEXT_LIMIT: Final = 2000
BUTTON_TEXT_LIMIT: Final = 75
OPTION_TEXT_LIMIT: Final = 75
OPTION_VALUE_LIMIT: Final = 150
ACTIONS_ELEMENTS_LIMIT: Final = 25
FALLBACK_TEXT_LIMIT: Final = 3000
CODE_FENCE: Final = "```"
ELLIPSIS: Final = "…"


def esc(text: str) -> str:
    """User text made inert for mrkdwn: Slack's three control characters as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, cut with "…" when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def clip_escaped(text: str, limit: int) -> str:
    """Escaped ``text`` within ``limit``, never cutting an entity in two."""
    escaped = esc(text)
    if len(escaped) <= limit:
        return escaped
    out, size = [], 0
    for char in text:
        piece = esc(char)
        if size + len(piece) > limit - 1:
            break
        out.append(piece)
        size += len(piece)
    return "".join(out) + ELLIPSIS


def plain(text: str, limit: int) -> dict[str, Any]:
    """A plain_text object: shown as typed (Slack never parses mentions in it)."""
    return {"type": "plain_text", "text": clip(text or " ", limit), "emoji": True}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_LIMIT)}


def divider() -> Block:
    return {"type": "divider"}


def section(mrkdwn: str) -> Block:
    """A section of already-escaped mrkdwn (see :func:`paragraphs` for long text)."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(mrkdwn or " ", SECTION_TEXT_LIMIT)}}


def fields(pairs: Iterable[str]) -> list[Block]:
    """Sections of two-column fields (already-escaped mrkdwn), ten fields to a section."""
    items = [{"type": "mrkdwn", "text": clip(text or " ", FIELD_TEXT_LIMIT)} for text in pairs]
    return [
        {"type": "section", "fields": items[i : i + FIELDS_LIMIT]} for i in range(0, len(items), FIELDS_LIMIT)
    ]


def context(*mrkdwn: str) -> Block:
    elements = [{"type": "mrkdwn", "text": clip(t or " ", SECTION_TEXT_LIMIT)} for t in mrkdwn]
    return {"type": "context", "elements": elements[:CONTEXT_ELEMENTS_LIMIT]}


def _lines_within(lines: Iterable[str], limit: int) -> list[list[str]]:
    """Consecutive escaped lines grouped so each group, joined by newlines, fits ``limit``."""
    groups: list[list[str]] = [[]]
    size = 0
    for raw in lines:
        line = clip_escaped(raw, limit)
        extra = len(line) + (1 if groups[-1] else 0)
        if groups[-1] and size + extra > limit:
            groups.append([])
            size, extra = 0, len(line)
        groups[-1].append(line)
        size += extra
    return [group for group in groups if group]


def paragraphs(text: str) -> list[Block]:
    """User-facing text (escaped here) as one section, or several when it is long."""
    return [
        section("\n".join(group)) for group in _lines_within(text.splitlines() or [" "], SECTION_TEXT_LIMIT)
    ]


def code(text: str) -> list[Block]:
    """Monospaced text (tables) in fenced sections, split between lines when long."""
    room = SECTION_TEXT_LIMIT - 2 * len(CODE_FENCE) - 2
    groups = _lines_within(text.splitlines() or [" "], room)
    return [section(f"{CODE_FENCE}\n" + "\n".join(group) + f"\n{CODE_FENCE}") for group in groups]


@dataclass
class SlackMessage:
    """One message: its blocks and the notification/fallback text (escaped mrkdwn)."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        return {"text": clip(self.text or " ", FALLBACK_TEXT_LIMIT), "blocks": self.blocks}


def pack(summary: str, blocks: list[Block], per_message: int = BLOCKS_PER_MESSAGE) -> list[SlackMessage]:
    """Blocks in messages of at most ``per_message``; later parts say they continue."""
    if not blocks:
        blocks = [section(esc(summary))]
    chunks = [blocks[i : i + per_message] for i in range(0, len(blocks), per_message)]
    text = esc(summary)
    if len(chunks) == 1:
        return [SlackMessage(text, chunks[0])]
    return [
        SlackMessage(text if n == 1 else f"{text} (part {n} of {len(chunks)})", chunk)
        for n, chunk in enumerate(chunks, start=1)
    ]


def fits_slack_limits(message: SlackMessage) -> list[str]:
    """What, if anything, in ``message`` Slack would refuse (used by the tests)."""
    problems = []
    if len(message.blocks) > BLOCKS_PER_MESSAGE:
        problems.append(f"{len(message.blocks)} blocks")
    for block in message.blocks:
        text = block.get("text", {}).get("text", "")
        limit = HEADER_LIMIT if block["type"] == "header" else SECTION_TEXT_LIMIT
        if len(text) > limit:
            problems.append(f"{block['type']} text of {len(text)}")
        for item in block.get("fields", []):
            if len(item["text"]) > FIELD_TEXT_LIMIT:
                problems.append(f"field of {len(item['text'])}")
        if (
            len(block.get("fields", [])) > FIELDS_LIMIT
            or len(block.get("elements", [])) > ACTIONS_ELEMENTS_LIMIT
        ):
            problems.append(f"{block['type']} with too many items")
    return problems
