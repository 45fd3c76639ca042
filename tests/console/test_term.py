"""A script of console commands plays a whole student term (seed 001, DESIGN §2–§3).

An instructor creates the cohort; a student joins, writes plans A and B, adds the ten
skills of the assignment (1 → 3 each), learns the plan is not attainable (550 h, 92
weeks, 11 h/week needed, or cuts), sets budgets, logs a month of check-ins, re-assesses
a skill, keeps goals, pauses and resumes, and finally — with ≥ 11 h/week of budgets — has
an attainable plan. Played twice: in-process on both backends, and through the real
``stride console`` command on standard input.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Console

COHORT = "ML-Fall-2026"
STRIDE = str(Path(sys.executable).with_name("stride"))

GENERAL = [
    ("Designing scalable data pipelines", 1),
    ("Communicating trade-offs to stakeholders", 1),
    ("Defining model success metrics", 2),
    ("Debugging latency of real-time inference", 2),
    ("Deciding under ambiguity with A/B tests", 3),
]
SPECIFIC = [
    ("Algorithms", 1),
    ("SQL for ETL", 1),
    ("Fine-tuning LLMs with LoRA", 2),
    ("Containerizing apps with Docker", 3),
    ("Terraform and Kubernetes", 3),
]

START = [
    '@ada /plan set A position="ML Engineer" industry="Healthcare" '
    'rationale="I worked two years in a hospital lab and like shipping models"',
    '@ada /plan set B position="Data Engineer" industry="Healthcare"',
    *[f'@ada /skill add "{name}" general priority={p} current=1 target=3 ease={p}' for name, p in GENERAL],
    *[f'@ada /skill add "{name}" specific priority={p} current=1 target=3 ease=2' for name, p in SPECIFIC],
]
BUDGETS = ["@ada /budget set dsa 5-7", "@ada /budget set project 3-5", "@ada /budget set reading 4 per=month"]
GOALS = [
    '@ada /goal add short "Ship an ML feature to production"',
    '@ada /goal add long "Lead an ML platform team"',
]
# One week's work, by weekday (0 = Monday): 5.5 h dsa, 3.5 h project, 1 h reading — every
# budget's weekly minimum met (reading: 4 h a month is 55 min a week).
WEEK = {
    0: ['@ada /checkin 1h30m dsa "arrays and hashing"'],
    1: ['@ada /checkin 90m dsa "two pointers" date=yesterday'],
    2: ["@ada /checkin 1:30 project"],
    3: ['@ada /checkin 2.5 dsa skill="Algorithms"'],
    4: ['@ada /checkin 2h project "docker compose"', "@ada /checkin 1 reading"],
}
RAISE = ["@ada /budget set dsa 7-9", "@ada /budget set project 4-6"]  # 7 + 4 + 0.92 ≥ 11 h/week


def evening(day: date) -> datetime:
    """19:00 in Berlin (CET) on ``day``."""
    return datetime(day.year, day.month, day.day, 18, 0, tzinfo=UTC)


def assert_not_attainable_at_cohort_default(check: dict[str, Any]) -> None:
    assert check["view"] == "plan_check"
    assert check["total_hours"] == 550  # 10 × (15 + 40)
    assert check["weekly_hours"] == 6
    assert check["weekly_source"] == "cohort default"
    assert check["total_weeks"] == 92
    assert check["horizon_weeks"] == 52
    assert check["attainable"] is False
    assert check["weekly_hours_needed"] == 11
    assert check["cuts"], "a plan that does not fit must suggest cuts"
    assert check["cuts"][0]["priority"] == 3  # the lowest priority is cut first
    assert all(1 <= cut["to_target"] < cut["from_target"] == 3 for cut in check["cuts"])
    assert sum(cut["hours_saved"] for cut in check["cuts"]) >= 550 - 52 * 6
    assert check["total_weeks_after_cuts"] is not None
    assert check["total_weeks_after_cuts"] <= 52
    assert check["missing"] == ["A plan that fits 52 weeks (see the suggestions below)"]
    assert {s["name"] for s in check["skills"]} == {name for name, _ in GENERAL + SPECIFIC}
    assert all(s["hours_needed"] == 55 and s["gap"] == 2 for s in check["skills"])


def assert_not_attainable_text(text: str) -> None:
    assert "Plan check for ada: not complete yet" in text
    assert "Total: 550h left at 6h/week (from your cohort default) = 92 weeks" in text
    assert "Not attainable within one year (52 weeks)." in text
    assert "Either study 11h/week" in text
    assert "or lower targets:" in text


def assert_attainable_at_the_end(check: dict[str, Any], logged_after_assessment: float) -> None:
    assert check["weekly_source"] == "budgets"
    assert check["weekly_hours"] >= 11
    # Algorithms was re-assessed 1 → 2 (40 h left, not 55), and hours logged toward it with
    # skill= after that assessment count against those 40 h.
    assert check["total_hours"] == 535 - logged_after_assessment
    assert check["total_weeks"] == 45  # ceil(535 / 11.92), and ceil(532.5 / 11.92)
    algorithms = next(s for s in check["skills"] if s["name"] == "Algorithms")
    assert algorithms["hours_done"] == logged_after_assessment
    assert algorithms["hours_left"] == 40 - logged_after_assessment
    assert max(s["week_reached"] for s in check["skills"]) == check["total_weeks"]
    assert check["attainable"] is True
    assert check["complete"] is True
    assert check["missing"] == []
    assert check["cuts"] == []
    assert check["weekly_hours_needed"] is None


def assert_november(progress: dict[str, Any]) -> None:
    assert progress["period"] == "month"
    assert progress["label"] == "November 2026"
    hours = {t["track"]: t["hours"] for t in progress["tracks"]}
    assert hours == {"dsa": 3 * 5.5 + 2 + 1, "project": 3 * 3.5, "reading": 3.0}
    assert progress["total_hours"] == 33


# ---- (a) in-process, on SQLite and PostgreSQL ----------------------------------------------


class Term:
    def __init__(self, console: Console) -> None:
        self.console = console

    def at(self, when: datetime) -> None:
        self.console.clock.set(when)

    async def view(self, line: str) -> dict[str, Any]:
        reply = await self.console.say(line)
        assert reply.ok, f"{line!r} failed: {reply.error}"
        assert reply.view is not None
        return reply.view.model_dump(mode="json")

    async def all_ok(self, lines: list[str]) -> list[dict[str, Any]]:
        return [await self.view(line) for line in lines]


async def test_a_student_term_in_process(console: Console) -> None:
    term = Term(console)
    monday = date(2026, 11, 2)
    term.at(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))

    cohort = await term.view(f"@prof /cohort create {COHORT} tz=Europe/Berlin")
    assert cohort["your_role"] == "instructor"
    assert cohort["timezone"] == "Europe/Berlin"
    joined = await term.view(f"@ada /cohort join {COHORT}")
    assert joined["your_role"] == "student"
    assert joined["students"] == 1

    views = await term.all_ok(START)
    assert views[0]["plans"][0]["rationale"].startswith("I worked two years")
    assert views[-1]["general"] == 5
    assert views[-1]["specific"] == 5
    assert all(s["current"] == 1 and s["target"] == 3 for s in views[-1]["skills"])

    check = await term.view("@ada /plan check")
    assert_not_attainable_at_cohort_default(check)
    assert_not_attainable_text(await console.ok("@ada /plan check"))

    budgets = (await term.all_ok(BUDGETS))[-1]
    assert [(b["track"], b["min_hours"], b["max_hours"], b["period"]) for b in budgets["budgets"]] == [
        ("dsa", 5, 7, "week"),
        ("project", 3, 5, "week"),
        ("reading", 4, 4, "month"),
    ]
    assert budgets["weekly_hours"] == pytest.approx(8 + 4 * 12 / 52)
    check = await term.view("@ada /plan check")
    assert (check["weekly_source"], check["total_weeks"], check["attainable"]) == ("budgets", 62, False)
    assert check["weekly_hours_needed"] == 11

    goals = (await term.all_ok(GOALS))[-1]
    assert [(g["number"], g["horizon"], g["visibility"]) for g in goals["goals"]] == [
        (1, "short", "private"),
        (2, "long", "private"),
    ]

    # Three full weeks, day by day (W45, W46, W47), each meeting every budget.
    for week in range(3):
        for weekday in range(7):
            day = monday + timedelta(days=7 * week + weekday)
            term.at(evening(day))
            if day == date(2026, 11, 18):  # mid-W47, before the day's work
                streak = await term.view("@ada /streak")
                assert (streak["current"], streak["this_week_met"]) == (2, False)
                assert "Streak: 2 weeks in a row" in await console.ok("@ada /streak")
            for line in WEEK.get(weekday, []):
                logged = await term.view(line)
                assert (
                    logged["local_date"]
                    == (day - timedelta(days=1) if "yesterday" in line else day).isoformat()
                )
            if day == date(2026, 11, 20):
                assessed = await term.view(
                    '@ada /skill assess "Algorithms" 2 note="finished the graphs module"'
                )
                assert assessed["headline"] == (
                    "Algorithms: 1 Can implement with guidance → 2 Can execute independently (up)."
                )
                algorithms = next(s for s in assessed["skills"] if s["name"] == "Algorithms")
                assert (algorithms["current"], algorithms["target"], algorithms["gap"]) == (2, 3, 1)

    w47 = await term.view("@ada /progress")  # Sunday 22 November, end of W47
    assert w47["label"].startswith("week 2026-W47")
    assert {t["track"]: (t["hours"], t["status"]) for t in w47["tracks"]} == {
        "dsa": (5.5, "within"),
        "project": (3.5, "within"),
        "reading": (3.0, "under"),  # November so far against its 4 h, not a 55-minute week
    }
    reading = next(t for t in w47["tracks"] if t["track"] == "reading")
    assert (reading["month_to_date"], reading["on_pace"]) == (True, True)  # 3 h ≥ 4 h × 22/30
    text = await console.ok("@ada /progress")
    assert "✓ within" in text
    assert "reading (this month)" in text
    assert "✓ on pace" in text
    streak = await term.view("@ada /streak")
    assert (streak["current"], streak["best"], streak["this_week_met"]) == (3, 3, True)

    # W48: one check-in, then a pause (Wednesday) and a return (Friday).
    term.at(evening(date(2026, 11, 23)))
    await term.view("@ada /checkin 2 dsa")
    term.at(evening(date(2026, 11, 25)))
    paused = await term.view("@ada /me pause until=2026-12-06")
    assert paused["paused_until"] == "2026-12-06"
    assert (await term.view("@ada /progress"))["paused_until"] == "2026-12-06"
    term.at(evening(date(2026, 11, 27)))
    resumed = await term.view("@ada /me resume")
    assert resumed["paused_until"] is None
    assert resumed["headline"].startswith("Welcome back")
    assert (await term.view("@ada /me"))["paused_until"] is None

    # Monday 30 November: W48 had a paused day, so it neither counts nor breaks the streak.
    term.at(evening(date(2026, 11, 30)))
    await term.view("@ada /checkin 1 dsa")
    assert_november(await term.view("@ada /progress month"))
    assert "November 2026" in await console.ok("@ada /progress month")
    streak = await term.view("@ada /streak")
    assert (streak["current"], streak["this_week_met"]) == (3, False)

    await term.all_ok(RAISE)
    final = await term.view("@ada /plan check")
    assert_attainable_at_the_end(final, logged_after_assessment=0)  # all skill= hours came before it
    text = await console.ok("@ada /plan check")
    assert "complete ✓" in text
    assert "Attainable within one year (52 weeks) ✓" in text
    assert "= 45 weeks" in text

    # The instructor sees the student's plan; the student cannot see the instructor's.
    assert "Plan A: ML Engineer × Healthcare" in await console.ok("@prof /plan show @ada")
    assert (await console.fails("@ada /plan show @prof")).startswith("Plans are private")


# ---- (b) the real `stride console` command, fed a script on standard input ------------------


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIDE_")}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def stride_console(
    db: str, now: str, script: str | bytes, *, as_json: bool = True, cwd: Path
) -> subprocess.CompletedProcess[bytes]:
    args = [STRIDE, "console", "--db", db, "--as", "ada", "--now", now, *(["--json"] if as_json else [])]
    data = script.encode() if isinstance(script, str) else script
    return subprocess.run(
        args, input=data, capture_output=True, env=_env(), cwd=cwd, timeout=120, check=False
    )


def replies(result: subprocess.CompletedProcess[bytes], script: str | bytes) -> list[dict[str, Any]]:
    """One JSON object per non-blank line of the script, in order."""
    raw = script if isinstance(script, bytes) else script.encode()
    expected = [line for line in raw.split(b"\n") if line.strip()]
    out = result.stdout.decode("utf-8").splitlines()
    assert len(out) == len(expected), result.stdout.decode() + result.stderr.decode()
    objects = [json.loads(line) for line in out]
    assert all(isinstance(o, dict) and isinstance(o["ok"], bool) for o in objects)
    assert "Traceback" not in result.stderr.decode("utf-8", "replace")
    return objects


def week_with_dates(monday: date) -> list[str]:
    """WEEK as logged on the Sunday evening after it: each check-in dated explicitly."""
    lines = []
    for weekday, day_lines in WEEK.items():
        day = monday + timedelta(days=weekday)
        for line in day_lines:
            if "date=yesterday" in line:
                line = line.replace("date=yesterday", f"date={day - timedelta(days=1)}")
            lines.append(f"{line} date={day}" if "date=" not in line else line)
    return lines


def play(db: str, tmp_path: Path, now: str, lines: list[str]) -> list[dict[str, Any]]:
    script = "\n".join(lines) + "\n"
    result = stride_console(db, now, script, cwd=tmp_path)
    objects = replies(result, script)
    failed = [(line, o.get("error")) for line, o in zip(lines, objects, strict=True) if not o["ok"]]
    assert failed == [], failed
    assert result.returncode == 0, result.stderr.decode()
    return objects


def test_a_student_term_through_the_stride_command(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'term.db'}"

    out = play(
        db,
        tmp_path,
        "2026-11-02T09:00",
        [f"@prof /cohort create {COHORT} tz=Europe/Berlin", f"/cohort join {COHORT}", *START, "/plan check"],
    )
    assert out[0]["your_role"] == "instructor"
    assert out[1]["your_role"] == "student"
    assert out[-2]["general"] == 5
    assert out[-2]["specific"] == 5
    assert_not_attainable_at_cohort_default(out[-1])

    text = stride_console(db, "2026-11-02T09:05", "/plan check\n", as_json=False, cwd=tmp_path)
    assert text.returncode == 0
    assert_not_attainable_text(text.stdout.decode())

    out = play(db, tmp_path, "2026-11-02T09:10", [*BUDGETS, *GOALS, "/plan check"])
    assert out[2]["weekly_hours"] == pytest.approx(8 + 4 * 12 / 52)
    assert (out[-1]["total_weeks"], out[-1]["attainable"]) == (62, False)

    for week, monday in enumerate([date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)], 1):
        extra = (
            ['/skill assess "Algorithms" 2 note="finished the graphs module"', "/progress"]
            if week == 3
            else []
        )
        out = play(
            db,
            tmp_path,
            f"{monday + timedelta(days=6)}T19:00+01:00",
            [*week_with_dates(monday), *extra, "/streak"],
        )
        assert (out[-1]["current"], out[-1]["this_week_met"]) == (week, True)
    assert {t["track"]: (t["status"], t["on_pace"]) for t in out[-2]["tracks"]} == {
        "dsa": ("within", None),
        "project": ("within", None),
        "reading": ("under", True),  # November so far: 3 h of 4 h, on pace on the 22nd
    }

    out = play(
        db,
        tmp_path,
        "2026-11-25T19:00+01:00",
        ["/checkin 2 dsa date=2026-11-23", "/me pause until=2026-12-06", "/me"],
    )
    assert out[-1]["paused_until"] == "2026-12-06"

    out = play(
        db,
        tmp_path,
        "2026-11-30T19:00+01:00",
        ["/me resume", "/checkin 1 dsa", "/progress month", "/streak", *RAISE, "/plan check"],
    )
    assert out[0]["paused_until"] is None
    assert_november(out[2])
    assert (out[3]["current"], out[3]["this_week_met"]) == (3, False)
    assert_attainable_at_the_end(out[-1], logged_after_assessment=0)  # logged at the same instant

    text = stride_console(db, "2026-11-30T19:05+01:00", "/plan check\n", as_json=False, cwd=tmp_path)
    assert "Attainable within one year (52 weeks) ✓" in text.stdout.decode()


def test_a_failed_line_makes_the_exit_status_1_and_the_script_goes_on(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'fail.db'}"
    script = "\n".join(
        [
            f"@prof /cohort create {COHORT}",
            f"/cohort join {COHORT}",
            "",
            "/budget set dsa 5-7",
            "/checkin 25 dsa",
            "   ",
            "/checkin 2 dsa",
            "/progress",
        ]
    )
    result = stride_console(db, "2026-11-18T10:00", script, cwd=tmp_path)
    out = replies(result, script)
    assert [o["ok"] for o in out] == [True, True, True, False, True, True]
    assert out[3]["error"] == "A check-in must be more than 0 and at most 24 hours; you wrote 25."
    assert out[-1]["tracks"][0]["hours"] == 2  # the line after the failure ran, the failed one wrote nothing
    assert result.returncode == 1


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
def test_undecodable_bytes_on_stdin_are_one_failed_line(tmp_path: Path, as_json: bool) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'bytes.db'}"
    script = b"/cohort create Bytes-2026\n\xff\xfe\n/goal add short caf\xe9 \xff\n/cohort show\n"
    result = stride_console(db, "2026-11-18T10:00", script, as_json=as_json, cwd=tmp_path)
    assert result.returncode == 1
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert "Error" not in stderr, stderr
    if as_json:
        out = replies(result, script)
        assert [o["ok"] for o in out] == [True, False, False, True]
        assert (
            out[1]["error"]
            == out[2]["error"]
            == "This line is not valid UTF-8 text; save it as UTF-8 and send it again."
        )
        assert out[3]["name"] == "Bytes-2026"
    else:
        text = result.stdout.decode("utf-8")
        assert text.count("\n> ") + text.startswith("> ") == 4
        assert text.count("✗ This line is not valid UTF-8 text") == 2
        assert "Cohort Bytes-2026" in text
