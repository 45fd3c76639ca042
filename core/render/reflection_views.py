"""Plain text of the reflection views: the form, a reflection, a shared one, an
instructor's list and the reply to a blocker (the console and every fallback)."""

from __future__ import annotations

from core.formatting import plural
from core.render.reflections import (
    answer_label,
    answer_lines,
    blocker_question,
    commitment_line,
    commitment_reply,
    met_mark,
    planned_text,
)
from core.render.text import render_text, with_headline
from core.views.reflections import (
    BlockerReplyView,
    ReflectionFormView,
    ReflectionListView,
    ReflectionView,
    SharedReflectionView,
)

RESOLVED_HINT = "answer with /reflect resolved=yes or /reflect resolved=no"


@render_text.register
def _form(view: ReflectionFormView) -> str:
    title = "Edit your" if view.editing else "Your"
    lines = [f"{title} weekly reflection on {view.week_label}, open until {view.editable_until}:"]
    for q in view.questions:
        lines.append(f"  {answer_label(q)} {q.question}")
        if q.answer:
            lines += [f"      {line}" for line in q.answer.split("\n")]
    if view.open_blocker:
        lines.append(f"{blocker_question(view.open_blocker)} ({RESOLVED_HINT})")
    first = view.questions[0] if view.questions else None
    example = f'{answer_label(first)}"…"' if first else 'done="…"'
    lines.append(
        f"Answer with /reflect {example} and the others the same way; an answer you leave out is kept."
    )
    return "\n".join(lines)


@render_text.register
def _reflection(view: ReflectionView) -> str:
    lines = [f"{view.member}'s reflection on {view.week_label} ({view.cohort}):"]
    lines += answer_lines(view.answers, empty="—")
    said = commitment_reply(view)
    if said:
        lines.append(said)
    if view.last_commitments:
        lines.append("Last week's commitment for this week:")
        lines += [f"  {met_mark(c)} {commitment_line(c)}" for c in view.last_commitments]
    if view.open_blocker:
        lines.append(f"{blocker_question(view.open_blocker)} ({RESOLVED_HINT})")
    if view.editable:
        lines.append(f"You can change it until {view.editable_until} with /reflect.")
    else:
        lines.append(f"It closed on {view.editable_until}, when its digest went out.")
    if view.shared:
        lines.append("Shared with the cohort.")
    elif view.editable:
        lines.append("Share it with the cohort: /reflect share.")
    return with_headline(view.headline, "\n".join(lines))


@render_text.register
def _shared(view: SharedReflectionView) -> str:
    return "\n".join(
        [f"{view.member}'s reflection on {view.week_label}:", *answer_lines(view.answers, empty=None)]
    )


@render_text.register
def _listing(view: ReflectionListView) -> str:
    lines = [
        f"Reflections of {view.cohort}, {view.week_label} ({view.week}): "
        f"{view.answered} of {plural(view.students, 'student')} answered."
    ]
    waiting = [row.name for row in view.rows if not row.answered]
    for row in view.rows:
        if not row.answered:
            continue
        lines.append(f"{row.name}:")
        lines += answer_lines(row.answers, empty=None)
        if row.commitments:
            lines.append(f"  Commitment: {planned_text(row.commitments)}.")
    if waiting:
        lines.append("Not answered yet: " + ", ".join(waiting))
    elif not view.rows:
        lines.append(f"No students yet; they join with /cohort join {view.cohort}.")
    return "\n".join(lines)


@render_text.register
def _reply(view: BlockerReplyView) -> str:
    return "\n".join(
        [
            f"{view.instructor} answered your blocker in {view.cohort} ({view.week}):",
            f"  “{view.blocker}”",
            *view.reply.split("\n"),
        ]
    )
