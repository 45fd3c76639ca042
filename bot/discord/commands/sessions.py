"""/session: focus timers and scheduled group sessions (commands are attached to ``group``
by the modules that define them; this one registers the group)."""

from __future__ import annotations

import discord
from discord import app_commands

group = app_commands.Group(
    name="session", description="Study sessions: focus timers and group sessions", guild_only=True
)


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    tree.add_command(group)
