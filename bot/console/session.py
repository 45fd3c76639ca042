"""A console session: turns typed lines into replies, as any other adapter does.

It is the errbot-style end-to-end harness too: tests feed it lines and read the replies.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from core.commands import parse_args, tokenise
from core.domain.model import Actor
from core.domain.textfile import MAX_UPLOAD_BYTES, check_size
from core.errors import InvalidInput, StrideError
from core.render.text import render_text
from core.services.context import ServiceContext, short
from core.textcommands import Upload, dispatch, find_command
from core.views.base import Attachment, View
from core.views.follow_ups import Unfinished, follow_up_of

log = logging.getLogger(__name__)

PLATFORM = "console"
WORKSPACE = "local"

USER_NAME = re.compile(r"[\w.\-]{1,64}")
# Lone surrogates are what undecodable input bytes become (errors="surrogateescape"), and
# what a JSON "\ud800" escape decodes to; no database or terminal accepts them.
_SURROGATE = re.compile("[\ud800-\udfff]")
NOT_UTF8 = "This line is not valid UTF-8 text; save it as UTF-8 and send it again."
BAD_USER = (
    "A line starting with @ names a user of letters, digits, dots, dashes or underscores "
    "(at most 64), like @ada /me."
)


DEFAULT_FILES_DIR = "stride-files"
_UNSAFE_FILENAME = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class Reply:
    ok: bool
    view: View | None
    error: str | None
    saved: list[Path] = field(default_factory=list)
    """Where the reply's files (charts, exports) were written."""
    unfinished: str | None = None
    """Why the rest of the reply (its chart) is missing, when making it failed."""
    note: View | None = None
    """A private note that followed the reply (the asker's budget bands under a board)."""

    def text(self) -> str:
        if self.view is None:
            return f"✗ {self.error}"
        lines = [render_text(self.view)]
        lines += [render_text(self.note)] if self.note else []
        lines += [f"📎 Saved {path.name} to {path}" for path in self.saved]
        lines += [self.unfinished] if self.unfinished else []
        return "\n".join(lines)

    def json(self) -> str:
        if self.view is None:
            return json.dumps({"ok": False, "error": self.error}, ensure_ascii=False)
        body = self.view.model_dump(mode="json", exclude={"attachments"})
        body["files"] = [str(path) for path in self.saved]
        if self.unfinished:
            body["unfinished"] = self.unfinished
        if self.note:
            body["note"] = self.note.model_dump(mode="json")
        return json.dumps({"ok": True, **body}, ensure_ascii=False)


def save_attachments(files: tuple[Attachment, ...], folder: Path) -> list[Path]:
    """Write each file into ``folder`` under a safe name, never over an earlier one."""
    if not files:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for file in files:
        stem, dot, suffix = (_UNSAFE_FILENAME.sub("-", file.filename).strip(".-")[:100] or "file").rpartition(
            "."
        )
        stem, suffix = (stem, dot + suffix) if stem else (suffix, "")
        path, number = folder / f"{stem}{suffix}", 1
        while path.exists():
            number += 1
            path = folder / f"{stem}-{number}{suffix}"
        path.write_bytes(file.data)
        saved.append(path)
    return saved


def read_uploads(text: str) -> tuple[Upload, ...]:
    """The file a command such as ``/roadmap import PATH`` names, read here so commands never
    open paths; the size is checked before the file is read."""
    tokens = tokenise(text)
    if tokens and tokens[0].startswith("/"):
        tokens[0] = tokens[0][1:]
    spec, used = find_command(tokens)
    if spec is None or not spec.takes_upload:
        return ()
    positionals = parse_args(tokens[used:]).positionals
    if not positionals:
        return ()
    path = Path(positionals[0]).expanduser()
    shown = short(positionals[0], 60)
    try:
        if path.is_dir():
            raise InvalidInput(
                f"{shown} is a folder; give the path of the file itself, like {spec.name} ~/roadmap.md."
            )
        if path.exists() and not path.is_file():  # a device or a pipe could block or never end
            raise InvalidInput(
                f"{shown} is not a saved file; give the path of your document, like ~/roadmap.md."
            )
        check_size(path.stat().st_size, path.name)
        with path.open("rb") as file:
            data = file.read(MAX_UPLOAD_BYTES + 1)
    except FileNotFoundError:
        raise InvalidInput(
            f"There is no file at {shown}; check the path, like {spec.name} ~/roadmap.md."
        ) from None
    except PermissionError:
        raise InvalidInput(f"Stride may not read {shown}; check the file's permissions.") from None
    except OSError as error:
        raise InvalidInput(f"Stride could not read {shown} ({error.strerror}); check the path.") from None
    return (Upload(path.name, data),)


class ConsoleSession:
    def __init__(
        self,
        services: ServiceContext,
        user: str,
        cohort: str | None = None,
        files_dir: Path = Path(DEFAULT_FILES_DIR),
    ) -> None:
        self.services = services
        self.user = user
        self.cohort = cohort
        self.files_dir = files_dir

    def actor_for(self, line: str) -> tuple[Actor, str]:
        """A line starting ``@name `` is said by that user; any other by the session's user."""
        user = self.user
        if line.startswith("@"):
            name, _, rest = line[1:].partition(" ")
            if name:
                if not USER_NAME.fullmatch(name):
                    raise InvalidInput(BAD_USER)
                user, line = name, rest
        return Actor(PLATFORM, WORKSPACE, user, user), line

    async def handle(self, line: str) -> Reply:
        try:
            if _SURROGATE.search(line):
                raise InvalidInput(NOT_UTF8)
            actor, text = self.actor_for(line.strip())
            uploads = read_uploads(text)
            view = await dispatch(self.services, actor, text, cohort=self.cohort, uploads=uploads)
        except StrideError as error:
            return Reply(ok=False, view=None, error=error.message)
        except Exception:
            reference = secrets.token_hex(4)
            log.exception("command failed (ref %s)", reference)
            return Reply(
                ok=False,
                view=None,
                error=f"Something went wrong on Stride's side and nothing was saved (ref {reference}).",
            )
        view, unfinished, note = await _with_follow_up(view, text)
        try:
            saved = save_attachments(view.attachments, self.files_dir)
        except OSError as error:
            return Reply(
                ok=False, view=None, error=f"Could not write files to {self.files_dir}: {error.strerror}."
            )
        return Reply(ok=True, view=view, error=None, saved=saved, unfinished=unfinished, note=note)


async def _with_follow_up(view: View, line: str) -> tuple[View, str | None, View | None]:
    """A console reply has no deadline to meet: its follow-up (a digest's chart) is awaited
    and its files are saved with the reply's own; if making it failed, the reply stands and
    says so. A follow-up without files (a private note) is shown after the reply."""
    later = await follow_up_of(view, line.split(" ", 1)[0][:40])
    view = view.model_copy(update={"follow_up": None})
    if later is None:
        return view, None, None
    if isinstance(later, Unfinished):
        return view, later.message, None
    if not later.attachments:
        return view, None, later
    return view.model_copy(update={"attachments": (*view.attachments, *later.attachments)}), None, None
