"""Weekly reflections, reminders and the midweek nudge in Block Kit, with their buttons.

Every button carries what it needs in its own id and value (a week, a kind of DM, a track
and minutes, a digest's opaque member id), so it works after a restart; the listeners
(``listeners/reflections``, ``listeners/reminders``) refuse any value Stride did not put
there. User text (answers, blockers, replies, names) always passes ``esc``.
"""

from __future__ import annotations

import json
from typing import Final

from bot.slack.blocks import (
    BUTTON_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    Block,
    SlackMessage,
    clip_escaped,
    context,
    esc,
    header,
    pack,
    paragraphs,
    plain,
    section,
)
from bot.slack.hints import slack_hints
from core.formatting import duration, plural
from core.render.reflections import (
    blocker_question,
    commitment_line,
    commitment_reply,
    commitment_row_line,
    met_mark,
    planned_text,
    prompt_lines,
)
from core.render.reminders import nudge_sentence
from core.views.reflections import (
    BlockerReplyView,
    CommitmentView,
    NudgeLineView,
    NudgeView,
    ReflectionAnswerView,
    ReflectionListView,
    ReflectionPromptView,
    ReflectionReminderView,
    ReflectionView,
    SharedReflectionView,
)
from core.views.reports import BlockerView, DigestView

REFLECT_ACTION: Final = "stride_reflect"
"""*Reflect* (or *Edit*): opens the week's questions in a modal."""
BLOCKER_ACTION: Final = "stride_blocker"
"""Prefix of *Resolved* (``stride_blocker_resolved``) and *Still blocked* (``_open``)."""
SHARE_ACTION: Final = "stride_reflection_share"
LATER_ACTION: Final = "stride_remind_later"
REPLY_ACTION: Final = "stride_digest_reply"
SESSION_ACTION: Final = "stride_nudge_session"
QUICK_LOG_BLOCK: Final = "quick_log"
"""Block ids of quick-log buttons start so; a click on one takes them all away."""
LATER_KINDS: Final = ("hours_checkin", "reflection_reminder", "nudge")
"""The DMs that ask something, and so offer *Remind me later* (the button's value)."""
ALL_TRACKS: Final = "all tracks"
MAX_SESSION_MINUTES: Final = 240
"""The longest focus timer (``/session start`` takes 5m to 4h)."""
TYPED: Final = "Or type /reflect: it opens the questions too."
ANSWER_ROOM: Final = 2800
"""Room for one answer in a section, beside its question."""


def button(action_id: str, label: str, value: str | None = None, style: str | None = None) -> Block:
    element: Block = {"type": "button", "action_id": action_id, "text": plain(label, BUTTON_TEXT_LIMIT)}
    if value is not None:
        element["value"] = value
    if style is not None:
        element["style"] = style
    return element


def without_buttons(blocks: list[Block], prefix: str) -> list[Block]:
    """``blocks`` without the buttons whose action ids start with ``prefix`` (a block of
    buttons left empty goes too): what a message shows once such a button did its work."""
    kept = []
    for block in blocks:
        if block.get("type") == "actions":
            elements = [
                e for e in block.get("elements") or [] if not str(e.get("action_id", "")).startswith(prefix)
            ]
            if not elements:
                continue
            block = {**block, "elements": elements}
        kept.append(block)
    return kept


def blocker_buttons() -> list[Block]:
    return [
        button(f"{BLOCKER_ACTION}_resolved", "Resolved", "resolved", "primary"),
        button(f"{BLOCKER_ACTION}_open", "Still blocked", "open"),
    ]


def later_button(kind: str) -> Block:
    return button(LATER_ACTION, "Remind me later", kind)


def prompt_blocks(prompt: ReflectionPromptView, kind: str) -> list[Block]:
    """A DM's reflection part: what it asks, then *Reflect*, the blocker's answers and
    *Remind me later* (the latter snoozes the DM of ``kind``)."""
    label = "Edit my reflection" if prompt.answered else "Reflect"
    elements = [button(REFLECT_ACTION, label, prompt.week, None if prompt.answered else "primary")]
    if prompt.open_blocker:
        elements += blocker_buttons()
    elements.append(later_button(kind))
    return [
        *paragraphs(slack_hints("\n".join(prompt_lines(prompt)))),
        {"type": "actions", "block_id": "reflection", "elements": elements},
        context(esc(slack_hints(TYPED))),
    ]


def later_blocks(kind: str) -> list[Block]:
    """*Remind me later* alone, for a DM with no reflection to answer."""
    return [{"type": "actions", "block_id": "later", "elements": [later_button(kind)]}]


def _answer_text(answer: ReflectionAnswerView, room: int = ANSWER_ROOM) -> str:
    question = f"*{clip_escaped(answer.question, 100)}*"
    said = clip_escaped(answer.answer, room) if answer.answer.strip() else "_no answer_"
    return f"{question}\n{said}"


def reflection_reply(view: ReflectionView) -> list[SlackMessage]:
    title = f"{view.member}'s reflection on {view.week_label}"
    blocks: list[Block] = [header(title)]
    if view.headline:
        blocks += paragraphs(slack_hints(view.headline))
    blocks += [section(_answer_text(a)) for a in view.answers]
    checked = [f"{met_mark(c)} {commitment_line(c)}" for c in view.last_commitments]
    if checked:
        checked.insert(0, "*Last week's commitment for this week:*")
    read = commitment_reply(view)
    if checked or read:
        blocks += paragraphs("\n".join([*checked, *([read] if read else [])]))
    if view.open_blocker:
        blocks += paragraphs(blocker_question(view.open_blocker))
        blocks.append({"type": "actions", "block_id": "blocker", "elements": blocker_buttons()})
    elements = []
    if view.editable:
        elements.append(button(REFLECT_ACTION, "Edit", view.week))
    if not view.shared:
        elements.append(button(SHARE_ACTION, "Share with the cohort", view.week))
    if elements:
        blocks.append({"type": "actions", "block_id": "reflection_reply", "elements": elements})
    until = (
        f"You can change it until {view.editable_until}."
        if view.editable
        else f"It closed on {view.editable_until}, when its digest went out."
    )
    shared = " Shared with the cohort." if view.shared else ""
    blocks.append(context(esc(until + shared)))
    return pack(view.headline or title, blocks)


