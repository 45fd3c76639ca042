"""Discord messages of focus timers: /session's answers and the end-of-period DM (its buttons
are added by the sink, see ``bot.discord.components.timer_buttons``)."""

from __future__ import annotations

from bot.discord.render_base import DiscordMessage, pack, register
from bot.discord.render_safe import discord_hints, md_text
from core.render.sessions import session_text, timer_dm_question, timer_dm_text
from core.views.sessions import SessionView, TimerDmView


@register(SessionView)
def _session(view: SessionView) -> list[DiscordMessage]:
    return pack([], ephemeral=view.private, content=md_text(discord_hints(session_text(view))))


@register(TimerDmView)
def _timer_dm(view: TimerDmView) -> list[DiscordMessage]:
    text = timer_dm_text(view)
    if view.final:
        text = f"{text}\n{timer_dm_question(view)}"
    return pack([], ephemeral=view.private, content=md_text(text))
