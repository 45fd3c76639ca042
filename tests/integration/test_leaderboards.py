"""Leaderboards through the real database (SQLite and PostgreSQL): ranks with ties, hidden
members, instructors, the week/month/term windows, streaks, who may look, hostile names,
the scheduled Friday post, and malformed /leaderboard lines."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import TypeAdapter

from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.model import Actor
from core.errors import NotFound, PermissionDenied
from core.render.text import render_text
from core.services import budgets as budget_service
from core.services import checkins, cohorts, leaderboards, me
from core.services.cohorts import CohortChanges
from core.views.base import Notice
from core.views.kinds import AnyView
from core.views.reports import BoardBudgetRowView, BoardBudgetsView, LeaderboardPeriod, LeaderboardView
from tests.conftest import Console
from tests.console.test_bad_input import assert_one_clear_sentence, dump_tables
from tests.integration.helpers import board, cohort_with, person, weekly_budget

PROF = person("prof")
ALICE = person("alice")
BOB = person("bob")
CAROL = person("carol")
DAN = person("dan")
ZED = person("zed")
COHORT = "ML-Fall-2026"
OTHER = "Other-Cohort"
STUDENTS = (ALICE, BOB, CAROL, DAN)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


async def log(stride: Stride, clock: FixedClock, who: Actor, day: date, hours: float) -> None:
    """Log ``hours`` of dsa on ``day`` by standing the clock on that day."""
    clock.set(at(day))
    await checkins.check_in(stride.services, who, None, minutes=round(hours * 60), track="dsa")


async def class_of_four(stride: Stride, low: float = 2, high: float = 4) -> None:
    """prof teaches alice, bob, carol and dan, each with a weekly dsa budget of low–high."""
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, STUDENTS)
    for who in (PROF, *STUDENTS):
        await weekly_budget(ctx, who, "dsa", low, high)


def table(view: LeaderboardView) -> list[tuple[int, str, float]]:
    return [(row.rank, row.name, row.value) for row in view.rows]


async def bands(
    stride: Stride, who: Actor, period: LeaderboardPeriod | None = None, week: str | None = None
) -> dict[str, BoardBudgetRowView]:
    """The private follow-up of an hours board: each name's budget band, as ``who`` sees it."""
    view = await board(stride.services, who, None, "hours", period, week)
    assert view.follow_up is not None
    private = await view.follow_up()
    assert isinstance(private, BoardBudgetsView)
    assert private.private
    return {row.name: row for row in private.rows}


# --- ranks, ties, budget status, instructors ----------------------------------------------


async def test_ties_share_a_rank_and_the_next_rank_skips(stride: Stride, clock: FixedClock) -> None:
    await class_of_four(stride)
    today = date(2026, 11, 18)
    for who, hours in ((ALICE, 5), (BOB, 3), (CAROL, 3), (DAN, 1), (PROF, 10)):
        await log(stride, clock, who, today, hours)

    view = await board(stride.services, DAN, None)
    assert view.metric == "hours"
    assert view.period == "week"
    assert view.private is False
    assert table(view) == [(1, "Alice", 5), (2, "Bob", 3), (2, "Carol", 3), (4, "Dan", 1)]
    # Budget 2–4 h a week: 5 h is over, 3 h within, 1 h under, for the instructor's eyes only.
    everyone = await bands(stride, PROF)
    assert [everyone[name].status for name in ("Alice", "Bob", "Carol", "Dan")] == [
        "over",
        "within",
        "within",
        "under",
    ]
    assert {(row.budget_min_hours, row.budget_max_hours) for row in everyone.values()} == {(2, 4)}
    # A student sees their own band only.
    assert list(await bands(stride, DAN)) == ["Dan"]
    # The instructor logged the most but is not ranked, nor counted as hidden.
    assert "Prof" not in [row.name for row in view.rows]
    assert view.hidden_count == 0

    text = render_text(view)
    assert "Prof" not in text
    assert text.index("Alice") < text.index("Bob") < text.index("Carol") < text.index("Dan")
    # The board itself is for the channel: no band, no under/over.
    for private in ("▲ over", "▼ under", "✓ within", "2h–4h", "Budget"):
        assert private not in text


async def test_a_board_nobody_has_logged_on_is_a_plain_private_sentence(stride: Stride) -> None:
    await class_of_four(stride)
    view = await leaderboards.leaderboard(stride.services, ALICE, None)
    assert isinstance(view, Notice)
    assert view.private
    assert view.text.startswith("Nobody on the board has logged any hours yet for week ")
    # Streak and roadmap boards are states, not a period's logging: still shown.
    assert table(await board(stride.services, ALICE, None, "streak"))[0][0] == 1


