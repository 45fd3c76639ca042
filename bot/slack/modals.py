"""The plan and check-in modals: their Block Kit, and what a submission carries.

A modal's ``private_metadata`` remembers where it was opened (cohort option and channel),
so the confirmation lands where the member was working. Submitted values are parsed by the
same code as typed commands (``core.commands``), so a modal and ``/stride checkin`` accept
and refuse exactly the same input.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.slack.blocks import Block, clip, clip_escaped, context, esc, plain, section
from core.domain.limits import BLOCKER_REPLY, REFLECTION_ANSWER
from core.render.reflections import blocker_question
from core.services.checkins import NOTE_CHARS
from core.services.plans import POSITION_CHARS, RATIONALE_CHARS
from core.views.reflections import ReflectionFormView
from core.views.reports import BlockerView

PLAN_MODAL = "stride_plan"
CHECKIN_MODAL = "stride_checkin"
REFLECTION_MODAL = "stride_reflection"
REPLY_MODAL = "stride_blocker_reply"
REPLY_FIELD = "reply"
NEXT_HINT = "Hours written like 6h dsa are checked against what you log next week."
PLACEHOLDERS = {
    "done": "Two graph chapters; the SQL project's schema",
    "next": "6h dsa, 2h project",
    "blocked": "Nothing — or what is in your way",
}
METADATA_LIMIT = 3000


@dataclass(frozen=True)
class Origin:
    """Where a modal was opened from."""

    cohort: str | None = None
    channel: str | None = None
    week: str | None = None
    """The week a reflection form asks about (``2026-W49``)."""
    member: int | None = None
    """The digest's opaque member id a blocker reply goes to."""

    def dump(self) -> str:
        """Within Slack's 3000 characters: an id, a cohort name or a week is far shorter, and
        anything longer is left out rather than cut (cut JSON would not load)."""
        data = {"cohort": self.cohort, "channel": self.channel, "week": self.week, "member": self.member}
        kept = {key: value for key, value in data.items() if value is not None and len(str(value)) <= 200}
        return json.dumps(kept)[:METADATA_LIMIT]

    @classmethod
    def load(cls, metadata: str | None) -> Origin:
        try:
            data = json.loads(metadata or "{}")
        except json.JSONDecodeError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        cohort, channel, week, member = (data.get(key) for key in ("cohort", "channel", "week", "member"))
        return cls(
            cohort if isinstance(cohort, str) else None,
            channel if isinstance(channel, str) else None,
            week if isinstance(week, str) else None,
            member if type(member) is int else None,
        )


def _input(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "optional": optional,
        "element": {**element, "action_id": "value"},
    }


def _text(max_length: int, placeholder: str, *, multiline: bool = False) -> dict[str, Any]:
    return {
        "type": "plain_text_input",
        "max_length": max_length,
        "multiline": multiline,
        "placeholder": plain(placeholder, 150),
    }


def _modal(callback_id: str, title: str, submit: str, blocks: list[Block], origin: Origin) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, 24),
        "submit": plain(submit, 24),
        "close": plain("Cancel", 24),
        "private_metadata": origin.dump(),
        "blocks": blocks,
    }


def plan_modal(origin: Origin) -> dict[str, Any]:
    slots = [{"text": plain(f"Plan {s}", 75), "value": s} for s in ("A", "B")]
    blocks = [
        _input("slot", "Which plan", {"type": "static_select", "options": slots, "initial_option": slots[0]}),
        _input("position", "Target position", _text(POSITION_CHARS, "Data Engineer")),
        _input("industry", "Industry", _text(POSITION_CHARS, "Healthcare")),
        _input(
            "rationale",
            "Why this plan (rationale)",
            _text(RATIONALE_CHARS, "What draws you to it", multiline=True),
            optional=True,
        ),
    ]
    return _modal(PLAN_MODAL, "Your career plan", "Save", blocks, origin)


def checkin_modal(origin: Origin, track: str | None = None) -> dict[str, Any]:
    track_input = _text(32, "dsa")
    if track:
        track_input["initial_value"] = track[:32]
    blocks = [
        _input("hours", "Hours", _text(16, "1h30m, 90m, 1.5 or 1:30")),
        _input("track", "Track", track_input),
        _input("note", "Note", _text(NOTE_CHARS, "two graph problems"), optional=True),
        _input("date", "Day (if not today)", {"type": "datepicker"}, optional=True),
    ]
    return _modal(CHECKIN_MODAL, "Log study hours", "Log", blocks, origin)


def reflection_modal(form: ReflectionFormView, origin: Origin) -> dict[str, Any]:
    """The week's questions, one optional field each (``q1`` … ``q5``), prefilled when editing."""
    blocks: list[Block] = [context(esc(f"{form.week_label} · you can change it until {form.editable_until}"))]
    if form.open_blocker:
        blocks.append(context(esc(blocker_question(form.open_blocker) + " Answer it after you save.")))
    for question in form.questions[:5]:
        field = _text(REFLECTION_ANSWER, PLACEHOLDERS.get(question.role or "", "Your answer"), multiline=True)
        if question.answer:
            field["initial_value"] = clip(question.answer, REFLECTION_ANSWER)
        block = _input(question.key, question.question, field, optional=True)
        if question.role == "next":
            block["hint"] = plain(NEXT_HINT, 150)
        blocks.append(block)
    title = "Edit reflection" if form.editing else "Weekly reflection"
    return _modal(REFLECTION_MODAL, title, "Save", blocks, origin)


def reply_modal(blocker: BlockerView, origin: Origin) -> dict[str, Any]:
    """An instructor's answer to a blocker from the digest; sent to the student by DM."""
    still = " (still blocked)" if blocker.still else ""
    blocks: list[Block] = [
        section(
            f"*{clip_escaped(blocker.name, 100)}*{still}, {esc(blocker.week)}:\n> "
            + clip_escaped(blocker.text, 2000).replace("\n", "\n> ")
        ),
        _input(REPLY_FIELD, "Your reply (sent to them by DM)", _text(BLOCKER_REPLY, "Try …", multiline=True)),
    ]
    return _modal(REPLY_MODAL, "Reply to a blocker", "Send", blocks, origin)


def submitted(view: dict[str, Any]) -> dict[str, str | None]:
    """Each input block's value (text, selected option or date), by block id."""
    values: dict[str, str | None] = {}
    for block_id, actions in (view.get("state", {}).get("values") or {}).items():
        state = (actions or {}).get("value") or {}
        option = state.get("selected_option") or {}
        value = state.get("value") or option.get("value") or state.get("selected_date")
        values[str(block_id)] = str(value) if value is not None else None
    return values
