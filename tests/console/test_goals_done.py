"""Goals achieved and goal tags at the console: /goal done N and /goal undo N, the front
matter's tags kept by /goal import, both shown in /goal list and written in /me export."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.conftest import Console

SEED_000 = Path(__file__).parent.parent / "fixtures" / "seeds" / "000_2a60672d2bdce059.txt"


async def test_done_keeps_the_goal_marked_achieved_and_undo_takes_it_back(console: Console) -> None:
    await console.ok("/cohort create ML-Fall-2026 tz=Europe/Berlin")
    await console.ok("@ada /cohort join ML-Fall-2026")
    await console.ok('@ada /goal add short "Ship a model to production"')
    await console.ok('@ada /goal add long "Teach a course"')
    today = console.clock.now().astimezone(ZoneInfo("Europe/Berlin")).date()

    done = await console.ok("@ada /goal done 2")
    assert "Goal 2 achieved" in done
    listed = await console.ok("@ada /goal list")
    assert "1. [" in listed
    assert "Ship a model to production (private)\n" in listed
    assert f"Teach a course (private, achieved {today.isoformat()} ✓)" in listed

    again = await console.fails("@ada /goal done 2")
    assert again == (
        f"Goal 2 is already marked achieved (on {today.isoformat()}); /goal undo 2 takes that back."
    )
    console.clock.set(console.clock.now() + timedelta(days=3))  # the achieved date is kept, not moved
    assert f"achieved {today.isoformat()}" in await console.ok("@ada /goal list")

    exported = await console.session.handle("@ada /me export")
    assert exported.view is not None
    (file,) = exported.view.attachments
    goals = json.loads(file.data)["records"]["goals"]
    assert [g["achieved_at"] is not None for g in goals] == [False, True]

    assert "Goal 2 is open again." in await console.ok("@ada /goal undo 2")
    assert "achieved" not in (await console.ok("@ada /goal list")).split("\n", 1)[1]
    # numbering is unchanged by marking: /goal remove still counts the same goals
    assert "Removed goal 1." in await console.ok("@ada /goal remove 1")
    assert "1. [" in await console.ok("@ada /goal list")


async def test_imported_goals_keep_the_front_matter_tags(console: Console) -> None:
    await console.ok("/cohort create ML-Fall-2026")
    await console.ok("@ada /cohort join ML-Fall-2026")
    imported = await console.ok(f"@ada /goal import {SEED_000}")
    assert "tagged recruiter, goals, career, ai, ml" in imported
    listed = await console.ok("@ada /goal list")
    assert listed.count("· tags: recruiter, goals, career, ai, ml") == 20
    await console.ok('@ada /goal add short "Typed by hand"')
    assert "Typed by hand (private)\n" in (await console.ok("@ada /goal list")) + "\n"

    exported = await console.session.handle("@ada /me export")
    assert exported.view is not None
    goals = json.loads(exported.view.attachments[0].data)["records"]["goals"]
    assert goals[0]["tags"] == ["recruiter", "goals", "career", "ai", "ml"]
    assert goals[-1]["tags"] is None


async def test_hostile_and_oversized_tags_are_cut_and_counted(console: Console, tmp_path: Path) -> None:
    await console.ok("/cohort create ML-Fall-2026")
    await console.ok("@ada /cohort join ML-Fall-2026")
    words = ["@everyone", "x" * 500, "a\u202eb", "AI", "ai", *[f"t{n}" for n in range(40)]]
    tags = ", ".join(f'"{word}"' for word in words)
    document = tmp_path / "goals.md"
    document.write_text(f"---\ntags: [{tags}]\n---\n## Short term\n- Learn Go\n", encoding="utf-8")
    await console.ok(f"@ada /goal import {document}")
    exported = await console.session.handle("@ada /me export")
    assert exported.view is not None
    (goal,) = json.loads(exported.view.attachments[0].data)["records"]["goals"]
    assert len(goal["tags"]) == 20
    assert goal["tags"][:4] == ["@everyone", "x" * 39 + "…", "ab", "AI"]
