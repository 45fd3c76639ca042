"""Discord embeds of the reflection views (issue 20), and the reflection parts of the
check-in DM, the digest and /me. User text goes through ``md``/``md_block``/``md_text``;
the shared sentences come from ``core.render.reflections``."""

from __future__ import annotations

from bot.discord.render_base import (
    COLOUR_INFO,
    COLOUR_UNDER,
    COLOUR_WITHIN,
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELD_VALUE_LIMIT,
    Card,
    DiscordMessage,
    Field,
    cards_to_messages,
    register,
)
from bot.discord.render_safe import fit_lines, md, md_block, md_text
from core.formatting import plural
from core.render.reflections import (
    blocker_question,
    commitment_line,
    commitment_reply,
    commitment_row_line,
    met_mark,
    planned_text,
    prompt_lines,
)
from core.render.reminders import ALL_TRACKS, nudge_sentence
from core.views.activity import ProgressView
from core.views.member import CohortView, MeView
from core.views.reflections import (
    BlockerReplyView,
    CommitmentView,
    NudgeView,
    ReflectionAnswerView,
    ReflectionFormView,
    ReflectionListView,
    ReflectionPromptView,
    ReflectionReminderView,
    ReflectionView,
    SharedReflectionView,
)
from core.views.reports import DigestView

NAME_WIDTH = 60
QUESTION_WIDTH = 200
LIST_ROWS = 25
"""Answered students shown by /reflections (a few messages' worth); more are counted."""
ROW_ANSWER = 200
ROW_VALUE = 700
UNANSWERED = "_not answered_"
NUDGE_BUTTONS = "Log with the buttons, start a focus session, or /checkin."
NUDGE_COMMANDS = "Log with /checkin, or start a focus session with /session start."
REFLECT_HINT = "Press **Reflect** to answer, or type `/reflect`."
BLOCKER_HINT = "Press **Resolved** or **Still blocked** below."


def _answer_fields(answers: list[ReflectionAnswerView], *, skip_empty: bool = False) -> list[Field]:
    return [
        Field(md(a.question, QUESTION_WIDTH), md_block(a.answer, EMBED_FIELD_VALUE_LIMIT) or UNANSWERED)
        for a in answers
        if a.answer.strip() or not skip_empty
    ]


def _lines(texts: list[str]) -> str:
    return fit_lines([md_text(" ".join(text.split())) for text in texts], EMBED_FIELD_VALUE_LIMIT)


@register(ReflectionView)
def _reflection(view: ReflectionView) -> list[DiscordMessage]:
    fields = _answer_fields(view.answers)
    if view.last_commitments:
        last = _lines([commitment_line(c) for c in view.last_commitments])
        fields.append(Field("Last week's commitment", last))
    said = commitment_reply(view)
    if said:
        fields.append(Field("Next week", _lines([said])))
    if view.open_blocker:
        question = _lines([blocker_question(view.open_blocker)])
        fields.append(Field("Last blocker", f"{question}\n{BLOCKER_HINT}"))
    footer = (
        f"You can change it until {view.editable_until}."
        if view.editable
        else f"It closed on {view.editable_until}, when its digest went out."
    )
    if view.shared:
        footer += " Shared with the cohort."
    card = Card(
        f"Reflection · {md(view.week_label, 80)}",
        fields=fields,
        footer=footer,
        colour=COLOUR_INFO,
    )
    headline = md_text(view.headline) if view.headline else None
    return cards_to_messages([card], ephemeral=view.private, content=headline)


@register(SharedReflectionView)
def _shared(view: SharedReflectionView) -> list[DiscordMessage]:
    card = Card(
        f"{md(view.member, NAME_WIDTH)}'s reflection · {md(view.week_label, 80)}",
        fields=_answer_fields(view.answers, skip_empty=True) or [Field("Answers", UNANSWERED)],
        colour=COLOUR_WITHIN,
    )
    return cards_to_messages([card], ephemeral=view.private)


@register(ReflectionFormView)
def _form(view: ReflectionFormView) -> list[DiscordMessage]:
    lines = [f"{index}. {md(q.question, QUESTION_WIDTH)}" for index, q in enumerate(view.questions, start=1)]
    card = Card(
        f"Reflection questions · {md(view.week_label, 80)}",
        description=fit_lines(lines, EMBED_DESCRIPTION_LIMIT) + f"\n\n{REFLECT_HINT}",
        footer=f"Answer them until {view.editable_until}.",
        colour=COLOUR_INFO,
    )
    return cards_to_messages([card], ephemeral=view.private)


def _row_value(answers: list[ReflectionAnswerView], commitments: list[CommitmentView]) -> str:
    lines = [f"**{md(a.question, 80)}** {md(a.answer, ROW_ANSWER)}" for a in answers if a.answer.strip()]
    if commitments:
        lines.append(f"Commitment: {md(planned_text(commitments), 300)}.")
    return fit_lines(lines, ROW_VALUE) or UNANSWERED


def _more_answered(left: int) -> Field:
    return Field("…", f"… and {plural(left, 'more student')} answered; the first {LIST_ROWS} are shown.")


@register(ReflectionListView)
def _list(view: ReflectionListView) -> list[DiscordMessage]:
    answered = [r for r in view.rows if r.answered]
    missing = [md(r.name, NAME_WIDTH) for r in view.rows if not r.answered]
    fields = [
        Field(md(row.name, NAME_WIDTH), _row_value(row.answers, row.commitments))
        for row in answered[:LIST_ROWS]
    ]
    if len(answered) > LIST_ROWS:
        fields.append(_more_answered(len(answered) - LIST_ROWS))
    if missing:
        fields.append(Field(f"Not answered ({len(missing)})", fit_lines([", ".join(missing)], 1000)))
    card = Card(
        f"Reflections of {md(view.cohort, NAME_WIDTH)} · {md(view.week_label, 80)}",
        description=f"{view.answered} of {plural(view.students, 'student')} answered.",
        fields=fields,
        colour=COLOUR_INFO,
    )
    return cards_to_messages([card], ephemeral=True)


