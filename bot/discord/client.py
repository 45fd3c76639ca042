"""The Discord client: slash commands, persistent components, and the endpoint knobs that
let a deployment (or a test) point discord.py at a REST proxy or gateway proxy."""

from __future__ import annotations

import logging
from typing import Any

import discord
import yarl
from discord import AppCommandOptionType, app_commands

from bot.discord.commands import register
from bot.discord.components import DYNAMIC_ITEMS
from bot.discord.interaction_context import command_name
from bot.discord.reflections.buttons import REFLECTION_ITEMS
from bot.discord.voice import VoiceRooms
from core.errors import StrideError
from core.services.context import ServiceContext

log = logging.getLogger(__name__)

SETUP_HINT = (
    "Hi, I'm Stride! An instructor starts with `/cohort create NAME` in the class channel; "
    "students then `/cohort join NAME`, `/plan set`, `/skill add` and `/checkin`. Try `/help`."
)
# Scopes and permissions the invite asks for: slash commands, and sending messages
# (with embeds) in the cohort's channel. Nothing else: voice states arrive with the
# voice-states intent for every channel the bot can see (view_channel, already asked for).
SCOPES = ("bot", "applications.commands")
PERMISSIONS = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)


def configure_endpoints(api_base_url: str | None, gateway_url: str | None) -> None:
    """Point discord.py at other hosts (a REST or gateway proxy); called once at start-up."""
    if api_base_url:
        discord.http.Route.BASE = api_base_url.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def invite_url(application_id: str) -> str:
    return discord.utils.oauth_url(int(application_id), permissions=PERMISSIONS, scopes=SCOPES)


def gateway_intents() -> discord.Intents:
    """Guilds, and voice states for the voice study rooms: neither is privileged."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.voice_states = True
    return intents


def intents_note() -> str:
    """What ``stride discord invite-url`` says beside the link: an invite cannot carry intents."""
    names = ", ".join(name for name, on in gateway_intents() if on)
    return (
        f"Gateway intents: {names} — none is privileged, nothing to turn on in the Developer Portal. "
        "Let Stride's role view the voice channels you map as study rooms."
    )


_CHANNEL_KINDS = {
    discord.ChannelType.voice: "voice",
    discord.ChannelType.stage_voice: "stage",
    discord.ChannelType.text: "text",
}


def _wrong_channel(error: app_commands.AppCommandError) -> str | None:
    """A channel option given a channel it does not take (only a forged interaction can: the
    picker offers the right kind): say which kind it takes, not discord.py's "Failed to
    convert"."""
    if not isinstance(error, app_commands.TransformerError) or error.type is not AppCommandOptionType.channel:
        return None
    kinds = sorted({_CHANNEL_KINDS.get(kind, kind.name) for kind in error.transformer.channel_types})
    wanted = " or ".join(kinds) if kinds else "the"
    return f"✗ That channel can't be used here; pick one of this server's {wanted} channels from the list."


class StrideDiscord(discord.Client):
    """Interactions and voice states (voice study rooms): no message content and no member
    lists, so no privileged intents."""

    def __init__(
        self,
        services: ServiceContext,
        *,
        application_id: int | None = None,
        guild_ready_timeout: float = 2.0,
        instructor_role_ids: frozenset[int] = frozenset(),
        voice_heartbeat_seconds: float = 60.0,
        **options: Any,
    ) -> None:
        intents = gateway_intents()
        if application_id is not None:
            options["application_id"] = application_id
        super().__init__(
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=guild_ready_timeout,
            **options,
        )
        self.services = services
        self.instructor_role_ids = instructor_role_ids
        self.tree: app_commands.CommandTree[StrideDiscord] = app_commands.CommandTree(self)
        register(self.tree)
        self.tree.on_error = self._on_tree_error  # type: ignore[method-assign]
        self.voice = VoiceRooms(self, services, voice_heartbeat_seconds)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*DYNAMIC_ITEMS, *REFLECTION_ITEMS)
        self.voice.start()

    async def close(self) -> None:
        await self.voice.stop()
        await super().close()

    async def on_voice_state_update(
        self, member: discord.Member, before: discord.VoiceState, after: discord.VoiceState
    ) -> None:
        await self.voice.update(member, before, after)

    async def on_guild_available(self, guild: discord.Guild) -> None:
        """A GUILD_CREATE of a new gateway session (start-up, or after a failed RESUME):
        its voice states are the truth to reconcile the open voice sessions with."""
        await self.voice.reconcile(guild)

    async def on_connect(self) -> None:
        self.voice.connection(True)

    async def on_resumed(self) -> None:
        self.voice.connection(True)

    async def on_disconnect(self) -> None:
        self.voice.connection(False)

    async def on_shard_connect(self, shard_id: int) -> None:
        self.voice.connection(True, shard_id)

    async def on_shard_resumed(self, shard_id: int) -> None:
        self.voice.connection(True, shard_id)

    async def on_shard_disconnect(self, shard_id: int) -> None:
        self.voice.connection(False, shard_id)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        channel = guild.system_channel
        if channel is None or not channel.permissions_for(guild.me).send_messages:
            return
        try:
            await channel.send(SETUP_HINT)
        except discord.HTTPException:
            log.info("could not post the setup hint in guild %s", guild.id)

    async def _on_tree_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Errors the respond() path did not catch: checks, bad option values, bugs.

        A domain error that escaped a handler still gets its own sentence (the user's
        value, not a bug); only a real bug is logged, and never shown.
        """
        text = "✗ That did not work; nothing was saved. Check the command with /help."
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        if isinstance(original, StrideError):
            log.warning("discord command %s let a domain error past respond()", command_name(interaction))
            text = f"✗ {original.message}"
        elif isinstance(error, app_commands.TransformerError | app_commands.CheckFailure):
            # The user's value, not a bug; its message quotes the value, so only the kind.
            log.info("discord command refused: %s", type(error).__name__)
            text = _wrong_channel(error) or f"✗ {error}"[:300]
        else:
            log.error("discord command failed", exc_info=error)
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)


class ShardedStrideDiscord(StrideDiscord, discord.AutoShardedClient):
    """The same bot over several gateway shards (``shard_count``; ``shard_ids`` when several
    processes split them). Scheduled messages cannot double up: the outbox leases each one.
    Voice heartbeats pause per shard (``on_shard_*``), not for every shard at once."""

    async def on_connect(self) -> None:
        """Each shard's own event says which one (see ``on_shard_connect``)."""

    async def on_resumed(self) -> None:
        """See ``on_shard_resumed``."""

    async def on_disconnect(self) -> None:
        """See ``on_shard_disconnect``."""
