"""Roadmaps and goal imports end to end through the console, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import Console

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"


def seed(prefix: str, folder: Path) -> Path:
    """A copy of a seed file under a plain name (the console reads what the user names)."""
    (source,) = SEEDS.glob(f"{prefix}_*.txt")
    target = folder / f"{prefix}-roadmap.md"
    shutil.copyfile(source, target)
    return target


async def joined(console: Console) -> None:
    await console.ok("/cohort create ML-Fall-2026 tz=UTC")
    await console.ok("/cohort set term_start=2026-09-01")
    await console.ok("@ada /cohort join ML-Fall-2026")


async def test_import_seed_003_show_done_undo_and_progress(console: Console, tmp_path: Path) -> None:
    await joined(console)
    text = await console.ok(f"@ada /roadmap import {seed('003', tmp_path)}")
    assert "Imported your roadmap: 7 phases, 83 items, 0 done" in text
    assert "repaired it" in text
    assert "Python: functions, OOP" in text
    assert "â" not in text
    shown = await console.ok("@ada /roadmap show")
    assert "Phase 7: AI Leadership & Communication (Be the Architect)" in shown
    assert " 83. [ ] Build & share public roadmap or technical blog" in shown
    done = await console.ok("@ada /roadmap done 83")
    assert "Item 83 is done: Build & share public roadmap or technical blog (1% of your roadmap)." in done
    assert "Phase 7" in done
    assert "83. [x]" not in done  # a tick answers briefly; /roadmap show lists items
    assert " 83. [x] Build & share" in await console.ok("@ada /roadmap show")
    assert "is already done" in await console.ok("@ada /roadmap done 83")
    progress = await console.ok("@ada /progress")
    assert "Roadmap: 1% (1/83)" in progress
    assert "Item 83 is not done" in await console.ok("@ada /roadmap undo 83")
    assert "Roadmap: 0% (0/83)" in await console.ok("@ada /progress")


async def test_seed_002_windows_and_suggestions_are_offered_not_applied(
    console: Console, tmp_path: Path
) -> None:
    await joined(console)
    text = await console.ok(f"@ada /roadmap import {seed('002', tmp_path)}")
    assert "Phase 1: The Foundation (Next 6-9 Months) · Sep 2026 → Jun 2027" in text
    assert "Phase 2: The Leverage (Months 9-18) · Jun 2027 → Mar 2028" in text
    assert "1. dsa: 5–7 h per week — accept with /roadmap accept 1" in text
    assert "2. reading: 1 book every 3 months — accept with /roadmap accept 2" in text
    assert "No budgets" in await console.ok("@ada /budget show")
    accepted = await console.ok("@ada /roadmap accept 1")
    assert "Accepted suggestion 1: dsa: 5–7 h per week" in accepted
    budgets = await console.ok("@ada /budget show")
    assert "No budgets" not in budgets
    assert "dsa" in budgets
    accepted = await console.ok("@ada /roadmap accept 2")
    assert "Accepted suggestion 2: reading: 1 book every 3 months" in accepted
    assert "reading: 1 book every 3 months (now Nov 2026–Jan 2027, 0 so far)" in await console.ok(
        "@ada /budget show"
    )
    logged = await console.ok("@ada /checkin 1 book reading")
    assert "1 of 1 book (✓ within)" in logged
    assert "already accepted" in await console.fails("@ada /roadmap accept 2")
    assert "no suggestion 3" in await console.fails("@ada /roadmap accept 3")


async def test_importing_again_asks_then_replace_and_merge_keep_progress(
    console: Console, tmp_path: Path
) -> None:
    await joined(console)
    first = tmp_path / "a.md"
    first.write_text("## One\n- [ ] alpha\n- [ ] beta\n## Two\n- [ ] gamma\n", encoding="utf-8")
    await console.ok(f"@ada /roadmap import {first}")
    await console.ok("@ada /roadmap done 2")
    second = tmp_path / "b.md"
    second.write_text("## One\n- [ ] Beta\n- [x] delta\n## Three\n- [ ] epsilon\n", encoding="utf-8")
    asked = await console.ok(f"@ada /roadmap import {second}")
    assert "You already have a roadmap" in asked
    assert "mode=replace" in asked
    assert "mode=merge" in asked
    assert " 2. [x] beta" in await console.ok("@ada /roadmap show")  # nothing changed
    merged = await console.ok(f"@ada /roadmap import {second} mode=merge")
    assert "Merged your roadmap: 3 phases, 5 items, 2 done" in merged
    shown = await console.ok("@ada /roadmap show")
    for line in ("1. [ ] alpha", "2. [x] beta", "3. [x] delta", "4. [ ] gamma", "5. [ ] epsilon"):
        assert line in shown
    replaced = await console.ok(f"@ada /roadmap import {second} mode=replace")
    assert "Replaced your roadmap: 2 phases, 3 items, 2 done" in replaced
    assert "alpha" not in await console.ok("@ada /roadmap show")
    assert "not an import mode" in await console.fails(f"@ada /roadmap import {second} mode=both")


async def test_files_that_import_nothing_leave_the_roadmap_alone(console: Console, tmp_path: Path) -> None:
    await joined(console)
    good = tmp_path / "good.md"
    good.write_text("## P\n- [x] kept\n", encoding="utf-8")
    await console.ok(f"@ada /roadmap import {good}")
    cases = {
        "empty.md": (b"", "is empty"),
        "photo.png": (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
        "notes.md": (b"# Notes\njust prose\n", "no checklist items"),
        "huge.md": (b"- [ ] x\n" * 40_000, "more than the 256 KiB"),
    }
    for name, (data, message) in cases.items():
        (tmp_path / name).write_bytes(data)
        error = await console.fails(f"@ada /roadmap import {tmp_path / name} mode=replace")
        assert message in error
    assert "There is no file at" in await console.fails(f"@ada /roadmap import {tmp_path / 'missing.md'}")
    assert "is a folder" in await console.fails(f"@ada /roadmap import {tmp_path}")
    assert "No file came with the command" in await console.fails("@ada /roadmap import")
    assert " 1. [x] kept" in await console.ok("@ada /roadmap show")


async def test_roadmap_commands_before_any_import(console: Console) -> None:
    await joined(console)
    for line in ("/roadmap show", "/roadmap done 1", "/roadmap accept 1"):
        assert "You have no roadmap yet" in await console.fails(f"@ada {line}")
    assert "whole number" in await console.fails("@ada /roadmap done one")


async def test_goal_import_from_seed_000_is_private_and_not_duplicated(
    console: Console, tmp_path: Path
) -> None:
    await joined(console)
    path = seed("000", tmp_path)
    text = await console.ok(f"@ada /goal import {path}")
    assert (
        "Imported 20 goals from Future Goals (updated 2025-10-25) "
        "(8 short-term, 7 medium-term, 5 long-term), tagged recruiter, goals, career, ai, ml, "
        "kept private." in text
    )
    assert "(shared)" not in text
    again = await console.ok(f"@ada /goal import {path}")
    assert "Imported 0 goals" in again
    assert "20 you already had were skipped" in again


async def test_accepting_a_budget_respects_the_budget_limit(console: Console, tmp_path: Path) -> None:
    await joined(console)
    await console.ok(f"@ada /roadmap import {seed('002', tmp_path)}")
    for number in range(20):
        await console.ok(f"@ada /budget set track{number} 1")
    assert "20 budgets, the most Stride keeps" in await console.fails("@ada /roadmap accept 1")
    assert "dsa" not in await console.ok("@ada /budget show")
    assert "accept with /roadmap accept 1" in await console.ok("@ada /roadmap show")
