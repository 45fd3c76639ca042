"""Settings: config.toml validated by pydantic, the environment winning over the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from core.settings import DEFAULT_DATABASE_URL, load_settings

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("no_env_config")


def test_defaults_need_no_file() -> None:
    settings = load_settings()
    assert settings.database.url == DEFAULT_DATABASE_URL
    assert settings.defaults.step_hours == (5, 15, 40, 100, 200)
    assert settings.defaults.horizon_weeks == 52
    assert not settings.discord_enabled
    assert not settings.slack_enabled


def test_the_example_config_is_valid_and_documents_every_section(tmp_path: Path) -> None:
    example = tmp_path / "config.toml"
    shutil.copy(REPO / "config.example.toml", example)
    settings = load_settings(example)
    text = example.read_text()
    for section in ("database", "defaults", "console", "discord", "slack"):
        assert f"[{section}]" in text
        assert getattr(settings, section) is not None
    for key in ("url", "busy_timeout_ms", "horizon_weeks", "weekly_hours", "step_hours", "history_file"):
        assert key in text


def test_file_values_are_read(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[database]\nurl = "sqlite+aiosqlite:///x.db"\n[defaults]\ntimezone = "Europe/Berlin"\n'
    )
    settings = load_settings(config)
    assert settings.database.url == "sqlite+aiosqlite:///x.db"
    assert settings.defaults.timezone == "Europe/Berlin"


def test_environment_wins_over_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[database]\nurl = "sqlite+aiosqlite:///from-file.db"\n')
    monkeypatch.setenv("STRIDE_DATABASE__URL", "sqlite+aiosqlite:///from-env.db")
    monkeypatch.setenv("STRIDE_DISCORD__TOKEN", "secret-token")
    settings = load_settings(config)
    assert settings.database.url == "sqlite+aiosqlite:///from-env.db"
    assert settings.discord_enabled
    assert "secret-token" not in repr(settings)


def test_stride_config_variable_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "elsewhere.toml"
    config.write_text('log_level = "DEBUG"\n')
    monkeypatch.setenv("STRIDE_CONFIG", str(config))
    assert load_settings().log_level == "DEBUG"


@pytest.mark.parametrize(
    "content",
    [
        '[database]\nurll = "typo"\n',
        '[defaults]\ntimezone = "Mars/Olympus"\n',
        "[defaults]\nhorizon_weeks = 0\n",
        "[defaults]\nstep_hours = [5, 15]\n",
        '[slack]\nmode = "carrier-pigeon"\n',
        'log_level = "LOUD"\n',
        "[slack]\nrequests_per_second = 0\n",
        "[slack]\nrequests_per_second = -5\n",
        "[slack]\nrequests_per_second = 1e9\n",
        '[slack]\nrequests_per_second = "fast"\n',
        "[database]\nbusy_timeout_ms = -1\n",
    ],
)
def test_invalid_config_is_rejected(tmp_path: Path, content: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(content)
    with pytest.raises(ValidationError):
        load_settings(config)


def test_a_named_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_settings(tmp_path / "missing.toml")
