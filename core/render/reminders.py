"""Plain text of the personal DMs issue 20 adds (the midweek nudge, the reflection
reminder) and of the reflection part of the weekly check-in DM. The exact sentences are
in docs/reminders.md."""

from __future__ import annotations

from core.commands import format_minutes
from core.formatting import hour_band, hours, plural
from core.render.reflections import prompt_lines
from core.render.text import render_text
from core.views.reflections import NudgeLineView, NudgeView, ReflectionPromptView, ReflectionReminderView

REMIND_LATER = "Remind me later: /me snooze 3h"
ANSWER = "Answer it with /reflect (it shows the questions)."
ALL_TRACKS = "all tracks"


def _left(days: int) -> str:
    return f"with {plural(days, 'day')} left" if days > 0 else "on the week's last day"


def nudge_sentence(line: NudgeLineView) -> str:
    """``You're at 1h of 5h–7h on dsa with 4 days left — a 25 minute session today keeps
    you on track``."""
    outcome = "keeps you on track" if line.catches_up else "gets you closer to your pace"
    return (
        f"You're at {hours(line.done_hours)} of {hour_band(line.min_hours, line.max_hours)} on {line.track} "
        f"{_left(line.days_left)} — a {line.session_minutes} minute session today {outcome}"
    )


def nudge_commands(view: NudgeView, line: NudgeLineView) -> list[str]:
    """The buttons' commands, for a platform without buttons."""
    if line.track == ALL_TRACKS:
        return [
            "Log with /checkin HOURS TRACK, or start a "
            + f"{line.session_minutes} min session: /session start TRACK {line.session_minutes}m"
        ]
    logs = " · ".join(
        f"/checkin {format_minutes(m).replace(' ', '')} {line.track}" for m in view.quick_log_minutes
    )
    return [
        f"Quick log: {logs}",
        f"Start a {line.session_minutes} min session: /session start {line.track} {line.session_minutes}m",
    ]


@render_text.register(NudgeView)
def _nudge(view: NudgeView) -> str:
    lines: list[str] = []
    for line in view.lines:
        lines.append(nudge_sentence(line))
        lines += nudge_commands(view, line)
    lines.append(REMIND_LATER)
    return "\n".join(lines)


def reflection_part(prompt: ReflectionPromptView) -> list[str]:
    """The reflection a DM asks about, with how to answer it in words."""
    lines = prompt_lines(prompt)
    if not prompt.answered:
        lines.append(ANSWER)
    if prompt.open_blocker:
        lines.append("Tell Stride with /reflect resolved=yes or /reflect resolved=no.")
    return lines


@render_text.register(ReflectionReminderView)
def _reflection_reminder(view: ReflectionReminderView) -> str:
    lines = [f"{view.member}, your reflection for {view.prompt.week_label} is still waiting."]
    lines += reflection_part(view.prompt)
    lines.append(REMIND_LATER)
    return "\n".join(lines)
