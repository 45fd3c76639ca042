"""Reading a student's Markdown roadmap into phases, sections and checklist items.

The rules, in the order a user meets them (README "Roadmaps, goals and exports"):
- headings become phases at the shallowest level where more than one heading holds items
  (a lone title heading or a "The Roadmap" wrapper is skipped); deeper headings become
  sections inside the phase;
- a line is an item when it carries a checkbox: ``[ ]``/``[x]`` after a list marker
  (``-``, ``*``, ``+``, ``1.``) or alone, or a glyph ``☐ ☑ ☒ ✅ ✔ ✓`` (mojibake of them was
  repaired when the file was decoded); an item nests under the nearest item above it that is
  indented less;
- a phase heading's time frame ("Next 6-9 Months", "Months 9-18", "18+ Months") becomes a
  window in months from the term start;
- "5-7 hours per week" and "one book every 2-3 months" become suggestions the student may
  accept, never applied by the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from core.domain import limits
from core.domain.counts import count_band, every_text
from core.domain.textfile import DecodedText
from core.errors import InvalidInput

MAX_ITEMS = 1000
ITEM_CHARS = limits.ROADMAP_ITEM
TITLE_CHARS = limits.ROADMAP_TITLE

_OPEN_GLYPHS = ("☐", "⬜", "□")
_DONE_GLYPHS = ("☑", "☒", "✅", "✔️", "✔", "✓", "✗")


def _glyph_pattern(glyphs: tuple[str, ...]) -> str:
    return "|".join(re.escape(glyph) for glyph in sorted(glyphs, key=len, reverse=True))


_BOX = re.compile(
    r"^(?P<indent> *)(?:(?:[-*+•]|\d{1,3}[.)])\s+)?"
    r"(?:\[(?P<box>[ xX✓✔]?)\]|(?P<done>" + _glyph_pattern(_DONE_GLYPHS) + r")|(?P<open>"
    r"" + _glyph_pattern(_OPEN_GLYPHS) + r"))[\s\u0090\ufe0f]*(?P<text>.*)$"
)
_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})\s+(?P<title>.*?)\s*#*\s*$")
_LIST_MARKER = re.compile(r"^(?:[-*+•>]|\d{1,3}[.)])\s+")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_LEADING_GLYPHS = re.compile(r"^(?:" + _glyph_pattern(_DONE_GLYPHS + _OPEN_GLYPHS) + r")\s*")
_LEADING_BOX = re.compile(
    r"^(?:\[[ xX✓✔]?\]|" + _glyph_pattern(_DONE_GLYPHS + _OPEN_GLYPHS) + r")[\s\ufe0f]*"
)
_EMPHASIS = (
    re.compile(r"\*\*(.+?)\*\*"),
    re.compile(r"(?<!\w)__(.+?)__(?!\w)"),
    re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"),
    re.compile(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)"),
    re.compile(r"~~(.+?)~~"),
)
_RANGE = r"(\d{1,3})\s*(?:-|–|—|to)\s*(\d{1,3})"
_UNIT = r"(month|year)s?"
_WINDOWS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"next\s+" + _RANGE + r"\s+" + _UNIT, re.I), "next-range"),
    (re.compile(r"next\s+(\d{1,3})\s+" + _UNIT, re.I), "next"),
    (re.compile(_UNIT + r"\s+" + _RANGE, re.I), "unit-range"),
    (re.compile(_RANGE + r"\s+" + _UNIT, re.I), "range-unit"),
    (re.compile(r"(\d{1,3})\s*\+\s*" + _UNIT, re.I), "open"),
)
_BUDGET = re.compile(
    r"(\d{1,2}(?:\.\d)?)\s*(?:(?:-|–|—|to)\s*(\d{1,2}(?:\.\d)?)\s*)?(?:hours?|hrs?|h)\s+"
    r"(?:per|a|each|every|/)\s*(week|wk|month)",
    re.I,
)
_HABIT = re.compile(
    r"\b(one|a|an|two|three|\d{1,2})\s+(?:\w+\s+){0,1}(book|paper|course|project|article|talk|blog post)s?\b"
    r".{0,60}?\bevery\s+(?:" + _RANGE + r"|(\d{1,2}))\s+(week|month)s?",
    re.I,
)
_TRACK_WORDS = (
    ("dsa", ("dsa", "leetcode", "neetcode", "algorithm", "data structure")),
    ("reading", ("read", "book", "paper")),
    ("project", ("project", "build")),
)


@dataclass(frozen=True)
class Window:
    """When a phase should be done, in whole months after the term starts."""

    start_months: int
    end_months: int | None

    def describe(self) -> str:
        if self.end_months is None:
            return f"from month {self.start_months}"
        return f"months {self.start_months}–{self.end_months}"


@dataclass(frozen=True)
class ParsedItem:
    number: int
    text: str
    done: bool
    parent: int | None
    depth: int
    section: str | None


@dataclass(frozen=True)
class ParsedPhase:
    title: str
    window: Window | None
    items: tuple[ParsedItem, ...]


@dataclass(frozen=True)
class Suggestion:
    """Something the document asks for that Stride could set up, if the student agrees."""

    kind: Literal["budget", "goal"]
    text: str
    track: str | None = None
    min_hours: float | None = None
    max_hours: float | None = None
    period: Literal["week", "month"] | None = None
    unit: str | None = None
    """A count budget's unit (book): then ``count`` things every ``every`` periods, no hours."""
    count: int | None = None
    every: int | None = None


