"""The *I'll be there* button under a group session's reminder: a dynamic item keyed by its
custom id (the session and the occurrence's date), so it keeps working after a restart."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.discord.modals import in_workspace
from bot.discord.respond import respond
from core.services import group_sessions
from core.views.group_sessions import GroupSessionReminderView

RSVP_LABEL = "I'll be there"


class RsvpButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"stride:rsvp:(?P<workspace>\d{1,20}):(?P<session>\d{1,12}):(?P<day>\d{4}-\d{2}-\d{2})",
):
    """RSVPs the clicker to the occurrence the reminder was posted for. A second click
    writes nothing and says so (the RSVP is a row keyed by session, date and member)."""

    def __init__(self, workspace: str, session_id: int, day: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=RSVP_LABEL,
                style=discord.ButtonStyle.success,
                custom_id=f"stride:rsvp:{workspace}:{session_id}:{day}",
            )
        )
        self.workspace, self.session_id, self.day = workspace, session_id, day

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> RsvpButton:
        return cls(match["workspace"], int(match["session"]), match["day"])

    async def callback(self, interaction: discord.Interaction) -> None:
        session_id, day = self.session_id, self.day
        await respond(
            interaction,
            in_workspace(
                self.workspace,
                lambda ctx, who: group_sessions.rsvp_button(ctx, who, None, session_id, day),
            ),
        )


def rsvp_buttons(view: GroupSessionReminderView, workspace: str) -> discord.ui.View:
    buttons = discord.ui.View(timeout=None)
    buttons.add_item(RsvpButton(workspace, view.group_session_id, view.occurrence))
    return buttons