@register(BlockerReplyView)
def _blocker_reply(view: BlockerReplyView) -> list[DiscordMessage]:
    description = (
        f"Your blocker ({md(view.week, 20)}): “{md(view.blocker, 1000)}”\n\n"
        f"{md_block(view.reply, EMBED_DESCRIPTION_LIMIT - 1100)}"
    )
    card = Card(
        f"{md(view.instructor, NAME_WIDTH)} replied to your blocker",
        description=description,
        footer=f"Cohort {view.cohort}"[:200],
        colour=COLOUR_INFO,
    )
    return cards_to_messages([card], ephemeral=view.private)


def prompt_text(prompt: ReflectionPromptView) -> str:
    """The check-in DM's and the reminder's words about the week's reflection."""
    hint = BLOCKER_HINT if prompt.open_blocker else ""
    body = "\n".join(md_text(" ".join(line.split())) for line in prompt_lines(prompt))
    return "\n".join(part for part in (body, hint) if part)


@register(ReflectionReminderView)
def _reminder(view: ReflectionReminderView) -> list[DiscordMessage]:
    card = Card(
        f"Your reflection on {md(view.prompt.week_label, 80)} is waiting, {md(view.member, NAME_WIDTH)}",
        description=f"{prompt_text(view.prompt)}\n{REFLECT_HINT}",
        colour=COLOUR_INFO,
    )
    return cards_to_messages([card], ephemeral=view.private)


@register(NudgeView)
def _nudge(view: NudgeView) -> list[DiscordMessage]:
    lines = [md_text(nudge_sentence(line)) for line in view.lines]
    lines = lines or [f"You're on track this week, {md(view.member, NAME_WIDTH)}."]
    card = Card(
        f"Midweek check, {md(view.member, NAME_WIDTH)}",
        description=fit_lines(lines, EMBED_DESCRIPTION_LIMIT),
        footer=NUDGE_BUTTONS if any(line.track != ALL_TRACKS for line in view.lines) else NUDGE_COMMANDS,
        colour=COLOUR_UNDER,
    )
    return cards_to_messages([card], ephemeral=view.private)


def checkin_reflection_field(prompt: ReflectionPromptView | None) -> list[Field]:
    """The check-in DM's field about the week's reflection (none when reflections are off)."""
    if prompt is None:
        return []
    hint = "" if prompt.answered else f"\n{REFLECT_HINT}"
    return [Field("Weekly reflection", prompt_text(prompt) + hint)]  # cut to fit by card_embeds


def digest_reflection_cards(view: DigestView) -> list[Card]:
    """The digest's commitments met or not, and the week's blockers (each with a reply button)."""
    cards = []
    if view.commitments:
        lines = [md(commitment_row_line(row), 300) for row in view.commitments]
        met = sum(1 for row in view.commitments if row.met)
        cards.append(
            Card(
                f"Commitments met: {met} of {len(view.commitments)}",
                description=fit_lines(lines, EMBED_DESCRIPTION_LIMIT),
                colour=COLOUR_INFO,
            )
        )
    if view.blockers:
        lines = [
            f"• **{md(b.name, NAME_WIDTH)}**: “{md(b.text, 200)}”" + (" (still blocked)" if b.still else "")
            for b in view.blockers
        ]
        cards.append(
            Card(
                f"Blockers ({len(view.blockers)})",
                description=fit_lines(lines, EMBED_DESCRIPTION_LIMIT)
                + "\nReply with the buttons below or `/reply member: text:`.",
                colour=COLOUR_UNDER,
            )
        )
    return cards


def digest_reflection_field(view: DigestView) -> Field:
    answered = f"{view.reflections_answered} of {plural(view.students, 'student')} answered"
    return Field("Reflections", answered, True)


def me_reminder_fields(view: MeView) -> list[Field]:
    """/me's reminder settings: the check-in DM's day and time, quiet hours, snooze."""
    day, time = view.reminder_day or "the cohort's day", view.reminder_time or "the cohort's time"
    when = f"{day} at {time}" if view.reminder_day or view.reminder_time else "the cohort's schedule"
    return [
        Field("Weekly check-in DM", md(when, 100), inline=True),
        Field("Quiet hours", md(view.quiet_hours or "off", 40), inline=True),
        Field("Snoozed", f"until {md(view.snoozed_until, 60)}" if view.snoozed_until else "no", inline=True),
    ]


def progress_commitment_fields(view: ProgressView) -> list[Field]:
    """/progress: this week's commitment (made in last week's reflection) against the hours so far."""
    if not view.commitments:
        return []
    lines = [f"{met_mark(c)} {commitment_line(c)}" for c in view.commitments]
    return [Field("This week's commitment (from your last reflection)", _lines(lines))]


def cohort_reflection_fields(view: CohortView) -> list[Field]:
    """/cohort show: the weekly reflection's questions, and whether it is on."""
    if not view.reflection_questions:
        return []
    name = "Weekly reflection" + ("" if view.reflections_enabled else " (off)")
    return [
        Field(
            name, fit_lines([f"• {md(q, 100)}" for q in view.reflection_questions], EMBED_FIELD_VALUE_LIMIT)
        )
    ]
