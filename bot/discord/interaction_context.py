"""Who is speaking in an interaction, and the services that answer them.

Every handler, component, modal and the client itself needs these; they live apart from
``respond`` and the client so that neither has to import the other. The client is seen
through :class:`StrideClient`, the two attributes a handler reads, not through its class.
"""

from __future__ import annotations

from typing import Protocol, cast

import discord

from core.domain.model import Actor
from core.services.context import ServiceContext

PLATFORM = "discord"


class StrideClient(Protocol):
    """What a handler may read from the client that received its interaction."""

    services: ServiceContext
    instructor_role_ids: frozenset[int]


def client_of(interaction: discord.Interaction) -> StrideClient:
    return cast(StrideClient, interaction.client)


def services_of(interaction: discord.Interaction) -> ServiceContext:
    return client_of(interaction).services


def actor_of(interaction: discord.Interaction) -> Actor:
    """The person speaking; a server is the workspace, DMs count as their own workspace.

    Whoever may manage the server, or holds a configured instructor role, counts as an
    instructor of its cohorts: checked here from the interaction itself, whatever the
    server has set in Discord's own command permissions.
    """
    workspace = str(interaction.guild_id) if interaction.guild_id else "dm"
    user = interaction.user
    return Actor(
        PLATFORM, workspace, str(user.id), (user.display_name or user.name)[:100], _runs_server(interaction)
    )


def _runs_server(interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        return False
    if interaction.permissions.manage_guild:
        return True
    roles = client_of(interaction).instructor_role_ids
    return any(role.id in roles for role in interaction.user.roles)


def command_name(interaction: discord.Interaction) -> str:
    command = interaction.command
    return command.qualified_name if command is not None else "component"
