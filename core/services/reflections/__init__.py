"""Weekly reflections: the questions a cohort asks, a member's answers per ISO week, the
commitment read from them and checked against the ledger, blockers and replies to them.

Answers are keyed ``q1`` … ``q5`` (the question's place in the cohort's list); ``done``,
``next`` and ``blocked`` are accepted for the questions with those roles. Every function
raises ``core.errors`` errors with the one sentence a user sees.
"""

from core.services.reflections.instructor import (
    blocker_to_answer,
    list_reflections,
    reply_to_blocker,
    set_questions,
)
from core.services.reflections.member import (
    answer_blocker,
    reflection_form,
    share_reflection,
    show_reflection,
    submit_reflection,
)

__all__ = [
    "answer_blocker",
    "blocker_to_answer",
    "list_reflections",
    "reflection_form",
    "reply_to_blocker",
    "set_questions",
    "share_reflection",
    "show_reflection",
    "submit_reflection",
]
