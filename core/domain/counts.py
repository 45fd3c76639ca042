"""Budgets in counts: "one book every 2–3 months" (issue 18, item 6 c).

A count budget is a whole-number range of things (books, papers, problems) per block of
N weeks or N calendar months. Its logs are tallies, kept apart from check-in hours, so
they never reach an hour total, a week mark or the plan model's weekly hours.

Blocks are counted from the budget's anchor: the first day of the month (or the Monday of
the week) in which the budget was set with this period and N. An N-month block is N whole
calendar months; an N-week block is N ISO weeks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, NamedTuple

from core.domain.budgets import Period, parse_period
from core.domain.levels import quote_input
from core.errors import InvalidInput

UNIT_CHARS: Final = 24
MAX_COUNT: Final = 1000
"""Most things a count budget's range or a single tally may hold."""
MAX_EVERY: Final[dict[str, int]] = {"week": 52, "month": 12}
LONGEST_BLOCK_DAYS: Final = 366
"""No block starts longer ago than this: 12 months or 52 weeks at most."""
HOUR_WORDS: Final = frozenset(
    {"h", "hr", "hrs", "hour", "hours", "m", "min", "mins", "minute", "minutes", "time", "times"}
)
_UNIT = re.compile(r"[a-z]{1,24}", re.ASCII)
_INTEGER = re.compile(r"[0-9]{1,30}", re.ASCII)
_RANGE = re.compile(r"([0-9]{1,30})(?:\s*[-–—]\s*([0-9]{1,30}))?", re.ASCII)
_PERIOD_PHRASE = re.compile(
    r"(?:every|per|a|each)\s+(?:(?P<n>\S+)\s+)?(?P<period>\S+)", re.IGNORECASE | re.ASCII
)
EXAMPLE: Final = "/budget set reading 1 book every 3 months"
CHECKIN_EXAMPLE: Final = "/checkin 1 book reading"


def singular(word: str) -> str:
    """Fold a unit word to its singular: books → book, studies → study, classes → class."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 1 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def plural(unit: str, count: int | float = 2) -> str:
    """The unit as written after ``count``: 1 book, 2 books, 2 studies, 0 classes."""
    if count == 1:
        return unit
    if unit.endswith("y") and len(unit) > 1 and unit[-2] not in "aeiou":
        return unit[:-1] + "ies"
    if unit.endswith(("s", "x", "ch", "sh")):
        return unit + "es"
    return unit + "s"


def parse_unit(text: str) -> str:
    """A unit word of 1–24 ASCII letters, folded to lower-case singular; hours are refused."""
    word = text.strip().lower() if text.strip().isascii() else ""
    if word in HOUR_WORDS:
        raise InvalidInput(
            f"Hours are a budget of their own, like /budget set reading 3-5; "
            f"for a count name the thing, as in {EXAMPLE}."
        )
    if not _UNIT.fullmatch(word):
        shown = quote_input(text) if text.strip() else "nothing"
        raise InvalidInput(
            f"A unit is one word of 1–{UNIT_CHARS} plain letters, like book or problems, "
            f"as in {EXAMPLE}; you wrote {shown}."
        )
    return singular(word)


def parse_count(text: str, what: str = "The count", example: str = CHECKIN_EXAMPLE) -> int:
    """A whole number from 1 to ``MAX_COUNT``."""
    cleaned = text.strip()
    if not _INTEGER.fullmatch(cleaned):
        raise InvalidInput(
            f"{what} must be a whole number from 1 to {MAX_COUNT}, like {example}; "
            f"you wrote {quote_input(cleaned or 'nothing')}."
        )
    value = int(cleaned)
    if not 1 <= value <= MAX_COUNT:
        shown = cleaned if len(cleaned) <= 12 else cleaned[:11] + "…"
        raise InvalidInput(f"{what} must be from 1 to {MAX_COUNT}, like {example}; you wrote {shown}.")
    return value


def parse_count_range(text: str) -> tuple[int, int]:
    """``1``, ``2-4``: the whole-number range of a count budget (the low end may be 0)."""
    found = _RANGE.fullmatch(text.strip())
    if found is None:
        raise InvalidInput(
            f"A count budget is a whole number or a range like 2-4, as in {EXAMPLE}; "
            f"you wrote {quote_input(text.strip() or 'nothing')}."
        )
    low, high = int(found[1]), int(found[2] or found[1])
    if high > MAX_COUNT:
        raise InvalidInput(f"A count budget can be at most {MAX_COUNT}, as in {EXAMPLE}.")
    if high < 1:
        raise InvalidInput(f"The largest number of a count budget must be 1 or more, as in {EXAMPLE}.")
    if high < low:
        raise InvalidInput(
            f"The range {low}-{high} goes backwards; write the smaller number first, like 2-4."
        )
    return low, high


def check_every(every: int, period: Period) -> None:
    """A block is 1–52 weeks or 1–12 months."""
    limit = MAX_EVERY[period]
    if not 1 <= every <= limit:
        raise InvalidInput(
            f"Every how many {period}s must be from 1 to {limit}, as in {EXAMPLE}; you wrote {every}."
        )


def parse_every(text: str, period: Period) -> int:
    cleaned = text.strip()
    if not _INTEGER.fullmatch(cleaned):
        raise InvalidInput(
            f"Every how many {period}s is a whole number, as in {EXAMPLE}; "
            f"you wrote {quote_input(cleaned or 'nothing')}."
        )
    value = int(cleaned) if len(cleaned) <= 6 else 10**6
    check_every(value, period)
    return value


_CONNECTORS = frozenset({"every", "per", "a", "each"})
_NUMBERISH = re.compile(r"[-+]?[0-9.,:]")


def is_count_phrase(words: list[str]) -> bool:
    """Whether a budget's amount names a unit (``1 book …``, ``2 - 4 papers``), not hours
    (``5-7``, ``5 hours``, ``90m-2h``): a word after the number that is no hour word."""
    at = 3 if len(words) >= 3 and words[1] in ("-", "–", "—") else 1
    if len(words) <= at:
        return False
    word = words[at].lower()
    return word not in HOUR_WORDS and word not in _CONNECTORS and not _NUMBERISH.match(word)


def looks_numeric(text: str) -> bool:
    """An amount written with digits (``1``, ``-1``, ``1e400``): a count or hours."""
    return bool(_NUMBERISH.match(text.strip()))


def is_integer(text: str) -> bool:
    """``3``, ``-1``, ``99999999999999999999``: a whole number, however wrong its size."""
    return bool(re.fullmatch(r"[-+]?[0-9]+", text.strip(), re.ASCII))


def hours_on_count_track(track: str, unit: str) -> InvalidInput:
    return InvalidInput(f"{track} counts {plural(unit)}, not hours; log them like /checkin 1 {unit} {track}.")


def refuse_hours_every() -> InvalidInput:
    return InvalidInput(
        "Hour budgets are per week or per month, like /budget set dsa 5-7 per=month; "
        f"every N is for counts, as in {EXAMPLE}."
    )


@dataclass(frozen=True, slots=True)
class CountSpec:
    """What ``/budget set TRACK …`` said in counts: ``1-2 books every 3 months``."""

    unit: str
    low: int
    high: int
    period: Period
    every: int


def parse_count_budget(amount: str, per: str | None = None, every: str | None = None) -> CountSpec:
    """``1 book every 3 months``, ``2-4 papers per month``, ``3 problems a week``; or
    ``1 book`` with ``per=``/``every=`` options (default: every 1 week)."""
    words = amount.split()
    if len(words) < 2:
        raise InvalidInput(f"Write a count budget as a number and a unit, as in {EXAMPLE}.")
    count_words = 1
    if len(words) >= 4 and words[1] in "-–—":  # 2 - 4 books
        count_words = 3
    low, high = parse_count_range(" ".join(words[:count_words]))
    unit = parse_unit(words[count_words])
    rest = " ".join(words[count_words + 1 :])
    n_text, period_text = every, per
    if rest:
        phrase = _PERIOD_PHRASE.fullmatch(rest)
        if phrase is None:
            raise InvalidInput(
                f"After the unit say the period, like every 3 months or per week, as in {EXAMPLE}."
            )
        if every is not None or per is not None:
            raise InvalidInput(f"Give the period once, either in words or with per=/every=, as in {EXAMPLE}.")
        n_text, period_text = phrase["n"], phrase["period"]
    period = parse_period(singular(period_text.lower()) if period_text else "week")
    return CountSpec(unit, low, high, period, parse_every(n_text, period) if n_text else 1)


def count_spec(words: list[str], unit: str | None, per: str | None, every: str | None) -> CountSpec:
    """A count budget from an amount's words and the ``unit=``/``per=``/``every=`` options
    (``unit=`` stands right after the number): what every platform's /budget set reads."""
    amount = " ".join([*words[:1], *([unit] if unit is not None else []), *words[1:]])
    return parse_count_budget(amount, per, every)


