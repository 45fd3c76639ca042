"""Plain text of scheduled group sessions: the list, the reminder, the digest's lines."""

from __future__ import annotations

from core.formatting import duration, plural
from core.render.text import render_text, table, with_headline
from core.views.group_sessions import GroupSessionListView, GroupSessionReminderView, SessionAttendanceView


def reminder_line(view: GroupSessionReminderView) -> str:
    """Like "DSA night starts at 19:00 in #dsa-room (1h 30m) — 3 going"."""
    where = f" in {view.room}" if view.room else ""
    return f"{view.title} starts at {view.start}{where} ({duration(view.minutes)}) — {view.going} going"


def rsvp_hint(view: GroupSessionReminderView) -> str:
    return f"Coming? Press I'll be there, or type /session rsvp {view.number}."


@render_text.register
def _reminder(view: GroupSessionReminderView) -> str:
    return f"{reminder_line(view)}\n{rsvp_hint(view)}"


def attendance_line(row: SessionAttendanceView) -> str:
    """Like "DSA night Tue 1 Dec: 7 of 9 who RSVPed came, 2 more joined"."""
    head = f"{row.title} {row.day}: "
    if not row.rsvped:
        return head + f"no RSVPs, {row.others_came} came"
    more = f", {row.others_came} more joined" if row.others_came else ""
    return head + f"{row.rsvped_came} of {row.rsvped} who RSVPed came{more}"


def attendance_lines(rows: list[SessionAttendanceView]) -> list[str]:
    if not rows:
        return []
    return ["Group sessions:", *(f"  - {attendance_line(r)}" for r in rows)]


@render_text.register
def _list(view: GroupSessionListView) -> str:
    return with_headline(view.headline, _listing(view))


def _listing(view: GroupSessionListView) -> str:
    if not view.rows:
        hint = (
            'plan one with /session plan "DSA night" tue 19:00 90m'
            if view.instructor
            else "your instructor plans them with /session plan"
        )
        return f"No group sessions are planned in {view.cohort}; {hint}."
    cells = [
        [
            str(r.number),
            r.title,
            f"{r.day} {r.start}",
            duration(r.minutes),
            r.room or "",
            r.next_label,
            f"{r.going}" + (" (you)" if r.mine else ""),
        ]
        for r in view.rows
    ]
    lines = [
        f"Group sessions of {view.cohort} ({view.timezone}), {plural(len(view.rows), 'session')}:",
        table(cells, ["#", "Title", "Every", "Length", "Room", "Next", "Going"]),
        "RSVP for the next one with /session rsvp N; take it back with /session unrsvp N.",
    ]
    return "\n".join(lines)
