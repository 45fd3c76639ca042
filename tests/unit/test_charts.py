"""The charts drawn from plain data: typical, empty and extreme inputs give valid PNGs of a
sensible size, the words that go with them say what they show, and a member's own text is
drawn as text (never parsed as TeX)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.charts.data import (
    MAX_ROWS,
    CohortChart,
    PhaseProgress,
    RoadmapChart,
    SkillLevels,
    SkillsChart,
    StudentWeek,
    WeekHours,
    WeeklyHoursChart,
)
from core.charts.render import (
    NAME_CHARS,
    render_cohort,
    render_roadmap,
    render_skills,
    render_weekly_hours,
    skill_label,
)
from core.domain.budgets import Budget
from core.domain.streaks import compute_streak, streak_week_keys
from core.domain.weeks import iso_week_key
from core.services.charts import WEEKS_SHOWN, weekly_hours_chart
from core.services.progress import WeekHistory
from tests.charts_support import assert_chart_png

HOSTILE = "$\\frac{1}{0}$ <@U1> @everyone $x^$ \\$ {}"
LONG = "Distributed systems design for very large scale machine learning platforms " * 3
TODAY = date(2026, 11, 18)  # Wednesday of 2026-W47


def weeks(hours: Sequence[float], streak_from: int | None = None) -> tuple[WeekHours, ...]:
    keys = [iso_week_key(TODAY - timedelta(weeks=back)) for back in range(len(hours) - 1, -1, -1)]
    return tuple(
        WeekHours(key, h, streak_from is not None and streak_from <= i < len(hours) - 1, i == len(hours) - 1)
        for i, (key, h) in enumerate(zip(keys, hours, strict=True))
    )


TYPICAL_WEEKS = [0, 3, 9, 11, 12, 14, 8, 7, 10, 9, 12, 11]


# --- the weekly hours chart -----------------------------------------------------------------


def test_the_weekly_chart_says_in_words_where_this_week_stands() -> None:
    chart = WeeklyHoursChart("Ada", weeks(TYPICAL_WEEKS, streak_from=8), 8, 12, 3)
    assert chart.summary() == (
        "11h this week, inside your 8h–12h band; 3-week streak; inside it in 7 of the last 10 complete weeks."
    )
    assert chart.weeks[-1].label == "W47"
    assert_chart_png(render_weekly_hours(chart))


@pytest.mark.parametrize(
    ("this_week", "words"),
    [(7.5, "7h 30m this week, under your 8h–12h band"), (12.5, "12h 30m this week, over your 8h–12h band")],
)
def test_under_and_over_the_band_are_said(this_week: float, words: str) -> None:
    chart = WeeklyHoursChart("Ada", weeks([*TYPICAL_WEEKS[:-1], this_week]), 8, 12, 0)
    assert chart.summary().startswith(words)
    assert "no streak yet" in chart.summary()


def test_a_newcomer_has_no_complete_weeks_to_count() -> None:
    chart = WeeklyHoursChart("Ada", weeks([0.0] * 11 + [2.0]), 8, 12, 0)
    assert chart.summary() == "2h this week, under your 8h–12h band; no streak yet."


def test_without_budgets_the_cohort_default_is_a_minimum_line() -> None:
    chart = WeeklyHoursChart("Ada", weeks(TYPICAL_WEEKS), 6, None, 0)
    assert "inside your at least 6h cohort default" in chart.summary()
    assert_chart_png(render_weekly_hours(chart))


@pytest.mark.parametrize(
    "hours",
    [[24.0] * 12, [0.0] * 11 + [168.0], [0.25] + [0.0] * 11, [100.0, 0.0] * 6],
    ids=["24-hour weeks", "a whole week of hours", "a quarter hour", "alternating"],
)
def test_extreme_weeks_still_draw(hours: list[float]) -> None:
    chart = WeeklyHoursChart(HOSTILE, weeks(hours, streak_from=0), 0.5, 168, 11)
    assert not chart.empty
    assert_chart_png(render_weekly_hours(chart))


def test_a_member_without_hours_has_an_empty_chart() -> None:
    assert WeeklyHoursChart("Ada", weeks([0.0] * 12), 8, 12, 0).empty
    assert not WeeklyHoursChart("Ada", weeks([0.0] * 11 + [0.5]), 8, 12, 0).empty


def test_the_same_chart_draws_the_same_bytes() -> None:
    chart = WeeklyHoursChart("Ada", weeks(TYPICAL_WEEKS, streak_from=8), 8, 12, 3)
    assert render_weekly_hours(chart) == render_weekly_hours(chart)


# --- which weeks the streak marks ------------------------------------------------------------

BUDGETS = [Budget("dsa", 5, 7, "week")]


def test_the_starred_weeks_are_the_current_streak() -> None:
    met, short = {"dsa": 6.0}, {"dsa": 1.0}
    hours = {iso_week_key(TODAY - timedelta(weeks=b)): met for b in (1, 2, 4, 5)}
    hours[iso_week_key(TODAY - timedelta(weeks=3))] = short
    paused = {iso_week_key(TODAY - timedelta(weeks=2))}
    streak = compute_streak(hours, BUDGETS, 6, paused, TODAY)
    assert streak.current == 1  # the paused week neither counts nor breaks
    keys = streak_week_keys(hours, BUDGETS, 6, paused, TODAY, streak.current)
    assert keys == {iso_week_key(TODAY - timedelta(weeks=1))}


def test_this_week_is_starred_once_it_is_met() -> None:
    hours = {iso_week_key(TODAY - timedelta(weeks=b)): {"dsa": 6.0} for b in range(4)}
    streak = compute_streak(hours, BUDGETS, 6, set(), TODAY)
    history = WeekHistory(hours=hours, paused_weeks=set(), pauses=[])
    chart = weekly_hours_chart("Ada", history, BUDGETS, 6, TODAY)
    assert streak.current == chart.streak == 4
    assert [w.in_streak for w in chart.weeks] == [False] * 8 + [True] * 4
    assert (chart.band_min, chart.band_max) == (5, 7)
    assert len(chart.weeks) == WEEKS_SHOWN
    assert chart.weeks[-1].current


def test_monthly_budgets_count_per_week_in_the_band() -> None:
    history = WeekHistory(hours={iso_week_key(TODAY): {"reading": 2.0}}, paused_weeks=set(), pauses=[])
    chart = weekly_hours_chart("Ada", history, [*BUDGETS, Budget("reading", 13, 26, "month")], 6, TODAY)
    assert chart.band_min == pytest.approx(5 + 3)
    assert chart.band_max == pytest.approx(7 + 6)
    assert chart.weeks[-1].hours == 2.0


# --- the skills chart ------------------------------------------------------------------------


def skill(name: str, priority: int = 1, current: int = 1, target: int = 3, change: int = 0) -> SkillLevels:
    return SkillLevels(name, priority, current, target, change)


def test_the_skills_chart_sums_up_levels_and_trend() -> None:
    chart = SkillsChart(
        "Ada", (skill("SQL", change=1), skill("Talks", 2, 4, 4), skill("ML", 3, 0, 5, -1)), 90
    )
    assert chart.summary() == "3 skills: 1 at target, 7 levels to go in all; +0 levels in the last 90 days."
    assert_chart_png(render_skills(chart))


def test_two_hundred_skills_show_the_most_telling_fifteen() -> None:
    rng = random.Random(7)
    many = tuple(
        skill(f"{LONG} {n}", rng.randint(1, 3), c := rng.randint(0, 5), rng.randint(c, 5), rng.randint(-2, 2))
        for n in range(200)
    )
    chart = SkillsChart(HOSTILE, many, 90)
    shown = chart.shown()
    assert len(shown) == MAX_ROWS
    assert {s.priority for s in shown} == {1}, "priority 1 first"
    assert "(the chart lists 15 with the largest gaps)" in chart.summary()
    assert_chart_png(render_skills(chart), max_height=1000)


def test_member_text_is_drawn_as_text_and_long_names_are_cut() -> None:
    chart = SkillsChart(HOSTILE, (skill(HOSTILE), skill(LONG), skill("a\nb\x00c")), 90)
    assert_chart_png(render_skills(chart))  # mathtext would choke on "$x^$"
    label = skill_label(skill(LONG, priority=2))
    assert label.endswith("… (P2)")
    assert len(label) == NAME_CHARS + len(" (P2)")
    assert skill_label(skill("a\nb\x00c")) == "a b c (P1)"


@settings(max_examples=15, deadline=None)
@given(name=st.text(min_size=1, max_size=120))
def test_any_skill_name_draws(name: str) -> None:
    assert_chart_png(render_skills(SkillsChart(name, (skill(name), skill(name + "2")), 90)))


# --- the cohort chart ------------------------------------------------------------------------


def students(count: int, seed: int = 1) -> tuple[StudentWeek, ...]:
    rng = random.Random(seed)
    found = []
    for n in range(count):
        hours = max(0.0, rng.gauss(7, 4))
        status = "under" if hours < 5 else "within" if hours <= 10 else "over"
        found.append(StudentWeek(hours, status, n % 7 != 0, n % 50 == 0))
    return tuple(found)


def test_a_thousand_students_fit_one_picture() -> None:
    chart = CohortChart("ML-Fall-2026", "2026-W47", students(1000))
    counts = chart.counts()
    assert sum(counts.values()) == 1000
    assert list(counts) == ["under", "within", "over", "no budget", "paused"]
    assert chart.summary().startswith("ML-Fall-2026, week 2026-W47: ")
    assert "of 1,000 students logged hours (median " in chart.summary()
    assert_chart_png(render_cohort(chart))


@pytest.mark.parametrize(
    "group",
    [
        (StudentWeek(0, "under", True, False),),
        (StudentWeek(0, "under", False, False),) * 3,
        (StudentWeek(168, "over", True, False), StudentWeek(0.1, "under", True, False)),
    ],
    ids=["one idle student", "nobody logged anything", "a whole week of hours"],
)
def test_small_and_extreme_cohorts_draw(group: tuple[StudentWeek, ...]) -> None:
    chart = CohortChart(HOSTILE, "2026-W47", group)
    assert "paused" not in chart.counts()
    assert_chart_png(render_cohort(chart))


def test_the_cohort_text_gives_the_median_hours() -> None:
    group = tuple(StudentWeek(h, "within", True, False) for h in (9, 1, 4, 0, 30))
    assert "4 of 5 students logged hours (median 4h)" in CohortChart("ML", "2026-W47", group).summary()


def test_a_cohort_without_students_is_empty() -> None:
    assert CohortChart("ML", "2026-W47", ()).empty


# --- the roadmap chart -----------------------------------------------------------------------


def test_roadmap_progress_by_phase() -> None:
    chart = RoadmapChart(
        "Ada",
        (PhaseProgress("Foundations", 5, 5), PhaseProgress("Graphs & DP", 3, 8), PhaseProgress("Next", 0, 4)),
    )
    assert chart.summary() == "8 of 17 items done (47%); 1 of 3 phases finished."
    assert_chart_png(render_roadmap(chart))


def test_a_long_roadmap_lists_its_first_phases() -> None:
    chart = RoadmapChart("Ada", tuple(PhaseProgress(f"{HOSTILE} {LONG} {n}", n % 4, 3) for n in range(50)))
    assert len(chart.shown()) == MAX_ROWS
    assert chart.summary().endswith(f"(first {MAX_ROWS} shown).")
    assert_chart_png(render_roadmap(chart), max_height=1000)


def test_a_roadmap_without_items_is_empty() -> None:
    assert RoadmapChart("Ada", ()).empty
    assert RoadmapChart("Ada", (PhaseProgress("Phase 1", 0, 0),)).empty


def test_paused_weeks_are_marked_and_drawn() -> None:
    paused = {iso_week_key(TODAY - timedelta(weeks=2))}
    hours = {iso_week_key(TODAY - timedelta(weeks=b)): {"dsa": 6.0} for b in (1, 3)}
    history = WeekHistory(hours=hours, paused_weeks=paused, pauses=[])
    chart = weekly_hours_chart("Ada", history, BUDGETS, 6, TODAY)
    assert [w.paused for w in chart.weeks][-4:] == [False, True, False, False]  # 3, 2, 1, 0 weeks back
    assert chart.streak == 2  # the pause between the two met weeks does not break the run
    assert [w.in_streak for w in chart.weeks][-4:] == [True, False, True, False]
    assert_chart_png(render_weekly_hours(chart))
