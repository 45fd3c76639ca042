"""The roadmap leaderboard through the real database: share of items done, ties, opt-outs."""

from __future__ import annotations

from pathlib import Path

from core.bootstrap import Stride
from tests.conftest import Console
from tests.integration.helpers import board, person


async def test_roadmap_board_ranks_by_share_done_and_respects_opt_outs(
    console: Console, stride: Stride, tmp_path: Path
) -> None:
    await console.ok("/cohort create ML-Fall-2026")
    four = tmp_path / "four.md"
    four.write_text("## A\n- [ ] a\n- [ ] b\n## B\n- [ ] c\n- [ ] d\n", encoding="utf-8")
    two = tmp_path / "two.md"
    two.write_text("- [x] a\n- [ ] b\n", encoding="utf-8")
    for name in ("alice", "bob", "carol", "dan", "erin"):
        await console.ok(f"@{name} /cohort join ML-Fall-2026")
    await console.ok(f"@prof /roadmap import {four}")  # instructors are not ranked
    await console.ok(f"@alice /roadmap import {four}")
    for number in (1, 2, 3):
        await console.ok(f"@alice /roadmap done {number}")
    await console.ok(f"@bob /roadmap import {two}")  # 50%, ticked in the file
    await console.ok(f"@carol /roadmap import {four}")
    await console.ok("@carol /roadmap done 4")
    await console.ok("@carol /roadmap done 1")  # 50%, ties with bob
    await console.ok(f"@dan /roadmap import {four}")
    await console.ok("@dan /roadmap done 1")
    await console.ok("@dan /me leaderboard hide")
    view = await board(stride.services, person("erin"), None, "roadmap")
    assert [(r.rank, r.name, r.value) for r in view.rows] == [
        (1, "alice", 75.0),
        (2, "bob", 50.0),
        (2, "carol", 50.0),
    ]
    assert view.hidden_count == 1
    text = await console.ok("@erin /leaderboard roadmap")
    assert "roadmap (share of items done)" in text
    assert "alice" in text
    assert "75%" in text
    assert "dan" not in text
    assert "1 more student keeps their place private." in text
