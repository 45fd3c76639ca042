"""Skill levels, priorities, ease of learning and skill kinds: the fixed scales every plan is
written in.

The words come from seed ``001_…`` so that every adapter shows the same labels, and the
parsers live here so that every adapter rejects the same malformed input the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from core.errors import InvalidInput

MIN_LEVEL: Final = 0
MAX_LEVEL: Final = 5

LEVEL_NAMES: Final[Mapping[int, str]] = MappingProxyType(
    {
        0: "Unaware",
        1: "Can implement with guidance",
        2: "Can execute independently",
        3: "Connect",
        4: "Can optimize",
        5: "Can teach & advance",
    }
)

PRIORITY_NAMES: Final[Mapping[int, str]] = MappingProxyType(
    {1: "Critical", 2: "Important", 3: "Nice-to-have"}
)
PRIORITY_WEIGHTS: Final[Mapping[int, int]] = MappingProxyType({1: 3, 2: 2, 3: 1})

MIN_PRIORITY: Final = 1
MAX_PRIORITY: Final = 3

EASE_NAMES: Final[Mapping[int, str]] = MappingProxyType({1: "easy", 2: "medium", 3: "hard"})
"""Ease of learning, for seed 001's Priority × Ease matrix: priority 1 and easy are the quick wins."""
MIN_EASE: Final = 1
MAX_EASE: Final = 3
_EASE_WORDS: Final[Mapping[str, int]] = MappingProxyType({name: ease for ease, name in EASE_NAMES.items()})

# Only ASCII digits: ``int()`` would happily accept "３" or "٣", which no user means.
_INTEGER = re.compile(r"[+-]?[0-9]{1,9}")
_ECHO_LIMIT: Final = 20


class SkillKind(StrEnum):
    """A plan needs five of each kind, so the kind is part of a skill's identity."""

    GENERAL = "general"
    SPECIFIC = "specific"


_KIND_WORDS: Final[Mapping[str, SkillKind]] = MappingProxyType(
    {
        "general": SkillKind.GENERAL,
        "g": SkillKind.GENERAL,
        "specific": SkillKind.SPECIFIC,
        "s": SkillKind.SPECIFIC,
    }
)


def quote_input(text: str) -> str:
    """Quote user input for an error message, short and printable, so it cannot flood it."""
    stripped = text.strip()
    short = stripped[:_ECHO_LIMIT] + ("…" if len(stripped) > _ECHO_LIMIT else "")
    return "'" + "".join(ch if ch.isprintable() else "?" for ch in short) + "'"


def _level_rule(what: str) -> str:
    return (
        f"The {what} must be a whole number from {MIN_LEVEL} ({LEVEL_NAMES[MIN_LEVEL]}) "
        f"to {MAX_LEVEL} ({LEVEL_NAMES[MAX_LEVEL]})"
    )


def _priority_rule() -> str:
    names = ", ".join(f"{p} {PRIORITY_NAMES[p]}" for p in range(MIN_PRIORITY, MAX_PRIORITY + 1))
    return f"The priority must be {names}"


def _ease_rule() -> str:
    *first, last = (f"{ease} {name}" for ease, name in EASE_NAMES.items())
    return f"The ease of learning must be {', '.join(first)} or {last}"


def _is_int(value: object) -> bool:
    # bool is an int subclass, but True is never a meaningful level.
    return isinstance(value, int) and not isinstance(value, bool)


def check_level(value: int, what: str) -> int:
    """Return ``value`` if it is on the 0–5 scale; ``what`` names the field in the message."""
    if not _is_int(value) or not MIN_LEVEL <= value <= MAX_LEVEL:
        raise InvalidInput(f"{_level_rule(what)}; you wrote {value!r}.")
    return value


def check_priority(value: int) -> int:
    """Return ``value`` if it is a priority 1–3."""
    if not _is_int(value) or not MIN_PRIORITY <= value <= MAX_PRIORITY:
        raise InvalidInput(f"{_priority_rule()}; you wrote {value!r}.")
    return value


def check_ease(value: int) -> int:
    """Return ``value`` if it is an ease of learning 1–3."""
    if not _is_int(value) or not MIN_EASE <= value <= MAX_EASE:
        raise InvalidInput(f"{_ease_rule()}; you wrote {value!r}.")
    return value


def _parse_int(text: str) -> int | None:
    stripped = text.strip()
    if not _INTEGER.fullmatch(stripped):
        return None
    return int(stripped)


def parse_level(text: str, what: str) -> int:
    """Parse a level typed by a user, accepting only plain ASCII whole numbers."""
    if not text.strip():
        raise InvalidInput(f"{_level_rule(what)}; you wrote nothing.")
    value = _parse_int(text)
    if value is None:
        raise InvalidInput(f"{_level_rule(what)}; you wrote {quote_input(text)}.")
    return check_level(value, what)


def parse_priority(text: str) -> int:
    """Parse a priority typed by a user, accepting only plain ASCII whole numbers."""
    if not text.strip():
        raise InvalidInput(f"{_priority_rule()}; you wrote nothing.")
    value = _parse_int(text)
    if value is None:
        raise InvalidInput(f"{_priority_rule()}; you wrote {quote_input(text)}.")
    return check_priority(value)


def parse_ease(text: str) -> int:
    """Parse an ease typed by a user: 1, 2 or 3, or the words easy, medium or hard (any case)."""
    if not text.strip():
        raise InvalidInput(f"{_ease_rule()}; you wrote nothing.")
    word = _EASE_WORDS.get(text.strip().lower())
    if word is not None:
        return word
    value = _parse_int(text)
    if value is None:
        raise InvalidInput(f"{_ease_rule()}; you wrote {quote_input(text)}.")
    return check_ease(value)


def parse_skill_kind(text: str) -> SkillKind:
    """Parse "general"/"specific" (or "g"/"s"), ignoring case and surrounding spaces."""
    kind = _KIND_WORDS.get(text.strip().lower())
    if kind is None:
        shown = quote_input(text) if text.strip() else "nothing"
        raise InvalidInput(f"The skill kind must be general (or g) or specific (or s); you wrote {shown}.")
    return kind


def level_label(level: int) -> str:
    """Label a level the way output shows it, e.g. ``"3 Connect"``."""
    check_level(level, "level")
    return f"{level} {LEVEL_NAMES[level]}"


def priority_label(priority: int) -> str:
    """Label a priority the way output shows it, e.g. ``"1 Critical"``."""
    check_priority(priority)
    return f"{priority} {PRIORITY_NAMES[priority]}"


def ease_label(ease: int | None) -> str:
    """Label an ease the way output shows it, e.g. ``"1 easy"``, or ``"not rated"``."""
    if ease is None:
        return "not rated"
    check_ease(ease)
    return f"{ease} {EASE_NAMES[ease]}"