async def test_a_student_without_budgets_is_measured_against_the_cohort_default(
    stride: Stride, clock: FixedClock
) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (ALICE, BOB))
    await weekly_budget(ctx, ALICE, "dsa", 1, 2)
    await log(stride, clock, ALICE, date(2026, 11, 18), 1)
    bob = (await bands(stride, BOB))["Bob"]
    assert (bob.budget_min_hours, bob.budget_max_hours, bob.status) == (6, None, "under")
    view = await board(ctx, BOB, None)
    assert view.follow_up is not None
    private = await view.follow_up()
    assert private is not None
    assert "at least 6h" in render_text(private)
    assert "at least 6h" not in render_text(view)


# --- hidden members ------------------------------------------------------------------------


async def test_hidden_members_are_counted_never_named(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    await class_of_four(stride)
    for who, hours in ((ALICE, 5), (BOB, 3), (CAROL, 8), (DAN, 1)):
        await log(stride, clock, who, date(2026, 11, 18), hours)
    await me.set_leaderboard(ctx, CAROL, None, False)

    for viewer in (ALICE, CAROL, PROF):
        view = await board(ctx, viewer, None)
        # Carol had the most hours; hidden, she takes no rank and leaves no gap.
        assert table(view) == [(1, "Alice", 5), (2, "Bob", 3), (3, "Dan", 1)]
        assert view.hidden_count == 1
        text = render_text(view)
        assert "Carol" not in text
        assert "1 more student keeps their place private." in text

    await me.set_leaderboard(ctx, CAROL, None, True)
    view = await board(ctx, ALICE, None)
    assert table(view)[0] == (1, "Carol", 8)
    assert view.hidden_count == 0


# --- windows: week, month, term, in the cohort's time zone --------------------------------


async def test_week_month_and_term_cover_different_days(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    clock.set(at(date(2026, 10, 5)))
    await class_of_four(stride)
    await log(stride, clock, ALICE, date(2026, 10, 6), 4)  # October: term only
    await log(stride, clock, BOB, date(2026, 11, 3), 3)  # November, an earlier week
    await log(stride, clock, CAROL, date(2026, 11, 16), 2)  # this week (Monday)
    clock.set(at(date(2026, 11, 18)))

    week = await board(ctx, ALICE, None, "hours", "week")
    assert (week.start, week.end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert "2026-W47" in week.label
    assert table(week)[:1] == [(1, "Carol", 2)]
    assert [row.value for row in week.rows] == [2, 0, 0, 0]

    month = await board(ctx, ALICE, None, "hours", "month")
    # The month so far, prorated like the term: 18 of November's 30 days.
    assert (month.start, month.end) == (date(2026, 11, 1), date(2026, 11, 18))
    assert month.label == "November 2026 so far (01 – 18 Nov)"
    assert table(month)[:2] == [(1, "Bob", 3), (2, "Carol", 2)]
    # A month's budget is the weekly one times 52/12, times the share of the month gone.
    bob = (await bands(stride, BOB, "month"))["Bob"]
    assert bob.budget_min_hours == pytest.approx(2 * 52 / 12 * 18 / 30)

    # No term set: the term runs from the cohort's creation to today.
    term = await board(ctx, ALICE, None, "hours", "term")
    assert (term.start, term.end) == (date(2026, 10, 5), date(2026, 11, 18))
    assert table(term)[:3] == [(1, "Alice", 4), (2, "Bob", 3), (3, "Carol", 2)]

    await cohorts.update_cohort(ctx, PROF, None, CohortChanges(term_start=date(2026, 11, 1)))
    term = await board(ctx, ALICE, None, "hours", "term")
    assert term.start == date(2026, 11, 1)
    assert table(term)[:2] == [(1, "Bob", 3), (2, "Carol", 2)]
    assert next(row for row in term.rows if row.name == "Alice").value == 0

    # Once the term is over, the board stops at its end.
    await cohorts.update_cohort(ctx, PROF, None, CohortChanges(term_end=date(2026, 11, 10)))
    term = await board(ctx, ALICE, None, "hours", "term")
    assert (term.start, term.end) == (date(2026, 11, 1), date(2026, 11, 10))
    assert table(term)[:1] == [(1, "Bob", 3)]
    assert next(row for row in term.rows if row.name == "Carol").value == 0


async def test_the_week_is_the_cohorts_week(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (ALICE,), timezone="Pacific/Auckland")
    await weekly_budget(ctx, ALICE, "dsa", 1, 2)
    clock.set(datetime(2026, 11, 21, 12, 0, tzinfo=UTC))  # Sunday 22 Nov, 01:00 in Auckland
    await checkins.check_in(ctx, ALICE, None, minutes=90, track="dsa")
    view = await board(ctx, ALICE, None)
    assert view.start == date(2026, 11, 16)
    assert table(view) == [(1, "Alice", 1.5)]

    # 12:00 UTC on Sunday is already Monday 23 Nov in Auckland: a new week, in UTC still W47.
    clock.set(datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    empty = await leaderboards.leaderboard(ctx, ALICE, None)
    assert isinstance(empty, Notice)
    assert "week 2026-W48 (Mon 23 Nov" in empty.text
    # And week=last is the week that just ended there.
    view = await board(ctx, ALICE, None, week="last")
    assert view.start == date(2026, 11, 16)
    assert table(view) == [(1, "Alice", 1.5)]


# --- the streak board ---------------------------------------------------------------------


async def test_streak_board_ranks_current_streaks(stride: Stride, clock: FixedClock) -> None:
    ctx = stride.services
    clock.set(at(date(2026, 10, 26)))  # Monday of 2026-W44
    await class_of_four(stride)
    for day in (date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)):  # W45, W46, W47
        await log(stride, clock, ALICE, day, 2)
    await log(stride, clock, BOB, date(2026, 11, 10), 2)  # W46 only: the last complete week
    await log(stride, clock, BOB, date(2026, 11, 17), 1)  # W47 so far: not met, not broken
    await log(stride, clock, CAROL, date(2026, 11, 3), 3)  # W45, then W46 missed
    clock.set(at(date(2026, 11, 18)))

    view = await board(ctx, DAN, None, "streak")
    assert view.metric == "streak"
    assert view.period == "term"  # the default window of a streak board
    assert table(view) == [(1, "Alice", 3), (2, "Bob", 1), (3, "Carol", 0), (3, "Dan", 0)]
    assert view.follow_up is None  # a streak has no band to show
    text = render_text(view)
    assert "3 weeks" in text
    assert "1 week\n" in text

    # Only this week counts on a weekly streak board: Alice has met it, nobody else has.
    view = await board(ctx, DAN, None, "streak", "week")
    assert table(view) == [(1, "Alice", 1), (2, "Bob", 0), (2, "Carol", 0), (2, "Dan", 0)]

    # A term that starts in W46 forgets Alice's and Carol's W45.
    await cohorts.update_cohort(ctx, PROF, None, CohortChanges(term_start=date(2026, 11, 9)))
    view = await board(ctx, DAN, None, "streak", "term")
    assert table(view) == [(1, "Alice", 2), (2, "Bob", 1), (3, "Carol", 0), (3, "Dan", 0)]


# --- who may look -------------------------------------------------------------------------


async def test_a_student_of_another_cohort_cannot_see_this_board(stride: Stride, console: Console) -> None:
    ctx = stride.services
    await class_of_four(stride)
    await cohort_with(ctx, OTHER, ZED)

    with pytest.raises(PermissionDenied, match="not in cohort ML-Fall-2026"):
        await board(ctx, ZED, COHORT)
    with pytest.raises(NotFound):
        await board(ctx, person("nobody"), None)
    error = await console.fails(f"@zed /leaderboard cohort={COHORT}")
    assert "not in cohort" in error
    assert "Alice" not in error
    # zed's own board is their own cohort's, with nobody of ML in it.
    view = await board(ctx, ZED, None, "streak")
    assert view.cohort == OTHER
    assert view.rows == []


# --- hostile names ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["@everyone", "<@&1> <!channel> **bold**"])
async def test_mentions_in_names_appear_verbatim(stride: Stride, clock: FixedClock, name: str) -> None:
    ctx = stride.services
    await cohort_with(ctx, COHORT, PROF, (ALICE,))
    eve = Actor("console", "local", "eve", name)
    await cohorts.join_cohort(ctx, eve, COHORT)
    await weekly_budget(ctx, eve, "dsa", 1, 2)
    await log(stride, clock, eve, date(2026, 11, 18), 2)

    view = await board(ctx, ALICE, None)
    assert table(view) == [(1, name, 2), (2, "Alice", 0)]
    assert name in render_text(view)


# --- the scheduled Friday post ------------------------------------------------------------


async def test_the_scheduled_post_is_this_weeks_hours(stride: Stride, clock: FixedClock) -> None:
    await class_of_four(stride)
    await log(stride, clock, BOB, date(2026, 11, 18), 2)
    await log(stride, clock, ALICE, date(2026, 11, 11), 9)  # last week: not on this post
    async with stride.services.uow() as uow:
        cohort = await uow.cohorts.by_name("console", "local", COHORT)
        assert cohort is not None
        view = await leaderboards.scheduled_post(uow, cohort, None, date(2026, 11, 20))
    assert isinstance(view, LeaderboardView)
    assert (view.metric, view.period, view.private) == ("hours", "week", False)
    assert view.start == date(2026, 11, 16)
    assert table(view)[0] == (1, "Bob", 2)
    assert next(row for row in view.rows if row.name == "Alice").value == 0

    # What the outbox stores comes back as the same view.
    stored = view.model_dump(mode="json")
    assert TypeAdapter(AnyView).validate_python(stored) == view


# --- malformed /leaderboard lines ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/leaderboard speed", "'speed' is not a leaderboard"),
        ("/leaderboard hours yearly", "'yearly' is not a period"),
        ("/leaderboard yearly", "'yearly' is not a leaderboard"),
        ("/leaderboard roadmap roadmap", "given twice"),
        ("/leaderboard hours week extra", "one word too many"),
        ("/leaderboard week month", "given twice"),
        ("/leaderboard streak hours", "given twice"),
        ("/leaderboard hours sort=desc", "sort="),
        ("/leaderboard cohort=Nowhere", "no cohort called"),
    ],
)
async def test_bad_leaderboard_lines_get_one_clear_sentence_and_write_nothing(
    stride: Stride, console: Console, line: str, says: str
) -> None:
    await class_of_four(stride)
    before = await dump_tables(stride.engine)
    error = await console.fails(f"@alice {line}")
    assert_one_clear_sentence(error, line)
    assert says in error
    assert await dump_tables(stride.engine) == before


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ([], ("hours", None)),
        (["streak"], ("streak", None)),
        (["MONTH"], ("hours", "month")),
        (["term", "streak"], ("streak", "term")),
        (["hours", "week"], ("hours", "week")),
    ],
)
def test_metric_and_period_in_either_order(words: list[str], expected: tuple[str, str | None]) -> None:
    assert leaderboards.parse_board_words(words) == expected


