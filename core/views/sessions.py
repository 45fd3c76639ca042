"""Study sessions as the member sees them: a focus timer's state, what a command did to it,
and the direct message sent when a focus period ends."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from core.views.base import View

SessionAction = Literal["started", "status", "stopped", "logged", "kept", "discarded", "none"]


class LoggedDayView(BaseModel):
    day: str
    """``Sat 5 Dec``."""
    minutes: int


class SessionStateView(BaseModel):
    """A live session at one instant (times are the member's local ``HH:MM``)."""

    kind: Literal["timer", "voice"]
    track: str
    skill: str | None = None
    since: str
    """When it started."""
    counted_minutes: int
    """Focus time so far (a timer), or time counted so far (a voice room)."""
    planned_minutes: int | None = None
    """One focus period's length."""
    cycles: int = 1
    break_minutes: int | None = None
    period: int = 1
    state: Literal["focus", "break", "ended", "voice"] = "focus"
    period_ends: str | None = None
    """The focus period under way ends (focus), the next one starts (break)."""
    ends: str | None = None
    """The last focus period ends (or ended)."""

    @property
    def total_minutes(self) -> int:
        return (self.planned_minutes or 0) * self.cycles


class SessionView(View):
    """The answer to /session start|stop|status|log|keep|discard and to the DM's buttons."""

    view: Literal["session"] = "session"
    action: SessionAction
    state: SessionStateView | None = None
    logged: list[LoggedDayView] = Field(default_factory=list)
    too_short: bool = False
    """Stopped before :data:`~core.domain.sessions.MIN_MINUTES` of focus: nothing logged."""
    past_end: bool = False
    """Stopped after the timer had ended: the planned time logged, nothing after its end."""
    over_day_cap: int = 0
    already: bool = False
    """A second click (or command) on a session already answered: nothing more was done."""
    stale: bool = False
    """A button from an earlier period's message: nothing was done."""

    @property
    def logged_minutes(self) -> int:
        return sum(day.minutes for day in self.logged)


class TimerDmView(View):
    """The direct message at the end of a focus period: a break (more periods to come) or
    the end of the session, with *Log it* / *Keep going* / *Discard*."""

    view: Literal["timer_dm"] = "timer_dm"
    session_id: int
    period: int
    cycles: int
    track: str
    period_minutes: int
    total_minutes: int
    final: bool
    next_start: str | None = None
    """The next period's local start ``HH:MM`` (a break)."""
