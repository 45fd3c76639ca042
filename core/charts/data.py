"""What each chart shows, as plain data, and the sentence that says it in words.

The renderers (``core.charts.render``) only draw what is here, and the alt text a chat
client reads out comes from the same numbers, so the picture and its words never disagree.
Nothing here imports matplotlib.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass

from core.domain import budgets as rules
from core.domain.ease import EaseMatrix
from core.formatting import hour_band, hours, percent
from core.formatting import plural as plural  # re-exported for the chart renderers
from core.render.ease import matrix_summary

STATUS_WORDS = {"under": "under", "within": "inside", "over": "over"}
MAX_ROWS = 15
"""Bars a chart lists by name before it shows only the most telling ones: at chat-preview
size more than this many names become unreadable."""


@dataclass(frozen=True, slots=True)
class WeekHours:
    key: str
    """ISO week key such as ``2026-W47``."""
    hours: float
    in_streak: bool
    current: bool
    """The week in progress."""
    paused: bool = False
    """On a pause (vacation): the week neither counts toward the streak nor breaks it."""

    @property
    def label(self) -> str:
        return "W" + self.key.rpartition("W")[2]


@dataclass(frozen=True, slots=True)
class WeeklyHoursChart:
    """A member's hours per ISO week, oldest first, against their weekly budget band."""

    member: str
    weeks: tuple[WeekHours, ...]
    band_min: float
    band_max: float | None
    """None when the member set no budget and only the cohort's default minimum applies."""
    streak: int

    @property
    def empty(self) -> bool:
        return all(week.hours <= 0 for week in self.weeks)

    def status(self, hours: float) -> str:
        high = math.inf if self.band_max is None else self.band_max
        return rules.budget_status(hours, self.band_min, high).value

    def summary(self, whose: str = "your") -> str:
        """The chart in a sentence; ``whose`` band it is ("their" on an instructor's view)."""
        this_week = self.weeks[-1].hours if self.weeks else 0.0
        where = STATUS_WORDS[self.status(this_week)]
        band = "band" if self.band_max is not None else "cohort default"
        streak = f"{self.streak}-week streak" if self.streak else "no streak yet"
        started = next((i for i, week in enumerate(self.weeks) if week.hours > 0), len(self.weeks))
        complete = [week for week in self.weeks[started:] if not week.current]
        inside = sum(1 for week in complete if self.status(week.hours) == "within")
        weeks = plural(len(complete), "complete week")
        record = f"; inside it in {inside} of the last {weeks}" if complete else ""
        return (
            f"{hours(this_week)} this week, {where} {whose} {hour_band(self.band_min, self.band_max)} "
            f"{band}; {streak}{record}."
        )


@dataclass(frozen=True, slots=True)
class SkillLevels:
    name: str
    priority: int
    current: int
    target: int
    change: int
    """Levels gained (negative: lost) over the trend window, from the assessments."""


@dataclass(frozen=True, slots=True)
class SkillsChart:
    member: str
    skills: tuple[SkillLevels, ...]
    trend_days: int

    @property
    def empty(self) -> bool:
        return not self.skills

    def shown(self) -> tuple[SkillLevels, ...]:
        """Every skill up to ``MAX_ROWS``; past that, the largest gaps of the highest priority."""
        if len(self.skills) <= MAX_ROWS:
            return self.skills
        ranked = sorted(self.skills, key=lambda s: (s.priority, -(s.target - s.current)))
        keep = set(map(id, ranked[:MAX_ROWS]))
        return tuple(s for s in self.skills if id(s) in keep)

    def summary(self) -> str:
        gaps = sum(s.target - s.current for s in self.skills)
        at_target = sum(1 for s in self.skills if s.current >= s.target)
        gained = sum(s.change for s in self.skills)
        shown = len(self.shown())
        listed = "" if shown == len(self.skills) else f" (the chart lists {shown} with the largest gaps)"
        return (
            f"{plural(len(self.skills), 'skill')}{listed}: {at_target} at target, {plural(gaps, 'level')} "
            f"to go in all; {gained:+d} levels in the last {self.trend_days} days."
        )


@dataclass(frozen=True, slots=True)
class EaseChart:
    """Seed 001's Priority × Ease of Learning matrix as a picture."""

    member: str
    matrix: EaseMatrix

    @property
    def empty(self) -> bool:
        """No skill has an ease yet: nothing to place."""
        return self.matrix.rated == 0

    def summary(self) -> str:
        return matrix_summary(self.matrix)


@dataclass(frozen=True, slots=True)
class StudentWeek:
    hours: float
    status: str
    """under, within or over the student's band (or the cohort default)."""
    has_budget: bool
    paused: bool


@dataclass(frozen=True, slots=True)
class CohortChart:
    cohort: str
    week: str
    students: tuple[StudentWeek, ...]

    @property
    def empty(self) -> bool:
        return not self.students

    def counts(self) -> dict[str, int]:
        """Students per budget status; no budget and paused are their own groups."""
        found: Counter[str] = Counter()
        for student in self.students:
            group = "paused" if student.paused else student.status if student.has_budget else "no budget"
            found[group] += 1
        groups = ["under", "within", "over", "no budget"] + (["paused"] if found["paused"] else [])
        return {group: found[group] for group in groups}

    def summary(self) -> str:
        active = sum(1 for s in self.students if s.hours > 0)
        median = statistics.median(s.hours for s in self.students)
        counts = ", ".join(f"{count:,} {group}" for group, count in self.counts().items())
        return (
            f"{self.cohort}, week {self.week}: {active:,} of {plural(len(self.students), 'student')} "
            f"logged hours (median {hours(median)}); budget status: {counts}."
        )


@dataclass(frozen=True, slots=True)
class PhaseProgress:
    name: str
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class RoadmapChart:
    """Roadmap progress by phase: built from plain numbers so any roadmap store can feed it."""

    member: str
    phases: tuple[PhaseProgress, ...]

    @property
    def empty(self) -> bool:
        return sum(phase.total for phase in self.phases) == 0

    def shown(self) -> tuple[PhaseProgress, ...]:
        return tuple(phase for phase in self.phases if phase.total > 0)[:MAX_ROWS]

    def summary(self) -> str:
        done = sum(min(p.done, p.total) for p in self.phases)
        total = sum(p.total for p in self.phases)
        finished = sum(1 for p in self.phases if p.total and p.done >= p.total)
        listed = (
            ""
            if len(self.shown()) == len([p for p in self.phases if p.total])
            else f" (first {MAX_ROWS} shown)"
        )
        return (
            f"{done} of {plural(total, 'item')} done ({percent(done, total)}); "
            f"{finished} of {plural(len(self.phases), 'phase')} finished{listed}."
        )
