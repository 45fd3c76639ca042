"""The named stack, used through its public API: SQLite goes through SQLAlchemy's stock
aiosqlite dialect (a declared dependency), and the linter that `make test` runs refuses any
private attribute of another object (ruff's SLF001), a library's above all."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_aiosqlite_is_a_declared_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(line.startswith("aiosqlite") for line in project["project"]["dependencies"])


def test_the_linter_refuses_a_private_attribute_of_a_library_object(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from sqlalchemy import select\n\nprint(select()._raw_columns)\n", encoding="utf-8")
    found = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--config", str(ROOT / "pyproject.toml"), str(sample)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 1
    assert "SLF001" in found.stdout
