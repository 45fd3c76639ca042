"""A tiny discord.py bot used to prove the fake Discord: one of each kind of interaction."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
from discord import app_commands

TRACKS = ["data-analysis", "data-engineering", "design", "devops"]
LEVELS = [discord.SelectOption(label=f"Level {n}", value=str(n)) for n in range(6)]


class CheckinView(discord.ui.View):
    """Persistent: no timeout and fixed custom_ids, so it survives a restart."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Log 1h", custom_id="checkin:log:60", style=discord.ButtonStyle.primary)
    async def log_hour(self, interaction: discord.Interaction[Any], button: discord.ui.Button[Any]) -> None:
        await interaction.response.send_message(f"logged 60 min for {interaction.user.name}", ephemeral=True)

    @discord.ui.select(custom_id="checkin:level", placeholder="Your level", options=LEVELS)
    async def level(self, interaction: discord.Interaction[Any], select: discord.ui.Select[Any]) -> None:
        await interaction.response.edit_message(content=f"level set to {select.values[0]}", view=self)


class PlanModal(discord.ui.Modal, title="Your plan"):
    position: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Target position", custom_id="plan:position"
    )
    rationale: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Why", custom_id="plan:rationale", style=discord.TextStyle.paragraph, required=False
    )

    def __init__(self) -> None:
        super().__init__(custom_id="plan:modal")

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message(
            f"plan saved: {self.position.value} ({self.rationale.value or 'no reason'})", ephemeral=True
        )


class ToyTree(app_commands.CommandTree[Any]):
    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CheckFailure):  # expected: answer, do not log
            await interaction.response.send_message("only instructors can do that", ephemeral=True)
            return
        await super().on_error(interaction, error)


def is_instructor(interaction: discord.Interaction[Any]) -> bool:
    return isinstance(interaction.user, discord.Member) and interaction.user.guild_permissions.manage_guild


class ToyBot(discord.Client):
    def __init__(self, *, persistent: bool = True, slow_seconds: float = 0.3) -> None:
        super().__init__(
            intents=discord.Intents.default(),
            guild_ready_timeout=0.05,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.tree = ToyTree(self)
        self.persistent = persistent
        self.slow_seconds = slow_seconds
        self.seen: list[str] = []
        _add_commands(self)

    async def setup_hook(self) -> None:
        if self.persistent:
            self.add_view(CheckinView())


skill = app_commands.Group(name="skill", description="Your skills")


@skill.command(name="add", description="Add a skill")
@app_commands.describe(name="Skill name", level="0 to 5")
async def skill_add(
    interaction: discord.Interaction[Any], name: str, level: app_commands.Range[int, 0, 5]
) -> None:
    await interaction.response.send_message(f"added {name} at level {level}", ephemeral=True)


def _add_commands(bot: ToyBot) -> None:
    tree = bot.tree
    tree.add_command(skill)

    @tree.command(description="Answer slowly: defer first, then follow up")
    async def slow(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await asyncio.sleep(bot.slow_seconds)
        await interaction.followup.send("done after a while", ephemeral=True)

    @tree.command(description="Answer slowly without deferring (wrong)")
    async def late(interaction: discord.Interaction[Any]) -> None:
        await asyncio.sleep(bot.slow_seconds)
        await interaction.response.send_message("too late")

    @tree.command(description="Open the plan modal")
    async def plan(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_modal(PlanModal())

    @tree.command(description="Pick a track")
    async def track(interaction: discord.Interaction[Any], name: str) -> None:
        if name not in TRACKS:  # autocomplete is a hint, never a guarantee
            await interaction.response.send_message(f"unknown track {name!r}", ephemeral=True)
            return
        await interaction.response.send_message(f"track {name}", ephemeral=True)

    @track.autocomplete("name")
    async def track_names(
        interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        bot.seen.append(current)
        return [app_commands.Choice(name=t, value=t) for t in TRACKS if current in t]

    @tree.command(description="Post the check-in buttons here")
    async def checkin(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("Check in:", view=CheckinView())

    @tree.command(description="Reply, then edit, follow up, edit and delete the followup")
    async def progress(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("working: 0%", ephemeral=True)
        await interaction.edit_original_response(content="working: 50%")
        original = await interaction.original_response()
        note = await interaction.followup.send(f"was {original.content!r}", ephemeral=True, wait=True)
        await note.edit(content="done: 100%")
        await note.delete()

    @tree.command(description="Instructors only")
    @app_commands.check(is_instructor)
    async def digest(interaction: discord.Interaction[Any]) -> None:
        await interaction.response.send_message("the digest", ephemeral=True)

    @tree.command(description="Always fails")
    async def broken(interaction: discord.Interaction[Any]) -> None:
        raise RuntimeError("boom")
