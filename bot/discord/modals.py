"""Modals: the plan form and the custom check-in form.

A modal opened from a DM button carries the cohort's server id in its custom id, because
a DM interaction has no server of its own to find the cohort by. Every modal's custom id
names who opened it: discord.py keeps open modals by custom id alone, so two people's
forms sharing one would close each other on the first submit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import discord

from bot.discord.respond import respond
from core.commands import is_bare_number, parse_hours
from core.domain.model import Actor, Slot
from core.services import checkins, plans
from core.services.context import ServiceContext
from core.views.base import View

T = TypeVar("T")


class PlanModal(discord.ui.Modal):
    position: discord.ui.TextInput[PlanModal] = discord.ui.TextInput(label="Target position", max_length=120)
    industry: discord.ui.TextInput[PlanModal] = discord.ui.TextInput(label="Industry", max_length=120)
    rationale: discord.ui.TextInput[PlanModal] = discord.ui.TextInput(
        label="Why this plan", style=discord.TextStyle.paragraph, required=False, max_length=2000
    )

    def __init__(self, slot: Slot, user_id: int) -> None:
        super().__init__(title=f"Plan {slot}", custom_id=f"stride:plan:{slot}:{user_id}")
        self.slot: Slot = slot

    async def on_submit(self, interaction: discord.Interaction) -> None:
        slot, position, industry = self.slot, self.position.value, self.industry.value
        rationale = self.rationale.value or None
        await respond(
            interaction,
            lambda ctx, who: plans.set_plan(
                ctx, who, None, slot, position=position, industry=industry, rationale=rationale
            ),
        )


class CheckinModal(discord.ui.Modal):
    amount: discord.ui.TextInput[CheckinModal] = discord.ui.TextInput(
        label="Hours", placeholder="2, 2.5, 90m, 1h30m or 1:30", max_length=20
    )
    track: discord.ui.TextInput[CheckinModal] = discord.ui.TextInput(
        label="Track", placeholder="dsa", max_length=32
    )
    note: discord.ui.TextInput[CheckinModal] = discord.ui.TextInput(
        label="Note", style=discord.TextStyle.paragraph, required=False, max_length=500
    )

    def __init__(self, workspace: str, user_id: int, default_track: str | None = None) -> None:
        super().__init__(title="Log study hours", custom_id=f"stride:logform:{workspace}:{user_id}")
        self.workspace = workspace
        if default_track:
            self.track.default = default_track

    async def on_submit(self, interaction: discord.Interaction) -> None:
        amount, track, note = self.amount.value, self.track.value, self.note.value or None
        key = f"discord:{interaction.id}"

        async def call(ctx: ServiceContext, who: Actor) -> View:
            return await checkins.check_in(
                ctx,
                who,
                None,
                minutes=parse_hours(amount),
                track=track,
                note=note,
                idempotency_key=key,
                unitless=is_bare_number(amount),
            )

        await respond(interaction, in_workspace(self.workspace, call))


def in_workspace(
    workspace: str, call: Callable[[ServiceContext, Actor], Awaitable[T]]
) -> Callable[[ServiceContext, Actor], Awaitable[T]]:
    """Run ``call`` as the same person in the cohort's server (for DM components)."""

    async def run(ctx: ServiceContext, who: Actor) -> T:
        return await call(ctx, Actor(who.platform, workspace, who.user_id, who.display_name))

    return run
