"""Buttons and selects on scheduled DMs, keyed by custom id so they keep working after a
restart (discord.py dynamic items are matched by pattern, not by a live view object)."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.discord.modals import CheckinModal, in_workspace
from bot.discord.render import (
    CONTENT_LIMIT,
    LEADERBOARD_PAGE_ROWS,
    DiscordMessage,
    leaderboard_pages,
    neutralize,
)
from bot.discord.render_safe import discord_hints, md_text
from bot.discord.respond import Part, plain, respond
from bot.discord.session_buttons import RsvpButton
from core.domain.levels import LEVEL_NAMES, parse_level
from core.domain.model import Actor
from core.domain.weeks import iso_week_key
from core.render.sessions import session_text
from core.render.text import quick_log_receipt
from core.services import checkins, leaderboards, skills, timers
from core.services.context import ServiceContext
from core.views.activity import CheckinView
from core.views.base import View
from core.views.reports import LeaderboardView
from core.views.scheduled import ReassessmentView
from core.views.sessions import SessionView, TimerDmView

WORKSPACE = r"(?P<workspace>\d{1,20})"
MAX_ROWS = 5
SKILL_ID_CHARS = 60
"""Room for the skill's name in a select's custom id (Discord allows 100 characters)."""


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
        """Log once per prompt: the key is the prompt message's, the same for every click on it
        (a repeat, a race, an old client), so the database keeps the first and answers the rest
        with it; the prompt's buttons give way to what was logged."""
        minutes, track, prompt = self.minutes, self.track, interaction.message
        key = f"discord:prompt:{prompt.id}" if prompt else f"discord:{interaction.id}"
        await respond(
            interaction,
            in_workspace(
                self.workspace,
                lambda ctx, who: checkins.check_in(
                    ctx, who, None, minutes=minutes, track=track, idempotency_key=key
                ),
            ),
            present=lambda view: _receipt_parts(view, prompt),
            update=prompt is not None,
        )


def _receipt_parts(view: View, prompt: discord.Message | None) -> list[Part]:
    """The prompt as it was, its buttons replaced by what it logged; then the private answer."""
    if not isinstance(view, CheckinView) or prompt is None:
        return plain(view)
    line = discord.utils.escape_markdown(discord_hints(quick_log_receipt(view)))
    return [(DiscordMessage(content=line, embeds=list(prompt.embeds)), None), *plain(view)]


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
        await interaction.response.send_modal(CheckinModal(self.workspace, interaction.user.id))


class AssessSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=rf"stride:assess:{WORKSPACE}:(?P<skill>.{{1,{SKILL_ID_CHARS}}})",
):
    """One select per skill; the custom id carries (a prefix of) the skill's name."""

    def __init__(self, workspace: str, skill: str, current: int = 0) -> None:
        options = [
            discord.SelectOption(label=f"{level} {name}"[:100], value=str(level), default=level == current)
            for level, name in LEVEL_NAMES.items()
        ]
        super().__init__(
            discord.ui.Select(
                placeholder=neutralize(skill)[:150],
                options=options,
                custom_id=f"stride:assess:{workspace}:{skill[:SKILL_ID_CHARS]}",
            )
        )
        self.workspace, self.skill = workspace, skill

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> AssessSelect:
        return cls(match["workspace"], match["skill"])

    async def callback(self, interaction: discord.Interaction) -> None:
        values, skill = self.item.values, self.skill

        async def call(ctx: ServiceContext, who: Actor) -> View:
            level = parse_level(values[0] if values else "", "new level")
            return await skills.assess_skill(ctx, who, None, await _full_name(ctx, who, skill), level)

        await respond(interaction, in_workspace(self.workspace, call))


async def _full_name(ctx: ServiceContext, who: Actor, name: str) -> str:
    """A name cut to fit a custom id, back to the member's skill it starts (if only one)."""
    if len(name) < SKILL_ID_CHARS:
        return name
    listing = await skills.list_skills(ctx, who, None)
    matches = [s.name for s in listing.skills if s.name.startswith(name)]
    return matches[0] if len(matches) == 1 else name


