"""Stride's own hints, written for Slack: every command but the registered aliases is typed
after ``/stride`` there."""

from __future__ import annotations

import re

_COMMAND = re.compile(
    r"(?<![\w/])/(cohort|skill|budget|streak|leaderboard|roadmap|goal|me|digest|export|help|session"
    r"|reflections|reflect|reply|dashboard)\b"
)


def slack_hints(text: str) -> str:
    """``/skill add`` is typed ``/stride skill add`` on Slack.

    ``/checkin``, ``/plan`` and ``/progress`` stay: manifest.yml registers them as aliases.
    """
    return _COMMAND.sub(r"/stride \1", text)
