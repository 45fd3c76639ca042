"""Exports end to end: the plan deliverable cell by cell, a member's JSON, erasure, the cohort CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from core.bootstrap import Stride
from core.render.plan_export import TABLE_HEADER
from core.views.base import Attachment
from tests.conftest import Console
from tests.console.test_bad_input import dump_tables

GENERAL = [
    ("Designing scalable data pipelines", 1, 1, 3, "from job posts"),
    ("Communicating trade-offs", 2, 2, 3, ""),
    ("Debugging production ML", 1, 1, 2, ""),
    ("Defining success metrics", 2, 0, 2, "a | pipe"),
    ("Working under ambiguity", 3, 2, 2, ""),
]
SPECIFIC = [
    ("SQL for ETL", 1, 2, 3, ""),
    ("Airflow orchestration", 2, 0, 1, ""),
    ("Fine-tuning LLMs with LoRA", 1, 1, 2, ""),
    ("Kubernetes deployment", 3, 0, 1, ""),
    ("Spark feature engineering", 2, 1, 2, ""),
]
LEVELS = {0: "Unaware", 1: "Can implement with guidance", 2: "Can execute independently", 3: "Connect"}
PRIORITIES = {1: "Critical", 2: "Important", 3: "Nice-to-have"}


@pytest.fixture
def files(console: Console, tmp_path: Path) -> Path:
    console.session.files_dir = tmp_path / "files"
    return console.session.files_dir


async def attachment(console: Console, line: str) -> Attachment:
    reply = await console.say(line)
    assert reply.ok, reply.error
    assert reply.view is not None
    (file,) = reply.view.attachments
    assert reply.saved[0].read_bytes() == file.data
    return file


async def enter_plan(console: Console, who: str = "ada", *, ease: bool = True) -> None:
    """A whole plan; ``ease``: every skill rated (its priority as its ease), as a complete plan asks."""
    await console.ok(
        f'@{who} /plan set A position="ML Engineer" industry="Healthcare" rationale="I like hospitals"'
    )
    await console.ok(f'@{who} /plan set B position="Data Engineer" industry="Healthcare"')
    for kind, skills in (("general", GENERAL), ("specific", SPECIFIC)):
        for name, priority, current, target, notes in skills:
            note = f' notes="{notes}"' if notes else ""
            levels = f"priority={priority} current={current} target={target}" + (
                f" ease={priority}" if ease else ""
            )
            await console.ok(f'@{who} /skill add "{name}" {kind} {levels}{note}')
    await console.ok(f"@{who} /budget set dsa 5-7")


async def test_plan_export_round_trip_cell_by_cell(console: Console, files: Path) -> None:
    await console.ok("/cohort create ML-Fall-2026")
    await console.ok("@ada /cohort join ML-Fall-2026")
    await enter_plan(console)
    file = await attachment(console, "@ada /plan export")
    assert (file.filename, file.media_type) == ("plan-export.md", "text/markdown")
    text = file.data.decode()
    assert "**Position × industry:** ML Engineer × Healthcare" in text
    assert "- **Why plan A:** I like hospitals" in text
    plan_b = text.split("## Plan B", 1)[1]
    assert "- **Position:** Data Engineer" in plan_b
    assert "Why plan A" not in plan_b
    general = text.split("### General skills (5 of 5)", 1)[1].split("###", 1)[0]
    assert sorted(line[3:] for line in general.strip().splitlines()) == sorted(g[0] for g in GENERAL)
    lines = text.splitlines()
    start = lines.index(TABLE_HEADER)
    assert TABLE_HEADER == "| Skill | Priority (1-3) | Current | Target | Gap | Time to Target | Notes |"
    rows = {cells[0]: cells for cells in (_cells(line) for line in lines[start + 2 : start + 12])}
    assert lines[start + 12] == ""
    assert len(rows) == 10
    for name, priority, current, target, notes in GENERAL + SPECIFIC:
        cells = rows[name]
        assert len(cells) == 7
        assert cells[1] == f"{priority} ({PRIORITIES[priority]})"
        assert cells[2] == f"{current} ({LEVELS[current]})"
        assert cells[3] == f"{target} ({LEVELS[target]})"
        assert cells[4] == str(target - current)
        assert (cells[5] == "at target") == (target == current)
        assert cells[6] == notes.replace("|", "\\|")
    # 1→3: 55 h, 2→3: 40, 1→2: 15, 0→2: 20, 2→3: 40, 0→1: 5, 1→2: 15, 0→1: 5, 1→2: 15 = 210 h at 5 h/week
    assert "- **Total:** 210h of practice left at 5h per week (budgets) = **42 weeks**" in text
    assert "- **Attainable within one year (52 weeks):** **Yes**" in text
    # Each row is the week its skill arrives; the last of them is the plan's own total.
    arrivals = [int(cells[5].split()[1]) for cells in rows.values() if cells[5] != "at target"]
    assert max(arrivals) == 42
    judged = text.split("### How attainability was judged", 1)[1]
    assert "0→1 5h, 1→2 15h, 2→3 40h, 3→4 100h, 4→5 200h" in judged
    assert "You study 5h a week: the sum of your budgets' minimums" in judged
    assert "Still missing" not in text


def _cells(line: str) -> list[str]:
    inner = line.strip()[2:-2]
    parts, current, escaped = [], "", False
    for char in inner:
        if char == "|" and not escaped:
            parts.append(current.strip())
            current = ""
        else:
            current += char
        escaped = char == "\\" and not escaped
    return [*parts, current.strip()]


async def test_an_unfinished_plan_exports_with_what_is_missing(console: Console, files: Path) -> None:
    await console.ok("/cohort create ML-Fall-2026")
    await console.ok("@ada /cohort join ML-Fall-2026")
    assert "no plan or skills to export yet" in await console.fails("@ada /plan export")
    await console.ok('@ada /plan set A position="ML Engineer" industry="Healthcare"')
    reply = await console.say("@ada /plan export")
    assert "not complete yet" in reply.text()
    text = (await attachment(console, "@ada /plan export")).data.decode()
    assert "## Still missing" in text
    assert "_Not set yet: /plan set B" in text
    assert "- **Why plan A:** _not written yet_" in text


async def test_me_export_and_delete_remove_every_record(
    console: Console, stride: Stride, files: Path
) -> None:
    await console.ok("/cohort create ML-Fall-2026")
    await console.ok("@ada /cohort join ML-Fall-2026")
    await console.ok("@bob /cohort join ML-Fall-2026")
    await enter_plan(console)
    await enter_plan(console, "bob")
    roadmap = files.parent / "r.md"
    roadmap.write_text("## P\n- [x] a\n- [ ] b needs 2 hours per week\n", encoding="utf-8")
    for who in ("ada", "bob"):
        await console.ok(f"@{who} /checkin 2 dsa")
        await console.ok(f"@{who} /checkin 1 dsa")
        await console.ok(f"@{who} /checkin undo")  # a correction is personal data too
        await console.ok(f'@{who} /goal add short "Ship it"')
        await console.ok(f"@{who} /roadmap import {roadmap}")
        await console.ok(f"@{who} /me pause until=2026-12-01")
    exported = await attachment(console, "@ada /me export")
    assert exported.media_type == "application/json"
    body = json.loads(exported.data)
    records = body["records"]
    assert body["user_id"] == "ada"
    assert [row["user_id"] for row in records["members"]] == ["ada"]
    assert len(records["skills"]) == 10
    assert len(records["assessments"]) == 10
    assert [row["text"] for row in records["roadmap_items"]] == ["a", "b needs 2 hours per week"]
    assert [row["before"]["minutes"] for row in records["checkin_corrections"]] == [60]
    for table in ("plans", "budgets", "checkins", "goals", "roadmaps", "roadmap_phases", "pauses"):
        assert records[table], table
    bob_before = await _rows_of(stride, "bob")
    asked = await console.ok("@ada /me delete")
    assert "/me delete confirm=ML-Fall-2026" in asked
    assert "must be your cohort's name" in await console.fails("@ada /me delete confirm=nope")
    assert (await _rows_of(stride, "ada"))["members"]
    erased = await console.ok("@ada /me delete confirm=ml-fall-2026")
    assert "Erased everything" in erased
    left = await _rows_of(stride, "ada")
    assert all(rows == [] for rows in left.values()), left
    assert await _rows_of(stride, "bob") == bob_before
    assert "not in a cohort yet" in await console.fails("@ada /me export")


async def _rows_of(stride: Stride, user: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row that belongs to ``user``, found through the member id, per table."""
    tables = await dump_tables(stride.engine)
    members = [row for row in tables["members"] if row[2] == user]
    ids = {row[0] for row in members}
    skills = {row[0] for row in tables["skills"] if row[1] in ids}
    roadmaps = {row[0] for row in tables["roadmaps"] if row[1] in ids}
    return {
        "members": members,
        **{
            t: [r for r in tables[t] if r[1] in ids]
            for t in ("plans", "skills", "budgets", "checkins", "goals", "checkin_corrections")
        },
        "pauses": [r for r in tables["pauses"] if r[1] in ids],
        "week_totals": [r for r in tables["week_totals"] if r[0] in ids],
        "assessments": [r for r in tables["assessments"] if r[1] in skills],
        "roadmaps": [r for r in tables["roadmaps"] if r[0] in roadmaps],
        "roadmap_items": [r for r in tables["roadmap_items"] if r[1] in roadmaps],
    }


