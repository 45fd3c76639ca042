"""Settings: ``config.toml`` validated by pydantic, secrets and overrides from the environment.

Environment variables win over the file: ``STRIDE_DATABASE__URL``, ``STRIDE_DISCORD__TOKEN``
and so on (``__`` separates a section from its key). Nothing is read at import time; the
one wiring point calls :func:`load_settings`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_DATABASE_URL = "sqlite:///./stride.db"


class Section(BaseModel):
    """A config section: a misspelt key is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class DatabaseSettings(Section):
    url: str = DEFAULT_DATABASE_URL
    """sqlite:///path or postgresql://user@host/db, checked when the engine is made
    (``core.db.engine.resolve_url``): any ``postgres``/``postgresql`` spelling runs on
    asyncpg, any ``sqlite+driver`` spelling on Stride's own SQLite driver."""
    echo: bool = False
    busy_timeout_ms: int = Field(default=30_000, ge=0, le=600_000)


class DefaultsSettings(Section):
    """Values a new cohort starts with; an instructor changes them with /cohort set."""

    timezone: str = "UTC"
    horizon_weeks: int = Field(default=52, ge=1, le=520)
    weekly_hours: float = Field(default=6.0, gt=0, le=168)
    step_hours: tuple[float, float, float, float, float] = (5, 15, 40, 100, 200)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from core.domain.weeks import resolve_timezone
        from core.errors import InvalidInput

        try:
            return resolve_timezone(value).key
        except InvalidInput as error:
            raise ValueError(error.message) from error


class DiscordSettings(Section):
    token: SecretStr | None = None
    application_id: str | None = None
    api_base_url: str | None = None
    gateway_url: str | None = None
    instructor_role_ids: list[int] = []
    """Server roles whose holders count as instructors (as does Manage Server)."""
    shard_count: int | None = Field(default=None, ge=1, le=10_000)
    """Shard the gateway connection (large deployments); None means one connection."""
    shard_ids: list[int] | None = None
    """The shards this process runs, when several processes split them (needs shard_count)."""
    voice_heartbeat_seconds: float = Field(default=60.0, ge=0.1, le=3600)
    """How often the time of members still in a voice study room is saved: a crash loses at
    most this much of their session."""


class SlackSettings(Section):
    bot_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    app_token: SecretStr | None = None
    api_base_url: str | None = None
    mode: Literal["http", "socket"] = "http"
    host: str = "0.0.0.0"
    port: int = Field(default=3000, ge=0, le=65535)
    """0 picks a free port (tests)."""
    path: str = "/slack/events"
    instructor_user_ids: list[str] = []
    """Slack user ids (like U012AB3CD) that count as instructors of every cohort here."""
    messages_per_second_per_channel: float = Field(default=1.0, gt=0, le=10)
    """Pacing of scheduled posts: Slack allows about one message per second per channel."""
    requests_per_second: float = Field(default=48.0, gt=0, le=100)
    """Pacing of all the deliverer's Web API calls together, evenly (a burst of one and a half)."""


class ConsoleSettings(Section):
    history_file: str = "~/.stride_history"
    user: str | None = None
    """Acting user id on the console; defaults to the operating-system login name."""
    files_dir: str = "stride-files"
    """Where the console writes the files a reply carries (charts, exports)."""


class WebSettings(Section):
    """The instructor dashboard (docs/dashboard.md), served by ``stride run`` and the console."""

    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    """0 picks a free port (tests). In Slack's HTTP mode, the same port as ``slack.port``
    serves the dashboard from Slack's server (one port to expose)."""
    public_url: str | None = None
    """The address people open, as the sign-in links spell it (``https://stride.example.edu``);
    None: ``http://HOST:PORT``. An https address makes the session cookie Secure."""

    @field_validator("public_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
            raise ValueError(
                "write web.public_url as http(s)://host[:port][/path], like https://stride.example.edu"
            )
        return value.rstrip("/")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="STRIDE_", env_nested_delimiter="__", extra="forbid")

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] | None = None
    """None: INFO for the bot, WARNING for the console and ``tick`` (their output stays
    readable); a level set here or in STRIDE_LOG_LEVEL wins on every command."""
    database: DatabaseSettings = DatabaseSettings()
    defaults: DefaultsSettings = DefaultsSettings()
    console: ConsoleSettings = ConsoleSettings()
    discord: DiscordSettings = DiscordSettings()
    slack: SlackSettings = SlackSettings()
    web: WebSettings = WebSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    @property
    def discord_enabled(self) -> bool:
        return self.discord.token is not None

    @property
    def slack_enabled(self) -> bool:
        return self.slack.bot_token is not None


def load_settings(config_path: str | Path | None = None) -> Settings:
    """Read ``config_path`` (default ``$STRIDE_CONFIG`` or ./config.toml, if present) and the env."""
    path = Path(config_path or os.environ.get("STRIDE_CONFIG") or "config.toml")
    if config_path is not None and not path.is_file():
        raise FileNotFoundError(f"config file not found: {path}")

    class _SettingsFromFile(Settings):
        model_config = SettingsConfigDict(toml_file=path)

    return _SettingsFromFile()
