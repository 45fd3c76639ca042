"""Voice study rooms in a cohort's settings: which Discord voice channel counts for which track.

``/cohort set voice=CHANNEL:TRACK[,CHANNEL:TRACK…]`` (``CHANNEL:off`` removes one) keeps
``settings["voice_rooms"] = {channel_id: track}``. Only Discord has voice rooms; the adapter
hands the channel as its id after checking it is a voice or stage channel of the server.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from core.domain.budgets import parse_track
from core.errors import InvalidInput
from core.services.context import short

VOICE_KEY = "voice"
SETTINGS_KEY = "voice_rooms"
MAX_ROOMS = 25
"""Mapped rooms per cohort (a server's study rooms; far more is a mistake or an attack)."""
MAX_TEXT = 600
VOICE_PLATFORMS = frozenset({"discord"})
NOT_HERE = (
    "Voice study rooms are a Discord feature; here, time your study with /session start TRACK "
    "and it becomes a check-in when you stop."
)
EXAMPLE = "voice=#dsa-room:dsa"
_CHANNEL = re.compile(r"(?:<#)?#?(\d{17,20})>?")


def parse_voice_rooms(text: str, platform: str) -> dict[str, str | None]:
    """``CHANNEL:TRACK`` pairs, comma-separated, as ``{channel_id: track or None (off)}``."""
    if platform not in VOICE_PLATFORMS:
        raise InvalidInput(NOT_HERE)
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"That voice setting is too long; map at most {MAX_ROOMS} rooms, like {EXAMPLE}.")
    pairs = [part.strip() for part in text.split(",") if part.strip()]
    if not pairs:
        raise InvalidInput(f"Say which voice channel counts for which track, like {EXAMPLE}.")
    if len(pairs) > MAX_ROOMS:
        raise InvalidInput(f"A cohort maps at most {MAX_ROOMS} voice rooms; map fewer at once.")
    changes: dict[str, str | None] = {}
    for pair in pairs:
        channel, colon, track = pair.rpartition(":")
        found = _CHANNEL.fullmatch(channel.strip())
        if not colon or found is None:
            raise InvalidInput(
                f"'{short(pair, 40)}' is not a voice room and a track; pick the voice channel and "
                f"write its track after a colon, like {EXAMPLE} (or #dsa-room:off to stop counting it)."
            )
        word = track.strip()
        changes[found.group(1)] = None if word.lower() == "off" else parse_track(word)
    return changes


def voice_rooms(settings: Mapping[str, Any]) -> dict[str, str]:
    """The cohort's mapped rooms (channel id → track), ignoring anything malformed stored."""
    stored = settings.get(SETTINGS_KEY)
    if not isinstance(stored, dict):
        return {}
    return {str(k): v for k, v in stored.items() if isinstance(v, str) and str(k).isdigit()}


def apply_voice_rooms(settings: Mapping[str, Any], changes: Mapping[str, str | None]) -> dict[str, Any]:
    """The settings with ``changes`` merged in (a new dict; the old is untouched)."""
    rooms = voice_rooms(settings)
    for channel, track in changes.items():
        if track is None:
            rooms.pop(channel, None)
        else:
            rooms[channel] = track
    if len(rooms) > MAX_ROOMS:
        raise InvalidInput(
            f"A cohort maps at most {MAX_ROOMS} voice rooms; remove one first, like voice=#old-room:off."
        )
    return {**settings, SETTINGS_KEY: rooms}


def describe(changes: Mapping[str, str | None]) -> str:
    """The headline's words for what changed."""
    return "voice rooms" if len(changes) != 1 else "voice room"
