"""/help on Discord: the slash commands in /help's order, and one command's native grammar
with the shared table's two examples written as Discord options (``name:SQL level:3``).

The grammar comes from the command tree itself, so it can never disagree with what Discord
offers; the examples come from ``core.textcommands.examples`` and are translated word for
word: ``key=value`` becomes ``key:value`` and the positional words fill the options in their
order. An example that needs something Discord has no option for (``cohort=``: a server is
one cohort) is left out rather than shown wrong.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from core.commands import parse_args, tokenise
from core.errors import StrideError
from core.textcommands.examples import EXAMPLES, group_of, help_order
from core.textcommands.registry import no_such_command
from core.views.member import HelpEntryView, HelpView

TWINS: dict[str, tuple[tuple[str, dict[str, str]], ...]] = {
    "me show": (("me", {}),),
    "progress": (("progress", {}), ("progress chart", {"chart": "True"})),
}
"""Discord commands whose twin in the shared grammar has another name, or that stand for
more than one shared command through a fixed option (``/progress chart:True``)."""
DISCORD_EXAMPLES = {
    "export": ("/export", "/export what:deliverables"),
    "checkins list": ("/checkins list", "/checkins list period:month"),
    "checkins undo": ("/checkins undo", "/checkins undo"),
    "checkins remove": ("/checkins remove number:2", "/checkins remove number:1"),
    "checkins edit": (
        "/checkins edit number:1 hours:45m",
        "/checkins edit number:3 date:yesterday track:project",
    ),
    "budget set": (
        "/budget set track:dsa hours:5-7 per:month",
        "/budget set track:reading hours:1 book every 3 months",
    ),
    "checkin": (
        "/checkin hours:1h30m track:dsa note:two graph problems skill:3",
        "/checkin hours:1 book track:reading note:Dune",
    ),
    "cohort schedule": (
        "/cohort schedule kind:digest enabled:False",
        "/cohort schedule kind:weekly_reminder cron:0 9 * * mon",
    ),
    "cohort reflection": (
        "/cohort reflection questions:What did you ship? | What is your plan? | What did you learn?",
        "/cohort reflection turn:reset",
    ),
    "reflect": ("/reflect", "/reflect action:show week:last"),
    "reflections": ("/reflections week:last", "/reflections week:2026-W49"),
    "reply": (
        "/reply member:@ada text:Try the graphs chapter first, then ask me on Tuesday.",
        "/reply member:@ada text:Pair with Grace on the DP set this week.",
    ),
    "me reminders": ("/me reminders day:sun time:19:00", "/me reminders day:off time:off"),
    "me quiet": ("/me quiet hours:23:00-07:00", "/me quiet hours:off"),
    "me snooze": ("/me snooze for:1d", "/me snooze for:off"),
    "dashboard": ("/dashboard", "/dashboard action:signout-all"),
}
"""Two examples of each Discord command the shared grammar has no twin for, or whose
twin's examples would not translate word for word (a count's words are one option here)."""
_TRUE = {"on", "yes", "true", "show"}
_FALSE = {"off", "no", "false", "hide"}

Command = app_commands.Command[Any, Any, Any]


def commands_of(tree: app_commands.CommandTree[discord.Client]) -> list[Command]:
    found = [c for c in tree.walk_commands() if isinstance(c, app_commands.Command)]
    return sorted(found, key=lambda c: help_order(tuple(_twin(c).split())))


def _twin(command: Command) -> str:
    """The name of the command's first twin in the shared grammar (``me show`` → ``me``)."""
    return TWINS.get(command.qualified_name, ((command.qualified_name, {}),))[0][0]


def _kind(parameter: app_commands.Parameter) -> str:
    if parameter.choices:
        return "|".join(str(choice.value) for choice in parameter.choices)
    kind = parameter.type
    if kind is discord.AppCommandOptionType.boolean:
        return "True|False"
    if kind in (discord.AppCommandOptionType.integer, discord.AppCommandOptionType.number):
        low, high = parameter.min_value, parameter.max_value
        return f"{low:g}..{high:g}" if low is not None and high is not None else "NUMBER"
    if kind is discord.AppCommandOptionType.attachment:
        return "FILE"
    if kind in (discord.AppCommandOptionType.user, discord.AppCommandOptionType.mentionable):
        return "@member"
    if kind is discord.AppCommandOptionType.channel:
        return "#channel"
    return parameter.display_name.upper()


def usage(command: Command) -> str:
    """The command's native grammar: ``/skill assess name:NAME level:0..5 [note:NOTE]``."""
    parts = [f"/{command.qualified_name}"]
    for parameter in command.parameters:
        shown = f"{parameter.display_name}:{_kind(parameter)}"
        parts.append(shown if parameter.required else f"[{shown}]")
    return " ".join(parts)


def _value(parameter: app_commands.Parameter, word: str) -> str | None:
    if parameter.type is not discord.AppCommandOptionType.boolean:
        return word
    return "True" if word.lower() in _TRUE else "False" if word.lower() in _FALSE else None


def as_discord(command: Command, twin: str, fixed: dict[str, str], example: str) -> str | None:
    """A shared-grammar example of ``twin`` written with this command's options, or None
    when it needs something the command has no option for."""
    args = parse_args(tokenise(example)[len(twin.split()) :])
    parameters = {p.display_name: p for p in command.parameters}  # as Discord shows them
    given = dict(fixed)
    for key, word in args.options.items():
        if key not in parameters:
            return None
        given[key] = word
    free = [p for p in command.parameters if p.display_name not in given]
    words = list(args.positionals)
    if len(words) > len(free):  # the rest of the words are the last option's text
        if not free or free[-1].type is not discord.AppCommandOptionType.string:
            return None
        words = [*words[: len(free) - 1], " ".join(words[len(free) - 1 :])]
    given.update((p.display_name, word) for p, word in zip(free, words, strict=False))
    shown = []
    for parameter in command.parameters:
        if parameter.display_name in given:
            value = _value(parameter, given[parameter.display_name])
            if value is None:
                return None
            shown.append(f"{parameter.display_name}:{value}")
    return " ".join([f"/{command.qualified_name}", *shown])


def examples(command: Command) -> list[str]:
    """Up to two distinct examples of ``command`` as typed on Discord."""
    name = command.qualified_name
    if name in DISCORD_EXAMPLES:
        return list(DISCORD_EXAMPLES[name])
    written: list[str] = []
    for twin, fixed in TWINS.get(name, ((name, {}),)):
        for example in EXAMPLES.get(twin, ()):
            try:
                found = as_discord(command, twin, fixed, example)
            except StrideError:
                found = None
            if found is not None and found not in written:
                written.append(found)
    return written[:2]


def help_view(tree: app_commands.CommandTree[discord.Client], wanted: str | None) -> HelpView:
    """All commands in /help's order, or one command (its grammar and examples) or group."""
    commands = commands_of(tree)
    if not wanted:
        return HelpView(
            entries=[
                HelpEntryView(
                    usage=usage(c), summary=c.description, group=group_of(tuple(c.qualified_name.split()))
                )
                for c in commands
            ]
        )
    words = wanted.strip().lstrip("/").lower().split()
    matches = [c for c in commands if c.qualified_name.split()[: len(words)] == words]
    if not matches:
        raise no_such_command(words or [""])
    return HelpView(
        entries=[
            HelpEntryView(
                usage=usage(c),
                summary=c.description,
                examples=examples(c) if c.qualified_name.split() == words else [],
            )
            for c in matches
        ]
    )
