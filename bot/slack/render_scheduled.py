"""The DMs the scheduler sends with buttons and selects, in Block Kit: the hours check-in
(quick log, *Other amount…*, and its reflection part), the monthly re-assessment (a level
select per skill) and the end of a focus timer (*Log it* / *Keep going* / *Discard*); and
how each looks once a button on it did its work (the listeners are ``listeners/actions``).
"""

from __future__ import annotations

import json

from bot.slack.blocks import (
    ACTIONS_ELEMENTS_LIMIT,
    BUTTON_TEXT_LIMIT,
    OPTION_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    Block,
    SlackMessage,
    clip_escaped,
    code,
    context,
    esc,
    pack,
    paragraphs,
    plain,
)
from bot.slack.hints import slack_hints
from bot.slack.render_reflections import QUICK_LOG_BLOCK, later_blocks, prompt_blocks
from core.domain.levels import LEVEL_NAMES
from core.render.reminders import REMIND_LATER
from core.render.scheduled import reassess_answer, reassess_label
from core.render.sessions import session_text, timer_dm_question, timer_dm_text
from core.render.text import quick_log_receipt, render_text
from core.views.activity import CheckinView
from core.views.scheduled import HoursCheckinView, ReassessmentView
from core.views.sessions import SessionView, TimerDmView

QUICK_LOG_ACTION = "stride_log"
"""Prefix of the quick-log buttons' action ids (``stride_log_0``, ``stride_log_1`` …)."""
CUSTOM_LOG_ACTION = "stride_log_custom"
ASSESS_ACTION = "stride_assess"
ASSESS_BLOCK_PREFIX = "assess:"
TIMER_ACTION = "stride_timer"
"""Prefix of the end-of-session DM's buttons: ``stride_timer_log``, ``_keep``, ``_discard``."""
TIMER_BUTTONS = (("log", "Log it"), ("keep", "Keep going"), ("discard", "Discard"))
"""The block of a skill's level select is ``assess:`` + the skill's name (at most 100 chars)."""


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "Stride"


def hours_checkin(view: HoursCheckinView) -> list[SlackMessage]:
    asked = render_text(view.model_copy(update={"quick_log": [], "reflection": None}))
    text = slack_hints(asked.removesuffix("\n" + REMIND_LATER))  # both are buttons here
    buttons = [
        {
            "type": "button",
            "action_id": f"{QUICK_LOG_ACTION}_{n}",
            "text": plain(quick.label, BUTTON_TEXT_LIMIT),
            "value": json.dumps({"track": quick.track, "minutes": quick.minutes}),
        }
        for n, quick in enumerate(view.quick_log[: ACTIONS_ELEMENTS_LIMIT - 1])
    ]
    other = {
        "type": "button",
        "action_id": CUSTOM_LOG_ACTION,
        "text": plain("Other amount…", BUTTON_TEXT_LIMIT),
    }
    blocks = [*code(text), {"type": "actions", "block_id": QUICK_LOG_BLOCK, "elements": [*buttons, other]}]
    if view.reflection is not None:
        blocks += prompt_blocks(view.reflection, "hours_checkin")
    else:
        blocks += later_blocks("hours_checkin")
    return pack(first_line(text), blocks)


def answered_prompt(blocks: list[Block], view: CheckinView) -> tuple[str, list[Block]]:
    """A check-in prompt once a quick-log button on it was clicked: its text without those
    buttons, and what it logged in their place (plain text: a track's ``_`` stays as typed).
    Its other buttons (*Reflect*, *Remind me later*) stay."""
    line = quick_log_receipt(view)
    kept = [block for block in blocks if not str(block.get("block_id", "")).startswith(QUICK_LOG_BLOCK)]
    return line, [*kept, {"type": "context", "elements": [plain(line, SECTION_TEXT_LIMIT)]}]


def level_options() -> list[dict[str, object]]:
    return [
        {"text": plain(f"{level} {name}", OPTION_TEXT_LIMIT), "value": str(level)}
        for level, name in LEVEL_NAMES.items()
    ]


def reassessment(view: ReassessmentView) -> list[SlackMessage]:
    text = slack_hints(render_text(view))
    if not view.skills:
        return pack(first_line(text), paragraphs(text))
    options = level_options()
    blocks: list[Block] = paragraphs(
        f"{view.member}, time for the {view.month} skill check. Where are you now?"
    )
    for skill in view.skills:
        blocks.append(
            {
                "type": "section",
                "block_id": f"{ASSESS_BLOCK_PREFIX}{skill.name}",
                "text": {
                    "type": "mrkdwn",
                    "text": f"*{clip_escaped(reassess_label(skill), 200)}*\n"
                    f"now {skill.current} {skill.current_label}, "
                    f"target {skill.target} {skill.target_label}",
                },
                "accessory": {
                    "type": "static_select",
                    "action_id": ASSESS_ACTION,
                    "placeholder": plain("Your level now", 150),
                    "options": options,
                    "initial_option": options[skill.current],
                },
            }
        )
    blocks.append(context(slack_hints(reassess_answer(view))))
    return pack(first_line(text), blocks)


def session(view: SessionView) -> list[SlackMessage]:
    text = slack_hints(session_text(view))
    return pack(first_line(text), paragraphs(text))


def timer_dm(view: TimerDmView) -> list[SlackMessage]:
    """The end of a focus period; the last one's with *Log it* / *Keep going* / *Discard*,
    each carrying the session and period it answers."""
    first = timer_dm_text(view)
    if not view.final:
        return pack(first, paragraphs(first))
    value = json.dumps({"session": view.session_id, "period": view.period})
    buttons = [
        {
            "type": "button",
            "action_id": f"{TIMER_ACTION}_{choice}",
            "text": plain(label, BUTTON_TEXT_LIMIT),
            "value": value,
            **({"style": "primary"} if choice == "log" else {}),
        }
        for choice, label in TIMER_BUTTONS
    ]
    blocks = [
        *paragraphs(first),
        {"type": "actions", "block_id": "timer_answer", "elements": buttons},
        context(esc(slack_hints(timer_dm_question(view)))),
    ]
    return pack(first, blocks)


def answered_timer(blocks: list[Block], view: SessionView) -> tuple[str, list[Block]]:
    """The end-of-session DM once a button on it was clicked: its buttons give way to what
    was done (plain text), so it is not clicked again."""
    line = slack_hints(session_text(view))
    kept = [block for block in blocks if block.get("type") not in ("actions", "context")]
    return line, [*kept, {"type": "context", "elements": [plain(line, SECTION_TEXT_LIMIT)]}]
