"""`stride`'s own logging as an operator meets it: the configured level wins on every
command, the console's default is quiet, and nothing a student wrote reaches stderr even
at DEBUG with the database failing under a command."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_cli import _stride

MARK = "zqxmark"


def _database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/x.db"
    made = _stride(["db", "upgrade", "--db", url], tmp_path)
    assert made.returncode == 0, made.stderr
    return url


@pytest.mark.parametrize("command", [["console"], ["tick", "--now", "2026-11-02T09:00"]])
def test_the_configured_log_level_wins_and_the_default_is_quiet(tmp_path: Path, command: list[str]) -> None:
    url = _database(tmp_path)
    quiet = _stride([*command, "--db", url], tmp_path, "/help\n")
    assert quiet.returncode == 0, quiet.stderr
    assert " DEBUG " not in quiet.stderr
    assert " INFO " not in quiet.stderr
    (tmp_path / "config.toml").write_text('log_level = "DEBUG"\n')
    loud = _stride([*command, "--db", url], tmp_path, "/help\n")
    assert loud.returncode == 0, loud.stderr
    assert " DEBUG " in loud.stderr
    env = _stride([*command, "--db", url], tmp_path, "/help\n", STRIDE_LOG_LEVEL="ERROR")
    assert " DEBUG " not in env.stderr  # the environment wins over the file, as for any key


def test_no_student_text_on_stderr_at_debug_when_the_database_fails(tmp_path: Path) -> None:
    url = _database(tmp_path)
    (tmp_path / "config.toml").write_text('log_level = "DEBUG"\n')
    setup = "/cohort create A\n@ada /cohort join A\n@ada /budget set dsa 5-7\n"
    lines = [
        f'@ada /plan set A position="{MARK}-p" industry="{MARK}-i" rationale="{MARK}-r"',
        f'@ada /goal add short "{MARK}-goal"',
        f'@ada /checkin 1h dsa "{MARK}-note"',
        f'@ada /skill add "{MARK}-skill" general priority=1 current=1 target=3 notes="{MARK}-n"',
    ]
    ok = _stride(["console", "--db", url, "--as", "prof"], tmp_path, setup + "\n".join(lines) + "\n")
    assert ok.returncode == 0, ok.stdout
    with sqlite3.connect(tmp_path / "x.db") as connection:
        for table in ("plans", "goals", "checkins", "skills"):
            for event in ("INSERT", "UPDATE"):
                connection.execute(
                    f"CREATE TRIGGER fail_{event}_{table} BEFORE {event} ON {table} "
                    "BEGIN INSERT INTO injected_failure VALUES (1); END"
                )
    failed = _stride(["console", "--db", url, "--as", "prof"], tmp_path, "\n".join(lines) + "\n")
    assert failed.returncode == 1
    assert failed.stdout.count("Something went wrong") >= 3
    assert "Traceback" in failed.stderr
    assert "OperationalError" in failed.stderr
    assert " DEBUG " in ok.stderr + failed.stderr
    assert MARK not in (ok.stderr + failed.stderr).lower()


def test_at_debug_the_platform_libraries_wire_traces_stay_off() -> None:
    """discord.py and slack_sdk log whole requests and gateway events at DEBUG: messages,
    with what students wrote in them. An operator's DEBUG is Stride's, not theirs."""
    from bot.cli_lifecycle import WIRE_LOGGERS, configure_logging
    from core.settings import Settings

    try:
        configure_logging(Settings(log_level="DEBUG"), quiet=True)
        assert [logging.getLogger(name).getEffectiveLevel() for name in WIRE_LOGGERS] == [logging.INFO] * 3
    finally:
        for name in WIRE_LOGGERS:
            logging.getLogger(name).setLevel(logging.NOTSET)
