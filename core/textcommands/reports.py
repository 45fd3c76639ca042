"""Cohort-wide report commands: the leaderboard and the instructor digest."""

from __future__ import annotations

from core.services import digests, leaderboards
from core.textcommands.registry import Request, command
from core.views.base import View


@command(
    "leaderboard",
    leaderboards.USAGE,
    "The cohort ranked by hours or streak (hidden members are only counted).",
    details="Defaults: hours this week; a streak board covers the term. Show or hide yourself "
    "with /me leaderboard show|hide.",
)
async def show_leaderboard(r: Request) -> View:
    metric, period = leaderboards.parse_board_words(r.args.positionals)
    return await leaderboards.leaderboard(r.ctx, r.actor, r.cohort, metric, period)


@command("digest", "/digest", "Instructors: this week's participation, hours and students at risk.")
async def show_digest(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/digest")
    return await digests.digest(r.ctx, r.actor, r.cohort)
