"""Time to target and attainability (DESIGN §2)."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain.levels import SkillKind
from core.domain.planning import (
    DEFAULT_HORIZON_WEEKS,
    DEFAULT_STEP_HOURS,
    DEFAULT_WEEKLY_HOURS,
    SkillTarget,
    TargetCut,
    VerdictJudge,
    assess,
    check_step_hours,
    credited_hours,
    hours_needed,
    step_crossings,
    verdict,
)
from core.errors import InvalidInput

G = SkillKind.GENERAL
S = SkillKind.SPECIFIC


def skill(name: str, priority: int, current: int, target: int, kind: SkillKind = G) -> SkillTarget:
    return SkillTarget(name=name, kind=kind, priority=priority, current=current, target=target)


# Ten skills 1 → 3 with mixed priorities: four Critical, three Important, three Nice-to-have.
TEN_SKILLS = [
    skill("python", 1, 1, 3),
    skill("sql", 1, 1, 3),
    skill("git", 2, 1, 3),
    skill("testing", 3, 1, 3),
    skill("writing", 3, 1, 3),
    skill("pandas", 1, 1, 3, S),
    skill("spark", 2, 1, 3, S),
    skill("airflow", 2, 1, 3, S),
    skill("dbt", 3, 1, 3, S),
    skill("ml", 1, 1, 3, S),
]


def test_defaults() -> None:
    assert DEFAULT_STEP_HOURS == (5, 15, 40, 100, 200)
    assert DEFAULT_HORIZON_WEEKS == 52
    assert DEFAULT_WEEKLY_HOURS == 6.0


@pytest.mark.parametrize(
    ("current", "target", "expected"),
    [
        (0, 0, 0.0),
        (0, 1, 5.0),
        (1, 3, 55.0),
        (0, 5, 360.0),
        (4, 5, 200.0),
        (3, 3, 0.0),
        (4, 2, 0.0),
        (5, 0, 0.0),
    ],
)
def test_hours_needed(current: int, target: int, expected: float) -> None:
    assert hours_needed(current, target, DEFAULT_STEP_HOURS) == expected


def test_hours_needed_rounds_float_noise() -> None:
    assert hours_needed(0, 3, (0.1, 0.2, 0.3, 1, 1)) == 0.6


@pytest.mark.parametrize(("current", "target"), [(-1, 3), (0, 6), (6, 6)])
def test_hours_needed_rejects_levels_off_the_scale(current: int, target: int) -> None:
    with pytest.raises(InvalidInput):
        hours_needed(current, target, DEFAULT_STEP_HOURS)


@pytest.mark.parametrize(
    "values",
    [
        (),
        (5, 15, 40, 100),
        (5, 15, 40, 100, 200, 300),
        (0, 15, 40, 100, 200),
        (-5, 15, 40, 100, 200),
        (5, math.nan, 40, 100, 200),
        (5, 15, math.inf, 100, 200),
        (5, 15, 40, -math.inf, 200),
        (5, 15, 40, 100, 1e9),
        (5, 15, 40, 100, 1e308),
        (True, 15, 40, 100, 200),
        ("5", 15, 40, 100, 200),
    ],
)
def test_check_step_hours_rejects(values: tuple[float, ...]) -> None:
    with pytest.raises(InvalidInput) as info:
        check_step_hours(values)
    assert "like 5 15 40 100 200" in info.value.message


def test_check_step_hours_accepts_and_normalises() -> None:
    assert check_step_hours([1, 2, 3.5, 4, 10_000]) == (1.0, 2.0, 3.5, 4.0, 10_000.0)


@pytest.mark.parametrize(
    ("name", "priority", "current", "target"),
    [("x", 0, 1, 2), ("x", 4, 1, 2), ("x", 1, -1, 2), ("x", 1, 1, 6)],
)
def test_skill_target_validates(name: str, priority: int, current: int, target: int) -> None:
    with pytest.raises(InvalidInput):
        skill(name, priority, current, target)


def test_worked_example_from_the_design() -> None:
    result = assess(TEN_SKILLS, 6.0)
    assert result.total_hours == 550.0
    assert result.weekly_hours == 6.0
    assert result.total_weeks == 92
    assert result.horizon_weeks == 52
    assert result.attainable is False
    assert result.weekly_hours_needed == 11
    assert result.total_weeks_after_cuts is not None
    assert result.total_weeks_after_cuts <= 52
    # Nice-to-have skills go first (biggest step, then plan order), then Important ones.
    assert result.cuts == (
        TargetCut("testing", 3, 3, 1, 55.0),
        TargetCut("writing", 3, 3, 1, 55.0),
        TargetCut("dbt", 3, 3, 1, 55.0),
        TargetCut("git", 2, 3, 2, 40.0),
        TargetCut("spark", 2, 3, 2, 40.0),
    )
    assert result.total_weeks_after_cuts == math.ceil((550 - 3 * 55 - 2 * 40) / 6)


def test_worked_example_at_eleven_hours_is_attainable() -> None:
    result = assess(TEN_SKILLS, 11.0)
    assert result.total_weeks == 50
    assert result.attainable is True
    assert result.weekly_hours_needed is None
    assert result.cuts == ()
    assert result.total_weeks_after_cuts is None


def test_per_skill_weeks_follow_the_design_worked_example() -> None:
    """DESIGN §2: at 6 h/week A (P1, 30 h) and C (P3, 10 h) arrive at week 10, B (P2, 40 h)
    then gets all six hours and arrives at 13.3 — the plan's own 14 weeks, not 20."""
    steps = (10, 10, 10, 10, 10)
    plan = [skill("A", 1, 0, 3), skill("B", 2, 0, 4), skill("C", 3, 0, 1)]
    result = assess(plan, 6.0, steps)
    by_name = {s.name: s for s in result.skills}
    assert by_name["A"].weeks_to_target == pytest.approx(10)
    assert by_name["C"].weeks_to_target == pytest.approx(10)
    assert by_name["B"].weeks_to_target == pytest.approx(40 / 3)
    assert [s.week_reached for s in result.skills] == [10, 14, 10]
    assert result.total_weeks == 14


