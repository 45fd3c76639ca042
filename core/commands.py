"""The text grammar shared by the console and Slack adapters (DESIGN.md §3).

Commands arrive as one line typed by a person, often on a phone, so this module is
forgiving about spelling (typographic quotes, ``2,5`` for ``2.5``, ``2 hrs``) and strict
about meaning: every value is checked here, and anything that cannot be understood raises
:class:`~core.errors.InvalidInput` with one sentence saying what was wrong and how to write
it right. Messages never echo more than about 30 characters of what the user typed,
because input may be thousands of characters long and the echo lands in a chat channel.

Only the standard library is used, so the console, Slack and tests share exactly the same
rules without pulling in a platform SDK.
"""

from __future__ import annotations

import difflib
import math
import re
import shlex
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from core.errors import InvalidInput
from core.formatting import duration as format_minutes

__all__ = [
    "MAX_COMMAND_CHARS",
    "ParsedArgs",
    "check_text",
    "format_minutes",
    "parse_args",
    "parse_hour_range",
    "parse_hours",
    "parse_int",
    "parse_length",
    "parse_switch",
    "tokenise",
]

MAX_COMMAND_CHARS = 20_000
"""Longest command accepted; far above any real command, low enough to parse instantly."""

_ECHO_CHARS = 30
_MAX_LISTED_OPTIONS = 8
_HOURS_EXAMPLES = "2, 2.5, 2h, 90m, 1h30m or 1:30"
_MAX_CHECKIN_MINUTES = 24 * 60

# Control characters (except tab and newline), bidirectional overrides that can make a
# reply render backwards, and the byte-order mark. Zero-width joiners stay: emoji use them.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ODD_NEWLINES = re.compile("[\u2028\u2029]")
_SMART_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"}
)
# An apostrophe that is text, not a quote, travels through shlex as NUL (which cleaning
# has already removed from the input, so it cannot be confused with anything typed).
_LITERAL_APOSTROPHE = "\x00"
_QUOTE_CLOSER = re.compile(r"'(?=[ \t\n]|$)")

_OPTION = re.compile(r"([A-Za-z][A-Za-z0-9_.-]*)=(.*)", re.DOTALL)

_NUM = r"(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)"
_H = r"(?:h|hr|hrs|hour|hours)"
_M = r"(?:m|min|mins|minute|minutes)"
_HOURS_ONLY = re.compile(rf"(?P<h>{_NUM}) ?{_H}?", re.ASCII)
_MINUTES_ONLY = re.compile(rf"(?P<m>{_NUM}) ?{_M}", re.ASCII)
_HOURS_AND_MINUTES = re.compile(rf"(?P<h>[0-9]+) ?{_H} ?(?P<m>[0-9]+) ?{_M}?", re.ASCII)
_CLOCK = re.compile(r"(?P<h>[0-9]+):(?P<m>[0-9]{2})", re.ASCII)
_MAX_TIME_CHARS = 40
_RANGE_DASH = re.compile(r"\s*[-–—]\s*")
_INTEGER = re.compile(r"[+-]?[0-9]{1,30}", re.ASCII)
_SWITCH_SYNONYMS = {"on": ("on", "yes", "true"), "off": ("off", "no", "false")}


def _shorten(text: str) -> str:
    """User input made safe to repeat: one line, no invisible characters, at most ~30 chars."""
    flat = " ".join(_INVISIBLE.sub("", text).split())
    return flat if len(flat) <= _ECHO_CHARS else flat[: _ECHO_CHARS - 1] + "…"


def _echo(text: str) -> str:
    """:func:`_shorten` in quotes, so the user can see exactly where their input starts."""
    return f"'{_shorten(text)}'"


def _capitalised(what: str) -> str:
    """Start a sentence with a caller's noun phrase such as ``"the note"``."""
    return what[:1].upper() + what[1:]


