"""The ledger (``/checkins list`` and the answers to a correction) as Discord embeds: one
field a check-in, its number, date, hours and track on the name line, skill and note below;
and a tally just logged (``/checkin hours:1 book track:reading``)."""

from __future__ import annotations

from bot.discord.render_base import (
    COLOUR_INFO,
    EMBED_FIELDS_LIMIT,
    Card,
    DiscordMessage,
    Field,
    register,
    status_colour,
)
from bot.discord.render_base import cards_to_messages as _cards_to_messages
from bot.discord.render_safe import discord_hints, md, md_block, md_text
from core.render.counts import block_text, progress_text, tally_head, tally_row
from core.render.text import hours
from core.views.activity import LedgerRowView, LedgerView, TallyView

NOTE_WIDTH = 300
HOW_TO = "Correct one with `/checkins edit`, `/checkins remove` or `/checkins undo`."


def _day(row: LedgerRowView) -> str:
    return f"{row.local_date:%a} {row.local_date.day} {row.local_date:%b}"


def _field(row: LedgerRowView) -> Field:
    name = f"{row.number}. {_day(row)} · {hours(row.hours)} · {md(row.track, 40)}"
    if row.source_label:
        name += f" · {row.source_label}"
    below = [
        f"toward {md(row.skill, 80)}" if row.skill else "",
        md_block(row.note, NOTE_WIDTH) if row.note else "",
    ]
    return Field(name, "\n".join(part for part in below if part) or "\u200b")


def _counted(view: LedgerView) -> str:
    """Counts logged in the period (books, problems): not numbered, never hours."""
    if not view.tallies:
        return ""
    rows = [
        md(tally_row(row), 120) + (f" · {md(row.note, 80)}" if row.note else "") for row in view.tallies[:10]
    ]
    return "\n**Counted** (not hours):\n" + "\n".join(rows)


@register(LedgerView)
def _ledger(view: LedgerView) -> list[DiscordMessage]:
    content = md_text(discord_hints(view.headline)) if view.headline else None
    since = f"since {view.start:%a} {view.start.day} {view.start:%b}"
    if not view.rows:
        other = "month" if view.period == "week" else "week"
        text = f"No check-ins this {view.period} yet ({since}); see `/checkins list {other}`."
        card = Card(
            f"Your check-ins this {view.period}", description=text + _counted(view), colour=COLOUR_INFO
        )
        return _cards_to_messages([card], ephemeral=view.private, content=content)
    fields = [_field(row) for row in view.rows]
    description = f"{since}, newest first — {hours(view.total_hours)} in all.\n{HOW_TO}"
    if view.more:
        description += "\nOlder ones are not shown."
    description += _counted(view)
    cards = [
        Card(
            f"Your check-ins this {view.period}",
            description=description if start == 0 else None,
            fields=fields[start : start + EMBED_FIELDS_LIMIT],
            colour=COLOUR_INFO,
        )
        for start in range(0, len(fields), EMBED_FIELDS_LIMIT)
    ]
    return _cards_to_messages(cards, ephemeral=view.private, content=content)


@register(TallyView)
def _tally(view: TallyView) -> list[DiscordMessage]:
    c = view.budget
    card = Card(
        md(tally_head(view), 200),
        fields=[Field(f"{md(c.track, 80)} {block_text(c)}", progress_text(c))],
        colour=status_colour("under" if c.done < c.due else c.status),
    )
    return _cards_to_messages([card], ephemeral=view.private)