def test_per_skill_rows_keep_plan_order_and_columns() -> None:
    result = assess(TEN_SKILLS, 6.0)
    by_name = {s.name: s for s in result.skills}
    assert by_name["dbt"].kind is S
    assert by_name["dbt"].gap == 2
    assert by_name["dbt"].hours_needed == 55.0
    assert [s.name for s in result.skills] == [s.name for s in TEN_SKILLS]
    # Same need: the Critical skills arrive first, the Nice-to-have last, with the plan.
    arrivals = [by_name[name].weeks_to_target or 0.0 for name in ("python", "git", "dbt")]
    assert arrivals == sorted(arrivals)
    assert len(set(arrivals)) == 3
    assert by_name["dbt"].week_reached == result.total_weeks == 92


def test_hours_done_shorten_a_skill_and_the_plan() -> None:
    plain = assess([skill("sql", 1, 1, 3), skill("git", 2, 1, 2)], 5.0)
    worked = assess([dataclasses.replace(skill("sql", 1, 1, 3), done_hours=20.0), skill("git", 2, 1, 2)], 5.0)
    sql = worked.skills[0]
    assert (sql.hours_needed, sql.hours_done, sql.hours_left) == (55.0, 20.0, 35.0)
    assert worked.total_hours == plain.total_hours - 20 == 50.0
    assert worked.total_weeks == 10
    # More hours than the skill needs count only up to its need.
    over = assess([dataclasses.replace(skill("sql", 1, 1, 3), done_hours=500.0)], 5.0)
    assert (over.skills[0].hours_done, over.skills[0].hours_left, over.total_weeks) == (55.0, 0.0, 0)


def test_hours_done_cannot_be_negative_or_infinite() -> None:
    for bad in (-1.0, math.inf, math.nan):
        with pytest.raises(InvalidInput):
            dataclasses.replace(skill("sql", 1, 1, 3), done_hours=bad)


def test_skills_already_at_target_take_no_share() -> None:
    skills = [skill("done", 1, 3, 3), skill("todo", 3, 0, 1)]
    result = assess(skills, 5.0)
    done, todo = result.skills
    assert done.weeks_to_target == 0.0
    assert done.gap == 0
    # "todo" is the only skill with need, so it gets the whole week.
    assert todo.weeks_to_target == 1.0


