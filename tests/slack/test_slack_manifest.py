"""manifest.yml asks Slack for exactly what the adapter listens to and calls."""

from __future__ import annotations

import re
from pathlib import Path

from bot.slack.listeners.commands import COMMAND_PREFIXES

MANIFEST = (Path(__file__).parents[2] / "manifest.yml").read_text(encoding="utf-8")


def test_every_slash_command_the_adapter_serves_is_in_the_manifest_and_no_other() -> None:
    declared = re.findall(r"^\s+- command: (/\S+)$", MANIFEST, re.MULTILINE)
    assert sorted(declared) == sorted(COMMAND_PREFIXES)
    assert MANIFEST.count("should_escape: true") == len(declared)  # mentions arrive as ids


def test_the_manifest_grants_the_scopes_the_web_api_calls_need() -> None:
    scopes = set(re.findall(r"^\s+- ([a-z:]+)\s", MANIFEST, re.MULTILINE))
    needed = {"commands", "chat:write", "im:write", "im:history", "channels:history", "files:write"}
    assert needed <= scopes


def test_events_and_interactivity_point_at_the_configured_path() -> None:
    urls = re.findall(r"(?:url|request_url): (\S+)", MANIFEST)
    assert len(urls) == len(COMMAND_PREFIXES) + 2
    assert {url.rsplit("/", 2)[-2:] == ["slack", "events"] for url in urls} == {True}
    assert "app_home_opened" in MANIFEST
    assert "home_tab_enabled: true" in MANIFEST
