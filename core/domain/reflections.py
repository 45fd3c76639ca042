"""Weekly reflections' rules: which week is open, when it locks, the questions a cohort
asks, and the commitment read from a "next week" answer (issue 20).

A reflection belongs to an ISO week in the member's zone and stays editable until that
week's digest goes out: the first occurrence of the cohort's digest cron (cohort zone)
after the week's end, Sunday 24:00 cohort time, or 7 days after it with the digest off.
So on Monday morning before the digest, last week's reflection is still the open one.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

from core.commands import parse_hour_range
from core.domain import limits
from core.domain.budgets import parse_track
from core.domain.model import Cohort
from core.domain.schedule import Kind, cohort_schedule, occurrences
from core.domain.weeks import iso_week_key, local_date, week_end, week_start
from core.errors import InvalidInput

Role = Literal["done", "next", "blocked"]
ROLES: Final[tuple[Role, ...]] = ("done", "next", "blocked")
MAX_QUESTIONS: Final = 5
_WEEK: Final = timedelta(days=7)


# --- the week -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReflectionWeek:
    """A week as reflections see it: its Monday, key and the instant it locks (UTC)."""

    monday: date
    key: str
    locks_at: datetime


def lock_instant(monday: date, cohort: Cohort) -> datetime:
    """When the reflections of the week starting ``monday`` close: the first digest after
    the week's end (Sunday 24:00 in the cohort's zone; a digest exactly then counts), or a
    week after that end when the cohort's digest is off."""
    zone = ZoneInfo(cohort.timezone)
    end = datetime.combine(monday + _WEEK, time.min, tzinfo=zone).astimezone(UTC)
    digest = cohort_schedule(cohort.settings)[Kind.DIGEST]
    if digest.enabled:
        found = occurrences(digest.cron, zone, end - timedelta(microseconds=1), end + 2 * _WEEK)
        if found:
            return found[0].at
    return datetime.combine(monday + 2 * _WEEK, time.min, tzinfo=zone).astimezone(UTC)


def reflection_week(monday: date, cohort: Cohort, member_zone: ZoneInfo | None = None) -> ReflectionWeek:
    """The week starting ``monday``; with the member's zone, never locked before the week
    ends on the member's own clock (a member far behind the cohort's zone, whose Sunday
    evening comes after the Monday digest, can still write the week they are living)."""
    locks_at = lock_instant(monday, cohort)
    if member_zone is not None:
        locks_at = max(
            locks_at, datetime.combine(monday + _WEEK, time.min, tzinfo=member_zone).astimezone(UTC)
        )
    return ReflectionWeek(monday, iso_week_key(monday), locks_at)


def open_week(now: datetime, member_zone: ZoneInfo, cohort: Cohort) -> ReflectionWeek:
    """The week a reflection written at ``now`` is for: last week (the member's) while its
    digest has not gone out yet, else this week."""
    this_monday = week_start(local_date(now, member_zone))
    last = reflection_week(this_monday - _WEEK, cohort, member_zone)
    return last if now < last.locks_at else reflection_week(this_monday, cohort, member_zone)


def week_label(monday: date) -> str:
    """``Mon 30 Nov – Sun 6 Dec``."""
    end = week_end(monday)
    return f"{_day(monday)} – {_day(end)}"


def instant_label(instant: datetime, zone: ZoneInfo) -> str:
    """``Mon 7 Dec 08:00``: an instant on the member's wall clock."""
    local = instant.astimezone(zone)
    return f"{_day(local.date())} {local:%H:%M}"


def _day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def week_number(key: str) -> int:
    """``2026-W49`` → 49."""
    return int(key.rsplit("W", 1)[1])


# --- a reflection -------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    key: str
    role: Role | None
    question: str
    answer: str


@dataclass(frozen=True)
class Reflection:
    """A member's answers for one ISO week, as stored."""

    id: int
    member_id: int
    iso_week: str
    answers: tuple[Answer, ...]
    blocked: str | None
    commitments: Mapping[str, int]
    """Minutes per track planned for the week after ``iso_week``."""
    blocker_status: str | None
    shared_at: datetime | None
    idempotency_key: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class DigestRow:
    """What the digest reads of one reflection."""

    member_id: int
    iso_week: str
    blocked: str | None
    commitments: Mapping[str, int]
    blocker_status: str | None


def answers_from_json(stored: object) -> tuple[Answer, ...]:
    """The stored ``answers`` column; anything malformed in it is left out."""
    found: list[Answer] = []
    for entry in stored if isinstance(stored, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("key"), str):
            role = entry.get("role")
            found.append(
                Answer(
                    entry["key"],
                    role if role in ROLES else None,
                    str(entry.get("question") or ""),
                    str(entry.get("answer") or ""),
                )
            )
    return tuple(found)


def answers_to_json(answers: Collection[Answer]) -> list[dict[str, Any]]:
    return [{"key": a.key, "role": a.role, "question": a.question, "answer": a.answer} for a in answers]


def commitments_from_json(stored: object) -> dict[str, int]:
    if not isinstance(stored, dict):
        return {}
    return {str(k): int(v) for k, v in stored.items() if isinstance(v, int) and v > 0}


# --- the questions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    key: str
    role: Role | None
    text: str


DEFAULT_QUESTIONS: Final = (
    Question("q1", "done", "What did you get done this week?"),
    Question("q2", "next", "What will you do next week?"),
    Question("q3", "blocked", "What's blocking you?"),
)
QUESTIONS_EXAMPLE: Final = (
    "questions=\"Done: What did you ship? | Next: What's your plan? | Blocked: Any blockers? "
    '| What did you learn?"'
)


def reflection_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    stored = settings.get("reflection")
    return dict(stored) if isinstance(stored, dict) else {}