def test_current_above_target_counts_as_no_gap() -> None:
    result = assess([skill("over", 2, 4, 2)], 6.0)
    assert result.skills[0].gap == 0
    assert result.skills[0].hours_needed == 0.0
    assert result.total_weeks == 0
    assert result.attainable is True


def test_zero_weekly_hours_with_need_is_never_attainable() -> None:
    result = assess([skill("a", 1, 0, 2), skill("b", 3, 0, 1)], 0.0)
    assert result.total_weeks is None
    assert result.attainable is False
    assert result.skills[0].weeks_to_target is None
    assert result.weekly_hours_needed == 1  # ceil(25 / 52)
    # Only dropping every target to the current level fits zero hours a week.
    assert result.cuts == (TargetCut("b", 3, 1, 0, 5.0), TargetCut("a", 1, 2, 0, 20.0))
    assert result.total_weeks_after_cuts == 0


def test_zero_weekly_hours_without_need_is_attainable() -> None:
    result = assess([skill("a", 1, 2, 2)], 0.0)
    assert result.total_weeks == 0
    assert result.attainable is True
    assert result.skills[0].weeks_to_target == 0.0


def test_empty_plan_is_trivially_attainable() -> None:
    result = assess([], 6.0)
    assert result.total_hours == 0.0
    assert result.total_weeks == 0
    assert result.attainable is True
    assert result.skills == ()


def test_exactly_at_the_horizon_is_attainable() -> None:
    # 312 h at 6 h/week is exactly 52 weeks.
    skills = [skill("a", 1, 0, 4), skill("b", 1, 0, 2), skill("c", 1, 0, 2)]
    assert sum(hours_needed(s.current, s.target, DEFAULT_STEP_HOURS) for s in skills) == 200
    result = assess(skills, 200 / 52)
    assert result.total_weeks == 52
    assert result.attainable is True


def test_float_noise_does_not_add_a_week() -> None:
    result = assess([skill("a", 1, 0, 3)], 0.1, step_hours=(0.1, 0.1, 0.1, 1, 1))
    assert result.total_hours == pytest.approx(0.3)
    assert result.total_weeks == 3


def test_cuts_prefer_larger_top_step_within_a_priority() -> None:
    skills = [skill("small", 3, 0, 2), skill("big", 3, 2, 4), skill("critical", 1, 0, 5)]
    result = assess(skills, 6.0, horizon_weeks=60)
    assert result.total_hours == 20 + 140 + 360
    # First cut: "big" 4 → 3 saves 100 (its top step beats "small"'s 15).
    assert result.cuts[0].skill == "big"
    assert result.cuts[0].hours_saved >= 100


def test_cuts_reach_higher_priorities_only_after_lower_ones_are_exhausted() -> None:
    skills = [skill("p1", 1, 0, 5), skill("p2", 2, 0, 1), skill("p3", 3, 0, 1)]
    result = assess(skills, 1.0, horizon_weeks=10)
    assert [c.skill for c in result.cuts] == ["p3", "p2", "p1"]
    p1 = result.cuts[2]
    assert p1.from_target == 5
    assert p1.to_target == 1  # 5 h at 1 h/week fits 10 weeks
    assert p1.hours_saved == 355.0
    assert result.total_weeks_after_cuts == 5


def test_one_cut_per_skill_even_when_cut_twice() -> None:
    result = assess([skill("a", 1, 0, 5)], 6.0)
    assert len(result.cuts) == 1
    cut = result.cuts[0]
    assert (cut.from_target, cut.to_target) == (5, 4)
    assert cut.hours_saved == 200.0
    assert result.total_weeks_after_cuts == 27


@pytest.mark.parametrize("weekly", [-1.0, math.nan, math.inf, -math.inf, 169.0, 1e9])
def test_assess_rejects_bad_weekly_hours(weekly: float) -> None:
    with pytest.raises(InvalidInput, match="Weekly hours must be a number from 0 to 168"):
        assess(TEN_SKILLS, weekly)


@pytest.mark.parametrize("horizon", [0, -1, 10**6])
def test_assess_rejects_bad_horizon(horizon: int) -> None:
    with pytest.raises(InvalidInput, match="horizon must be a whole number of weeks"):
        assess(TEN_SKILLS, 6.0, horizon_weeks=horizon)


