"""The fake Discord's world: users, guilds, channels, roles and the JSON payloads discord.py
2.7 parses for them. Pure data, no sockets (see fake_discord.py for the server)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

JSON = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000
# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
USE_APPLICATION_COMMANDS = 1 << 31
ALL_PERMISSIONS = (1 << 53) - 1
EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY | USE_APPLICATION_COMMANDS
)


@dataclass(frozen=True)
class FileUpload:
    """A file a person attaches to a slash command's attachment option; the fake serves its
    bytes from its own loopback "CDN" URL, as Discord serves attachments."""

    filename: str
    data: bytes
    content_type: str = "text/markdown"
    claimed_size: int | None = None
    """The size Discord reports, when a test wants it to differ from ``len(data)``."""

    @property
    def size(self) -> int:
        return len(self.data) if self.claimed_size is None else self.claimed_size


# Channel types.
GUILD_TEXT = 0
DM = 1
GUILD_VOICE = 2


class Snowflakes:
    """Time-based, strictly increasing ids, so ``created_at`` on discord.py objects is sane."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        value = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(value, self._last + 1)
        return self._last


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class User:
    id: int
    name: str
    bot: bool = False

    def payload(self) -> JSON:
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.name.title(),
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


@dataclass(frozen=True)
class Role:
    id: int
    name: str
    permissions: int = 0
    position: int = 1
    mentionable: bool = False

    def payload(self) -> JSON:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": False,
            "mentionable": self.mentionable,
            "flags": 0,
        }

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"


@dataclass(frozen=True)
class Channel:
    id: int
    name: str
    type: int = GUILD_TEXT
    guild_id: int | None = None
    recipient: User | None = None  # DM channels only
    position: int = 0

    def payload(self) -> JSON:
        if self.type == DM:
            assert self.recipient is not None
            return {
                "id": str(self.id),
                "type": DM,
                "last_message_id": None,
                "recipients": [self.recipient.payload()],
            }
        voice = {"bitrate": 64000, "user_limit": 0, "rtc_region": None} if self.type == GUILD_VOICE else {}
        return {
            **voice,
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [],
            "nsfw": False,
            "topic": None,
            "rate_limit_per_user": 0,
            "parent_id": None,
            "last_message_id": None,
            "flags": 0,
        }


@dataclass
class Member:
    user: User
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=now_iso)

    def payload(self, permissions: int | None = None) -> JSON:
        data: JSON = {
            "user": self.user.payload(),
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int
    channels: list[Channel] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    members: dict[int, Member] = field(default_factory=dict)
    ids: Snowflakes = field(default_factory=Snowflakes, repr=False)
    system_channel_id: int | None = None

    def __post_init__(self) -> None:
        if not any(r.id == self.id for r in self.roles):  # @everyone shares the guild's id
            self.roles.insert(0, Role(self.id, "@everyone", EVERYONE_PERMISSIONS, position=0))

    def add_channel(self, name: str, type_: int = GUILD_TEXT) -> Channel:
        channel = Channel(self.ids.next(), name, type_, self.id, position=len(self.channels))
        self.channels.append(channel)
        return channel

    def add_role(self, name: str, permissions: int = 0, *, mentionable: bool = False) -> Role:
        role = Role(self.ids.next(), name, permissions, len(self.roles), mentionable)
        self.roles.append(role)
        return role

    def add_member(self, user: User, roles: list[Role] | None = None, nick: str | None = None) -> Member:
        member = Member(user, [r.id for r in roles or []], nick)
        self.members[user.id] = member
        return member

    def channel(self, name_or_id: str | int) -> Channel:
        for channel in self.channels:
            if name_or_id in (channel.name, channel.id):
                return channel
        raise KeyError(f"no channel {name_or_id!r} in guild {self.name!r}")

    def role(self, name_or_id: str | int) -> Role:
        for role in self.roles:
            if name_or_id in (role.name, role.id):
                return role
        raise KeyError(f"no role {name_or_id!r} in guild {self.name!r}")

    def permissions_for(self, user_id: int) -> int:
        """Base permissions (no channel overwrites): owner and administrators get everything."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        member = self.members.get(user_id)
        held = {self.id, *(member.roles if member else [])}
        value = 0
        for role in self.roles:
            if role.id in held:
                value |= role.permissions
        return ALL_PERMISSIONS if value & ADMINISTRATOR else value

    def member_payload(self, user: User) -> JSON:
        member = self.members.get(user.id) or Member(user)
        return member.payload(self.permissions_for(user.id))

    def create_payload(self) -> JSON:
        """The GUILD_CREATE payload (members limited to those added: no members intent needed)."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "roles": [r.payload() for r in self.roles],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "system_channel_id": str(self.system_channel_id) if self.system_channel_id else None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "joined_at": now_iso(),
            "large": False,
            "unavailable": False,
            "member_count": len(self.members),
            "voice_states": [],
            "members": [self.member_payload(m.user) for m in self.members.values()],
            "channels": [c.payload() for c in self.channels],
            "threads": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


def resolve_mentions(content: str, allowed: JSON | None) -> tuple[bool, list[int], list[int]]:
    """What Discord would actually ping: (mention_everyone, user ids, role ids), honouring
    ``allowed_mentions`` the way Discord does (absent means "parse everything")."""
    parse = {"everyone", "users", "roles"} if allowed is None else set(allowed.get("parse", []))
    users_ok = {int(u) for u in (allowed or {}).get("users", [])}
    roles_ok = {int(r) for r in (allowed or {}).get("roles", [])}
    everyone = "everyone" in parse and ("@everyone" in content or "@here" in content)
    users = [int(u) for u in _USER_MENTION.findall(content) if "users" in parse or int(u) in users_ok]
    roles = [int(r) for r in _ROLE_MENTION.findall(content) if "roles" in parse or int(r) in roles_ok]
    return everyone, list(dict.fromkeys(users)), list(dict.fromkeys(roles))