async def test_cohort_csv_for_instructors_only(console: Console, files: Path) -> None:
    await console.ok("/cohort create ML-Fall-2026")
    await console.ok("@ada /cohort join ML-Fall-2026")
    await console.ok("@bob /cohort join ML-Fall-2026")
    await console.ok("@zed /cohort create Other")
    await enter_plan(console)
    await console.ok("@ada /checkin 6 dsa")
    roadmap = files.parent / "r.md"
    roadmap.write_text("- [x] a\n- [ ] b\n- [ ] c\n", encoding="utf-8")
    await console.ok(f"@ada /roadmap import {roadmap}")
    await console.ok('@bob /plan set A position="=HYPERLINK(1)" industry="Games"')
    assert "Only an instructor" in await console.fails("@ada /export")
    assert "not in cohort ML-Fall-2026" in await console.fails("@zed /export cohort=ML-Fall-2026")
    file = await attachment(console, "@prof /export")
    assert file.media_type == "text/csv"
    assert file.filename == "ML-Fall-2026-2026-11-18.csv"
    rows = list(csv.DictReader(io.StringIO(file.data.decode("utf-8-sig"))))
    assert [row["student"] for row in rows] == ["ada", "bob"]
    ada, bob = rows
    assert ada["plan_a"] == "ML Engineer × Healthcare"
    assert (ada["plan_complete"], ada["hours_this_week"], ada["hours_this_term"]) == ("yes", "6.00", "6.00")
    assert (ada["weekly_budget"], ada["budget_status"], ada["roadmap_percent"], ada["attainable"]) == (
        "5-7",
        "within",
        "33",
        "yes",
    )
    assert bob["plan_a"] == "'=HYPERLINK(1) × Games"
    assert (bob["plan_complete"], bob["roadmap_percent"], bob["attainable"], bob["budget_status"]) == (
        "no",
        "",
        "",
        "under",
    )
    assert "Plan B" in bob["missing"]
