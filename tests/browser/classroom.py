"""A class whose dashboard has something on every part of every page, made the way people
make one: lines typed at the real console session, the clock moved day by day between them.

Used by the browser tests (a few students, a few weeks) and by the README's screenshot
(``python -m tests.browser.screenshot``: a fuller class over more weeks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.console.session import ConsoleSession
from core.clock import FixedClock

COHORT = "Data-Science-2026"
INSTRUCTOR = "prof"
NAMES = ("ada", "grace", "alan", "barbara", "edsger", "katherine", "linus", "margaret", "tim", "radia")
GENERAL = (
    ("Designing data pipelines", 1, 1),
    ("Communicating trade-offs", 1, 2),
    ("Defining success metrics", 2, 1),
    ("Debugging latency", 2, 3),
    ("Deciding with A/B tests", 3, 2),
)
SPECIFIC = (
    ("SQL", 1, 1),
    ("Algorithms", 1, 3),
    ("Fine-tuning LLMs", 2, 3),
    ("Docker", 3, 1),
    ("Terraform", 3, 2),
)
BLOCKERS = ("recursion still confuses me", "no GPU for the fine-tuning lab", "the SQL window functions")


@dataclass(frozen=True)
class Classroom:
    cohort: str
    instructor: str
    students: tuple[str, ...]
    monday: date
    """The Monday of the first week with check-ins."""


class Typist:
    """Lines said at the console, each of which must succeed."""

    def __init__(self, session: ConsoleSession, clock: FixedClock) -> None:
        self.session = session
        self.clock = clock

    async def say(self, line: str) -> str:
        reply = await self.session.handle(line)
        if not reply.ok:
            raise AssertionError(f"{line!r} failed: {reply.error}")
        return reply.text()

    def at(self, day: date, hour: int = 18) -> None:
        self.clock.set(datetime(day.year, day.month, day.day, hour, tzinfo=UTC))


async def build_class(session: ConsoleSession, clock: FixedClock, *, students: int, weeks: int) -> Classroom:
    """``students`` students over the ``weeks`` weeks that end with the clock's current week
    (the clock ends where it began: mid-week, so "this week" has days on both sides)."""
    typist, now = Typist(session, clock), clock.now()
    today = now.date()
    monday = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    names = NAMES[:students]
    typist.at(monday, hour=8)
    await typist.say(f"@{INSTRUCTOR} /cohort create {COHORT} tz=UTC")
    for number, name in enumerate(names):
        await _student(typist, name, number)
    for week in range(weeks):
        for number, name in enumerate(names):
            await _week(typist, name, number, monday + timedelta(days=7 * week), today)
    clock.set(now)
    for number, name in enumerate(names):
        if number % 3 == 1:
            blocked = BLOCKERS[number % len(BLOCKERS)]
            await typist.say(f'@{name} /reflect done="two graph problems" next="6h dsa" blocked="{blocked}"')
    return Classroom(COHORT, INSTRUCTOR, names, monday)


async def _student(typist: Typist, name: str, number: int) -> None:
    """Joins with plans A and B, budgets, and all ten skills or (every third) only four."""
    await typist.say(f"@{name} /cohort join {COHORT}")
    await typist.say(
        f'@{name} /plan set A position="ML Engineer" industry="Healthcare" rationale="I like shipping models"'
    )
    await typist.say(f'@{name} /plan set B position="Data Engineer" industry="Finance"')
    general, specific = (GENERAL, SPECIFIC) if number % 3 else (GENERAL[:2], SPECIFIC[:2])
    for kind, skills in (("general", general), ("specific", specific)):
        for skill, priority, ease in skills:
            target = 3 if (number + priority) % 2 else 2
            levels = f"priority={priority} current=1 target={target} ease={ease}"
            await typist.say(f'@{name} /skill add "{skill}" {kind} {levels}')
    await typist.say(f"@{name} /budget set dsa {3 + number % 4}-{6 + number % 4}")
    await typist.say(f"@{name} /budget set project 2-4")


PACE = (1.1, 2.0, 0.6, 1.0, 1.2, 0.8, 1.3, 0.9, 2.1, 0.7)
"""Each student's usual week as a share of their weekly minimum: some within, some over, some under."""


async def _week(typist: Typist, name: str, number: int, monday: date, today: date) -> None:
    """A week of check-ins: most students steady, a quiet week now and then, and edsger,
    who stops checking in three weeks before the end."""
    if (number == 4 and monday > today - timedelta(days=21)) or (number + monday.toordinal() // 7) % 6 == 0:
        return
    minimum = 3 + number % 4 + 2
    jitter = 0.8 + ((number + monday.toordinal() // 7) % 3) * 0.2
    total = round(minimum * PACE[number % len(PACE)] * jitter * 2) / 2
    days = [d for d in (monday, monday + timedelta(days=2), monday + timedelta(days=4)) if d <= today]
    for index, day in enumerate(days):
        typist.at(day)
        hours = max(0.5, round(total / 3 * 2) / 2)
        track = "dsa" if index < 2 else "project"
        skill = ' skill="SQL"' if index == 0 and number % 2 else ""
        await typist.say(f"@{name} /checkin {hours:g}h {track}{skill}")
