"""A skill's number is its place in /skill list (core.services.skills.numbered/_by_number)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from core.domain.model import Skill
from core.errors import NotFound
from core.services.skills import SKILL_NUMBER, _by_number, numbered

SHAPES = st.lists(st.tuples(st.sampled_from(["general", "specific"]), st.integers(1, 3)), max_size=12)


def _skills(shape: list[tuple[str, int]]) -> list[Skill]:
    return [
        Skill(id=i, member_id=1, name=f"S{i}", kind=kind, priority=p, current=0, target=1, notes=None)
        for i, (kind, p) in enumerate(shape, 1)
    ]


@given(SHAPES, st.text(alphabet="#+-0123456789 ", max_size=25))
def test_a_number_picks_the_skill_at_that_place_or_is_refused_in_one_sentence(
    shape: list[tuple[str, int]], typed: str
) -> None:
    assume(SKILL_NUMBER.fullmatch(typed.strip()) is not None)
    skills = _skills(shape)
    listed = dict(numbered(skills))
    digits = typed.strip().lstrip("#").strip()
    wanted = int(digits) if len(digits) <= 6 else 0
    if wanted in listed:
        assert _by_number(skills, typed.strip()) == listed[wanted]
    else:
        with pytest.raises(NotFound, match=r"^You have no skill [^;]*; [^;.]*\.$"):
            _by_number(skills, typed.strip())


@given(SHAPES)
def test_the_list_is_general_first_then_by_priority_then_in_the_order_added(
    shape: list[tuple[str, int]],
) -> None:
    ordered = [skill for _, skill in numbered(_skills(shape))]
    assert [n for n, _ in numbered(_skills(shape))] == list(range(1, len(shape) + 1))
    keys = [(s.kind != "general", s.priority, s.id) for s in ordered]
    assert keys == sorted(keys)


@pytest.mark.parametrize("name", ["3", "#3", "# 3", "-1", "+2", "0", "99999999999999999999"])
def test_what_reads_as_a_number(name: str) -> None:
    assert SKILL_NUMBER.fullmatch(name)


@pytest.mark.parametrize("name", ["3D modelling", "Level 3", "3.5", "#", "C#", "", "٣"])
def test_what_is_a_name(name: str) -> None:
    assert not SKILL_NUMBER.fullmatch(name)
