"""Safe text for Discord: measuring, cutting, neutralising mentions and escaping Markdown.

User-written text goes through :func:`md` (a line of Markdown), :func:`md_block` (several
lines), :func:`md_text` (message content) or :func:`code` (a code-block cell); footers, where
Markdown is not rendered, hold only our own words. :func:`guard` then runs over every finished
piece of a message, so nothing can ping whatever produced it. Sizes are counted in UTF-16
code units, never less than Discord counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Final

import discord

from core.formatting import plural as plural  # re-exported for the renderers that import it from here

ZWSP: Final = "\u200b"


# --- Measuring and cutting --------------------------------------------------------------------
def text_size(text: str) -> int:
    """Length in UTF-16 code units: an emoji outside the BMP counts twice, never less than Discord."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clip(text: str, limit: int, marker: str = "…") -> str:
    """``text`` if it fits ``limit``, else its start followed by ``marker``, within ``limit``."""
    if text_size(text) <= limit:
        return text
    if text_size(marker) >= limit:
        marker = ""
    budget = limit - text_size(marker)
    out = text[:budget]
    while text_size(out) > budget:
        out = out[:-1]
    if (len(out) - len(out.rstrip("\\"))) % 2:  # a lone backslash would escape the marker
        out = out[:-1]
    return out + marker


def clip_more(text: str, limit: int) -> str:
    """Like :func:`clip`, saying how many characters were left out."""
    if text_size(text) <= limit:
        return text
    hidden = len(text)
    kept = text
    for _ in range(4):
        marker = f"… (+{hidden:,} more characters)"
        kept = clip(text, limit, marker)
        shown = len(kept) - len(marker) if kept.endswith(marker) else len(kept)
        if len(text) - shown == hidden:
            break
        hidden = len(text) - shown
    return kept


# --- Making text safe -------------------------------------------------------------------------
# Anything that could ping: @everyone, @here (any case) and <@id>, <@!id>, <@&id>. A channel
# link never pings, so ``guard`` leaves a well-formed ``<#snowflake>`` (which only we write).
_PINGS = re.compile(r"@(?=everyone|here)|<(?=@)|<(?=#(?!\d{17,20}>))", re.IGNORECASE)
# In user text, also channel links and slash-command links: shown, never rendered.
_USER_MENTIONS = re.compile(r"@(?=everyone|here)|<(?=[@#/])", re.IGNORECASE)
_BACKTICK_RUN = re.compile(r"`(?=`)")
_LEDGER_WORDS = re.compile(r"/checkin (list|undo|remove|edit)\b")
_KEEP: Final = frozenset({"\u200d"})  # the zero-width joiner holds emoji sequences together


def guard(text: str) -> str:
    """Neutralise every would-be ping with a zero-width space; idempotent."""
    return _PINGS.sub(lambda m: m.group(0) + ZWSP, text)


def neutralize(text: str) -> str:
    """Neutralise mentions, channel links and command links written by a user; idempotent."""
    return _USER_MENTIONS.sub(lambda m: m.group(0) + ZWSP, text)


def _printable(line: str) -> str:
    return "".join(ch if ch.isprintable() or ch in _KEEP else " " for ch in line)


def one_line(text: str) -> str:
    """Control characters, line breaks and direction overrides become single spaces."""
    return " ".join(_printable(text).split())


def _escaped_within(raw: str, limit: int | None, cut: Callable[[str, int], str]) -> str:
    """Escape Markdown, cutting the raw text first so the escaped result stays within ``limit``."""
    if limit is None:
        return discord.utils.escape_markdown(raw)
    budget = limit
    escaped = discord.utils.escape_markdown(cut(raw, budget))
    while text_size(escaped) > limit and budget > 0:
        budget = max(budget - (text_size(escaped) - limit), 0)
        escaped = discord.utils.escape_markdown(cut(raw, budget))
    return clip(escaped, limit)


def md(text: str, limit: int | None = None) -> str:
    """User text for one line of Markdown: no pings, no formatting, at most ``limit`` long."""
    return _escaped_within(neutralize(one_line(text)), limit, clip)


def md_block(text: str, limit: int) -> str:
    """Multi-line user text (a rationale, a goal) as Markdown, cut with a count of what is left."""
    lines = [" ".join(_printable(line).split()) for line in text.splitlines()]
    joined = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return _escaped_within(neutralize(joined), limit, clip_more)


def code_line(line: str) -> str:
    """A line for a code block, spacing kept: no pings, no run of backticks to close the block."""
    return _BACKTICK_RUN.sub("`" + ZWSP, neutralize(_printable(line)))


def md_text(text: str) -> str:
    """Multi-line text for message content: lines and spacing kept, Markdown shown as written."""
    lines = [_printable(line).rstrip() for line in text.splitlines()]
    return discord.utils.escape_markdown(neutralize("\n".join(lines)))


def inline_code(text: str) -> str:
    """Text in one inline code span: a backtick inside becomes a look-alike so it cannot end it."""
    safe = neutralize(one_line(text)).replace("`", "\u02cb")
    return f"`{safe}`" if safe else ""


def code(text: str, width: int | None = None) -> str:
    """User text for a code-block cell: one line, safe as :func:`code_line`, at most ``width``."""
    safe = code_line(one_line(text))
    return clip(safe, width) if width is not None else safe


