"""The console writes a reply's files into its folder, under safe names, never over another."""

from __future__ import annotations

import json
from pathlib import Path

from bot.console.session import Reply, save_attachments
from core.views.base import Attachment, Notice


def _file(name: str, data: bytes = b"data") -> Attachment:
    return Attachment(filename=name, media_type="application/octet-stream", data=data)


def test_files_land_in_the_folder_and_a_second_save_does_not_overwrite_the_first(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    first = save_attachments((_file("plan.md", b"one"),), folder)
    second = save_attachments((_file("plan.md", b"two"),), folder)
    assert [p.name for p in first + second] == ["plan.md", "plan-2.md"]
    assert [p.read_bytes() for p in first + second] == [b"one", b"two"]


def test_hostile_names_stay_inside_the_folder(tmp_path: Path) -> None:
    names = [
        "../../etc/passwd",
        "/abs/path.png",
        "..",
        "",
        "a\x00b.png",
        "<@U1> chart.png",
        "x" * 500 + ".csv",
    ]
    saved = save_attachments(tuple(_file(n) for n in names), tmp_path)
    assert len(saved) == len(names)
    for path in saved:
        assert path.parent == tmp_path
        assert len(path.name) <= 110
    assert saved[0].name == "etc-passwd"
    assert saved[5].name == "U1-chart.png"


def test_a_reply_names_its_files_in_text_and_json(tmp_path: Path) -> None:
    view = Notice(text="Exported.", attachments=(_file("plan.md"),))
    reply = Reply(ok=True, view=view, error=None, saved=[tmp_path / "plan.md"])
    assert reply.text().splitlines() == ["Exported.", f"📎 Saved plan.md to {tmp_path / 'plan.md'}"]
    body = json.loads(reply.json())
    assert body["files"] == [str(tmp_path / "plan.md")]
    assert "attachments" not in body


def test_no_files_means_no_folder(tmp_path: Path) -> None:
    assert save_attachments((), tmp_path / "never") == []
    assert not (tmp_path / "never").exists()
