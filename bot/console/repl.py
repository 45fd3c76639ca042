"""The console front end: an interactive prompt on a terminal, a line-by-line script reader
otherwise (one reply per line, carrying on after failures, exit status 1 if any failed)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import WordCompleter
from prompt_toolkit.history import FileHistory, InMemoryHistory

from bot.console.session import ConsoleSession
from core.textcommands import COMMANDS

PROMPT = "stride> "
QUIT = {"/quit", "/exit", "quit", "exit"}


async def run_script(session: ConsoleSession, lines: Iterable[str], out: TextIO, as_json: bool) -> int:
    """Answer each non-blank, non-comment line; return 1 if any line failed, else 0."""
    failed = False
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        reply = await session.handle(line)
        failed = failed or not reply.ok
        out.write((reply.json() if as_json else f"> {line}\n{reply.text()}\n") + "\n")
        out.flush()
    return 1 if failed else 0


async def run_interactive(session: ConsoleSession, history_file: str | None, as_json: bool) -> int:
    words = sorted({"/" + spec.path[0] for spec in COMMANDS} | {w for s in COMMANDS for w in s.path[1:]})
    history = FileHistory(history_file) if history_file else InMemoryHistory()
    prompt: PromptSession[str] = PromptSession(history=history, completer=WordCompleter(words, sentence=True))
    print(f"Stride console — you are '{session.user}'. Type /help, or /quit to leave.")
    while True:
        try:
            line = await prompt.prompt_async(PROMPT)
        except (EOFError, KeyboardInterrupt):
            return 0
        if line.strip() in QUIT:
            return 0
        if not line.strip():
            continue
        reply = await session.handle(line)
        print(reply.json() if as_json else reply.text())


async def run_console(session: ConsoleSession, history_file: str | None, as_json: bool) -> int:
    if sys.stdin.isatty() and sys.stdout.isatty():
        return await run_interactive(session, history_file, as_json)
    return await run_script(session, sys.stdin, sys.stdout, as_json)