def _clean(text: str) -> str:
    """Normalise what phones and copy-paste insert, and drop characters nobody means to type."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n"))
    text = _ODD_NEWLINES.sub("\n", _ODD_SPACES.sub(" ", text))
    return text.translate(_SMART_QUOTES)


def _protect_apostrophes(text: str) -> str:
    """Mark every apostrophe that is not a quotation mark so shlex keeps it as text.

    People write ``I'm`` and ``'90s`` far more often than they single-quote a value, and
    plain POSIX shlex would reject those as unclosed quotes. So an apostrophe counts as an
    opening quote only where a quote can start (the beginning of a token, or straight after
    ``key=``) *and* a closing apostrophe follows later at the end of a token; apostrophes
    between such a pair are text too, so ``'I'm fine'`` is one token. Every other
    apostrophe is literal. Double quotes keep their POSIX meaning, and a lone ``"`` is
    still an error because there is no sensible guess at what it groups.
    """
    if "'" not in text:
        return text
    out: list[str] = []
    in_double = False
    no_closer_from = len(text) + 1  # once a search fails, later ones fail too: stays O(n)
    i = 0
    while i < len(text):
        char = text[i]
        if char == '"':
            in_double = not in_double
        elif char == "'" and not in_double:
            can_open = i == 0 or text[i - 1] in " \t\n="
            closer = None
            if can_open and i < no_closer_from:
                closer = _QUOTE_CLOSER.search(text, i + 1)
                if closer is None:
                    no_closer_from = i
            if closer is not None:
                end = closer.start()
                inner = text[i + 1 : end].replace("'", _LITERAL_APOSTROPHE)
                out.append(f"'{inner}'")
                i = end + 1
                continue
            char = _LITERAL_APOSTROPHE
        elif char == "'":
            char = _LITERAL_APOSTROPHE
        out.append(char)
        i += 1
    return "".join(out)


def tokenise(text: str) -> list[str]:
    """Split a command into words the way a shell would, minus the shell's surprises.

    Double quotes group words (``notes="two words"`` gives ``notes=two words``); single
    quotes do too when they clearly are quotes (see :func:`_protect_apostrophes`).
    Backslash is an ordinary character, so Windows paths and stray backslashes survive,
    and ``#`` does not start a comment. Nothing is ever executed or expanded.
    """
    if len(text) > MAX_COMMAND_CHARS:
        raise InvalidInput(
            f"The command is {len(text):,} characters long; keep it to {MAX_COMMAND_CHARS:,} or fewer."
        )
    lexer = shlex.shlex(_protect_apostrophes(_clean(text)), posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    lexer.escape = ""
    lexer.quotes = "\"'"
    try:
        tokens = list(lexer)
    except ValueError:
        raise InvalidInput(
            "A quotation mark is not closed; put the text in a pair of straight quotes, "
            'like notes="two words".'
        ) from None
    return [token.replace(_LITERAL_APOSTROPHE, "'") for token in tokens]


@dataclass(frozen=True)
class ParsedArgs:
    """A command's words after the command name, split into positionals and ``key=value``.

    A token is an option only when the text before its first ``=`` is an identifier, so a
    quoted positional such as ``"a=b c"`` is read as option ``a``. That is the price of a
    grammar without flags; names containing ``=`` are rare and can be rephrased.
    """

    positionals: tuple[str, ...]
    options: Mapping[str, str]

    def option(self, key: str) -> str | None:
        """The value of ``key=`` (case-insensitive), or None when it was not given."""
        return self.options.get(key.lower())

    def require_positional(self, index: int, what: str, example: str) -> str:
        """The positional at ``index``, or an error showing how the command is written."""
        if index < len(self.positionals):
            return self.positionals[index]
        raise InvalidInput(f"{_capitalised(what)} is missing; write it like {example}.")

    def reject_unknown_options(self, allowed: Collection[str], command: str) -> None:
        """Refuse misspelt or misplaced options instead of silently ignoring them."""
        known = {key.lower() for key in allowed}
        for key in self.options:
            if key in known:
                continue
            if not allowed:
                raise InvalidInput(
                    f"{command} does not take options like {_echo(key + '=')}; write it without them."
                )
            ordered = allowed if isinstance(allowed, Sequence) else sorted(allowed)
            names = [f"{name}=" for name in ordered]
            if len(names) > _MAX_LISTED_OPTIONS:
                close = difflib.get_close_matches(key, list(known), n=1)
                hint = f"perhaps you meant {close[0]}=, or " if close else ""
                raise InvalidInput(
                    f"{command} does not take the option {_echo(key + '=')}; {hint}see /help {command[1:]}."
                )
            listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
            raise InvalidInput(f"{command} does not take the option {_echo(key + '=')}; use {listed}.")

    def reject_extra_positionals(self, count: int, command: str) -> None:
        """Refuse leftover words, which are usually an unquoted name with spaces."""
        if len(self.positionals) <= count:
            return
        extra = _echo(self.positionals[count])
        raise InvalidInput(
            f"{command} got more words than expected, starting at {extra}; "
            'put text with spaces in quotes, like "two words".'
        )


def parse_args(tokens: Sequence[str]) -> ParsedArgs:
    """Separate ``key=value`` options (keys lower-cased) from positional words.

    Options may appear anywhere; the same option twice is an error rather than a silent
    "last one wins", because one of the two values would be lost without the user knowing.
    """
    positionals: list[str] = []
    options: dict[str, str] = {}
    for token in tokens:
        match = _OPTION.fullmatch(token)
        if match is None:
            positionals.append(token)
            continue
        key = match.group(1).lower()
        if key in options:
            raise InvalidInput(f"The option {_echo(key + '=')} is given twice; write it once.")
        options[key] = match.group(2)
    return ParsedArgs(tuple(positionals), MappingProxyType(options))


def _exact_minutes(text: str) -> Decimal | None:
    """Read one amount of time as exact minutes, or None when it is not one.

    Raises only for the one mistake worth its own sentence: minutes past 59 in ``1:75``.

    Only ASCII-digit regular expressions are used; ``float()`` would accept ``nan``,
    ``inf``, ``1e9`` and ``1_000``, and ``int()`` accepts digits from other scripts.
    """
    text = " ".join(text.split()).lower()
    if not text or len(text) > _MAX_TIME_CHARS:
        return None
    if match := _CLOCK.fullmatch(text) or _HOURS_AND_MINUTES.fullmatch(text):
        minutes = int(match.group("m"))
        if minutes > 59:
            raise InvalidInput(
                f"In {_shorten(text)} the minutes must be from 0 to 59; write it like 1:30 or 1h30m."
            )
        return Decimal(int(match.group("h")) * 60 + minutes)
    if match := _HOURS_ONLY.fullmatch(text):
        return Decimal(match.group("h").replace(",", ".")) * 60
    if match := _MINUTES_ONLY.fullmatch(text):
        return Decimal(match.group("m").replace(",", "."))
    return None


def parse_hours(text: str) -> int:
    """Read a check-in's duration and return whole minutes, rounded to the nearest minute.

    Minutes are what is stored, so ``2.5`` and ``2h30m`` and ``150m`` all mean the same
    thing downstream. A check-in is more than 0 and at most 24 hours.
    """
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput(f"The hours are missing; write hours like {_HOURS_EXAMPLES}.")
    exact = _exact_minutes(cleaned)
    if exact is None and cleaned.startswith("-") and _exact_minutes(cleaned[1:]) is not None:
        exact = Decimal(-1)  # a negative amount is a range problem, not a spelling one
    if exact is None:
        raise InvalidInput(f"{_echo(cleaned)} is not an amount of time; write hours like {_HOURS_EXAMPLES}.")
    minutes = round(exact)
    if not 0 < minutes <= _MAX_CHECKIN_MINUTES:
        raise InvalidInput(
            f"A check-in must be more than 0 and at most 24 hours; you wrote {_shorten(cleaned)}."
        )
    return minutes


def parse_length(text: str, what: str, low: int, high: int, example: str) -> int:
    """Read a length of time such as ``50m``, ``1h``, ``1h30m`` or ``90m`` (a focus timer's,
    a break's) as whole minutes in ``[low, high]``. A bare number is refused rather than
    guessed at: ``50`` could be minutes or hours."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInput(f"{_capitalised(what)} is empty; write it like {example}.")
    if is_bare_number(cleaned):
        raise InvalidInput(f"{_echo(cleaned)} has no unit; write {what} with m or h, like {example}.")
    exact = _exact_minutes(cleaned)
    if exact is None:
        raise InvalidInput(f"{_echo(cleaned)} is not a length of time; write {what} like {example}.")
    minutes = round(exact)
    if not low <= minutes <= high:
        raise InvalidInput(
            f"{_capitalised(what)} must be from {format_minutes(low)} to {format_minutes(high)}, "
            f"like {example}; you wrote {_shorten(cleaned)}."
        )
    return minutes


def is_bare_number(text: str) -> bool:
    """The hours were a whole number with no unit (``20``, not ``20h`` or ``20m``)."""
    return text.strip().isascii() and text.strip().isdigit()


def parse_hour_range(text: str, max_hours: float) -> tuple[int, int]:
    """Read a budget such as ``5``, ``5-7`` or ``90m-2h`` as (min, max) whole minutes.

    The lower end may be 0 ("no minimum") but the upper end must be more than 0, and
    neither may exceed ``max_hours`` (the caller knows whether that is per week or month).
    """
    cleaned = " ".join(text.split())
    parts = _RANGE_DASH.split(cleaned) if len(cleaned) <= 2 * _MAX_TIME_CHARS + 3 else []
    exact = [value for value in map(_exact_minutes, parts) if value is not None]
    if len(parts) not in (1, 2) or len(exact) != len(parts):
        raise InvalidInput(f"{_echo(cleaned)} is not a range of hours; write it like 5, 5-7 or 90m-2h.")
    low, high = round(exact[0]), round(exact[-1])
    limit = math.floor(Decimal(str(max_hours)) * 60)
    if high > limit:
        raise InvalidInput(
            f"Each end of the range must be at most {format_minutes(limit)}; you wrote {_echo(cleaned)}."
        )
    if high <= 0:
        raise InvalidInput(
            "The largest number in a range must be more than 0; "
            f"write it like 5 or 0-5 instead of {_echo(cleaned)}."
        )
    if high < low:
        raise InvalidInput(
            f"The range {_shorten(cleaned)} goes backwards; write the smaller number first, like 5-7."
        )
    return low, high


def parse_int(text: str, what: str, low: int, high: int, example: str) -> int:
    """Read a whole number in ``[low, high]`` written with ASCII digits.

    ``int()`` alone would accept ``1_0``, ``٣`` and surrounding junk; a strict pattern
    keeps levels and priorities unambiguous for everyone reading them later.
    """
    cleaned = text.strip()
    if not _INTEGER.fullmatch(cleaned):
        raise InvalidInput(
            f"{_echo(cleaned)} is not a whole number; write {what} as a number "
            f"from {low} to {high}, like {example}."
        )
    value = int(cleaned)
    if not low <= value <= high:
        raise InvalidInput(
            f"{_capitalised(what)} must be from {low} to {high}, like {example}; you wrote {value}."
        )
    return value


def parse_switch(text: str, on: str, off: str, what: str) -> bool:
    """Read a two-way choice such as on|off or show|hide; True means ``on``.

    For the on|off pair, yes/no and true/false are accepted as well, since people type
    whichever comes to mind and there is no doubt about what they mean.
    """
    word = text.strip().lower()
    on_words = _SWITCH_SYNONYMS.get(on.lower(), (on.lower(),))
    off_words = _SWITCH_SYNONYMS.get(off.lower(), (off.lower(),))
    if word in on_words:
        return True
    if word in off_words:
        return False
    raise InvalidInput(f"{_echo(text.strip())} is not a choice for {what}; write {on} or {off}.")


def check_text(text: str, what: str, max_chars: int, *, required: bool = True) -> str:
    """Tidy free text (names, notes) and enforce its length limit.

    Runs of spaces and tabs become one space and lines are trimmed, but line breaks are
    kept because notes may be lists. The limit is checked after tidying so that padding
    never counts against the user. ``what`` is a noun phrase such as ``"the note"``.
    """
    cleaned = _ODD_NEWLINES.sub("\n", _INVISIBLE.sub("", text.replace("\r\n", "\n")))
    lines = (" ".join(line.split()) for line in cleaned.split("\n"))
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not cleaned:
        if required:
            raise InvalidInput(f"{_capitalised(what)} is empty; write at least one word.")
        return ""
    if len(cleaned) > max_chars:
        raise InvalidInput(
            f"{_capitalised(what)} is {len(cleaned):,} characters long; keep it to {max_chars:,} or fewer."
        )
    return cleaned
