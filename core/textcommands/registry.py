"""The command table and the dispatcher."""

from __future__ import annotations

import difflib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from core.commands import ParsedArgs, parse_args, tokenise
from core.domain.model import Actor
from core.errors import InvalidInput
from core.services.context import ServiceContext, short
from core.textcommands.examples import EXAMPLES, group_of, help_order
from core.views.base import View
from core.views.member import HelpEntryView, HelpView


@dataclass(frozen=True)
class Upload:
    """A file the user sent with the command, already read by the adapter.

    The console reads a path the user typed, Discord an attachment, Slack a shared file;
    the command sees only the name and the bytes, so no command ever opens a path itself.
    """

    filename: str
    data: bytes


@dataclass(frozen=True)
class Request:
    """One parsed command: who said it, in which cohort, with what arguments."""

    ctx: ServiceContext
    actor: Actor
    args: ParsedArgs
    cohort: str | None
    idempotency_key: str | None
    uploads: tuple[Upload, ...] = ()
    channel: str | None = None
    """The class channel the command was typed in (not a DM): ``cohort create`` binds to it."""


Handler = Callable[[Request], Awaitable[View]]


@dataclass(frozen=True)
class CommandSpec:
    path: tuple[str, ...]
    usage: str
    summary: str
    handler: Handler
    options: frozenset[str] = frozenset()
    details: str = ""
    takes_upload: bool = False
    """The command reads a file: its first word is a path on the console, and on chat
    platforms the file is attached instead."""

    @property
    def name(self) -> str:
        return "/" + " ".join(self.path)


COMMANDS: list[CommandSpec] = []


def command(
    path: str,
    usage: str,
    summary: str,
    *,
    options: tuple[str, ...] = (),
    details: str = "",
    takes_upload: bool = False,
) -> Callable[[Handler], Handler]:
    """Register a handler under ``path`` (e.g. "skill add")."""

    def register(handler: Handler) -> Handler:
        COMMANDS.append(
            CommandSpec(
                tuple(path.split()), usage, summary, handler, frozenset(options), details, takes_upload
            )
        )
        return handler

    return register


def find_command(words: list[str]) -> tuple[CommandSpec | None, int]:
    """The longest registered path that ``words`` start with, and how many words it used."""
    best: CommandSpec | None = None
    for spec in COMMANDS:
        size = len(spec.path)
        if tuple(w.lower() for w in words[:size]) == spec.path and (best is None or size > len(best.path)):
            best = spec
    return best, len(best.path) if best else 0


async def dispatch(
    ctx: ServiceContext,
    actor: Actor,
    text: str,
    *,
    cohort: str | None = None,
    idempotency_key: str | None = None,
    uploads: tuple[Upload, ...] = (),
    channel: str | None = None,
) -> View:
    """Run one command line; ``cohort`` is the default a ``cohort=NAME`` option overrides,
    ``channel`` the class channel it was typed in (a ``channel=`` option overrides)."""
    tokens = tokenise(text)
    if tokens and tokens[0].startswith("/"):
        tokens[0] = tokens[0][1:]
    if not tokens or not tokens[0]:
        raise InvalidInput("Type a command, like /help.")
    spec, used = find_command(tokens)
    if spec is None:
        return _unknown(tokens)
    args = parse_args(tokens[used:])
    args.reject_unknown_options(spec.options | {"cohort"}, spec.name)
    chosen = args.option("cohort")
    if chosen is not None and not chosen.strip():
        raise InvalidInput("The cohort= option is empty; name your cohort, like cohort=ML-Fall-2026.")
    chosen = chosen or cohort
    return await spec.handler(Request(ctx, actor, args, chosen, idempotency_key, uploads, channel))


def _unknown(tokens: list[str]) -> View:
    group = tokens[0].lower()
    in_group = [spec for spec in COMMANDS if spec.path[0] == group]
    if in_group and len(in_group) > 1:
        return help_view(in_group, f"/{group} needs a subcommand:")
    raise no_such_command([t.lower() for t in tokens[:2]])


def no_such_command(words: list[str]) -> InvalidInput:
    """The one sentence for a command that does not exist, with the closest one if any."""
    names = sorted({" ".join(spec.path) for spec in COMMANDS})
    typed = " ".join(words[:2])
    guess = difflib.get_close_matches(typed, names, n=1) or difflib.get_close_matches(words[0], names, n=1)
    hint = f"perhaps you meant /{guess[0]}, or type" if guess else "type"
    return InvalidInput(f"There is no command /{short(typed, 30)}; {hint} /help to see them all.")


def help_view(specs: list[CommandSpec], detail: str | None = None) -> HelpView:
    """One group's commands, in table order."""
    return HelpView(
        entries=[HelpEntryView(usage=spec.usage, summary=spec.summary) for spec in specs],
        detail=detail,
    )


def full_help() -> HelpView:
    """/help alone: the getting-started commands first, then the rest under their headings."""
    ordered = sorted(COMMANDS, key=lambda spec: help_order(spec.path))
    return HelpView(
        entries=[
            HelpEntryView(usage=spec.usage, summary=spec.summary, group=group_of(spec.path))
            for spec in ordered
        ]
    )


def command_help(spec: CommandSpec, also: list[CommandSpec]) -> HelpView:
    """/help COMMAND: its grammar, what it does, its two examples, then its subcommands."""
    first = HelpEntryView(
        usage=spec.usage, summary=spec.summary, examples=list(EXAMPLES.get(spec.name[1:], ()))
    )
    rest = [HelpEntryView(usage=s.usage, summary=s.summary) for s in also if s is not spec]
    return HelpView(entries=[first, *rest], detail=spec.details or None)
