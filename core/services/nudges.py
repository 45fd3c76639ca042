"""The midweek nudge (issue 20): one DM on the cohort's nudge day to a student behind pace
on a weekly budget, saying how long a session today brings them back to it.

Behind is measured against the days already past this week (Monday counts 0), so a
student who has studied what the week so far asks for gets nothing; a week with no line
behind writes its row as skipped ("on track"). One a week: the occurrence's period key.
"""

from __future__ import annotations

from datetime import date

from core.db.uow import UnitOfWork
from core.domain.model import Cohort, Member
from core.domain.reminders import nudge_catches_up, nudge_session
from core.domain.weeks import iso_week_key, week_end, week_start
from core.services.skills import budgets_in_hours
from core.views.reflections import NudgeLineView, NudgeView

ALL_TRACKS = "all tracks"
"""The one line of a student without budgets: the week's total against the cohort default."""
ON_TRACK = "on track"
"""Why a nudge row is skipped: no line is behind."""


async def nudge(uow: UnitOfWork, cohort: Cohort, member: Member | None, today: date) -> NudgeView | None:
    """The nudge for ``today``'s week, or None when the member is on pace everywhere."""
    assert member is not None
    weekday = today.weekday()
    budgets = budgets_in_hours(await uow.budgets.for_member(member.id))
    totals = await uow.checkins.minutes_by_track(member.id, week_start(today), week_end(today))
    bands: list[tuple[str, int, int, float | None]] = []
    if not budgets:
        bands.append((ALL_TRACKS, sum(totals.values()), cohort.default_weekly_minutes, None))
    for budget in budgets:
        if budget.period == "week":
            least = round(budget.min_hours * 60)
            bands.append((budget.track, totals.get(budget.track, 0), least, budget.max_hours))
    lines = []
    for track, done, least, most in bands:
        session = nudge_session(done, least, weekday)
        if session is not None:
            lines.append(
                NudgeLineView(
                    track=track,
                    done_hours=done / 60,
                    min_hours=least / 60,
                    max_hours=most,
                    days_left=6 - weekday,
                    session_minutes=session,
                    catches_up=nudge_catches_up(done, least, weekday, session),
                )
            )
    if not lines:
        return None
    return NudgeView(member=member.display_name, week=iso_week_key(today), lines=lines)
