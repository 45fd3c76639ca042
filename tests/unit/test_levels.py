"""Levels, priorities and skill kinds: the scales and their parsers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.domain.levels import (
    LEVEL_NAMES,
    MAX_LEVEL,
    MIN_LEVEL,
    PRIORITY_NAMES,
    PRIORITY_WEIGHTS,
    SkillKind,
    check_level,
    check_priority,
    level_label,
    parse_level,
    parse_priority,
    parse_skill_kind,
    priority_label,
    quote_input,
)
from core.errors import InvalidInput

MALFORMED_NUMBERS = [
    "",
    "   ",
    "\t\n",
    "abc",
    "2.5",
    "2,5",
    "1e3",
    "1e9",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "３",
    "٣",
    "²",
    "0x3",
    "3 4",
    "3a",
    "three",
    "x" * 10_000,
    "9" * 10_000,
    "1_0",
]


def test_scales_match_the_seed_words() -> None:
    assert (MIN_LEVEL, MAX_LEVEL) == (0, 5)
    assert dict(LEVEL_NAMES) == {
        0: "Unaware",
        1: "Can implement with guidance",
        2: "Can execute independently",
        3: "Connect",
        4: "Can optimize",
        5: "Can teach & advance",
    }
    assert dict(PRIORITY_NAMES) == {1: "Critical", 2: "Important", 3: "Nice-to-have"}
    assert dict(PRIORITY_WEIGHTS) == {1: 3, 2: 2, 3: 1}


def test_scales_are_read_only() -> None:
    with pytest.raises(TypeError):
        LEVEL_NAMES[6] = "Wizard"  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("general", SkillKind.GENERAL),
        ("GENERAL", SkillKind.GENERAL),
        ("  General ", SkillKind.GENERAL),
        ("g", SkillKind.GENERAL),
        ("G", SkillKind.GENERAL),
        ("specific", SkillKind.SPECIFIC),
        ("Specific", SkillKind.SPECIFIC),
        ("s", SkillKind.SPECIFIC),
        ("S", SkillKind.SPECIFIC),
    ],
)
def test_parse_skill_kind_accepts(text: str, expected: SkillKind) -> None:
    assert parse_skill_kind(text) is expected


@pytest.mark.parametrize(
    "text", ["", "  ", "gen", "spec", "x", "generals", "ｇ", "g s", "1", "nan", "z" * 10_000]
)
def test_parse_skill_kind_rejects(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"general \(or g\) or specific \(or s\)"):
        parse_skill_kind(text)


def test_skill_kind_values_are_stable_strings() -> None:
    assert SkillKind.GENERAL.value == "general"
    assert str(SkillKind.SPECIFIC) == "specific"


@pytest.mark.parametrize("value", range(6))
def test_check_level_accepts_the_scale(value: int) -> None:
    assert check_level(value, "current level") == value


@pytest.mark.parametrize("value", [-1, 6, 10, 10**12, -(10**12)])
def test_check_level_rejects_out_of_range(value: int) -> None:
    with pytest.raises(InvalidInput) as info:
        check_level(value, "current level")
    assert info.value.message == (
        "The current level must be a whole number from 0 (Unaware) to 5 "
        f"(Can teach & advance); you wrote {value}."
    )


def test_check_level_rejects_bool() -> None:
    with pytest.raises(InvalidInput):
        check_level(True, "target level")


def test_check_level_names_the_field() -> None:
    with pytest.raises(InvalidInput, match=r"^The target level must"):
        check_level(7, "target level")


@pytest.mark.parametrize("value", [1, 2, 3])
def test_check_priority_accepts(value: int) -> None:
    assert check_priority(value) == value


@pytest.mark.parametrize("value", [0, 4, -1, 99, 10**20])
def test_check_priority_rejects(value: int) -> None:
    with pytest.raises(InvalidInput) as info:
        check_priority(value)
    assert "1 Critical, 2 Important, 3 Nice-to-have" in info.value.message
    assert info.value.message.endswith(f"you wrote {value}.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0", 0), ("5", 5), (" 3 ", 3), ("03", 3), ("+2", 2), ("\t4\n", 4)],
)
def test_parse_level_accepts(text: str, expected: int) -> None:
    assert parse_level(text, "current level") == expected


@pytest.mark.parametrize("text", [*MALFORMED_NUMBERS, "-1", "6", "10", "-0x"])
def test_parse_level_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_level(text, "current level")
    message = info.value.message
    assert message.startswith("The current level must be a whole number from 0 (Unaware)")
    assert len(message) < 160


@pytest.mark.parametrize(("text", "expected"), [("1", 1), ("2", 2), (" 3", 3), ("+1", 1)])
def test_parse_priority_accepts(text: str, expected: int) -> None:
    assert parse_priority(text) == expected


@pytest.mark.parametrize("text", [*MALFORMED_NUMBERS, "0", "4", "-1", "-3"])
def test_parse_priority_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_priority(text)
    message = info.value.message
    assert message.startswith("The priority must be 1 Critical, 2 Important, 3 Nice-to-have")
    assert len(message) < 160


def test_parse_messages_do_not_echo_long_input() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_level("abcdefghij" * 1000, "current level")
    assert "abcdefghijabcdefghij…" in info.value.message
    assert "abcdefghijabcdefghija" not in info.value.message


def test_parse_messages_say_nothing_was_written() -> None:
    with pytest.raises(InvalidInput, match=r"you wrote nothing\.$"):
        parse_priority("  ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc", "'abc'"),
        ("  abc  ", "'abc'"),
        ("a" * 20, "'" + "a" * 20 + "'"),
        ("a" * 21, "'" + "a" * 20 + "…'"),
        ("a\x00b\nc", "'a?b?c'"),
    ],
)
def test_quote_input(text: str, expected: str) -> None:
    assert quote_input(text) == expected


@pytest.mark.parametrize(
    ("level", "label"),
    [(0, "0 Unaware"), (3, "3 Connect"), (5, "5 Can teach & advance")],
)
def test_level_label(level: int, label: str) -> None:
    assert level_label(level) == label


@pytest.mark.parametrize(
    ("priority", "label"), [(1, "1 Critical"), (2, "2 Important"), (3, "3 Nice-to-have")]
)
def test_priority_label(priority: int, label: str) -> None:
    assert priority_label(priority) == label


def test_labels_reject_values_off_the_scale() -> None:
    with pytest.raises(InvalidInput):
        level_label(6)
    with pytest.raises(InvalidInput):
        priority_label(0)


@given(st.integers())
def test_parse_level_round_trips_any_integer(value: int) -> None:
    text = str(value)
    if MIN_LEVEL <= value <= MAX_LEVEL:
        assert parse_level(text, "level") == value
    else:
        with pytest.raises(InvalidInput):
            parse_level(text, "level")


@given(st.text(max_size=50))
def test_parsers_raise_only_invalid_input(text: str) -> None:
    messages = []
    for parse in (lambda t: parse_level(t, "level"), parse_priority, parse_skill_kind):
        try:
            parse(text)
        except InvalidInput as error:
            messages.append(error.message)
    assert all(m.endswith(".") and len(m) < 160 for m in messages)
