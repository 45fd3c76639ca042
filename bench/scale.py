"""How big a run is: the full scale of the issue, a quick one for development, a toy for tests."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class Scale:
    name: str
    cohorts: int
    """Cohorts of ``members`` students each, with ``weeks`` of check-in history."""
    members: int
    weeks: int
    checkins_per_week: int
    big_cohort: int
    """Students in the one big cohort (digest, leaderboard, memory and fan-out use it)."""
    big_weeks: int
    fanout: int
    """Recipients of the weekly reminder in the fan-out run (at most ``big_cohort``)."""
    samples: int
    """Timed calls per command (after a warm-up)."""
    writers: int
    writes_per_writer: int
    startups: int
    first_dms: int = 60
    """Members whose Slack DM is opened in the first-week run (more than one window's worth)."""
    open_window: float = 60.0
    """The fake's Tier 3 window for ``conversations.open`` (Slack's is a minute; shorter runs
    scale the window and the sink's pacing down together)."""

    @property
    def checkin_rows(self) -> int:
        return (
            self.cohorts * self.members * self.weeks + self.big_cohort * self.big_weeks
        ) * self.checkins_per_week

    def key(self) -> str:
        """Names the cached dataset: a different size means a different file."""
        return (
            f"c{self.cohorts}x{self.members}w{self.weeks}k{self.checkins_per_week}"
            f"-big{self.big_cohort}w{self.big_weeks}"
        )

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


FULL = Scale("full", 50, 200, 104, 1, 10_000, 8, 10_000, 200, 100, 20, 5)
QUICK = Scale("quick", 10, 100, 52, 1, 2_000, 8, 500, 100, 100, 10, 3, open_window=10.0)
TOY = Scale("toy", 2, 12, 6, 1, 40, 2, 20, 5, 10, 2, 1, open_window=2.5)
SCALES = {scale.name: scale for scale in (FULL, QUICK, TOY)}

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
"""The benchmark's "now": a Monday morning, the end of the generated history."""
