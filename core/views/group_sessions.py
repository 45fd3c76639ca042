"""View models of scheduled group sessions: the list, the reminder post, attendance."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from core.views.base import View


class GroupSessionRowView(BaseModel):
    number: int
    title: str
    day: str
    """"Tue"."""
    start: str
    """"19:00", the cohort's local time."""
    minutes: int
    room: str | None
    """How the room is shown: ``<#id>`` on Discord, ``#name`` elsewhere."""
    next_label: str
    """The next occurrence, like "Tue 8 Dec 19:00"."""
    going: int
    """RSVPs to the next occurrence."""
    mine: bool = False
    """The asker RSVPed to the next occurrence."""


class GroupSessionListView(View):
    view: Literal["group_sessions"] = "group_sessions"
    cohort: str
    timezone: str
    rows: list[GroupSessionRowView]
    instructor: bool = False
    headline: str | None = None
    """What a command just did (/session plan), shown above the list."""


class GroupSessionReminderView(View):
    """The channel post before an occurrence: counts only, never names; an RSVP button."""

    view: Literal["group_session_reminder"] = "group_session_reminder"
    private: bool = False
    cohort: str
    group_session_id: int
    number: int
    occurrence: str
    """The occurrence's local date, YYYY-MM-DD: what the button RSVPs to."""
    title: str
    start: str
    minutes: int
    room: str | None
    going: int


class SessionAttendanceView(BaseModel):
    """One occurrence of the digest's week: who said they would come, and who came."""

    title: str
    day: str
    """"Tue 1 Dec"."""
    rsvped: int
    rsvped_came: int
    others_came: int
