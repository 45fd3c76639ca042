"""The console front end: an interactive prompt on a terminal, a line-by-line script reader
otherwise (one reply per line, carrying on after failures, exit status 1 if any failed)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Protocol, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import WordCompleter
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.patch_stdout import patch_stdout

from bot.console.session import ConsoleSession
from core.textcommands import COMMANDS

PROMPT = "stride> "
QUIT = {"/quit", "/exit", "quit", "exit"}


async def run_script(
    session: ConsoleSession, lines: Iterable[str] | AsyncIterator[str], out: TextIO, as_json: bool
) -> int:
    """Answer each non-blank, non-comment line; return 1 if any line failed, else 0."""
    failed = False
    async for raw in _each(lines):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        reply = await session.handle(line)
        failed = failed or not reply.ok
        out.write((reply.json() if as_json else f"> {_printable(line)}\n{reply.text()}\n") + "\n")
        out.flush()
    return 1 if failed else 0


async def _each(lines: Iterable[str] | AsyncIterator[str]) -> AsyncIterator[str]:
    if isinstance(lines, AsyncIterator):
        async for line in lines:
            yield line
    else:
        for line in lines:
            yield line


async def stdin_lines(stdin: TextIO) -> AsyncIterator[str]:
    """Standard input's lines, read without blocking the event loop when it is a pipe or a
    terminal: a script waiting for its next line must still see SIGTERM at once. A regular
    file never blocks, so it is read as it is. Undecodable bytes become lone surrogates,
    as ``stride console`` configures for the blocking read."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**20)
    try:
        transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stdin)
    except (ValueError, OSError):  # a regular file, or /dev/null (epoll takes neither)
        for line in stdin:
            yield line
        return
    try:
        while raw := await reader.readline():
            yield raw.decode("utf-8", "surrogateescape")
    finally:
        transport.close()


def _printable(line: str) -> str:
    """The line as typed, with undecodable bytes (lone surrogates) shown as '?'."""
    return line.encode("utf-8", "replace").decode("utf-8")


class Background(Protocol):
    """Something that runs beside the prompt, such as the scheduler."""

    def start(self) -> None: ...

    async def stop(self) -> None: ...


async def run_interactive(
    session: ConsoleSession, history_file: str | None, as_json: bool, background: Background | None = None
) -> int:
    """The prompt; notifications the scheduler sends meanwhile print above it."""
    with patch_stdout():
        if background is not None:
            background.start()
        try:
            return await _prompt_loop(session, history_file, as_json)
        finally:
            if background is not None:
                await background.stop()


async def _prompt_loop(session: ConsoleSession, history_file: str | None, as_json: bool) -> int:
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


async def run_console(
    session: ConsoleSession,
    history_file: str | None,
    as_json: bool,
    background: Callable[[], Background] | None = None,
) -> int:
    """Interactive on a terminal (with ``background`` running); a script reader otherwise."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return await run_interactive(session, history_file, as_json, background() if background else None)
    return await run_script(session, stdin_lines(sys.stdin), sys.stdout, as_json)
