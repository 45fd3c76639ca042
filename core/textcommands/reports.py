"""Cohort-wide report commands: the leaderboard and the instructor digest."""

from __future__ import annotations

from core.services import digests, leaderboards
from core.textcommands.registry import Request, command
from core.views.base import View


@command(
    "leaderboard",
    leaderboards.USAGE,
    "The cohort ranked by hours, streak or roadmap (hidden members are only counted).",
    options=("week",),
    details="Defaults: hours this week; a streak board covers the term. week=last, week=this or "
    "week=2026-W47 shows the hours of any week since the cohort began. Your budget band comes "
    "privately (instructors: everyone's). Show or hide yourself with /me leaderboard show|hide.",
)
async def show_leaderboard(r: Request) -> View:
    metric, period = leaderboards.parse_board_words(r.args.positionals)
    week = r.args.option("week")
    return await leaderboards.leaderboard(r.ctx, r.actor, r.cohort, metric, period, week)


@command(
    "digest",
    "/digest [week=last|this|YYYY-Www]",
    "Instructors: a week's participation, hours and students at risk.",
    options=("week",),
    details="Without week=: on Mondays the week just ended (as the scheduled digest), on other "
    "days this week so far. A past week is judged as of the Monday after it.",
)
async def show_digest(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/digest")
    return await digests.digest(r.ctx, r.actor, r.cohort, r.args.option("week"))
