"""The machinery of Discord rendering: limits, messages, embed building, packing, dispatch.

Everything that reaches Discord passes through here, so two guarantees hold for every view:

* **Limits.** Every string is measured in UTF-16 code units (never less than what Discord
  counts) and kept within the limits below; long output becomes several embeds and
  several messages, or is cut with a visible "…" marker. Nothing is ever rejected.
* **No pings, no broken formatting.** User-written text goes through the helpers of
  ``render_safe``: ``md`` (inline Markdown), ``md_block`` (multi-line Markdown), ``md_text``
  (message content) or ``code`` (inside code blocks). Besides, every finished piece of every
  message passes ``guard``, which neutralises ``@everyone``, ``@here`` and ``<@…>``
  whatever produced them, so rendering is safe even before ``AllowedMentions.none()``.

The per-view renderers live in ``render_views`` and ``render_reports``; ``render`` is the
public face.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import singledispatch
from typing import Any, Final, TypeVar

import discord

from bot.discord.render_safe import ZWSP, clip, code_blocks, code_line, guard, split_text, text_size
from core.render.text import render_text
from core.views.base import Attachment, BudgetStatusName, View

_Items = TypeVar("_Items")

# --- Discord's limits -------------------------------------------------------------------------
CONTENT_LIMIT: Final = 2000
EMBED_TITLE_LIMIT: Final = 256
EMBED_DESCRIPTION_LIMIT: Final = 4096
EMBED_FIELD_NAME_LIMIT: Final = 256
EMBED_FIELD_VALUE_LIMIT: Final = 1024
EMBED_FOOTER_LIMIT: Final = 2048
EMBED_AUTHOR_LIMIT: Final = 256
EMBED_TOTAL_LIMIT: Final = 6000
"""The sum of every title, description, field, footer and author of all embeds of a message."""
EMBED_FIELDS_LIMIT: Final = 25
EMBEDS_PER_MESSAGE_LIMIT: Final = 10

# Our own footers are short; capping them keeps title + description + footer under the total.
FOOTER_BUDGET: Final = 1024

# --- Colour-blind-safe colours (Okabe–Ito palette); each status is also written in words ------
COLOUR_WITHIN: Final = 0x009E73  # bluish green
COLOUR_UNDER: Final = 0xE69F00  # orange
COLOUR_OVER: Final = 0xCC79A7  # reddish purple
COLOUR_INFO: Final = 0x56B4E9  # sky blue
STATUS_COLOURS: Final = {"within": COLOUR_WITHIN, "under": COLOUR_UNDER, "over": COLOUR_OVER}


@dataclass(frozen=True)
class DiscordMessage:
    """One message to send: content and/or embeds, ephemeral when the view is private."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    ephemeral: bool = False
    files: tuple[Attachment, ...] = ()
    suppress_embeds: bool = False
    """No link previews (a sign-in link's message: it is for the person alone)."""

    def discord_files(self) -> list[discord.File]:
        """Fresh file objects each time: discord.py reads (and closes) them when sending."""
        return [
            discord.File(io.BytesIO(file.data), filename=file.filename, description=file.description or None)
            for file in self.files
        ]


FILES_PER_MESSAGE_LIMIT: Final = 10


def with_attachments(
    parts: list[tuple[DiscordMessage, _Items | None]], view: View
) -> list[tuple[DiscordMessage, _Items | None]]:
    """The view's files ride on its last message (ten to a message, more in messages of their own)."""
    files = view.attachments
    if not files:
        return parts
    chunks = [files[i : i + FILES_PER_MESSAGE_LIMIT] for i in range(0, len(files), FILES_PER_MESSAGE_LIMIT)]
    *rest, (last, items) = parts or [(DiscordMessage(None, [], view.private), None)]
    out: list[tuple[DiscordMessage, _Items | None]] = [*rest, (replace(last, files=chunks[0]), items)]
    out += [(DiscordMessage(None, [], view.private, chunk), None) for chunk in chunks[1:]]
    return out


_SEVERITY: Final[tuple[BudgetStatusName, ...]] = ("under", "over", "within")


def worst_status(statuses: Iterable[BudgetStatusName | None]) -> BudgetStatusName | None:
    """The status that colours a group of rows: under, else over, else within."""
    seen = set(statuses)
    return next((status for status in _SEVERITY if status in seen), None)


def status_colour(status: BudgetStatusName | None) -> int:
    return STATUS_COLOURS[status] if status else COLOUR_INFO


# --- Embeds -----------------------------------------------------------------------------------
@dataclass
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass
class Card:
    """An embed before Discord's limits are applied; may become several embeds."""

    title: str
    description: str | None = None
    fields: list[Field] = field(default_factory=list)
    footer: str | None = None
    colour: int | None = None