# --- Splitting long text ----------------------------------------------------------------------
def split_text(text: str, limit: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit``, at line breaks, else spaces, else anywhere."""
    pieces: list[str] = []
    rest = text
    while text_size(rest) > limit:
        window = rest[:limit]
        while text_size(window) > limit:
            window = window[:-1]
        cut = window.rfind("\n")
        if cut < len(window) // 2:
            cut = window.rfind(" ")
        if cut < len(window) // 2:
            cut = len(window)
            while cut > 1 and window[cut - 1] == "\\":
                cut -= 1  # never separate a backslash from what it escapes
            if cut <= 1:
                cut = len(window)
        head, rest = rest[:cut].rstrip(), rest[cut:].lstrip("\n ")
        if head:
            pieces.append(head)
    if rest.strip():
        pieces.append(rest.rstrip())
    return pieces


def group_lines(lines: Sequence[str], limit: int, max_lines: int | None = None) -> list[list[str]]:
    """Lines in groups whose joined text fits ``limit`` (and ``max_lines``); overlong lines are cut."""
    groups: list[list[str]] = []
    size = 0
    for raw in lines:
        line = clip(raw, limit)
        extra = text_size(line) + 1
        if not groups or size + extra - 1 > limit or (max_lines is not None and len(groups[-1]) >= max_lines):
            groups.append([])
            size = 0
        groups[-1].append(line)
        size += extra
    return groups


def chunk_lines(lines: Sequence[str], limit: int, max_lines: int | None = None) -> list[str]:
    """Join lines into chunks of at most ``limit`` (and ``max_lines``); overlong lines are cut."""
    return ["\n".join(group) for group in group_lines(lines, limit, max_lines)]


def fit_lines(lines: Sequence[str], limit: int, more: Callable[[int], str] | None = None) -> str:
    """As many whole lines as fit ``limit``, ending with ``more(N)`` when N lines are left out.

    The first line is cut rather than left out, so the start of a list always shows.
    """
    marker = more or (lambda left: f"… and {left} more")
    shown: list[str] = []
    size = -1
    for index, raw in enumerate(lines):
        rest = len(lines) - index - 1
        room = limit - size - 1 - (text_size(marker(rest)) + 1 if rest else 0)
        if text_size(raw) <= room:
            line = raw
        elif not shown and room > 0:
            line = clip(raw, room)
        else:
            return clip("\n".join([*shown, marker(len(lines) - len(shown))]), limit)
        shown.append(line)
        size += 1 + text_size(line)
    return "\n".join(shown)


def code_blocks(
    head: Sequence[str], body: Sequence[str], limit: int, max_lines: int | None = None
) -> list[str]:
    """Lines (already made safe with :func:`code`) as code blocks of at most ``limit`` each.

    ``head`` (table headers) is repeated at the top of every block; overlong lines are wrapped,
    so nothing is lost.
    """
    fence_size = text_size("```\n\n```")
    head_text = "\n".join(clip(line, limit // 4) for line in head)
    room = limit - fence_size - (text_size(head_text) + 1 if head else 0)
    wrapped: list[str] = []
    for line in body:
        wrapped += split_text(line, room) if text_size(line) > room else [line]
    blocks = []
    for chunk in chunk_lines(wrapped, room, max_lines):
        inner = f"{head_text}\n{chunk}" if head else chunk
        blocks.append(f"```\n{inner}\n```")
    return blocks or ([f"```\n{head_text}\n```"] if head else [])


def _options(match: re.Match[str]) -> str:
    """``day=sun time=19:00`` as Discord's options write them: ``day:sun time:19:00``."""
    return match.group(0).replace("=", ":")


_OPTION_WORDS: Final[tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...]] = (
    (re.compile(r'/reflect done="[^"]*" next="[^"]*" blocked="[^"]*"'), "/reflect"),
    (re.compile(r"/reflect (show|share) week="), r"/reflect action:\1 week:"),
    (re.compile(r"/reflect (show|share)\b"), r"/reflect action:\1"),
    (re.compile(r"/reflect resolved=yes"), "/reflect action:resolved"),
    (re.compile(r"/reflect resolved=no"), "/reflect action:still-blocked"),
    (re.compile(r"/cohort reflection (on|off|reset)\b"), r"/cohort reflection turn:\1"),
    (re.compile(r'/cohort reflection questions="([^"]*)"'), r"/cohort reflection questions:\1"),
    (re.compile(r'/reply @(\S+) "([^"]*)"'), r"/reply member:@\1 text:\2"),
    (re.compile(r"/me reminders( (?:day|time)=[A-Za-z0-9:]+)( (?:day|time)=[A-Za-z0-9:]+)?"), _options),
    (re.compile(r"/me quiet (\d\d:\d\d-\d\d:\d\d|off)\b"), r"/me quiet hours:\1"),
    (re.compile(r"/me snooze (\d+[mhd]|off)\b"), r"/me snooze for:\1"),
)
"""The reflection commands' text grammar as Discord's options write it (answers go in a
form there, so the example of answers is /reflect alone)."""


def discord_hints(text: str) -> str:
    """Stride's own hints, written for Discord: the text grammar's ``/checkin list|undo|
    remove|edit`` are subcommands of ``/checkins`` there (a command with options, as
    ``/checkin`` is, cannot also have subcommands); the reflection commands take options."""
    text = _LEDGER_WORDS.sub(r"/checkins \1", text)
    for pattern, replacement in _OPTION_WORDS:
        text = pattern.sub(replacement, text)
    return text
