"""Discord rendering: every view model as Discord messages (content and embeds).

``render(view)`` returns the messages to send, in order; each :class:`DiscordMessage` fits
Discord's limits (checked by :func:`fits_discord_limits`), never pings anyone by itself, and
is ephemeral exactly when the view is private. Views without their own renderer show their
plain text (``core.render.text.render_text``) in a code block.

The machinery lives in ``render_base``; the renderers in ``render_views`` (personal views),
``render_reports`` (leaderboards, digests, scheduled messages) and the rest imported here
(``reflections.render``: reflections, blockers, reminders, the nudge), which register
themselves with ``render`` when imported.
"""

from __future__ import annotations

from bot.discord import render_group_sessions as _render_group_sessions
from bot.discord import render_ledger as _render_ledger
from bot.discord import render_plans as _render_plans
from bot.discord import render_reports as _render_reports
from bot.discord import render_roadmaps as _render_roadmaps
from bot.discord import render_sessions as _render_sessions
from bot.discord import render_views as _render_views
from bot.discord.reflections import render as _render_reflections
from bot.discord.render_base import (
    COLOUR_INFO,
    COLOUR_OVER,
    COLOUR_UNDER,
    COLOUR_WITHIN,
    CONTENT_LIMIT,
    EMBED_AUTHOR_LIMIT,
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELD_NAME_LIMIT,
    EMBED_FIELD_VALUE_LIMIT,
    EMBED_FIELDS_LIMIT,
    EMBED_FOOTER_LIMIT,
    EMBED_TITLE_LIMIT,
    EMBED_TOTAL_LIMIT,
    EMBEDS_PER_MESSAGE_LIMIT,
    STATUS_COLOURS,
    DiscordMessage,
    fits_discord_limits,
    message_texts,
    render,
)
from bot.discord.render_reports import LEADERBOARD_PAGE_ROWS, leaderboard_pages
from bot.discord.render_safe import (
    guard,
    neutralize,
    text_size,
)

__all__ = [
    "COLOUR_INFO",
    "COLOUR_OVER",
    "COLOUR_UNDER",
    "COLOUR_WITHIN",
    "CONTENT_LIMIT",
    "EMBEDS_PER_MESSAGE_LIMIT",
    "EMBED_AUTHOR_LIMIT",
    "EMBED_DESCRIPTION_LIMIT",
    "EMBED_FIELDS_LIMIT",
    "EMBED_FIELD_NAME_LIMIT",
    "EMBED_FIELD_VALUE_LIMIT",
    "EMBED_FOOTER_LIMIT",
    "EMBED_TITLE_LIMIT",
    "EMBED_TOTAL_LIMIT",
    "LEADERBOARD_PAGE_ROWS",
    "STATUS_COLOURS",
    "DiscordMessage",
    "fits_discord_limits",
    "guard",
    "leaderboard_pages",
    "message_texts",
    "neutralize",
    "render",
    "text_size",
]

_REGISTERED = (
    _render_views,
    _render_plans,
    _render_reports,
    _render_roadmaps,
    _render_ledger,
    _render_sessions,
    _render_group_sessions,
    _render_reflections,
)
