"""The `stride` command as a newcomer meets it: real subprocesses, a fresh directory."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

STRIDE = str(Path(sys.executable).with_name("stride"))


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIDE_")}
    env.update(extra)
    return env


def _stride(args: list[str], cwd: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [STRIDE, *args], cwd=cwd, input=stdin, capture_output=True, text=True, env=_env(**env), timeout=60
    )


def test_run_without_tokens_starts_the_console_on_a_new_sqlite_file(tmp_path: Path) -> None:
    result = _stride(
        ["run", "--as", "prof", "--json"], tmp_path, "/cohort create Fall-26 tz=Europe/Berlin\n/cohort show\n"
    )
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["ok"] for r in replies] == [True, True]
    assert replies[1]["name"] == "Fall-26"
    database = tmp_path / "stride.db"
    assert database.exists()
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("select name from sqlite_master where type='table'")}
        version = connection.execute("select version_num from alembic_version").fetchone()
    assert {"cohorts", "members", "checkins", "alembic_version"} <= tables
    assert version is not None


def test_a_failed_line_sets_exit_status_1_and_later_lines_still_run(tmp_path: Path) -> None:
    script = "/cohort create A\n/skill add\n/cohort show\n"
    result = _stride(
        ["console", "--as", "prof", "--json", "--db", f"sqlite+aiosqlite:///{tmp_path}/x.db"],
        tmp_path,
        script,
    )
    assert result.returncode == 1
    oks = [json.loads(line)["ok"] for line in result.stdout.splitlines()]
    assert oks == [True, False, True]
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("value", ["yesterday-ish", "2026-13-01", "x" * 5000])
def test_a_bad_now_is_a_clear_usage_error(tmp_path: Path, value: str) -> None:
    result = _stride(["console", "--now", value], tmp_path)
    assert result.returncode == 2
    assert "--now" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_invalid_config_is_reported_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[database]\nurll = 1\n")
    result = _stride(["console"], tmp_path)
    assert result.returncode == 2
    assert "config is not valid" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_config_file_is_reported(tmp_path: Path) -> None:
    result = _stride(["--config", str(tmp_path / "nope.toml"), "console"], tmp_path)
    assert result.returncode == 2
    assert "not found" in result.stderr


def test_console_reads_the_fixed_clock(tmp_path: Path) -> None:
    script = "/cohort create A\n/budget set dsa 5-7\n/checkin 2h dsa\n/progress\n"
    result = _stride(
        [
            "console",
            "--as",
            "prof",
            "--json",
            "--now",
            "2027-01-01T12:00",
            "--db",
            f"sqlite+aiosqlite:///{tmp_path}/c.db",
        ],
        tmp_path,
        script,
    )
    assert result.returncode == 0, result.stdout
    progress = json.loads(result.stdout.splitlines()[-1])
    assert progress["label"].startswith("week 2026-W53")
    assert progress["tracks"][0]["hours"] == 2.0


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql+asyncpg://nobody@127.0.0.1:1/x", "cannot open the database"),
        ("sqlite+aiosqlite:////proc/x.db", "cannot open the database"),
        (
            "sqlite+aiosqlite:////proc/no-such-dir/x.db",
            "/proc/no-such-dir of the SQLite database does not exist",
        ),
        ("carrier-pigeon://coop", "database URL is not valid"),
    ],
)
def test_an_unusable_database_is_one_clear_line(tmp_path: Path, url: str, message: str) -> None:
    for args in (["db", "upgrade", "--db", url], ["console", "--db", url]):
        result = _stride(args, tmp_path, "/help\n")
        assert result.returncode == 1
        assert message in result.stderr
        assert "Traceback" not in result.stderr