@dataclass(frozen=True)
class ParsedRoadmap:
    title: str
    phases: tuple[ParsedPhase, ...]
    suggestions: tuple[Suggestion, ...]
    repaired: bool

    @property
    def items(self) -> list[ParsedItem]:
        return [item for phase in self.phases for item in phase.items]


@dataclass
class _Line:
    """An item found in the document, before phases are decided."""

    headings: tuple[tuple[int, str, int], ...]
    """The open headings: level, title and a serial number telling equal titles apart."""
    indent: int
    text: str
    done: bool


@dataclass
class _Scan:
    title: str | None = None
    items: list[_Line] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)


def parse_roadmap(decoded: DecodedText, filename: str) -> ParsedRoadmap:
    """The roadmap in ``decoded``, or InvalidInput when it holds no checklist items."""
    scan = _scan(decoded.text)
    if not scan.items:
        raise InvalidInput(
            "That file has no checklist items; write each step as a line like '- [ ] Learn SQL' "
            "(or '- [x] …' when it is done) under a heading per phase."
        )
    if len(scan.items) > MAX_ITEMS:
        raise InvalidInput(
            f"That file has {len(scan.items)} checklist items, more than the {MAX_ITEMS} Stride keeps; "
            "split it into smaller roadmaps."
        )
    phases = _phases(scan.items)
    title = scan.title or _stem(filename)
    repaired = decoded.repaired or decoded.legacy_encoding
    return ParsedRoadmap(title, phases, _suggestions(scan.texts), repaired)


def _scan(text: str) -> _Scan:
    scan = _Scan()
    headings: list[tuple[int, str, int]] = []
    in_fence = False
    for index, raw in enumerate(text.split("\n")):
        if _FENCE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence or not raw.strip():
            continue
        heading = _HEADING.match(raw)
        if heading:
            level, title = len(heading["hashes"]), _clean(heading["title"], heading=True)
            headings = [*(h for h in headings if h[0] < level), (level, title, index)]
            if scan.title is None and level == 1:
                scan.title = title[:TITLE_CHARS]
            continue
        box = _BOX.match(raw)
        context = headings[-1][1] if headings else ""
        if box is None:
            scan.texts.append((_clean(raw), context))
            continue
        done = bool(box["done"]) or (box["box"] or "").strip() != ""
        item = _clean(box["text"])
        if item:
            scan.items.append(_Line(tuple(headings), len(box["indent"]), item, done))
            scan.texts.append((item, context))
    return scan


def strip_checkbox(text: str) -> str:
    """``text`` without a leading box (``[ ]``, ``☐``, ``✅``…): a goal written as a to-do."""
    return _LEADING_BOX.sub("", text.strip())


def _clean(text: str, *, heading: bool = False) -> str:
    fixed = _LEADING_GLYPHS.sub("", text.strip()) if heading else _LIST_MARKER.sub("", text.strip())
    for pattern in _EMPHASIS:
        fixed = pattern.sub(r"\1", fixed)
    fixed = " ".join(fixed.split())
    return fixed if len(fixed) <= ITEM_CHARS else fixed[: ITEM_CHARS - 1] + "…"


def _phase_level(items: list[_Line]) -> int | None:
    """The shallowest heading level at which items fall under more than one heading; else
    the deepest level one heading holds every item at (the roadmap is a single phase)."""
    levels = sorted({level for item in items for level, _, _ in item.headings})
    for level in levels:
        if len({_heading_at(item, level) for item in items} - {None}) > 1:
            return level
    whole = [level for level in levels if all(_heading_at(item, level) for item in items)]
    return whole[-1] if whole else None


def _heading_at(item: _Line, level: int) -> tuple[int, str] | None:
    """The heading at ``level`` that ``item`` sits under: its serial and title."""
    for lvl, title, serial in item.headings:
        if lvl == level:
            return (serial, title)
    return None