class LeaderboardPage(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"stride:lb:{WORKSPACE}:(?P<metric>hours|streak|roadmap):(?P<period>week|month|term)"
    r"(?::(?P<week>[0-9]{4}-W[0-9]{2}))?:(?P<page>\d{1,4})",
):
    """A "Previous" or "Next" button under a long leaderboard: shows page ``page`` in place
    (of the same week, for a week's board; without the budgets follow-up again)."""

    def __init__(
        self,
        workspace: str,
        metric: str,
        period: str,
        page: int,
        label: str = "",
        disabled: bool = False,
        week: str | None = None,
    ) -> None:
        pinned = f":{week}" if week else ""
        super().__init__(
            discord.ui.Button(
                label=label or f"Page {page}",
                style=discord.ButtonStyle.secondary,
                disabled=disabled,
                custom_id=f"stride:lb:{workspace}:{metric}:{period}{pinned}:{page}",
            )
        )
        self.workspace, self.metric, self.period, self.page = workspace, metric, period, page
        self.week = week

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> LeaderboardPage:
        return cls(
            match["workspace"], match["metric"], match["period"], int(match["page"]), week=match["week"]
        )

    async def callback(self, interaction: discord.Interaction) -> None:
        workspace, page, week = self.workspace, self.page, self.week
        metric: Any = self.metric
        period: Any = self.period
        await respond(
            interaction,
            in_workspace(
                workspace,
                lambda ctx, who: leaderboards.leaderboard(
                    ctx, who, None, metric, period, week, with_budgets=False
                ),
            ),
            private=False,
            present=lambda view: leaderboard_parts(view, workspace, page),
            update=True,
        )


def leaderboard_parts(view: View, workspace: str, page: int = 1) -> list[Part]:
    """A board that fits one page as it is; a longer one a page at a time, with buttons."""
    if not isinstance(view, LeaderboardView) or len(view.rows) <= LEADERBOARD_PAGE_ROWS:
        return plain(view)
    pages = leaderboard_pages(view)
    page = min(max(page, 1), len(pages))
    week = iso_week_key(view.start) if view.metric == "hours" and view.period == "week" else None
    buttons = discord.ui.View(timeout=None)
    for target, label, disabled in (
        (page - 1, "◀ Previous", page == 1),
        (page + 1, "Next ▶", page == len(pages)),
    ):
        buttons.add_item(LeaderboardPage(workspace, view.metric, view.period, target, label, disabled, week))
    return [(pages[page - 1], buttons)]


TIMER_LABELS = {"log": "Log it", "keep": "Keep going", "discard": "Discard"}


class TimerAnswer(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"stride:timer:{WORKSPACE}:(?P<session>\d{{1,18}}):(?P<period>\d{{1,3}}):(?P<choice>log|keep|discard)",
):
    """*Log it*, *Keep going* or *Discard* under a focus timer's end-of-session DM. The id
    names the session and the period it ended, so a click on an older message does nothing."""

    def __init__(self, workspace: str, session: int, period: int, choice: timers.Choice) -> None:
        style = discord.ButtonStyle.primary if choice == "log" else discord.ButtonStyle.secondary
        super().__init__(
            discord.ui.Button(
                label=TIMER_LABELS[choice],
                style=style,
                custom_id=f"stride:timer:{workspace}:{session}:{period}:{choice}",
            )
        )
        self.workspace, self.session, self.period, self.choice = workspace, session, period, choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> TimerAnswer:
        choice: timers.Choice = match["choice"]  # type: ignore[assignment]  # the template's three
        return cls(match["workspace"], int(match["session"]), int(match["period"]), choice)

    async def callback(self, interaction: discord.Interaction) -> None:
        session, period, choice, prompt = self.session, self.period, self.choice, interaction.message
        await respond(
            interaction,
            in_workspace(
                self.workspace,
                lambda ctx, who: timers.answer_timer(
                    ctx, who, None, choice, session_id=session, period=period
                ),
            ),
            present=lambda view: _answered_parts(view, prompt),
            # A click from an older message (or a forged one) leaves the DM as it is.
            update=lambda view: prompt is not None and not (isinstance(view, SessionView) and view.stale),
        )


def _answered_parts(view: View, prompt: discord.Message | None) -> list[Part]:
    """The DM as it was, its buttons replaced by what was done; then the private answer."""
    if not isinstance(view, SessionView) or view.stale or prompt is None:
        return plain(view)
    line = md_text(discord_hints(session_text(view)))
    content = f"{prompt.content}\n{line}" if prompt.content else line
    return [(DiscordMessage(content=content[:CONTENT_LIMIT], embeds=list(prompt.embeds)), None), *plain(view)]


def timer_buttons(view: TimerDmView, workspace: str) -> discord.ui.View:
    buttons = discord.ui.View(timeout=None)
    for choice in timers.CHOICES:
        buttons.add_item(TimerAnswer(workspace, view.session_id, view.period, choice))
    return buttons


DYNAMIC_ITEMS = (QuickLog, CustomLog, AssessSelect, LeaderboardPage, TimerAnswer, RsvpButton)


def assessment_selects(view: ReassessmentView, workspace: str) -> list[discord.ui.View]:
    """One select per skill, at most five to a message."""
    pages = []
    for start in range(0, len(view.skills), MAX_ROWS):
        page = discord.ui.View(timeout=None)
        for skill in view.skills[start : start + MAX_ROWS]:
            page.add_item(AssessSelect(workspace, skill.name, skill.current))
        pages.append(page)
    return pages
