"""Text commands: one grammar for the console and Slack (DESIGN §3).

``dispatch`` tokenises a line, finds the command, and hands the parsed arguments to its
handler; handlers are a few lines each: read arguments, call a service, return its view.
Importing the handler modules registers their commands.
"""

from core.textcommands import (
    activity,
    dashboard,
    exports,
    planning,
    reflections,
    reminders,
    reports,
    roadmaps,
    session_plans,
    sessions,
)
from core.textcommands.registry import COMMANDS, CommandSpec, Upload, dispatch, find_command

__all__ = [
    "COMMANDS",
    "CommandSpec",
    "Upload",
    "activity",
    "dashboard",
    "dispatch",
    "exports",
    "find_command",
    "planning",
    "reflections",
    "reminders",
    "reports",
    "roadmaps",
    "session_plans",
    "sessions",
]
