"""The console's delivery sinks with a message that carries a file (a digest's chart): the
file is saved and named, or named with its size, and never dumped into the terminal."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

from bot.console.sink import ConsoleSink, JsonLinesSink
from core.domain.model import Notification
from core.services.delivery import Outgoing
from core.views.base import Attachment, Notice

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 12
WHEN = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def message() -> Outgoing:
    chart = Attachment(filename="digest-ML-2026-W47.png", media_type="image/png", data=PNG)
    row = Notification(
        id=7,
        cohort_id=1,
        kind="digest",
        audience="instructor",
        recipient_key="member:2",
        member_id=2,
        channel_id=None,
        period_key="2026-11-23",
        due_at=WHEN,
        status="pending",
        attempts=0,
        payload={},
        user_id="prof",
    )
    return Outgoing(row, Notice(text="Digest of ML.", attachments=(chart,)), "stride-7", WHEN)


async def test_the_console_sink_saves_the_file_to_the_folder(tmp_path: Path) -> None:
    out = io.StringIO()
    await ConsoleSink(out, tmp_path / "files").send(message())
    saved = tmp_path / "files" / "digest-ML-2026-W47.png"
    assert saved.read_bytes() == PNG
    assert out.getvalue().splitlines()[:3] == [
        "[digest] to @prof at Mon 2026-11-23 08:00 UTC",
        "Digest of ML.",
        f"📎 Saved digest-ML-2026-W47.png to {saved}",
    ]


async def test_without_a_folder_the_console_sink_names_the_file_and_its_size() -> None:
    out = io.StringIO()
    await ConsoleSink(out).send(message())
    assert "📎 digest-ML-2026-W47.png (3 KB, not saved)" in out.getvalue()
    assert "iVBORw0KGgo" not in out.getvalue()  # the PNG's base64


async def test_the_json_lines_sink_lists_the_file_names(tmp_path: Path) -> None:
    path = tmp_path / "sent.jsonl"
    await JsonLinesSink(str(path)).send(message())
    [line] = path.read_text().splitlines()
    assert json.loads(line)["files"] == ["digest-ML-2026-W47.png"]
    assert len(line) < 500