def shared_reflection(view: SharedReflectionView) -> list[SlackMessage]:
    title = f"{view.member}'s reflection on {view.week_label}"
    answered = [a for a in view.answers if a.answer.strip()]
    blocks: list[Block] = [header(title), *[section(_answer_text(a)) for a in answered]]
    return pack(title, blocks)


def _row_text(name: str, answers: list[ReflectionAnswerView], commitments: list[CommitmentView]) -> str:
    given = [a for a in answers if a.answer.strip()]
    room = (SECTION_TEXT_LIMIT - 400) // max(1, len(given))
    lines = [f"*{clip_escaped(name, 100)}*"]
    lines += [f"• _{clip_escaped(a.question, 60)}_ {clip_escaped(a.answer, room - 80)}" for a in given]
    if commitments:
        lines.append(f"Commitment: {esc(planned_text(commitments))}."[:300])
    return "\n".join(lines)


def reflection_list(view: ReflectionListView) -> list[SlackMessage]:
    title = f"Reflections of {view.cohort}, {view.week_label}"
    blocks: list[Block] = [
        header(title),
        section(f"*{view.answered} of {plural(view.students, 'student')}* answered ({esc(view.week)})."),
    ]
    if not view.rows:
        blocks += paragraphs(slack_hints(f"No students yet; they join with /cohort join {view.cohort}."))
    blocks += [section(_row_text(r.name, r.answers, r.commitments)) for r in view.rows if r.answered]
    missing = [f"• {r.name}" for r in view.rows if not r.answered]
    if missing:
        blocks += paragraphs("\n".join(["Not answered yet:", *missing]))
    return pack(title, blocks)


def blocker_reply(view: BlockerReplyView) -> list[SlackMessage]:
    title = f"{view.instructor} answered your blocker in {view.cohort} ({view.week})"
    quoted = clip_escaped(view.blocker, 1000).replace("\n", "\n> ")
    blocks: list[Block] = [
        section(
            f"*{clip_escaped(view.instructor, 100)}* answered your blocker in "
            f"{clip_escaped(view.cohort, 100)} ({esc(view.week)}):"
        ),
        section(f"> {quoted}"),
        *paragraphs(view.reply),
    ]
    return pack(title, blocks)


def reflection_reminder(view: ReflectionReminderView) -> list[SlackMessage]:
    first = f"{view.member}, your reflection for {view.prompt.week_label} is still waiting."
    blocks = [*paragraphs(first), *prompt_blocks(view.prompt, "reflection_reminder")]
    return pack(first, blocks)


def _nudge_buttons(line: NudgeLineView, minutes: list[int], first: int) -> list[Block]:
    if line.track == ALL_TRACKS:
        return []
    logs = [
        button(
            f"stride_log_{first + n}",
            f"Log {duration(m)} {line.track}",
            json.dumps({"track": line.track, "minutes": m}),
        )
        for n, m in enumerate(minutes)
    ]
    length = min(line.session_minutes, MAX_SESSION_MINUTES)
    session = button(
        SESSION_ACTION,
        f"Start a {length} min session",
        json.dumps({"track": line.track, "minutes": length}),
        "primary",
    )
    return [*logs, session]


def nudge(view: NudgeView) -> list[SlackMessage]:
    minutes = view.quick_log_minutes[:10]
    blocks: list[Block] = []
    for n, line in enumerate(view.lines[:20]):
        blocks += paragraphs(nudge_sentence(line))
        elements = _nudge_buttons(line, minutes, n * len(minutes))
        if elements:
            blocks.append({"type": "actions", "block_id": f"{QUICK_LOG_BLOCK}_{n}", "elements": elements})
        else:
            hint = f"Start one with /session start TRACK {line.session_minutes}m"
            blocks.append(context(esc(slack_hints(hint))))
    blocks += later_blocks("nudge")
    summary = nudge_sentence(view.lines[0]) if view.lines else f"{view.member}, a nudge for week {view.week}"
    return pack(summary, blocks)


def digest_blocks(view: DigestView) -> list[Block]:
    """The digest's reflections: how many answered, commitments met or not, and each
    blocker with a *Reply* button (its value the member's opaque id)."""
    answered = f"{view.reflections_answered} of {plural(view.students, 'student')}"
    blocks: list[Block] = [section(f"*Reflections:* {answered} answered.")]
    if view.commitments:
        met = sum(1 for row in view.commitments if row.met)
        lines = [commitment_row_line(row)[:600] for row in view.commitments]
        blocks += paragraphs(
            f"*Commitments for the week:* {met} of {len(view.commitments)} met.\n" + "\n".join(lines)
        )
    if view.blockers:
        blocks.append(header(f"Blockers: {len(view.blockers)}"))
        blocks += [_blocker(b) for b in view.blockers]
    return blocks


def _blocker(blocker: BlockerView) -> Block:
    still = " (still, since last week)" if blocker.still else ""
    return {
        "type": "section",
        "text": {
            "type": "mrkdwn",
            "text": f"*{clip_escaped(blocker.name, 100)}*: “{clip_escaped(blocker.text, 400)}”{still}",
        },
        "accessory": button(REPLY_ACTION, "Reply", json.dumps({"member": blocker.member_id})),
    }
