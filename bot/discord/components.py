"""Buttons and selects on scheduled DMs, keyed by custom id so they keep working after a
restart (discord.py dynamic items are matched by pattern, not by a live view object)."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.discord.modals import CheckinModal, in_workspace
from bot.discord.respond import respond
from core.domain.levels import LEVEL_NAMES
from core.services import checkins, skills
from core.views import HoursCheckinView, ReassessmentView

WORKSPACE = r"(?P<workspace>\d{1,20})"
MAX_ROWS = 5


class QuickLog(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"stride:log:{WORKSPACE}:(?P<minutes>\d{{1,4}}):(?P<track>[a-z0-9_-]{{1,32}})",
):
    def __init__(self, workspace: str, minutes: int, track: str, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=label[:80],
                style=discord.ButtonStyle.primary,
                custom_id=f"stride:log:{workspace}:{minutes}:{track}",
            )
        )
        self.workspace, self.minutes, self.track = workspace, minutes, track

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> QuickLog:
        return cls(match["workspace"], int(match["minutes"]), match["track"], "")

    async def callback(self, interaction: discord.Interaction) -> None:
        minutes, track, key = self.minutes, self.track, f"discord:{interaction.id}"
        await respond(
            interaction,
            in_workspace(
                self.workspace,
                lambda ctx, who: checkins.check_in(
                    ctx, who, None, minutes=minutes, track=track, idempotency_key=key
                ),
            ),
        )


class CustomLog(discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"stride:logcustom:{WORKSPACE}"):
    def __init__(self, workspace: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Other amount…",
                style=discord.ButtonStyle.secondary,
                custom_id=f"stride:logcustom:{workspace}",
            )
        )
        self.workspace = workspace

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> CustomLog:
        return cls(match["workspace"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(CheckinModal(self.workspace))


class AssessSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=rf"stride:assess:{WORKSPACE}:(?P<skill>.{{1,60}})",
):
    """One select per skill; the custom id carries (a prefix of) the skill's name."""

    def __init__(self, workspace: str, skill: str, current: int = 0) -> None:
        options = [
            discord.SelectOption(label=f"{level} {name}"[:100], value=str(level), default=level == current)
            for level, name in LEVEL_NAMES.items()
        ]
        super().__init__(
            discord.ui.Select(
                placeholder=skill[:150], options=options, custom_id=f"stride:assess:{workspace}:{skill[:60]}"
            )
        )
        self.workspace, self.skill = workspace, skill

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> AssessSelect:
        return cls(match["workspace"], match["skill"])

    async def callback(self, interaction: discord.Interaction) -> None:
        level = int(self.item.values[0])
        skill = self.skill
        await respond(
            interaction,
            in_workspace(self.workspace, lambda ctx, who: skills.assess_skill(ctx, who, None, skill, level)),
        )


DYNAMIC_ITEMS = (QuickLog, CustomLog, AssessSelect)


def checkin_buttons(view: HoursCheckinView, workspace: str) -> discord.ui.View:
    buttons = discord.ui.View(timeout=None)
    for choice in view.quick_log[: (MAX_ROWS - 1) * 5]:
        buttons.add_item(QuickLog(workspace, choice.minutes, choice.track, choice.label))
    buttons.add_item(CustomLog(workspace))
    return buttons


def assessment_selects(view: ReassessmentView, workspace: str) -> list[discord.ui.View]:
    """One select per skill, at most five to a message."""
    pages = []
    for start in range(0, len(view.skills), MAX_ROWS):
        page = discord.ui.View(timeout=None)
        for skill in view.skills[start : start + MAX_ROWS]:
            page.add_item(AssessSelect(workspace, skill.name, skill.current))
        pages.append(page)
    return pages
