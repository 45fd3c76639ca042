"""Documents sent to Stride's DM: imported with their command, refused in one sentence when
too big (never downloaded), not from Slack, binary, or without a command."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.slack.conftest import INSTRUCTOR, SlackClient, until

ROADMAP = b"## Next 6-9 Months\n- [ ] Learn SQL\n- [x] Python basics\n"


async def _dm(slack: SlackClient, text: str, file: dict[str, Any], event_id: str = "Ev-f") -> str:
    before = len(slack.fake.posted_in("DU1"))
    message = {
        "type": "message",
        "subtype": "file_share",
        "channel": "DU1",
        "channel_type": "im",
        "user": "U1",
        "text": text,
        "files": [file],
        "ts": "1.0",
    }
    assert (await slack.event(message, event_id=event_id)).status == 200
    await until(lambda: len(slack.fake.posted_in("DU1")) > before)
    return json.dumps(slack.fake.posted_in("DU1")[before:], ensure_ascii=False)


async def _class(slack: SlackClient) -> None:
    await slack.command("cohort create ML-Fall", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")


async def test_a_roadmap_sent_in_the_dm_is_imported_and_shown(slack: SlackClient) -> None:
    await _class(slack)
    said = await _dm(slack, "roadmap import", slack.fake.share("roadmap.md", ROADMAP))
    assert "Imported your roadmap: 1 phase, 2 items, 1 done" in said
    assert len(slack.fake.downloads) == 1
    again = await _dm(slack, "roadmap import", slack.fake.share("roadmap.md", ROADMAP), event_id="Ev-g")
    assert "mode=replace" in again
    assert "Learn SQL" in await slack.say("roadmap show")


async def test_a_file_slack_says_is_too_big_is_refused_without_downloading(slack: SlackClient) -> None:
    await _class(slack)
    said = await _dm(slack, "roadmap import", slack.fake.share("huge.md", ROADMAP, size=10 * 1024 * 1024))
    assert "more than the 256 KiB" in said
    assert slack.fake.downloads == []
    assert "No roadmap" in await slack.say("roadmap show") or "roadmap import" in await slack.say(
        "roadmap show"
    )


@pytest.mark.parametrize(
    ("text", "file_change", "says"),
    [
        ("", {}, "Say what the file is for"),
        ("hello there", {}, "Say what the file is for"),
        ("roadmap import", {"url_private_download": "https://evil.example/x.md"}, "not on Slack's file host"),
        ("roadmap import", {"size": "12"}, "more than the 256 KiB"),
    ],
)
async def test_a_file_without_a_command_or_from_elsewhere_gets_one_sentence(
    slack: SlackClient, text: str, file_change: dict[str, Any], says: str
) -> None:
    await _class(slack)
    file = {**slack.fake.share("roadmap.md", ROADMAP), **file_change}
    said = await _dm(slack, text, file)
    assert says in said
    assert slack.fake.downloads == []
    assert "Traceback" not in said


async def test_a_binary_file_is_refused_and_imports_nothing(slack: SlackClient) -> None:
    await _class(slack)
    said = await _dm(
        slack, "roadmap import", slack.fake.share("photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    )
    assert "✗" in said
    assert "Imported" not in said
    assert "Learn SQL" not in await slack.say("roadmap show")


async def test_messages_from_bots_and_channels_are_ignored(slack: SlackClient) -> None:
    await _class(slack)
    file = slack.fake.share("roadmap.md", ROADMAP)
    for extra in ({"bot_id": "B1"}, {"channel_type": "channel", "channel": "C0CLASS"}):
        message: dict[str, Any] = {
            "type": "message",
            "subtype": "file_share",
            "channel": "DU1",
            "channel_type": "im",
            "user": "U1",
        }
        message.update({"text": "roadmap import", "files": [file], "ts": "2.0", **extra})
        assert (await slack.event(message, event_id=f"Ev-{len(extra)}-{extra}")).status == 200
    await slack.say("roadmap show")
    assert slack.fake.downloads == []
