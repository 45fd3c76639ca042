"""What `stride` says about a database URL or a date it cannot use: one sentence, never a
traceback, and nothing created on the way (real subprocesses in a fresh directory)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.cli.test_cli import _stride

# Every command that opens the database, with what it needs besides --db.
DB_COMMANDS = [
    ["console"],
    ["run"],
    ["tick", "--now", "2026-11-02T09:00"],
    ["schedule", "preview", "--from", "2026-11-02"],
    ["db", "upgrade"],
]


def _one_sentence(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize(
    "url", ["mysql://x", "mongodb://db.example/stride", "nonsense", "", "x" * 10_000, "y" * 5000 + "://h/d"]
)
@pytest.mark.parametrize("command", DB_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_database_url_stride_cannot_use_is_one_sentence_naming_the_accepted_forms(
    tmp_path: Path, command: list[str], url: str
) -> None:
    result = _stride([*command, "--db", url], tmp_path, "/help\n")
    line = _one_sentence(result.stderr)
    assert result.returncode == 1
    assert "sqlite:///" in line
    assert "postgresql://" in line
    assert len(line) < 300
    assert list(tmp_path.iterdir()) == []  # no ./stride.db made on the way


@pytest.mark.parametrize("where", ["config", "env"])
def test_a_configured_database_url_is_checked_the_same_way(tmp_path: Path, where: str) -> None:
    env = {}
    if where == "config":
        (tmp_path / "config.toml").write_text('[database]\nurl = "mysql://x"\n')
    else:
        env["STRIDE_DATABASE__URL"] = "mysql://x"
    for command in DB_COMMANDS:
        result = _stride(command, tmp_path, "/help\n", **env)
        assert result.returncode == 1, command
        assert "postgresql://" in _one_sentence(result.stderr)


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg2"])
def test_postgres_urls_run_on_asyncpg(tmp_path: Path, scheme: str) -> None:
    result = _stride(["console", "--db", f"{scheme}://nobody@127.0.0.1:1/x"], tmp_path, "/help\n")
    assert result.returncode == 1
    assert "cannot open the database" in _one_sentence(result.stderr)


@pytest.mark.postgres
def test_a_plain_postgres_url_upgrades_the_real_server(tmp_path: Path, postgres_url: str) -> None:
    plain = make_url(postgres_url).set(drivername="postgres").render_as_string(hide_password=False)
    result = _stride(["db", "upgrade", "--db", plain], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("database is at revision ")


def test_a_sqlite_file_in_a_missing_folder_is_refused_and_no_folder_is_made(tmp_path: Path) -> None:
    for command in DB_COMMANDS:
        result = _stride([*command, "--db", f"sqlite:///{tmp_path}/typo/dir/x.db"], tmp_path, "/help\n")
        assert result.returncode == 1, command
        line = _one_sentence(result.stderr)
        assert f"{tmp_path}/typo/dir" in line
        assert "does not exist" in line
    assert list(tmp_path.iterdir()) == []


def test_preview_outside_the_project_creates_no_database(tmp_path: Path) -> None:
    result = _stride(["schedule", "preview", "--from", "2026-11-02"], tmp_path)
    assert result.returncode == 1
    assert "no database at ./stride.db; run `stride db upgrade` or `make run` first" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_command_that_creates_the_database_says_so_once(tmp_path: Path) -> None:
    first = _stride(["console", "--as", "prof"], tmp_path, "/help\n")
    assert first.returncode == 0, first.stderr
    assert first.stderr.count("Created a new database at ./stride.db") == 1
    assert (tmp_path / "stride.db").is_file()
    again = _stride(["console", "--as", "prof"], tmp_path, "/help\n")
    assert again.returncode == 0, again.stderr
    assert "Created" not in again.stderr
    preview = _stride(["schedule", "preview", "--from", "2026-11-02"], tmp_path)
    assert preview.returncode == 0, preview.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["tick", "--now", "9999-12-31T23:59"],
        ["tick", "--now", "0001-01-01T00:00"],
        ["tick", "--now", "1969-12-31T23:59"],
        ["console", "--now", "9001-01-01T00:00"],
        ["run", "--now", "0001-01-01T00:00+05:00"],
        ["schedule", "preview", "--from", "9999-12-30"],
        ["schedule", "preview", "--from", "0001-01-01"],
    ],
)
def test_a_date_outside_1970_to_9000_is_refused_at_parse_time(tmp_path: Path, args: list[str]) -> None:
    result = _stride([*args, "--db", f"sqlite:///{tmp_path}/x.db"], tmp_path, "/help\n")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "1970-01-01" in result.stderr
    assert "9000-12-31" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("now", ["1970-01-01T00:00", "9000-12-31T23:59"])
def test_tick_at_the_ends_of_the_range_runs(tmp_path: Path, now: str) -> None:
    result = _stride(["tick", "--now", now, "--db", f"sqlite:///{tmp_path}/x.db"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