def test_assess_rejects_bad_step_hours() -> None:
    with pytest.raises(InvalidInput):
        assess(TEN_SKILLS, 6.0, step_hours=(1, 2, 3))


def test_vanishing_weekly_hours_count_as_zero() -> None:
    result = assess([skill("a", 1, 0, 1)], 1e-311)
    assert result.weekly_hours == 0.0
    assert result.total_weeks is None
    assert result.total_weeks_after_cuts == 0


def test_custom_step_hours_are_used() -> None:
    result = assess([skill("a", 1, 0, 5)], 1.0, step_hours=(1, 1, 1, 1, 1))
    assert result.total_hours == 5.0
    assert result.total_weeks == 5


# --- properties -----------------------------------------------------------------------

levels = st.integers(min_value=0, max_value=5)
step_values = st.lists(
    st.floats(min_value=0.5, max_value=500, allow_nan=False, allow_infinity=False),
    min_size=5,
    max_size=5,
)


@st.composite
def skill_targets(draw: st.DrawFn) -> SkillTarget:
    current = draw(levels)
    target = draw(st.integers(min_value=current, max_value=5))
    return SkillTarget(
        name=draw(st.text(min_size=1, max_size=5)),
        kind=draw(st.sampled_from(SkillKind)),
        priority=draw(st.integers(min_value=1, max_value=3)),
        current=current,
        target=target,
        done_hours=draw(st.sampled_from([0.0, 0.0, 3.0, 17.5, 60.0, 1000.0])),
    )


def _step_hours_for_rows() -> st.SearchStrategy[list[float]]:
    return st.lists(
        st.floats(min_value=0.01, max_value=500).map(lambda hours: round(hours, 3)), min_size=5, max_size=5
    )


@given(levels, levels, levels)
def test_hours_needed_is_additive(a: int, b: int, c: int) -> None:
    a, b, c = sorted((a, b, c))
    total = hours_needed(a, c, DEFAULT_STEP_HOURS)
    assert hours_needed(a, b, DEFAULT_STEP_HOURS) + hours_needed(b, c, DEFAULT_STEP_HOURS) == total


@given(levels, levels, levels, step_values)
def test_hours_needed_is_additive_for_any_steps(a: int, b: int, c: int, steps: list[float]) -> None:
    a, b, c = sorted((a, b, c))
    split = hours_needed(a, b, steps) + hours_needed(b, c, steps)
    assert split == pytest.approx(hours_needed(a, c, steps), abs=1e-5)


@given(st.lists(skill_targets(), max_size=12), st.floats(min_value=0, max_value=168))
def test_total_is_the_sum_of_what_skills_have_left(skills: list[SkillTarget], weekly: float) -> None:
    result = assess(skills, weekly)
    assert result.total_hours == pytest.approx(sum(s.hours_left for s in result.skills), abs=1e-5)
    assert all(
        s.hours_done + s.hours_left == pytest.approx(s.hours_needed) and s.hours_left >= 0
        for s in result.skills
    )
    assert len(result.skills) == len(skills)


@given(
    st.lists(skill_targets(), max_size=12), st.floats(min_value=0.1, max_value=168), _step_hours_for_rows()
)
def test_the_longest_row_is_the_plans_total(
    skills: list[SkillTarget], weekly: float, steps: list[float]
) -> None:
    """Processor sharing spends every weekly hour while any skill is climbing, so the last
    skill arrives in the plan's total week; within a priority, less left arrives no later."""
    result = assess(skills, weekly, steps, DEFAULT_HORIZON_WEEKS)
    reached = [s.week_reached for s in result.skills]
    assert all(week is not None for week in reached)
    assert max(reached, default=0) == result.total_weeks  # type: ignore[type-var]
    for a in result.skills:
        for b in result.skills:
            if a.priority == b.priority and a.hours_left < b.hours_left:
                assert a.weeks_to_target is not None
                assert b.weeks_to_target is not None
                assert a.weeks_to_target <= b.weeks_to_target
            if a.hours_left == 0:
                assert a.weeks_to_target == 0.0


