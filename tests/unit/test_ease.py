"""Ease of learning (1 easy – 3 hard): its checker and parser, and the Priority × Ease matrix
seed 001 asks for, built as a pure function and rendered as Markdown and plain text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.charts.data import EaseChart
from core.charts.render import CELL_CHARS, CELL_NAMES, cell_text, render_ease_matrix
from core.domain.ease import EASES, PRIORITIES, QUICK_WIN, ease_matrix
from core.domain.levels import EASE_NAMES, check_ease, ease_label, parse_ease
from core.errors import InvalidInput
from core.render.ease import ease_pointer, listing, matrix_markdown, matrix_text
from core.render.plan_export import cell
from tests.charts_support import assert_chart_png
from tests.unit.test_levels import MALFORMED_NUMBERS

RULE = "The ease of learning must be 1 easy, 2 medium or 3 hard; you wrote"


@dataclass(frozen=True)
class S:
    name: str
    priority: int
    ease: int | None


def test_the_scale_is_easy_medium_hard() -> None:
    assert dict(EASE_NAMES) == {1: "easy", 2: "medium", 3: "hard"}
    assert [ease_label(e) for e in (1, 2, 3, None)] == ["1 easy", "2 medium", "3 hard", "not rated"]


@pytest.mark.parametrize("value", [1, 2, 3])
def test_check_ease_keeps_the_scale(value: int) -> None:
    assert check_ease(value) == value


@pytest.mark.parametrize("value", [0, 4, -1, 10**20, True, 1.5, None, "1"])
def test_check_ease_refuses_anything_else(value: object) -> None:
    with pytest.raises(InvalidInput, match=RULE):
        check_ease(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "ease"),
    [("1", 1), ("2", 2), ("3", 3), (" 3 ", 3), ("easy", 1), ("Medium", 2), ("HARD", 3), ("+1", 1)],
)
def test_parse_ease_reads_numbers_and_words(text: str, ease: int) -> None:
    assert parse_ease(text) == ease


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("0", "0"),
        ("4", "4"),
        ("-1", "-1"),
        ("1.5", "'1.5'"),
        ("hardest", "'hardest'"),
        ("none", "'none'"),
        ("99999999999999999999", "'99999999999999999999'"),
        ("", "nothing"),
        ("x" * 10_000, "'xxxxxxxxxxxxxxxxxxxx…'"),
        ("<@U1> @everyone", "'<@U1> @everyone'"),
        ("nul\x00", "'nul?'"),
    ],
)
def test_parse_ease_says_what_was_wrong_in_one_sentence(text: str, shown: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_ease(text)
    assert str(caught.value) == f"{RULE} {shown}."


@pytest.mark.parametrize("text", MALFORMED_NUMBERS)
def test_parse_ease_refuses_every_malformed_number(text: str) -> None:
    with pytest.raises(InvalidInput, match=RULE):
        parse_ease(text)


SKILLS = st.lists(
    st.builds(
        S, st.text(min_size=1, max_size=12), st.sampled_from(PRIORITIES), st.none() | st.sampled_from(EASES)
    ),
    max_size=40,
)


@given(SKILLS)
def test_every_skill_is_in_exactly_one_cell_or_not_rated(skills: list[S]) -> None:
    matrix = ease_matrix(skills)
    placed = Counter(name for names in matrix.cells.values() for name in names) + Counter(matrix.unrated)
    assert placed == Counter(s.name for s in skills)
    for skill in skills:
        if skill.ease is None:
            assert skill.name in matrix.unrated
        else:
            assert skill.name in matrix.cell(skill.priority, skill.ease)
    assert matrix.rated + len(matrix.unrated) == len(skills)
    assert set(matrix.cells) == {(p, e) for p in PRIORITIES for e in EASES}


@given(SKILLS)
def test_the_quick_wins_are_the_priority_one_easy_skills_in_order(skills: list[S]) -> None:
    assert QUICK_WIN == (1, 1)
    assert ease_matrix(skills).quick_wins == tuple(s.name for s in skills if (s.priority, s.ease) == (1, 1))


@given(SKILLS)
def test_the_markdown_table_is_three_by_three_whatever_the_names(skills: list[S]) -> None:
    lines = matrix_markdown(ease_matrix(skills), cell)
    assert lines[0] == "| Priority \\ Ease | 1 easy | 2 medium | 3 hard |"
    rows = lines[2:5]
    assert [row.split(" | ")[0] for row in rows] == [
        "| **1 Critical**",
        "| **2 Important**",
        "| **3 Nice-to-have**",
    ]
    for row in rows:  # a name's own pipes and line breaks are escaped, never new cells or rows
        assert row.replace("\\|", "").count("|") == 5
    assert lines[5] == ""


def test_the_markdown_matrix_highlights_quick_wins_and_lists_the_unrated() -> None:
    matrix = ease_matrix(
        [S("SQL", 1, 1), S("Git", 1, 1), S("Docker", 1, 3), S("A|B", 2, 2), S("Stats", 3, None)]
    )
    assert matrix_markdown(matrix, cell) == [
        "| Priority \\ Ease | 1 easy | 2 medium | 3 hard |",
        "|---|---|---|---|",
        "| **1 Critical** | **⭐ SQL, Git** | — | Docker |",
        "| **2 Important** | — | A\\|B | — |",
        "| **3 Nice-to-have** | — | — | — |",
        "",
        "⭐ Quick wins: priority 1 and easy to learn — start with these.",
        '**Not rated yet:** Stats — rate with `/skill update "NAME" ease=easy|medium|hard`.',
    ]


def test_the_text_matrix_and_the_pointer() -> None:
    matrix = ease_matrix([S("SQL", 1, 1), S("Spark", 2, 3)])
    assert matrix_text(matrix) == [
        "Priority × ease of learning (⭐ quick wins: priority 1, easy):",
        "  1 Critical · ⭐ 1 easy: SQL · 2 medium: — · 3 hard: —",
        "  2 Important · 1 easy: — · 2 medium: — · 3 hard: Spark",
        "  3 Nice-to-have · 1 easy: — · 2 medium: — · 3 hard: —",
    ]
    assert ease_pointer(["SQL", "Git"], 0) == ["Quick wins (priority 1, easy): SQL, Git — start here."]
    assert ease_pointer([], 1) == [
        '1 skill has no ease of learning yet: rate it with /skill update "NAME" ease=easy|medium|hard.'
    ]
    assert ease_pointer([], 0) == []
    assert listing([str(n) for n in range(12)]) == "0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 2 more"


def test_the_chart_of_a_matrix_says_what_it_shows() -> None:
    assert EaseChart("Ada", ease_matrix([S("SQL", 1, None)])).empty
    chart = EaseChart("Ada", ease_matrix([S("SQL", 1, 1), S("Spark", 2, 3), S("Git", 2, 3)]))
    assert not chart.empty
    assert chart.summary() == (
        "Priority × ease of learning: quick wins (priority 1, easy): SQL; "
        "skills in the other cells: 2 Important & 3 hard: 2."
    )
    assert EaseChart("Ada", ease_matrix([S("Spark", 2, 2)])).summary() == (
        "Priority × ease of learning: quick wins (priority 1, easy): none; "
        "skills in the other cells: 2 Important & 2 medium: 1."
    )


HOSTILE = "$\\frac{1}{0}$ <@U1> @everyone $x^$ \\$ {}"
LONG = "Distributed systems design for very large scale machine learning platforms " * 3


@pytest.mark.parametrize(
    "skills",
    [
        [S("SQL", 1, 1), S("Spark", 2, 3), S("Talks", 3, None)],
        [S(f"{HOSTILE} {n}", p, e) for n, (p, e) in enumerate([(1, 1), (1, 1), (2, 2), (3, 3)])],
        [S(f"{LONG}{n}", 1 + n % 3, 1 + n // 3 % 3) for n in range(200)],  # 200 skills, long names
        [S("Only", 3, 3)],
    ],
    ids=["typical", "hostile", "crowded", "one"],
)
def test_the_matrix_draws_a_png_fit_for_a_chat_preview(skills: list[S]) -> None:
    chart = EaseChart("Ada " + HOSTILE, ease_matrix(skills))
    assert_chart_png(render_ease_matrix(chart))


def test_a_crowded_cell_lists_a_few_names_cut_short_and_counts_the_rest() -> None:
    assert cell_text([]) == "—"
    assert cell_text(["SQL"]) == "SQL"
    text = cell_text([LONG] * 6)
    lines = text.splitlines()
    assert len(lines) == CELL_NAMES + 1
    assert all(len(line) <= CELL_CHARS for line in lines[:-1])
    assert lines[-1] == "+2 more"
