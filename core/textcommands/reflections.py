"""Weekly reflections: /reflect (answer, show, share, say a blocker is resolved),
/reflections and /reply for instructors, and /cohort reflection for the questions."""

from __future__ import annotations

from core.commands import parse_switch
from core.domain.reflections import QUESTIONS_EXAMPLE
from core.errors import InvalidInput
from core.services import reflections
from core.services.reflections.instructor import REPLY_EXAMPLE
from core.textcommands.registry import Request, command
from core.views.base import View

ANSWER_KEYS = ("done", "next", "blocked", "q1", "q2", "q3", "q4", "q5")


@command(
    "reflect",
    '/reflect [done="…"] [next="…"] [blocked="…"] [q1="…" … q5="…"] | /reflect resolved=yes|no',
    "Answer this week's reflection: what you did, what you'll do next week, what's blocking you.",
    options=(*ANSWER_KEYS, "resolved"),
    details="Without answers it shows the questions. done=, next= and blocked= answer the questions "
    "with those roles, q1= … q5= any question by its number; each answer is up to 1,000 characters, "
    "and an answer you leave out is kept. Write hours in next=, like 6h dsa or 90m reading, to have "
    "them checked against what you log next week. Last week's reflection stays open until its digest "
    "goes out (Monday morning by default). resolved=yes|no answers whether your last blocker is resolved.",
)
async def reflect(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/reflect")
    answers = {key: value for key in ANSWER_KEYS if (value := r.args.option(key)) is not None}
    resolved = r.args.option("resolved")
    if resolved is not None:
        if answers:
            raise InvalidInput(
                "Give resolved= on its own, like /reflect resolved=yes, and your answers in another /reflect."
            )
        return await reflections.answer_blocker(
            r.ctx, r.actor, r.cohort, parse_switch(resolved, "yes", "no", "resolved=")
        )
    if not answers:
        return await reflections.reflection_form(r.ctx, r.actor, r.cohort)
    return await reflections.submit_reflection(
        r.ctx, r.actor, r.cohort, answers, idempotency_key=r.idempotency_key
    )


@command(
    "reflect show",
    "/reflect show [week=last|this|YYYY-Www]",
    "Your reflection of the open week (or another week) with your commitment.",
    options=("week",),
)
async def reflect_show(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/reflect show")
    return await reflections.show_reflection(r.ctx, r.actor, r.cohort, r.args.option("week"))


@command(
    "reflect share",
    "/reflect share [week=last|this|YYYY-Www]",
    "Post your reflection in the cohort's channel (once).",
    options=("week",),
)
async def reflect_share(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/reflect share")
    return await reflections.share_reflection(r.ctx, r.actor, r.cohort, r.args.option("week"))


@command(
    "reflections",
    "/reflections [week=last|this|YYYY-Www]",
    "Instructors: a week's reflections in the cohort, and who has not answered.",
    options=("week",),
    details="Without week=: the week whose reflections are open (last week until its digest goes out).",
)
async def list_reflections(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/reflections")
    return await reflections.list_reflections(r.ctx, r.actor, r.cohort, r.args.option("week"))


@command(
    "reply",
    '/reply @student "TEXT"',
    "Instructors: answer a student's blocker; they get it by DM.",
    details="Up to 1,500 characters; the reply quotes the student's latest blocker.",
)
async def reply(r: Request) -> View:
    r.args.reject_extra_positionals(2, "/reply")
    student = r.args.require_positional(0, "The student", REPLY_EXAMPLE)
    text = r.args.require_positional(1, "The reply", REPLY_EXAMPLE)
    return await reflections.reply_to_blocker(
        r.ctx, r.actor, r.cohort, text=text, student=student, idempotency_key=r.idempotency_key
    )


@command(
    "cohort reflection",
    '/cohort reflection questions="…" | reset | off | on',
    "Instructors: the weekly reflection's questions (1 to 5, split by |), back to the defaults, off or on.",
    options=("questions",),
    details="Mark the question whose answer is what was done with done:, the plan for next week "
    "(its hours are the commitment) with next: and the blocker with blocked:, each at most once; "
    "each question is up to 45 characters.",
)
async def cohort_reflection(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/cohort reflection")
    questions = r.args.option("questions")
    word = r.args.positionals[0] if r.args.positionals else None
    if (questions is None) == (word is None):
        raise InvalidInput(
            f"Give either the questions or reset, off or on, like /cohort reflection {QUESTIONS_EXAMPLE}."
        )
    if word is not None and word.strip().lower() not in ("reset", "off", "on"):
        raise InvalidInput(
            '/cohort reflection takes reset, off, on or questions="…", '
            f"like /cohort reflection {QUESTIONS_EXAMPLE}."
        )
    return await reflections.set_questions(r.ctx, r.actor, r.cohort, word or questions or "")
