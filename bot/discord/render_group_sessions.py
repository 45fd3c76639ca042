"""Discord messages of scheduled group sessions: the reminder post and the list."""

from __future__ import annotations

from bot.discord.render_base import (
    COLOUR_INFO,
    EMBED_DESCRIPTION_LIMIT,
    Card,
    DiscordMessage,
    cards_to_messages,
    pack,
    register,
)
from bot.discord.render_safe import fit_lines, md, md_text
from core.formatting import duration
from core.render.group_sessions import attendance_line
from core.views.group_sessions import GroupSessionListView, GroupSessionReminderView, SessionAttendanceView

TITLE_WIDTH = 80


def _where(room: str | None) -> str:
    """A room is ``<#id>`` (a channel link, which never pings) when Stride stored its id."""
    return f" in {room}" if room else ""


@register(GroupSessionReminderView)
def _reminder(view: GroupSessionReminderView) -> list[DiscordMessage]:
    """An embed (a channel link in it never pings): the line, then how to RSVP."""
    card = Card(
        f"📅 {md(view.title, TITLE_WIDTH)}",
        description=(
            f"**{md(view.title, TITLE_WIDTH)}** starts at {view.start}{_where(view.room)} "
            f"({duration(view.minutes)}) — {view.going} going\n"
            f"Coming? Press **I'll be there**, or type `/session rsvp {view.number}`."
        ),
        colour=COLOUR_INFO,
    )
    return cards_to_messages([card], ephemeral=view.private)


@register(GroupSessionListView)
def _list(view: GroupSessionListView) -> list[DiscordMessage]:
    if not view.rows:
        hint = (
            "plan one with `/session plan`"
            if view.instructor
            else "your instructor plans them with `/session plan`"
        )
        return pack(
            [],
            ephemeral=view.private,
            content=f"No group sessions are planned in {md(view.cohort, 60)}; {hint}.",
        )
    lines = [
        f"**{r.number}. {md(r.title, TITLE_WIDTH)}** — every {r.day} {r.start}, {duration(r.minutes)}"
        f"{_where(r.room)} · next {r.next_label} · {r.going} going" + (" (you too)" if r.mine else "")
        for r in view.rows
    ]
    card = Card(
        f"Group sessions of {md(view.cohort, 60)}",
        description=fit_lines(lines, EMBED_DESCRIPTION_LIMIT, lambda left: f"… and {left} more"),
        footer=f"Times in {view.timezone}. RSVP with /session rsvp N; take it back with /session unrsvp N.",
        colour=COLOUR_INFO,
    )
    headline = md_text(view.headline) if view.headline else None
    return cards_to_messages([card], ephemeral=view.private, content=headline)


def _headed(headline: str | None, content: str) -> str:
    return f"{md_text(headline)}\n{content}" if headline else content


def attendance_field(rows: list[SessionAttendanceView]) -> str:
    """The digest's group-session lines, within a field's 1,024 characters."""
    return fit_lines(
        [f"• {md(attendance_line(r), 200)}" for r in rows], 1000, lambda left: f"… and {left} more"
    )
