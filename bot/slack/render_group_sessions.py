"""Group sessions in Block Kit: the reminder with its *I'll be there* button, and the
digest's attendance lines (the button's listener is ``listeners/group_sessions``)."""

from __future__ import annotations

import json
import re

from bot.slack.blocks import BUTTON_TEXT_LIMIT, Block, SlackMessage, clip_escaped, esc, pack, plain, section
from core.formatting import duration
from core.render.group_sessions import attendance_line
from core.views.group_sessions import GroupSessionReminderView, SessionAttendanceView

RSVP_ACTION = "stride_rsvp"
_SLACK_CHANNEL = re.compile(r"#([CG][A-Z0-9]{2,20})")


def _room(room: str | None) -> str:
    """A room kept as a Slack channel id is shown as a link to it; a name as plain text."""
    if not room:
        return ""
    match = _SLACK_CHANNEL.fullmatch(room)
    return f" in <#{match.group(1)}>" if match else f" in {esc(room)}"


def reminder(view: GroupSessionReminderView) -> list[SlackMessage]:
    line = (
        f":calendar: *{clip_escaped(view.title, 100)}* starts at {view.start}{_room(view.room)} "
        f"({duration(view.minutes)}) — {view.going} going"
    )
    summary = f"{view.title} starts at {view.start} — {view.going} going"
    button = {
        "type": "button",
        "action_id": RSVP_ACTION,
        "style": "primary",
        "text": plain("I'll be there", BUTTON_TEXT_LIMIT),
        "value": json.dumps({"session": view.group_session_id, "day": view.occurrence}),
    }
    hint = f"Coming? Press the button, or type /stride session rsvp {view.number}."
    blocks: list[Block] = [
        section(line),
        section(esc(hint)),
        {"type": "actions", "block_id": "group_session_rsvp", "elements": [button]},
    ]
    return pack(summary, blocks)


def attendance_section(rows: list[SessionAttendanceView]) -> list[Block]:
    if not rows:
        return []
    lines = "\n".join(f"• {clip_escaped(attendance_line(r), 250)}" for r in rows[:10])
    more = f"\n… and {len(rows) - 10} more" if len(rows) > 10 else ""
    return [section(f"*Group sessions*\n{lines}{more}")]