@given(
    st.lists(skill_targets(), max_size=12),
    st.floats(min_value=0, max_value=40),
    st.integers(min_value=1, max_value=104),
)
def test_cuts_always_end_attainable(skills: list[SkillTarget], weekly: float, horizon: int) -> None:
    result = assess(skills, weekly, horizon_weeks=horizon)
    if result.attainable:
        assert result.cuts == ()
        assert result.weekly_hours_needed is None
        return
    assert result.total_weeks_after_cuts is not None
    assert result.total_weeks_after_cuts <= horizon
    assert result.weekly_hours_needed is not None
    assert result.weekly_hours_needed * horizon >= result.total_hours - 1e-6
    assert len(result.cuts) <= len(skills)
    for cut in result.cuts:
        assert cut.to_target < cut.from_target
        assert cut.hours_saved > 0
    remaining = result.total_hours - sum(c.hours_saved for c in result.cuts)
    assert remaining >= -1e-6
    if remaining > 1e-6:
        assert result.total_weeks_after_cuts == math.ceil(round(remaining / result.weekly_hours, 6))


@given(st.lists(skill_targets(), min_size=1, max_size=10), st.floats(min_value=0.5, max_value=40))
def test_cuts_never_touch_a_higher_priority_while_a_lower_one_can_drop(
    skills: list[SkillTarget], weekly: float
) -> None:
    result = assess(skills, weekly, horizon_weeks=4)
    cut_priorities = [c.priority for c in result.cuts]
    # First cuts per skill appear lowest priority first.
    assert cut_priorities == sorted(cut_priorities, reverse=True)


@given(
    st.lists(skill_targets(), max_size=12),
    st.floats(min_value=0, max_value=40),
    step_values,
    st.integers(min_value=1, max_value=104),
)
def test_the_verdict_alone_is_the_full_assessments(
    skills: list[SkillTarget], weekly: float, steps: list[float], horizon: int
) -> None:
    """Cohort reports ask only for the verdict; it must be what /plan check says."""
    full = assess(skills, weekly, steps, horizon)
    alone = verdict(skills, weekly, steps, horizon)
    assert (alone.total_weeks, alone.horizon_weeks, alone.attainable) == (
        full.total_weeks,
        full.horizon_weeks,
        full.attainable,
    )


@given(
    st.lists(skill_targets(), max_size=12, unique_by=lambda s: s.name),  # cuts name their skill
    st.floats(min_value=0.5, max_value=40),
    st.integers(min_value=1, max_value=104),
    step_values,
)
def test_weeks_after_cuts_are_the_cut_plans_own_weeks(
    skills: list[SkillTarget], weekly: float, horizon: int, steps: list[float]
) -> None:
    """The cuts keep a running total; it must be exactly what the cut plan adds up to anew."""
    result = assess(skills, weekly, steps, horizon)
    if result.attainable:
        return
    cut_to = {cut.skill: cut.to_target for cut in result.cuts}
    cut_plan = [dataclasses.replace(s, target=cut_to.get(s.name, s.target)) for s in skills]
    again = assess(cut_plan, weekly, steps, horizon)
    assert again.total_weeks == result.total_weeks_after_cuts


_step_hours = st.lists(
    st.floats(min_value=0.01, max_value=500).map(lambda hours: round(hours, 3)), min_size=5, max_size=5
)


@given(
    st.lists(skill_targets(), max_size=14),
    st.floats(min_value=0, max_value=168),
    _step_hours,
    st.integers(min_value=1, max_value=104),
)
def test_the_verdict_from_step_crossings_is_the_plans_own(
    skills: list[SkillTarget], weekly: float, steps: list[float], horizon: int
) -> None:
    """The digest judges a plan from how many skills climb each level step (counted in SQL);
    /plan check judges it skill by skill: the verdict is the same, hours, weeks and all."""
    crossings = step_crossings(skills)
    assert sum(crossings) == sum(s.target - s.current for s in skills)
    judge = VerdictJudge(steps, horizon)
    credited = credited_hours(steps, ((s.current, s.target, s.done_hours) for s in skills))
    found = judge.of_crossings(crossings, weekly, credited)
    full = assess(skills, weekly, steps, horizon)
    assert (found.total_weeks, found.attainable) == (full.total_weeks, full.attainable)
    assert judge.of_crossings(crossings, weekly, credited) == found  # remembered, not worked out differently
    assert full.total_hours == pytest.approx(math.fsum(s.hours_left for s in full.skills), abs=1e-5)
