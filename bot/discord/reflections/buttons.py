"""Persistent buttons of reflections and reminders, keyed by custom id so they work after a
restart: *Reflect* (opens the questions), *Resolved* / *Still blocked*, *Share with the
cohort*, *Remind me later*, a nudge's *Start a N min session*, and a digest's *Reply to
NAME*. Every id carries the cohort's server (a DM has none); the services check the rest
(who may act, on what, and that a second click acts once)."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.discord.components import WORKSPACE
from bot.discord.modals import in_workspace
from bot.discord.reflections.modals import BlockerReplyModal, ReflectionModal
from bot.discord.render_safe import clip, one_line
from bot.discord.respond import Part, Present, open_modal, plain, respond
from core.services import reflections, reminder_prefs, timers
from core.views.base import Notice, View
from core.views.member import MeView
from core.views.reflections import ReflectionFormView, ReflectionView
from core.views.reports import BlockerView

LABEL = 80
ASKING_KINDS = "hours_checkin|reflection_reminder|nudge"
"""The DMs that ask something, which *Remind me later* brings back."""


def _button(label: str, custom_id: str, style: discord.ButtonStyle) -> discord.ui.Button[Any]:
    return discord.ui.Button(label=clip(one_line(label), LABEL) or "…", style=style, custom_id=custom_id)


class ReflectButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"stride:reflect:{WORKSPACE}"):
    """Opens the open week's questions as a modal (prefilled when already answered)."""

    def __init__(self, workspace: str, label: str = "Reflect") -> None:
        super().__init__(_button(label, f"stride:reflect:{workspace}", discord.ButtonStyle.primary))
        self.workspace = workspace

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReflectButton:
        return cls(match["workspace"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await open_reflection(interaction, self.workspace)


async def open_reflection(interaction: discord.Interaction, workspace: str) -> None:
    """The reflection modal for the open week (the /reflect command's and the button's)."""

    def modal(form: ReflectionFormView) -> ReflectionModal:
        return ReflectionModal(workspace, form, reflection_present(workspace), interaction.user.id)

    await open_modal(
        interaction,
        in_workspace(workspace, lambda ctx, who: reflections.reflection_form(ctx, who, None)),
        modal,
    )


class BlockerAnswer(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"stride:blocker:{WORKSPACE}:(?P<answer>resolved|open)",
):
    """*Resolved* or *Still blocked*: the answer to "is last week's blocker resolved?"."""

    def __init__(self, workspace: str, answer: str) -> None:
        resolved = answer == "resolved"
        super().__init__(
            _button(
                "Resolved" if resolved else "Still blocked",
                f"stride:blocker:{workspace}:{answer}",
                discord.ButtonStyle.success if resolved else discord.ButtonStyle.secondary,
            )
        )
        self.workspace, self.resolved = workspace, resolved

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> BlockerAnswer:
        return cls(match["workspace"], match["answer"])

    async def callback(self, interaction: discord.Interaction) -> None:
        resolved = self.resolved
        await respond(
            interaction,
            in_workspace(
                self.workspace, lambda ctx, who: reflections.answer_blocker(ctx, who, None, resolved)
            ),
            present=reflection_present(self.workspace),
        )


class ShareButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"stride:share:{WORKSPACE}:(?P<week>\d{{4}}-W\d{{2}})",
):
    """Posts the week's reflection in the cohort channel (the service posts it once)."""

    def __init__(self, workspace: str, week: str) -> None:
        super().__init__(
            _button(
                "Share with the cohort", f"stride:share:{workspace}:{week}", discord.ButtonStyle.secondary
            )
        )
        self.workspace, self.week = workspace, week

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ShareButton:
        return cls(match["workspace"], match["week"])

    async def callback(self, interaction: discord.Interaction) -> None:
        week = self.week
        await respond(
            interaction,
            in_workspace(self.workspace, lambda ctx, who: reflections.share_reflection(ctx, who, None, week)),
            present=reflection_present(self.workspace),
        )


class RemindLater(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"stride:later:{WORKSPACE}:(?P<kind>{ASKING_KINDS})",
):
    """Snoozes the DM it sits on for a few hours: it comes again then, once per message."""

    def __init__(self, workspace: str, kind: str) -> None:
        super().__init__(
            _button("Remind me later", f"stride:later:{workspace}:{kind}", discord.ButtonStyle.secondary)
        )
        self.workspace, self.kind = workspace, kind

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> RemindLater:
        return cls(match["workspace"], match["kind"])

    async def callback(self, interaction: discord.Interaction) -> None:
        kind, prompt = self.kind, interaction.message
        key = f"discord:prompt:{prompt.id}" if prompt else f"discord:{interaction.id}"
        await respond(
            interaction,
            in_workspace(
                self.workspace,
                lambda ctx, who: reminder_prefs.snooze(
                    ctx, who, None, reminder_prefs.REMIND_LATER, again=kind, idempotency_key=key
                ),
            ),
            present=headline_only,
        )


def headline_only(view: View) -> list[Part]:
    """A settings change answered by its sentence alone (not the whole /me card)."""
    if isinstance(view, MeView) and view.headline:
        return plain(Notice(text=view.headline))
    return plain(view)


class StartSession(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"stride:focus:{WORKSPACE}:(?P<minutes>\d{{1,3}}):(?P<track>[a-z0-9_-]{{1,32}})",
):
    """A nudge's *Start a N min session*: a focus timer of that length on the track."""

    def __init__(self, workspace: str, minutes: int, track: str) -> None:
        super().__init__(
            _button(
                f"Start a {minutes} min session",
                f"stride:focus:{workspace}:{minutes}:{track}",
                discord.ButtonStyle.success,
            )
        )
        self.workspace, self.minutes, self.track = workspace, minutes, track

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> StartSession:
        return cls(match["workspace"], int(match["minutes"]), match["track"])

    async def callback(self, interaction: discord.Interaction) -> None:
        track, length = self.track, f"{self.minutes}m"
        await respond(
            interaction,
            in_workspace(
                self.workspace,
                lambda ctx, who: timers.start_timer(ctx, who, None, track=track, length=length),
            ),
        )


class ReplyButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"stride:replyblk:{WORKSPACE}:(?P<member>\d{{1,12}})",
):
    """A digest's *Reply to NAME*: opens the reply modal for that student's blocker. The id
    is the digest's opaque member id; the service checks the clicker teaches that member."""

    def __init__(self, workspace: str, member_id: int, name: str = "") -> None:
        super().__init__(
            _button(
                f"Reply to {name}", f"stride:replyblk:{workspace}:{member_id}", discord.ButtonStyle.primary
            )
        )
        self.workspace, self.member_id = workspace, member_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReplyButton:
        return cls(match["workspace"], int(match["member"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        workspace, member_id = self.workspace, self.member_id

        def modal(blocker: BlockerView) -> BlockerReplyModal:
            return BlockerReplyModal(workspace, blocker, interaction.user.id)

        await open_modal(
            interaction,
            in_workspace(workspace, lambda ctx, who: reflections.blocker_to_answer(ctx, who, member_id)),
            modal,
        )


REFLECTION_ITEMS = (ReflectButton, BlockerAnswer, ShareButton, RemindLater, StartSession, ReplyButton)


def reflection_present(workspace: str) -> Present:
    """A reflection with its buttons: *Share* (until shared), *Resolved* / *Still blocked*
    (while the last blocker waits for an answer), *Edit* (while the week is open)."""

    def present(view: View) -> list[Part]:
        if not isinstance(view, ReflectionView):
            return plain(view)
        *rest, (last, _) = plain(view)
        buttons = discord.ui.View(timeout=None)
        if view.editable:
            buttons.add_item(ReflectButton(workspace, "Edit"))
        if not view.shared:
            buttons.add_item(ShareButton(workspace, view.week))
        if view.open_blocker:
            for answer in ("resolved", "open"):
                buttons.add_item(BlockerAnswer(workspace, answer))
        return [*rest, (last, buttons if buttons.children else None)]

    return present