def _owner(item: _Line, level: int | None) -> tuple[int, str]:
    """The phase heading of ``item``; items above the first one belong to the heading over them."""
    if level is not None:
        found = _heading_at(item, level)
        if found is not None:
            return found
        above = [(serial, title) for lvl, title, serial in item.headings if lvl < level]
        if above:
            return above[-1]
    return (-1, "Roadmap")


def _phases(items: list[_Line]) -> tuple[ParsedPhase, ...]:
    level = _phase_level(items)
    grouped: list[tuple[tuple[int, str], list[_Line]]] = []
    for item in items:
        owner = _owner(item, level)
        if not grouped or grouped[-1][0] != owner:
            grouped.append((owner, []))
        grouped[-1][1].append(item)
    phases: list[ParsedPhase] = []
    number = 0
    for (_, title), lines in grouped:
        parsed: list[ParsedItem] = []
        stack: list[tuple[int, int]] = []
        last_section: str | None = None
        for line in lines:
            joined = " › ".join(t for lvl, t, _ in line.headings if level is not None and lvl > level)
            section = limits.cut(joined, limits.ROADMAP_SECTION) if joined else None
            if section != last_section:
                stack, last_section = [], section
            while stack and stack[-1][0] >= line.indent:
                stack.pop()
            number += 1
            parent = stack[-1][1] if stack else None
            parsed.append(ParsedItem(number, line.text, line.done, parent, len(stack), section))
            stack.append((line.indent, number))
        phases.append(ParsedPhase(title[:TITLE_CHARS], parse_window(title), tuple(parsed)))
    return tuple(phases)


def parse_window(title: str) -> Window | None:
    """A time frame in a phase heading, in months from the term start."""
    for pattern, shape in _WINDOWS:
        found = pattern.search(title)
        if found is None:
            continue
        groups = found.groups()
        if shape == "unit-range":
            unit, low, high = groups[0], int(groups[1]), int(groups[2])
        elif shape == "next":
            low, high, unit = 0, int(groups[0]), groups[1]
        elif shape == "open":
            unit, scale = groups[1], 12 if groups[1].lower() == "year" else 1
            return Window(int(groups[0]) * scale, None)
        else:
            low, high, unit = int(groups[0]), int(groups[1]), groups[2]
            low = 0 if shape == "next-range" else low
        scale = 12 if unit.lower() == "year" else 1
        if low > high:
            return None
        return Window(low * scale, high * scale)
    return None


def _suggestions(texts: list[tuple[str, str]]) -> tuple[Suggestion, ...]:
    found: list[Suggestion] = []
    for text, context in texts:
        budget = _BUDGET.search(text)
        if budget:
            low = float(budget[1])
            high = float(budget[2]) if budget[2] else low
            period: Literal["week", "month"] = "month" if budget[3].lower() == "month" else "week"
            if 0 < low <= high <= (80 if period == "week" else 300):
                track = _track(f"{text} {context}")
                found.append(
                    Suggestion(
                        "budget", f"{track}: {_hours(low, high)} h per {period}", track, low, high, period
                    )
                )
        habit = _HABIT.search(text)
        if habit and (count := _count_suggestion(habit)) is not None:
            found.append(count)
    unique: dict[str, Suggestion] = {}
    for suggestion in found:
        unique.setdefault(suggestion.text.lower(), suggestion)
    return tuple(replace(s, text=limits.cut(s.text, limits.SUGGESTION)) for s in unique.values())[:20]


_HABIT_TRACKS = {"book": "reading", "article": "reading", "post": "writing"}
_COUNT_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3}


def _count_suggestion(habit: re.Match[str]) -> Suggestion | None:
    """ "Read one book every 2-3 months" → a count budget ``reading: 1 book every 3 months``
    (a range of periods takes its longer end: at least one book in any three months)."""
    word, unit = habit[1].lower(), habit[2].lower().split()[-1]
    count = _COUNT_WORDS.get(word) or int(word)
    if count < 1:
        return None
    period: Literal["week", "month"] = "month" if habit[6].lower() == "month" else "week"
    every = min(max(int(habit[4] if habit[3] else habit[5]), 1), 12 if period == "month" else 52)
    track = _HABIT_TRACKS.get(unit, f"{unit}s")
    text = f"{track}: {count_band(count, count, unit)} {every_text(every, period)}"
    return Suggestion("budget", text, track, period=period, unit=unit, count=count, every=every)


def _track(text: str) -> str:
    lowered = text.lower()
    for track, words in _TRACK_WORDS:
        if any(word in lowered for word in words):
            return track
    return "study"


def _hours(low: float, high: float) -> str:
    def show(value: float) -> str:
        return f"{value:g}"

    return show(low) if low == high else f"{show(low)}–{show(high)}"


def _stem(filename: str) -> str:
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in stem).split())
    return (flat or "My roadmap")[:TITLE_CHARS]