def reflections_enabled(settings: Mapping[str, Any]) -> bool:
    return bool(reflection_settings(settings).get("enabled", True))


def cohort_questions(settings: Mapping[str, Any]) -> tuple[Question, ...]:
    """The cohort's questions (stored ones that still read well), else the defaults."""
    stored = reflection_settings(settings).get("questions")
    if not isinstance(stored, list) or not stored:
        return DEFAULT_QUESTIONS
    found: list[Question] = []
    for index, entry in enumerate(stored[:MAX_QUESTIONS], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            return DEFAULT_QUESTIONS
        role = entry.get("role")
        found.append(Question(f"q{index}", role if role in ROLES else None, entry["text"]))
    return tuple(found)


def question_lines(settings: Mapping[str, Any]) -> list[str]:
    """``Done: What did you get done this week?``: the questions as /cohort show lists them."""
    return [f"{q.role.capitalize()}: {q.text}" if q.role else q.text for q in cohort_questions(settings)]


def questions_setting(questions: Collection[Question]) -> list[dict[str, Any]]:
    return [{"key": q.key, "role": q.role, "text": q.text} for q in questions]


_ROLE_PREFIX = re.compile(r"\s*(done|next|blocked)\s*:\s*(.*)", re.IGNORECASE | re.DOTALL)


def parse_questions(text: str) -> tuple[Question, ...]:
    """``Done: What did you ship? | Next: … | What did you learn?``: 1 to 5 questions,
    each at most 45 characters; ``done:``, ``next:``, ``blocked:`` mark roles, once each."""
    parts = [" ".join(part.split()) for part in text.split("|")]
    if len(parts) > MAX_QUESTIONS:
        raise InvalidInput(
            f"That is {len(parts)} questions; ask 1 to {MAX_QUESTIONS}, separated by |, "
            f"like {QUESTIONS_EXAMPLE}."
        )
    found: list[Question] = []
    for index, part in enumerate(parts, start=1):
        role: Role | None = None
        if match := _ROLE_PREFIX.fullmatch(part):
            role = match[1].lower()  # type: ignore[assignment]
            part = match[2].strip()
        if not part:
            raise InvalidInput(
                f"Question {index} is empty; write 1 to {MAX_QUESTIONS} questions separated by |, "
                f"like {QUESTIONS_EXAMPLE}."
            )
        if len(part) > limits.REFLECTION_QUESTION:
            raise InvalidInput(
                f"Question {index} is {len(part)} characters long; keep each question to "
                f"{limits.REFLECTION_QUESTION} or fewer."
            )
        if role is not None and any(q.role == role for q in found):
            raise InvalidInput(
                f"Two questions start with {role}:, but each of done:, next: and blocked: may mark "
                "one question; write it before one of them only."
            )
        found.append(Question(f"q{index}", role, part))
    return tuple(found)


# --- the commitment -----------------------------------------------------------------------

_AMOUNT = (
    r"(?<![\w.,:])("
    r"[0-9]{1,3}(?:[.,][0-9]+)?\s?(?:hours|hour|hrs|hr|h)(?:\s?[0-9]{1,2}\s?(?:minutes|minute|mins|min|m))?"
    r"|[0-9]{1,4}\s?(?:minutes|minute|mins|min|m)"
    r"|[0-9]{1,3}:[0-9]{2}"
    r")(?![\w])"
)
_AMOUNT_RE = re.compile(_AMOUNT, re.ASCII | re.IGNORECASE)
_AFTER = re.compile(r"\s+(?:(on|of|for)\s+)?([a-z0-9][a-z0-9_-]*)", re.ASCII | re.IGNORECASE)
_BEFORE = re.compile(r"([a-z0-9][a-z0-9_-]*)\s*:?\s*$", re.ASCII | re.IGNORECASE)
MAX_COMMITMENT_MINUTES: Final = 7 * 24 * 60


def parse_commitment(text: str, tracks: Collection[str]) -> dict[str, int]:
    """Minutes per track read from a "next week" answer: ``6h dsa``, ``6h on dsa``,
    ``dsa 6h``, ``dsa: 6h``, ``1h30m project``, ``90m reading``. A word counts as a track
    only if it is one of ``tracks`` (the member's) or follows "on"; anything else is
    prose, not a commitment, and is ignored rather than refused.

    An amount takes, in this order, the track named after it with "on", the known track
    just before it, the known track just after it; a word already taken by the amount
    before is never taken again (``6h dsa 2h project`` is not 8h on dsa)."""
    known = {t.lower() for t in tracks}
    found: dict[str, int] = {}
    used = 0
    for match in _AMOUNT_RE.finditer(text):
        minutes = _minutes(match[1])
        if minutes is None:
            continue
        after = _AFTER.match(text, match.end())
        named = _slug(after[2]) if after is not None else None
        explicit = after is not None and (after[1] or "").lower() == "on"
        before = _track_before(text[used : match.start()], known)
        if named is not None and (explicit or (before is None and named in known)):
            track: str | None = named
            used = after.end() if after is not None else match.end()
        else:
            track, used = before, match.end()
        if track is not None:
            found[track] = min(found.get(track, 0) + minutes, MAX_COMMITMENT_MINUTES)
    return found


def _minutes(amount: str) -> int | None:
    try:
        low, high = parse_hour_range(amount, MAX_COMMITMENT_MINUTES / 60)
    except InvalidInput:
        return None
    return high if high > 0 and low == high else None


def _slug(word: str) -> str | None:
    try:
        return parse_track(word)
    except InvalidInput:
        return None


def _track_before(head: str, known: set[str]) -> str | None:
    match = _BEFORE.search(head)
    if match is None:
        return None
    slug = _slug(match[1])
    return slug if slug is not None and slug in known else None
