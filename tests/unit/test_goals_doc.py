"""The goals-document parser against seed 000 and hostile front matter."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.domain.goals_doc import GoalsDocument, horizon_of, parse_goals
from core.domain.model import Horizon
from core.domain.textfile import decode_upload
from core.errors import InvalidInput

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"


def parse(text: str) -> GoalsDocument:
    return parse_goals(decode_upload(text.encode("utf-8"), "goals.md"))


def test_seed_000_goals_by_horizon_and_private() -> None:
    (path,) = SEEDS.glob("000_*.txt")
    document = parse_goals(decode_upload(path.read_bytes(), path.name))
    assert (document.title, document.updated, document.visibility) == (
        "Future Goals",
        date(2025, 10, 25),
        "private",
    )
    assert document.tags == ("recruiter", "goals", "career", "ai", "ml")
    by_horizon = {h: [g.text for g in document.goals if g.horizon == h] for h in Horizon}
    assert [len(by_horizon[h]) for h in (Horizon.SHORT, Horizon.MEDIUM, Horizon.LONG)] == [8, 7, 5]
    assert by_horizon[Horizon.SHORT][0] == (
        "Technical Depth: Strengthen expertise in transformers, large-scale RAG systems, "
        "and multi-agent workflows."
    )
    assert by_horizon[Horizon.LONG][-1] == "Research & Academia: Continue publishing and mentoring."
    assert not any("Deep learning" in g.text or "Overview" in g.text for g in document.goals)


@pytest.mark.parametrize(
    ("front", "visibility"),
    [("visibility: on_request", "private"), ("title: x", "private"), ("visibility: public", "shared")],
)
def test_visibility_is_private_unless_shared(front: str, visibility: str) -> None:
    document = parse(f"---\n{front}\n---\n## Short term\n- Ship a project\n")
    assert document.visibility == visibility


def test_no_front_matter_and_flat_bullets() -> None:
    document = parse(
        "## Goals for the next 1-2 years\n- Learn Go\n- Ship a CLI\n## 5+ years\n* Found a company\n"
    )
    assert [(g.horizon, g.text) for g in document.goals] == [
        (Horizon.SHORT, "Learn Go"),
        (Horizon.SHORT, "Ship a CLI"),
        (Horizon.LONG, "Found a company"),
    ]


@pytest.mark.parametrize(
    ("title", "horizon"),
    [
        ("Short-Term Goals (1 – 2 Years)", Horizon.SHORT),
        ("Medium-Term Goals (3 – 5 Years)", Horizon.MEDIUM),
        ("Long-Term Goals (5 + Years)", Horizon.LONG),
        ("In 3-5 years", Horizon.MEDIUM),
        ("Overview", None),
    ],
)
def test_horizon_headings(title: str, horizon: Horizon | None) -> None:
    assert horizon_of(title) == horizon


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("## Overview\n- nothing with a horizon\n", "no goals under a horizon heading"),
        ("---\ntitle: [unclosed\n---\n## Short\n- a\n", "not valid YAML"),
        ('---\na: &a ["x","x"]\nb: [*a,*a,*a]\n---\n## Short\n- a\n', "aliases"),
        ("---\ntitle: " + "x" * 5000 + "\n---\n## Short\n- a\n", "over 4000 characters"),
    ],
)
def test_bad_goal_documents(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(text)
    assert message in caught.value.message
