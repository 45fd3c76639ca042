"""`stride db upgrade` on a fresh SQLite file, run as a user would: the installed command in a
subprocess, with no config file and no STRIDE_* variables around."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from core.db.tables import metadata

STRIDE = Path(sys.executable).with_name("stride")


def run_upgrade(url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIDE_")}
    return subprocess.run(
        [str(STRIDE), "db", "upgrade", "--db", url],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from core.db.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def tables_in(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """An empty working directory, so no ./config.toml or ./stride.db is picked up."""
    (tmp_path / "work").mkdir()
    return tmp_path / "work"


def test_db_upgrade_creates_a_fresh_file_and_is_idempotent(tmp_path: Path, workdir: Path) -> None:
    assert STRIDE.exists(), f"the stride command is not installed next to {sys.executable}"
    (tmp_path / "data").mkdir()  # a folder that does not exist is refused (tests/cli)
    db = tmp_path / "data" / "x.db"
    url = f"sqlite+aiosqlite:///{db}"
    revision = head_revision()

    first = run_upgrade(url, workdir)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == f"database is at revision {revision}"
    assert db.is_file()
    assert {t.name for t in metadata.sorted_tables} | {"alembic_version"} <= tables_in(db)
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(revision,)]
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        # Data written between runs must survive the second upgrade.
        connection.execute(
            "INSERT INTO cohorts (platform, workspace_id, name, name_key, timezone, horizon_weeks, "
            "step_hours, default_weekly_minutes, settings, created_at) VALUES "
            "('console', 'local', 'Kept', 'kept', 'UTC', 52, '[5, 15, 40, 100, 200]', 360, '{}', "
            "'2026-11-18 10:00:00.000000')"
        )

    second = run_upgrade(url, workdir)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == f"database is at revision {revision}"
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(revision,)]
        assert connection.execute("SELECT name FROM cohorts").fetchall() == [("Kept",)]
    assert list(workdir.iterdir()) == []  # nothing written to the working directory
