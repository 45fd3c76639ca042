"""No plan, skill, goal, note or roadmap text reaches a log record, at any level, whether
the command succeeds or the database fails under it (SQLite and PostgreSQL)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import text

from core.bootstrap import Stride
from core.logs import HIDDEN
from tests.conftest import Console

MARK = "zqxmark"
UNEXPECTED = "Something went wrong"
# Tables a student's own text is written to; the failure is injected in each of them.
TEXT_TABLES = [
    "plans",
    "skills",
    "assessments",
    "checkins",
    "goals",
    "roadmaps",
    "roadmap_phases",
    "roadmap_items",
    "roadmap_suggestions",
]


def commands(folder: Path, round_: str) -> list[str]:
    """Every command that stores a student's text, each text a distinct marker."""
    m = f"{MARK}{round_}"
    roadmap = folder / f"roadmap-{round_}.md"
    roadmap.write_text(f"# {m}-title\n## {m}-phase\n### {m}-section\n- [ ] {m}-item\n- [ ] {m}-item-two\n")
    goals = folder / f"goals-{round_}.md"
    goals.write_text(f"## Short-term\n- {m}-imported-goal\n## Long-term\n- {m}-long-goal\n")
    return [
        f'@ada /plan set A position="{m}-position" industry="{m}-industry" rationale="{m}-rationale"',
        f'@ada /skill add "{m}-skill" general priority=1 current=1 target=3 notes="{m}-notes"',
        f'@ada /skill update "{m}-skill" notes="{m}-new-notes"',
        f'@ada /skill assess "{m}-skill" 2 note="{m}-assessment"',
        f'@ada /checkin 1h dsa "{m}-checkin-note"',
        f'@ada /goal add short "{m}-goal"',
        f"@ada /roadmap import {roadmap}" + (" mode=replace" if round_ == "fail" else ""),
        f"@ada /goal import {goals}",
    ]


async def fail_every_text_write(stride: Stride) -> None:
    """Make each insert and update of a text table fail in the database itself."""
    async with stride.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            for table in TEXT_TABLES:
                for event in ("INSERT", "UPDATE"):
                    await connection.execute(
                        text(
                            f"CREATE TRIGGER fail_{event}_{table} BEFORE {event} ON {table} "
                            "BEGIN INSERT INTO injected_failure VALUES (1); END"
                        )
                    )
            return
        await connection.execute(
            text(
                "CREATE OR REPLACE FUNCTION stride_test_fail() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$"
            )
        )
        for table in TEXT_TABLES:
            await connection.execute(
                text(
                    f"CREATE TRIGGER stride_test_fail BEFORE INSERT OR UPDATE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION stride_test_fail()"
                )
            )


async def heal(stride: Stride) -> None:
    if stride.engine.dialect.name == "sqlite":
        return  # the test's own file goes with it
    async with stride.engine.begin() as connection:
        await connection.execute(text("DROP FUNCTION IF EXISTS stride_test_fail() CASCADE"))


def leaks(records: list[logging.LogRecord]) -> list[str]:
    formatter = logging.Formatter("%(levelname)s %(name)s: %(message)s")
    found = []
    for record in records:
        shown = formatter.format(record)  # renders exc_text, as every handler does
        if MARK in shown.lower() or MARK in (record.exc_text or "").lower():
            found.append(shown)
    return found


async def test_no_student_text_in_any_log_record(
    console: Console, stride: Stride, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await console.ok("/cohort create ML-Fall-2026 tz=UTC")
    await console.ok("@ada /cohort join ML-Fall-2026")
    await console.ok("@ada /budget set dsa 5-7")
    for line in commands(tmp_path, "ok"):
        await console.ok(line)
    for line in ["@ada /plan show", "@ada /skill list", "@ada /goal list", "@ada /roadmap show", "/digest"]:
        await console.ok(line)
    assert leaks(caplog.records) == []

    caplog.clear()
    await fail_every_text_write(stride)
    try:
        # A skill that could not be added is then "not yours" (a sentence); the rest fail.
        failed = [line for line in commands(tmp_path, "fail") if UNEXPECTED in await console.fails(line)]
    finally:
        await heal(stride)
    assert len(failed) >= 6, failed
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]
    assert len(errors) == len(failed)
    assert leaks(caplog.records) == []
    shown = logging.Formatter().format(errors[0])
    assert "Traceback (most recent call last)" in shown  # the frames stay for whoever debugs
    assert shown.splitlines()[-1].endswith(f"Error: {HIDDEN}")  # and the type, not the message
