"""core.logs: a logged exception keeps its frames and types, never its messages."""

from __future__ import annotations

import errno
import logging

import pytest

from core.errors import InvalidInput
from core.logs import HIDDEN, protect_logs

log = logging.getLogger("tests.logs")
SECRET = "zqx" + "mark"  # never spelt out on a line a traceback shows


def _fail(secret: str) -> None:
    try:
        raise KeyError(f"{secret}-context")
    except KeyError as error:
        raise InvalidInput(f"You wrote {secret}.") from error


def test_an_exception_chain_is_logged_without_its_messages(caplog: pytest.LogCaptureFixture) -> None:
    protect_logs()
    protect_logs()  # idempotent: one redaction, not two wrappers
    caplog.set_level(logging.DEBUG)
    try:
        _fail(SECRET)
    except InvalidInput:
        log.exception("command failed (ref abc)")
    [record] = caplog.records
    shown = logging.Formatter().format(record)
    assert SECRET not in shown
    assert shown.startswith("command failed (ref abc)\nTraceback (most recent call last):")
    assert f"KeyError: {HIDDEN}" in shown
    assert f"core.errors.InvalidInput: {HIDDEN}" in shown
    assert "in _fail" in shown  # the frames stay
    assert shown.count("Traceback (most recent call last):") == 2


def test_an_os_error_keeps_the_systems_words(caplog: pytest.LogCaptureFixture) -> None:
    protect_logs()
    caplog.set_level(logging.DEBUG)
    error = FileNotFoundError(errno.ENOENT, "No such file or directory", "/home/ada/zqxmark plan.md")
    log.error("could not read", exc_info=error)
    shown = logging.Formatter().format(caplog.records[0])
    assert "FileNotFoundError: [Errno 2] No such file or directory" in shown
    assert "zqxmark" not in shown
