"""Logs that keep what students wrote out: an exception is logged as its frames and type.

An exception's message can quote a user: a StrideError's sentence, a pydantic
ValidationError's ``input_value=``, a database error's DETAIL line with the row that
failed. Rather than trusting each ``log.exception`` (ours and the libraries'), every
record's exception is rendered once, when the record is made, without any message; the
frames and types are what a developer needs, and the reference in the log line ties it
to the user's report.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

HIDDEN = "(message not logged: it may quote what a user wrote)"
QUOTING_LOGGERS = ("aiosqlite",)
"""Libraries whose DEBUG records quote a statement's parameters (what students wrote):
they log from INFO up, whatever level the rest of the process logs at."""
_protected: list[bool] = []


def protect_logs() -> None:
    """From now on, in this process, no log record renders an exception's message, and no
    library logs the parameters of a statement (idempotent)."""
    if _protected:
        return
    _protected.append(True)
    for name in QUOTING_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    make_record = logging.getLogRecordFactory()

    def redacting(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        if record.exc_info and record.exc_info[1] is not None:
            # Formatters render exc_text when it is set, instead of formatting exc_info.
            record.exc_text = redacted_traceback(record.exc_info[1])
        return record

    logging.setLogRecordFactory(redacting)


def redacted_traceback(error: BaseException) -> str:
    """``error``'s traceback, and those of the exceptions that led to it, without messages."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    blocks = [
        "Traceback (most recent call last):\n"
        + "".join(traceback.format_tb(link.__traceback__))
        + _described(link)
        for link in reversed(chain)
    ]
    return "\n\nThe above exception led to this one:\n\n".join(blocks)


def _described(error: BaseException) -> str:
    kind = type(error)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    if isinstance(error, OSError) and error.strerror:  # the system's words, never a user's
        return f"{name}: [Errno {error.errno}] {error.strerror}"
    return f"{name}: {HIDDEN}"
