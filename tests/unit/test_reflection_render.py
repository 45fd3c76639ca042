"""Every reflection view has its own plain text (the console's and every fallback), and
what a person wrote comes out exactly as written."""

from __future__ import annotations

import core.render  # noqa: F401  (registers the renderers)
from core.render.text import render_text
from core.views.base import View
from core.views.reflections import (
    BlockerReplyView,
    CommitmentView,
    ReflectionAnswerView,
    ReflectionFormView,
    ReflectionListView,
    ReflectionRowView,
    ReflectionView,
    SharedReflectionView,
)

HOSTILE = "@everyone <@&1> <!channel> **x**\nsecond line"
ANSWERS = [
    ReflectionAnswerView(key="q1", role="done", question="What did you get done this week?", answer=HOSTILE),
    ReflectionAnswerView(key="q2", role="next", question="What will you do next week?", answer="6h dsa"),
    ReflectionAnswerView(key="q3", role=None, question="What did you learn?", answer=""),
]
PLANNED = [CommitmentView(track="dsa", planned_hours=6, done_hours=0)]
LABEL = "Mon 30 Nov – Sun 6 Dec"


def samples() -> list[View]:
    return [
        ReflectionFormView(
            cohort="C", week="2026-W49", week_label=LABEL, questions=ANSWERS, editable_until="Mon 7 Dec 08:00"
        ),
        ReflectionView(
            member="ada",
            cohort="C",
            week="2026-W49",
            week_label=LABEL,
            answers=ANSWERS,
            commitments=PLANNED,
            last_commitments=[CommitmentView(track="dsa", planned_hours=6, done_hours=4.5)],
            open_blocker="recursion",
            editable_until="Mon 7 Dec 08:00",
        ),
        SharedReflectionView(member="ada", week="2026-W49", week_label=LABEL, answers=ANSWERS),
        ReflectionListView(
            cohort="C",
            week="2026-W49",
            week_label=LABEL,
            answered=1,
            students=2,
            rows=[
                ReflectionRowView(name="ada", answered=True, answers=ANSWERS, commitments=PLANNED),
                ReflectionRowView(name="bob", answered=False),
            ],
        ),
        BlockerReplyView(instructor="prof", cohort="C", week="2026-W49", blocker=HOSTILE, reply=HOSTILE),
    ]


def test_every_reflection_view_has_its_own_text() -> None:
    for view in samples():
        text = render_text(view)
        assert not text.startswith("{"), type(view).__name__
        assert "second line" in text, type(view).__name__


def test_the_reply_shows_the_commitments_and_the_question() -> None:
    text = render_text(samples()[1])
    assert "Commitment for next week: 6h on dsa." in text
    assert "  ✗ You planned 6h on dsa; you did 4h 30m" in text
    assert "Last time you were blocked by: “recursion”. Is it resolved?" in text
    assert "@everyone <@&1> <!channel> **x**" in text


def test_the_list_names_who_has_not_answered() -> None:
    text = render_text(samples()[3])
    assert text.startswith("Reflections of C, Mon 30 Nov – Sun 6 Dec (2026-W49): 1 of 2 students answered.")
    assert text.endswith("Not answered yet: bob")
    assert "What did you learn?" not in text  # unanswered questions are left out