def card_embeds(card: Card) -> list[discord.Embed]:
    """The card as embeds within every per-embed limit; overflowing fields continue in more."""
    title = guard(card.title)
    description = clip(guard(card.description), EMBED_DESCRIPTION_LIMIT) if card.description else None
    footer = clip(guard(card.footer), FOOTER_BUDGET) if card.footer else None
    footer_size = text_size(footer or "")
    fields = [
        (
            clip(guard(f.name), EMBED_FIELD_NAME_LIMIT) if f.name.strip() else ZWSP,
            clip(guard(f.value), EMBED_FIELD_VALUE_LIMIT) if f.value.strip() else ZWSP,
            f.inline,
        )
        for f in card.fields
    ]
    groups: list[list[tuple[str, str, bool]]] = [[]]
    used = EMBED_TITLE_LIMIT + footer_size + text_size(description or "")
    for name, value, inline in fields:
        size = text_size(name) + text_size(value)
        if groups[-1] or description:
            full = len(groups[-1]) >= EMBED_FIELDS_LIMIT or used + size > EMBED_TOTAL_LIMIT
            if full:
                groups.append([])
                used = EMBED_TITLE_LIMIT + footer_size
        groups[-1].append((name, value, inline))
        used += size
    embeds = []
    for number, group in enumerate(groups, start=1):
        suffix = f" ({number}/{len(groups)})" if len(groups) > 1 else ""
        embed = discord.Embed(
            title=clip(title, EMBED_TITLE_LIMIT - text_size(suffix)) + suffix,
            description=description if number == 1 else None,
            colour=card.colour,
        )
        for name, value, inline in group:
            embed.add_field(name=name, value=value, inline=inline)
        if footer:
            embed.set_footer(text=footer)
        embeds.append(embed)
    return embeds


def embed_size(embed: discord.Embed) -> int:
    pieces = [embed.title or "", embed.description or "", embed.footer.text or "", embed.author.name or ""]
    pieces += [f"{f.name or ''}{f.value or ''}" for f in embed.fields]
    return sum(text_size(p) for p in pieces)


def pack(
    embeds: Sequence[discord.Embed],
    *,
    ephemeral: bool,
    content: str | None = None,
    one_per_message: bool = False,
) -> list[DiscordMessage]:
    """Embeds grouped into messages (10 embeds and 6,000 characters each), content first."""
    groups: list[list[discord.Embed]] = []
    total = 0
    for embed in embeds:
        size = embed_size(embed)
        if (
            not groups
            or one_per_message
            or (len(groups[-1]) >= EMBEDS_PER_MESSAGE_LIMIT or total + size > EMBED_TOTAL_LIMIT)
        ):
            groups.append([])
            total = 0
        groups[-1].append(embed)
        total += size
    chunks = content_chunks(content) if content else []
    messages = [DiscordMessage(chunk, [], ephemeral) for chunk in chunks[:-1]]
    lead = chunks[-1] if chunks else None
    if not groups:  # never nothing: an empty text still answers, invisibly
        return [*messages, DiscordMessage(lead or ZWSP, [], ephemeral)]
    messages.append(DiscordMessage(lead, groups[0], ephemeral))
    messages += [DiscordMessage(None, group, ephemeral) for group in groups[1:]]
    return messages


def content_chunks(text: str) -> list[str]:
    """Message content (already Markdown-safe) in pieces of at most 2,000 characters."""
    return split_text(guard(text), CONTENT_LIMIT)


def cards_to_messages(
    cards: Sequence[Card], *, ephemeral: bool, content: str | None = None, one_per_message: bool = False
) -> list[DiscordMessage]:
    embeds = [embed for card in cards for embed in card_embeds(card)]
    return pack(embeds, ephemeral=ephemeral, content=content, one_per_message=one_per_message)


# --- Checking ---------------------------------------------------------------------------------
def message_texts(message: DiscordMessage) -> list[str]:
    """Every piece of text a message shows: content, titles, descriptions, fields, footers, authors."""
    texts = [message.content] if message.content else []
    for embed in message.embeds:
        texts += [t for t in (embed.title, embed.description, embed.footer.text, embed.author.name) if t]
        for f in embed.fields:
            texts += [f.name or "", f.value or ""]
    return texts


def fits_discord_limits(message: DiscordMessage) -> bool:
    """Whether Discord would accept the message as it is: every limit, and nothing empty."""
    if message.content is not None and not 0 < text_size(message.content) <= CONTENT_LIMIT:
        return False
    if not message.content and not message.embeds:
        return False
    if len(message.embeds) > EMBEDS_PER_MESSAGE_LIMIT:
        return False
    total = 0
    for embed in message.embeds:
        limits = [
            (embed.title, EMBED_TITLE_LIMIT),
            (embed.description, EMBED_DESCRIPTION_LIMIT),
            (embed.footer.text, EMBED_FOOTER_LIMIT),
            (embed.author.name, EMBED_AUTHOR_LIMIT),
        ]
        if any(text is not None and text_size(text) > limit for text, limit in limits):
            return False
        if len(embed.fields) > EMBED_FIELDS_LIMIT:
            return False
        for f in embed.fields:
            name, value = f.name or "", f.value or ""
            if not name.strip() or not value.strip():
                return False
            if text_size(name) > EMBED_FIELD_NAME_LIMIT or text_size(value) > EMBED_FIELD_VALUE_LIMIT:
                return False
        if not (embed.title or embed.description or embed.fields):
            return False
        total += embed_size(embed)
    return total <= EMBED_TOTAL_LIMIT


# --- Dispatch ---------------------------------------------------------------------------------
@singledispatch
def render(view: View) -> list[DiscordMessage]:
    """The view as Discord messages; views without their own renderer show their plain text."""
    lines = [code_line(line) for line in render_text(view).splitlines()] or [" "]
    blocks = code_blocks([], lines, CONTENT_LIMIT)
    return [DiscordMessage(block, [], view.private) for block in blocks]


def register(kind: type[View]) -> Callable[[Callable[[Any], list[DiscordMessage]]], Any]:
    def decorate(func: Callable[[Any], list[DiscordMessage]]) -> Callable[[Any], list[DiscordMessage]]:
        render.register(kind)(func)
        return func

    return decorate
