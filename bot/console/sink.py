"""The console's delivery sinks: print each notification, or append it to a JSON-lines file.

The JSON-lines sink lets separate processes (``stride tick`` replicas in tests) record
exactly what they delivered, with each message's nonce.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import TextIO

from bot.console.session import save_attachments
from core.render.text import render_text
from core.services.delivery import Outgoing


def describe(message: Outgoing) -> str:
    n = message.notification
    recipient = f"@{n.user_id}" if n.user_id else f"#{n.channel_id or 'cohort channel'}"
    when = message.local_time.strftime("%a %Y-%m-%d %H:%M %Z")
    return f"[{n.kind}] to {recipient} at {when}"


class ConsoleSink:
    """Prints each message; its files (a digest's chart) are written to ``files_dir`` and
    named, never dumped into the terminal."""

    platforms = ("console",)

    def __init__(self, out: TextIO, files_dir: Path | None = None) -> None:
        self._out = out
        self._files_dir = files_dir

    async def send(self, message: Outgoing) -> None:
        lines = [describe(message), render_text(message.view)]
        files = message.view.attachments
        if files and self._files_dir is not None:
            saved = await asyncio.to_thread(save_attachments, files, self._files_dir)
            lines += [f"📎 Saved {path.name} to {path}" for path in saved]
        else:
            lines += [f"📎 {file.filename} ({_kilobytes(len(file.data))}, not saved)" for file in files]
        self._out.write("\n".join(lines) + "\n\n")
        self._out.flush()


def _kilobytes(size: int) -> str:
    return f"{max(1, round(size / 1024)):,} KB"


class JsonLinesSink:
    platforms = ("console",)

    def __init__(self, path: str) -> None:
        self._path = path

    async def send(self, message: Outgoing) -> None:
        n = message.notification
        line = json.dumps(
            {
                "nonce": message.nonce,
                "id": n.id,
                "kind": n.kind,
                "recipient": n.recipient_key,
                "user_id": n.user_id,
                "period": n.period_key,
                "local_time": message.local_time.isoformat(),
                "pid": os.getpid(),
                "files": [file.filename for file in message.view.attachments],
            }
        )
        await asyncio.to_thread(self._append, line)

    def _append(self, line: str) -> None:
        # One write of a short line in append mode: concurrent processes never interleave.
        with open(self._path, "a", encoding="utf-8") as file:
            file.write(line + "\n")