class Block(NamedTuple):
    """One period of a count budget: its first and last local dates."""

    start: date
    end: date


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def anchor_of(today: date, period: Period) -> date:
    """Where a budget set today starts counting: this month's first day or this week's Monday."""
    return today.replace(day=1) if period == "month" else today - timedelta(days=today.weekday())


def block_of(day: date, anchor: date, period: Period, every: int) -> Block:
    """The block of ``every`` months (or weeks) from ``anchor`` that holds ``day``."""
    if period == "month":
        months = (day.year - anchor.year) * 12 + day.month - anchor.month
        start = _add_months(anchor, months // every * every)
        return Block(start, _add_months(start, every) - timedelta(days=1))
    weeks = (day - anchor).days // 7
    start = anchor + timedelta(weeks=weeks // every * every)
    return Block(start, start + timedelta(weeks=every) - timedelta(days=1))


class BlockPace(NamedTuple):
    """A count budget part-way through its block: whole things due by today (pro rata of
    the days elapsed, today included, rounded down) and whether the count keeps up."""

    due: int
    on_pace: bool


def block_pace(done: int, minimum: int, block: Block, today: date) -> BlockPace:
    """More done never loses the pace and a later day never gains it."""
    days = (block.end - block.start).days + 1
    elapsed = min(max((today - block.start).days + 1, 0), days)
    due = minimum * elapsed // days
    return BlockPace(due, done >= due)


def block_label(block: Block, period: Period) -> str:
    """``Dec–Feb``, ``December``, ``Nov 2026–Jan 2027`` or ``30 Nov–13 Dec``."""
    start, end = block.start, block.end
    if period == "week":
        return f"{start.day} {start:%b}–{end.day} {end:%b}"
    if start.month == end.month and start.year == end.year:
        return f"{start:%B}"
    if start.year == end.year:
        return f"{start:%b}–{end:%b}"
    return f"{start:%b} {start.year}–{end:%b} {end.year}"


def every_text(every: int, period: Period) -> str:
    """``per month``, ``every 3 months``."""
    return f"per {period}" if every == 1 else f"every {every} {period}s"


def count_band(low: int, high: int, unit: str) -> str:
    """``1 book``, ``2–4 papers``."""
    return f"{high} {plural(unit, high)}" if low == high else f"{low}–{high} {plural(unit, high)}"
