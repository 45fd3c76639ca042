"""The synthetic dataset, written in bulk (``executemany`` on SQLite, ``COPY`` on PostgreSQL).

Cohorts are created through the real service (so their settings are exactly what Stride
writes); everything else — members, budgets, plans, skills, assessments and about a million
check-ins — is generated here as plain rows and inserted in bulk. A finished dataset is
kept (a SQLite file in the cache folder, or a PostgreSQL database named after the scale)
and reused by the next run of the same scale.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bench.scale import NOW, Scale
from core.bootstrap import start
from core.clock import FixedClock
from core.domain.model import Actor
from core.domain.weeks import iso_week_key
from core.services import cohorts as cohort_service
from core.settings import Settings

PLATFORM, WORKSPACE = "console", "local"
TRACKS = (("dsa", 300, 420), ("ml", 180, 300))
BIG = "bench-big"
Row = tuple[Any, ...]


def cohort_name(index: int) -> str:
    return f"bench-{index:02d}"


def student_id(cohort: int, index: int) -> str:
    return f"s{cohort:02d}-{index:04d}"


def big_student_id(index: int) -> str:
    return f"big-{index:05d}"


def instructor_id(cohort: int | None) -> str:
    return "prof-big" if cohort is None else f"prof-{cohort:02d}"


def actor(user_id: str) -> Actor:
    return Actor(PLATFORM, WORKSPACE, user_id, user_id)


@dataclass(frozen=True)
class Dataset:
    url: str
    scale: Scale
    reused: bool
    seconds: float
    rows: int


def history_start(scale: Scale) -> datetime:
    return NOW - timedelta(weeks=scale.weeks)


class Rows:
    """Every bulk row of one dataset, with ids assigned here so rows can refer to each other."""

    def __init__(self, scale: Scale, first_member_id: int, first_skill_id: int) -> None:
        self.scale = scale
        self.random = random.Random(8)
        self.next_member = first_member_id
        self.next_skill = first_skill_id
        self.members: list[Row] = []
        self.budgets: list[Row] = []
        self.plans: list[Row] = []
        self.skills: list[Row] = []
        self.assessments: list[Row] = []
        self.checkin_members: list[tuple[int, int]] = []  # (member id, weeks of history)
        self.reflections: list[Row] = []

    def add_students(self, cohort_id: int, user_ids: Sequence[str], weeks: int) -> None:
        joined = NOW - timedelta(weeks=weeks, days=1)
        for user_id in user_ids:
            member_id = self.next_member
            self.next_member += 1
            self.members.append(
                (member_id, cohort_id, user_id, user_id, "student", None, True, True, False, joined)
            )
            for track, low, high in TRACKS:
                self.budgets.append((member_id, track, low, high, "week"))
            for slot in ("A", "B"):
                self.plans.append((member_id, slot, "Data Engineer", "Healthcare", "Because.", joined))
            self._skills(member_id, joined)
            self._reflections(member_id, weeks)
            self.checkin_members.append((member_id, weeks))

    def _reflections(self, member_id: int, weeks: int) -> None:
        """Four in five students answer each of the last three complete weeks' reflections,
        committing to hours; one in ten names a blocker."""
        for back in range(1, min(weeks, 3) + 1):
            if self.random.random() >= 0.8:
                continue
            day = NOW.date() - timedelta(weeks=back)
            planned = {"dsa": self.random.randrange(4, 8) * 60, "ml": 180}
            blocked = "Stuck on dynamic programming" if self.random.random() < 0.1 else None
            answers = [
                {
                    "key": "q1",
                    "role": "done",
                    "question": "What did you get done this week?",
                    "answer": "Graphs",
                },
                {
                    "key": "q2",
                    "role": "next",
                    "question": "What will you do next week?",
                    "answer": "dsa and ml",
                },
                {"key": "q3", "role": "blocked", "question": "What's blocking you?", "answer": blocked or ""},
            ]
            created = datetime.combine(day, time(18), tzinfo=NOW.tzinfo)
            self.reflections.append(
                (
                    member_id,
                    iso_week_key(day),
                    json.dumps(answers),
                    blocked,
                    json.dumps(planned),
                    created,
                    created,
                )
            )

    def _skills(self, member_id: int, joined: datetime) -> None:
        for index in range(10):
            skill_id = self.next_skill
            self.next_skill += 1
            current = self.random.randint(0, 3)
            target = self.random.randint(current, 5)
            name = f"Skill {index}"
            assessed = NOW - timedelta(days=20)
            kind = "general" if index < 5 else "specific"
            priority = 1 + index % 3
            self.skills.append(
                (
                    skill_id,
                    member_id,
                    name,
                    name.casefold(),
                    kind,
                    priority,
                    current,
                    target,
                    None,
                    joined,
                    joined,
                    max(joined, assessed),
                )
            )
            self.assessments.append((skill_id, max(0, current - 1), None, "add", joined))
            self.assessments.append((skill_id, current, None, "assess", assessed))

    def checkins(self) -> Iterator[Row]:
        """About ``checkins_per_week`` check-ins a week for every student, up to today."""
        per_week = self.scale.checkins_per_week
        today = NOW.date()
        for member_id, weeks in self.checkin_members:
            first = today - timedelta(weeks=weeks)
            for week in range(weeks):
                monday = first + timedelta(weeks=week)
                for _ in range(per_week):
                    day = monday + timedelta(days=self.random.randrange(7))
                    if day > today:
                        day = today
                    track = TRACKS[self.random.randrange(2)][0]
                    minutes = self.random.randrange(30, 181)
                    created = datetime.combine(day, time(18), tzinfo=NOW.tzinfo)
                    yield (member_id, track, minutes, day, iso_week_key(day), None, None, None, created)


COLUMNS = {
    "members": "id cohort_id user_id display_name role timezone dms_enabled leaderboard_visible "
    "unreachable joined_at",
    "budgets": "member_id track min_minutes max_minutes period",
    "plans": "member_id slot position industry rationale updated_at",
    "skills": (
        "id member_id name name_key kind priority current_level target_level notes created_at updated_at "
        "last_assessed_at"
    ),
    "assessments": "skill_id level note source assessed_at",
    "checkins": "member_id track minutes local_date iso_week skill_id note idempotency_key created_at",
    "reflections": "member_id iso_week answers blocked commitments created_at updated_at",
}
WEEK_TOTALS = (
    "INSERT INTO week_totals (member_id, iso_week, track, minutes) "
    "SELECT member_id, iso_week, track, sum(minutes) FROM checkins GROUP BY member_id, iso_week, track"
)
"""What every check-in written through Stride keeps up to date, filled at once after the bulk load."""


async def create_cohorts(url: str, scale: Scale) -> dict[str | None, int]:
    """The cohorts, through the service; returns cohort index (None: the big one) → id."""
    clock = FixedClock(history_start(scale) - timedelta(days=2))
    stride = await start(Settings(), database_url=url, clock=clock)
    ids: dict[str | None, int] = {}
    try:
        ctx = stride.services
        names: list[tuple[int | None, str]] = [(i, cohort_name(i)) for i in range(scale.cohorts)]
        names.append((None, BIG))
        for index, name in names:
            await cohort_service.create_cohort(ctx, actor(instructor_id(index)), name, "UTC", "1000")
        async with ctx.uow() as uow:
            for index, name in names:
                found = await uow.cohorts.by_name(PLATFORM, WORKSPACE, name)
                assert found is not None
                ids[None if index is None else str(index)] = found.id
    finally:
        await stride.close()
    return ids


def plan_rows(scale: Scale, cohort_ids: dict[str | None, int], first_member: int, first_skill: int) -> Rows:
    rows = Rows(scale, first_member, first_skill)
    for index in range(scale.cohorts):
        users = [student_id(index, i) for i in range(scale.members)]
        rows.add_students(cohort_ids[str(index)], users, scale.weeks)
    rows.add_students(cohort_ids[None], [big_student_id(i) for i in range(scale.big_cohort)], scale.big_weeks)
    return rows


def _sqlite_value(value: Any) -> Any:
    """What SQLAlchemy writes on SQLite: dates as ISO text, instants as naive UTC text."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def fill_sqlite(path: Path, rows: Rows) -> int:
    connection = sqlite3.connect(path, isolation_level=None)
    written = 0
    try:
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("BEGIN")
        for table, columns in COLUMNS.items():
            names = columns.split()
            sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            source = rows.checkins() if table == "checkins" else getattr(rows, table)
            cursor = connection.executemany(sql, (tuple(map(_sqlite_value, row)) for row in source))
            written += cursor.rowcount
        written += connection.execute(WEEK_TOTALS).rowcount
        connection.execute("COMMIT")
        connection.execute("ANALYZE")
    finally:
        connection.close()
    return written


async def fill_postgres(dsn: str, rows: Rows) -> int:
    import asyncpg

    connection = await asyncpg.connect(dsn)
    written = 0
    try:
        async with connection.transaction():
            for table, columns in COLUMNS.items():
                source = list(rows.checkins()) if table == "checkins" else getattr(rows, table)
                await connection.copy_records_to_table(table, records=source, columns=columns.split())
                written += len(source)
            status = await connection.execute(WEEK_TOTALS)
            written += int(status.rsplit(" ", 1)[-1])
            for table in ("members", "skills"):
                await connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return written