async def test_the_leaderboard_command_reaches_the_service(stride: Stride, console: Console) -> None:
    await class_of_four(stride)
    await console.ok("@alice /checkin 3h dsa")
    text = await console.ok("@bob /leaderboard hours month")
    assert "November 2026" in text
    assert text.index("Alice") < text.index("Bob")


async def test_the_hours_board_adds_weekly_and_monthly_budgets_in_each_window(
    stride: Stride, clock: FixedClock
) -> None:
    """The board sums a student's budgets per period in SQL: a weekly and a monthly budget
    on two tracks give the range the rules give them one at a time, in every window."""
    ctx = stride.services
    clock.set(at(date(2026, 11, 2)))
    await cohort_with(ctx, COHORT, PROF, (ALICE, BOB))
    await weekly_budget(ctx, ALICE, "dsa", 2, 4)
    await budget_service.set_budget(ctx, ALICE, None, "ml", 10 * 60, 20 * 60, "month")
    await log(stride, clock, ALICE, date(2026, 11, 16), 5)
    clock.set(at(date(2026, 11, 18)))
    expected: dict[LeaderboardPeriod, tuple[float, float]] = {
        "week": (2 + 10 * 12 / 52, 4 + 20 * 12 / 52),
        "month": ((2 * 52 / 12 + 10) * 18 / 30, (4 * 52 / 12 + 20) * 18 / 30),  # 1–18 Nov
        "term": ((2 + 10 * 12 / 52) * 17 / 7, (4 + 20 * 12 / 52) * 17 / 7),  # 2–18 Nov
    }
    for period, (low, high) in expected.items():
        seen = await bands(stride, PROF, period)
        alice = seen["Alice"]
        assert alice.budget_min_hours == pytest.approx(low)
        assert alice.budget_max_hours == pytest.approx(high)
        assert alice.status == ("within" if low <= 5 <= high else "under" if low > 5 else "over")
        bob = seen["Bob"]
        assert bob.budget_max_hours is None  # no budget: the cohort default, a minimum only
