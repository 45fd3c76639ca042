"""The reflection rules: the open week and its lock, the questions, the commitment parser."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.domain.model import Cohort
from core.domain.reflections import (
    DEFAULT_QUESTIONS,
    cohort_questions,
    instant_label,
    lock_instant,
    open_week,
    parse_commitment,
    parse_questions,
    reflections_enabled,
    week_label,
)
from core.errors import InvalidInput

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
LA = ZoneInfo("America/Los_Angeles")
W49 = date(2026, 11, 30)  # Monday of 2026-W49
W50 = date(2026, 12, 7)


def cohort(settings: dict[str, Any] | None = None, tz: str = "Europe/Berlin") -> Cohort:
    return Cohort(
        id=1,
        platform="console",
        workspace_id="w",
        name="c",
        timezone=tz,
        channel_id=None,
        term_start=None,
        term_end=None,
        horizon_weeks=52,
        step_hours=(5, 15, 40, 100, 200),
        default_weekly_minutes=360,
        settings=settings or {},
    )


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_lock_is_the_first_digest_after_the_weeks_end() -> None:
    # The default digest: Monday 08:00 in Berlin (07:00 UTC in December).
    assert lock_instant(W49, cohort()) == utc(2026, 12, 7, 7, 0)


def test_lock_follows_the_cohorts_digest_cron() -> None:
    settings = {"schedule": {"digest": {"cron": "30 17 * * tue"}}}
    assert lock_instant(W49, cohort(settings)) == utc(2026, 12, 8, 16, 30)


def test_a_digest_at_midnight_sunday_locks_at_the_weeks_end() -> None:
    settings = {"schedule": {"digest": {"cron": "0 0 * * mon"}}}
    assert lock_instant(W49, cohort(settings)) == utc(2026, 12, 6, 23, 0)


def test_with_the_digest_off_the_week_locks_seven_days_after_its_end() -> None:
    settings = {"schedule": {"digest": {"enabled": False}}}
    assert lock_instant(W49, cohort(settings)) == utc(2026, 12, 13, 23, 0)


def test_last_week_is_open_until_its_digest_goes_out() -> None:
    before = open_week(utc(2026, 12, 7, 6, 59), BERLIN, cohort())
    after = open_week(utc(2026, 12, 7, 7, 0), BERLIN, cohort())
    assert (before.key, before.locks_at) == ("2026-W49", utc(2026, 12, 7, 7, 0))
    assert after.key == "2026-W50"


def test_sunday_evening_asks_about_this_week() -> None:
    assert open_week(utc(2026, 12, 6, 17, 0), BERLIN, cohort()).key == "2026-W49"


def test_the_week_is_the_members_own() -> None:
    # Monday 01:00 in Tokyo is still Sunday in Berlin, where the cohort's digest is later.
    now = utc(2026, 12, 6, 16, 0)
    assert open_week(now, TOKYO, cohort()).key == "2026-W49"
    # In Los Angeles it is Sunday morning of W49 too.
    assert open_week(now, LA, cohort()).key == "2026-W49"
    # Tuesday in Tokyo after the digest: this week.
    assert open_week(utc(2026, 12, 8, 1, 0), TOKYO, cohort()).key == "2026-W50"


def test_labels() -> None:
    assert week_label(W49) == "Mon 30 Nov – Sun 6 Dec"
    assert instant_label(utc(2026, 12, 7, 7, 0), BERLIN) == "Mon 7 Dec 08:00"


def test_default_questions_and_switch() -> None:
    assert cohort_questions({}) == DEFAULT_QUESTIONS
    assert [q.role for q in DEFAULT_QUESTIONS] == ["done", "next", "blocked"]
    assert all(len(q.text) <= 45 for q in DEFAULT_QUESTIONS)
    assert reflections_enabled({})
    assert not reflections_enabled({"reflection": {"enabled": False}})


def test_questions_parse_roles_and_free_questions() -> None:
    found = parse_questions(
        "Done: What did you ship? | Next: What's your plan? | BLOCKED: Any blockers? | What did you learn?"
    )
    assert [(q.key, q.role, q.text) for q in found] == [
        ("q1", "done", "What did you ship?"),
        ("q2", "next", "What's your plan?"),
        ("q3", "blocked", "Any blockers?"),
        ("q4", None, "What did you learn?"),
    ]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("a|b|c|d|e|f", "That is 6 questions; ask 1 to 5"),
        ("a | | c", "Question 2 is empty"),
        ("next: a | next: b", "Two questions start with next:"),
        ("x" * 46, "Question 1 is 46 characters long; keep each question to 45 or fewer."),
        ("   ", "Question 1 is empty"),
    ],
)
def test_bad_questions_are_refused_in_one_sentence(text: str, says: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_questions(text)
    assert says in str(caught.value)
    assert str(caught.value).count(". ") == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6h dsa", {"dsa": 360}),
        ("6h on dsa", {"dsa": 360}),
        ("dsa 6h", {"dsa": 360}),
        ("dsa: 6h", {"dsa": 360}),
        ("1h30m project", {"project": 90}),
        ("90m reading", {"reading": 90}),
        ("6h dsa, 2h on project and 30 minutes reading", {"dsa": 360, "project": 120, "reading": 30}),
        ("2h dsa then 1h dsa", {"dsa": 180}),
        ("Finish the book, 3h on writing", {"writing": 180}),
        ("Spend 6h with friends", {}),
        ("study hard", {}),
        ("6 dsa", {}),
        ("1:30 dsa", {"dsa": 90}),
        ("DSA 2H", {"dsa": 120}),
        ("1.5h dsa", {"dsa": 90}),
        ("200h dsa", {}),
        ("40h on project", {"project": 2400}),
        ("6h dsa 2h rust", {"dsa": 360}),
        ("6h dsa 2h project", {"dsa": 360, "project": 120}),
        ("dsa 6h project 2h", {"dsa": 360, "project": 120}),
        ("dsa 6h, project 2h", {"dsa": 360, "project": 120}),
        ("read dsa notes 3h on project", {"project": 180}),
    ],
)
def test_commitment_parser(text: str, expected: dict[str, int]) -> None:
    assert parse_commitment(text, {"dsa", "project", "reading"}) == expected


def test_commitment_parser_survives_hostile_text() -> None:
    assert parse_commitment("@everyone <@&1> <!channel> " * 100, {"dsa"}) == {}
    assert parse_commitment("9" * 5000 + "h dsa", {"dsa"}) == {}


def test_a_member_behind_the_cohort_keeps_their_week_until_it_ends() -> None:
    # Sunday 29 Nov 23:30 in Los Angeles is Monday 08:30 in Berlin: W48's digest went out.
    now = utc(2026, 11, 30, 7, 30)
    week = open_week(now, LA, cohort())
    assert week.key == "2026-W48"
    assert week.locks_at == utc(2026, 11, 30, 8, 0)  # midnight in Los Angeles
    assert open_week(utc(2026, 11, 30, 8, 0), LA, cohort()).key == "2026-W49"


def test_the_digest_part_cuts_blockers_and_marks_the_still_blocked() -> None:
    from core.domain.reflections import DigestRow
    from core.services.reflections.digest import judge_reflections

    long = "word " * 100
    rows = [
        DigestRow(1, "2026-W48", "old", {"dsa": 360}, "open"),
        DigestRow(1, "2026-W49", long, {}, None),
        DigestRow(2, "2026-W49", None, {}, None),
        DigestRow(3, "2026-W49", "an instructor's", {}, None),  # not a student
    ]
    part = judge_reflections(rows, {1: {"dsa": 400}}, {1: "ada", 2: "bob"}, "2026-W49")
    assert part.answered == 2
    assert [(c.name, c.met) for c in part.commitments] == [("ada", True)]
    assert [(v.track, v.planned_hours, v.done_hours) for v in part.commitments[0].commitments] == [
        ("dsa", 6, 400 / 60)
    ]
    (blocker,) = part.blockers
    assert (blocker.name, blocker.still, len(blocker.text)) == ("ada", True, 200)
    assert blocker.text.endswith("…")
    assert part.reasons[1].startswith("blocked: “word word")
    assert len(part.reasons[1]) == len("blocked: “”") + 120
