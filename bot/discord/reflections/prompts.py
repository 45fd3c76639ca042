"""The buttons under Stride's personal prompts and reports: the check-in DM (quick-log,
*Other amount…*, *Reflect*, the blocker question, *Remind me later*), the reflection
reminder, the midweek nudge and the digest's *Reply to NAME* buttons. Discord allows five
rows of five: the reflection's row is the last one, quick-log buttons fill the rest."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.discord.components import CustomLog, QuickLog
from bot.discord.reflections.buttons import (
    BlockerAnswer,
    ReflectButton,
    RemindLater,
    ReplyButton,
    StartSession,
)
from bot.discord.respond import Part, Present, plain
from core.domain.timers import MAX_FOCUS
from core.formatting import duration
from core.views.base import View
from core.views.reflections import NudgeView, ReflectionPromptView, ReflectionReminderView
from core.views.reports import DigestView
from core.views.scheduled import HoursCheckinView

ROWS, PER_ROW = 5, 5
LAST_ROW = ROWS - 1
TRACK = re.compile(r"[a-z0-9_-]{1,32}")
"""A track a button can carry (the cohort default, "all tracks", has none to log on)."""
MAX_SESSION = MAX_FOCUS


def _prompt_items(
    prompt: ReflectionPromptView | None, workspace: str, kind: str
) -> list[discord.ui.Item[Any]]:
    items: list[discord.ui.Item[Any]] = []
    if prompt is not None:
        items.append(ReflectButton(workspace, "Edit reflection" if prompt.answered else "Reflect"))
        if prompt.open_blocker:
            items += [BlockerAnswer(workspace, "resolved"), BlockerAnswer(workspace, "open")]
    items.append(RemindLater(workspace, kind))
    return items


def _view(items: list[discord.ui.Item[Any]], last_row: list[discord.ui.Item[Any]]) -> discord.ui.View:
    buttons = discord.ui.View(timeout=None)
    for item in items[: LAST_ROW * PER_ROW]:
        buttons.add_item(item)
    for item in last_row[:PER_ROW]:
        item.row = LAST_ROW
        buttons.add_item(item)
    return buttons


def checkin_buttons(view: HoursCheckinView, workspace: str) -> discord.ui.View:
    logs: list[discord.ui.Item[Any]] = [
        QuickLog(workspace, choice.minutes, choice.track, choice.label)
        for choice in view.quick_log[: LAST_ROW * PER_ROW - 1]
    ]
    return _view([*logs, CustomLog(workspace)], _prompt_items(view.reflection, workspace, "hours_checkin"))


def reminder_buttons(view: ReflectionReminderView, workspace: str) -> discord.ui.View:
    return _view([], _prompt_items(view.prompt, workspace, "reflection_reminder"))


def nudge_buttons(view: NudgeView, workspace: str) -> discord.ui.View:
    """A row per line behind pace: quick-log amounts of its track and a focus session."""
    buttons = discord.ui.View(timeout=None)
    lines = [line for line in view.lines if TRACK.fullmatch(line.track)][:LAST_ROW]
    for row, line in enumerate(lines):
        items: list[discord.ui.Item[Any]] = [
            QuickLog(workspace, minutes, line.track, f"{duration(minutes)} {line.track}")
            for minutes in view.quick_log_minutes[: PER_ROW - 1]
            if 0 < minutes <= 24 * 60
        ]
        if 0 < line.session_minutes <= MAX_SESSION:
            items.append(StartSession(workspace, line.session_minutes, line.track))
        for item in items:
            item.row = row
            buttons.add_item(item)
    later = RemindLater(workspace, "nudge")
    later.row = LAST_ROW
    buttons.add_item(later)
    return buttons


def digest_buttons(view: DigestView, workspace: str) -> discord.ui.View | None:
    """*Reply to NAME* per blocker, the first 25 (the others: ``/reply``)."""
    if not view.blockers:
        return None
    buttons = discord.ui.View(timeout=None)
    seen: set[int] = set()
    for blocker in view.blockers:
        if blocker.member_id not in seen and len(seen) < ROWS * PER_ROW:
            seen.add(blocker.member_id)
            buttons.add_item(ReplyButton(workspace, blocker.member_id, blocker.name))
    return buttons


def prompt_parts(view: View, workspace: str) -> list[Part] | None:
    """The view's messages with these buttons on the last one; None for other views."""
    buttons: discord.ui.View | None
    if isinstance(view, HoursCheckinView):
        buttons = checkin_buttons(view, workspace)
    elif isinstance(view, ReflectionReminderView):
        buttons = reminder_buttons(view, workspace)
    elif isinstance(view, NudgeView):
        buttons = nudge_buttons(view, workspace)
    elif isinstance(view, DigestView):
        buttons = digest_buttons(view, workspace)
    else:
        return None
    *rest, (last, _) = plain(view)
    return [*rest, (last, buttons)]


def digest_present(workspace: str) -> Present:
    """/digest's answer: the digest with its reply buttons."""

    def present(view: View) -> list[Part]:
        return prompt_parts(view, workspace) or plain(view)

    return present
