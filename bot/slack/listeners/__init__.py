"""One module per kind of listener; ``register_all`` attaches every one to the app."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.answer import SlackDeps
from bot.slack.listeners import (
    actions,
    commands,
    events,
    files,
    group_sessions,
    reflections,
    reminders,
    submissions,
)


def register_all(app: AsyncApp, deps: SlackDeps) -> None:
    for module in (commands, actions, submissions, events, files, group_sessions, reflections, reminders):
        module.register(app, deps)
