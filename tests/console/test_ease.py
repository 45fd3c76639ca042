"""Ease of learning at the console, end to end: ``ease=`` on /skill add and /skill update
(1–3 or easy/medium/hard), /skill list's Ease column, the Priority × Ease matrix in the
deliverable, and /plan check pointing at the quick wins still to climb."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Console
from tests.console.test_exports import attachment, enter_plan

COHORT = "ML-Fall-2026"


@pytest.fixture
async def ada(console: Console, tmp_path: Path) -> Console:
    console.session.files_dir = tmp_path / "files"
    await console.ok(f"/cohort create {COHORT}")
    await console.ok(f"@ada /cohort join {COHORT}")
    return console


async def test_ease_is_given_on_add_changed_by_update_and_listed(ada: Console) -> None:
    added = await ada.ok('@ada /skill add "SQL" specific priority=1 current=1 target=3 ease=easy')
    assert added.splitlines()[0] == "Added specific skill SQL."
    first = await ada.ok('@ada /skill add "Git" specific priority=1 current=0 target=2')
    assert first.splitlines()[0] == (
        'Added specific skill Git. Rate how hard it is to learn: /skill update "Git" ease=easy|medium|hard.'
    )
    listed = await ada.ok('@ada /skill update "Git" ease=Medium')
    assert listed.splitlines()[0] == "Updated Git."
    header, _, *rows = listed.splitlines()[1:5]
    assert header.split() == ["#", "Skill", "Kind", "Priority", "Ease", "Current", "Target", "Gap", "Notes"]
    assert [row.split()[:6] for row in rows] == [
        ["1", "SQL", "specific", "1", "Critical", "1"],
        ["2", "Git", "specific", "1", "Critical", "2"],
    ]
    assert "1 easy" in rows[0]
    assert "2 medium" in rows[1]
    assert "3 hard" in await ada.ok('@ada /skill update "Git" ease=3')
    changed = await ada.ok('@ada /skill update "Git" priority=2')  # the ease stays as it was
    assert "3 hard" in changed


async def test_plan_check_points_at_the_quick_wins_still_to_climb(ada: Console) -> None:
    await ada.ok('@ada /skill add "SQL" specific priority=1 current=1 target=3 ease=1')
    await ada.ok('@ada /skill add "Git" specific priority=1 current=2 target=2 ease=1')  # at target
    await ada.ok('@ada /skill add "Spark" specific priority=2 current=0 target=2 ease=easy')  # priority 2
    await ada.ok('@ada /skill add "Talks" general priority=1 current=0 target=2')
    check = await ada.ok("@ada /plan check")
    assert check.splitlines()[-2:] == [
        "Quick wins (priority 1, easy): SQL — start here.",
        '1 skill has no ease of learning yet: rate it with /skill update "NAME" ease=easy|medium|hard.',
    ]
    await ada.ok('@ada /skill update "Talks" ease=easy')
    check = await ada.ok("@ada /plan check")
    assert check.splitlines()[-1] == "Quick wins (priority 1, easy): SQL, Talks — start here."
    await ada.ok('@ada /skill update "Talks" ease=hard')
    await ada.ok('@ada /skill assess "SQL" 3')
    assert "Quick wins" not in await ada.ok("@ada /plan check")


async def test_the_deliverable_carries_the_matrix_with_the_quick_wins_highlighted(ada: Console) -> None:
    await enter_plan(ada, ease=False)
    for name, ease in (
        ("SQL for ETL", "easy"),
        ("Debugging production ML", "1"),
        ("Airflow orchestration", "2"),
        ("Communicating trade-offs", "hard"),
    ):
        await ada.ok(f'@ada /skill update "{name}" ease={ease}')
    text = (await attachment(ada, "@ada /plan export")).data.decode()
    lines = text.splitlines()
    start = lines.index("## Priority × ease of learning")
    assert lines[start + 2 : start + 7] == [
        "| Priority \\ Ease | 1 easy | 2 medium | 3 hard |",
        "|---|---|---|---|",
        "| **1 Critical** | **⭐ Debugging production ML, SQL for ETL** | — | — |",
        "| **2 Important** | — | Airflow orchestration | Communicating trade-offs |",
        "| **3 Nice-to-have** | — | — | — |",
    ]
    assert lines[start + 8] == "⭐ Quick wins: priority 1 and easy to learn — start with these."
    assert lines[start + 9].startswith("**Not rated yet:** ")
    unrated = lines[start + 9].removeprefix("**Not rated yet:** ").split(" — ")[0].split(", ")
    assert len(unrated) == 6
    assert "SQL for ETL" not in unrated
    matrix = text.index("## Priority × ease of learning")
    assert text.index("## Skill assessment") < matrix < text.index("## Time to target")
