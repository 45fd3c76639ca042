"""Plain-text rendering of every view: the console's output and every adapter's fallback."""

from __future__ import annotations

from collections.abc import Callable
from functools import singledispatch
from typing import Any

from tabulate import tabulate

from core.formatting import hours as hours  # re-exported: renderers have long imported them from here
from core.formatting import percent, plural
from core.formatting import weeks as weeks
from core.render.counts import STATUS_MARKS as STATUS_MARKS
from core.render.counts import counts_section, tally_row, tally_text
from core.render.reflections import commitment_line, met_mark
from core.views.activity import (
    BudgetListView,
    CheckinView,
    GoalListView,
    LedgerView,
    ProgressView,
    StreakView,
    TallyView,
    TrackProgressView,
)
from core.views.base import Notice, View
from core.views.member import CohortView, HelpView, HomeView, MeView, SchedulePreviewView
from core.views.scheduled import (
    BudgetWeekRowView,
)


def status_mark(row: TrackProgressView | BudgetWeekRowView) -> str:
    """The row's status; a monthly budget's month so far, short of its minimum, says
    whether it keeps pace instead of "under" (it is not over yet)."""
    if row.status is None:
        return ""
    if row.month_to_date and row.status == "under" and row.due_hours is not None:
        return "✓ on pace" if row.on_pace else f"▼ behind pace ({hours(row.due_hours)} due by today)"
    return STATUS_MARKS[row.status]


def track_label(track: str, month_to_date: bool) -> str:
    """A row's track, marked when its hours are the month's so far."""
    return f"{track} (this month)" if month_to_date else track


def table(rows: list[list[Any]], headers: list[str]) -> str:
    """Rows as a plain-text table, numbers written as given."""
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)


def with_headline(headline: str | None, body: str) -> str:
    return f"{headline}\n{body}" if headline else body


@singledispatch
def render_text(view: View) -> str:
    return str(view.model_dump())


def _register(kind: type[View]) -> Callable[[Callable[[Any], str]], Callable[[Any], str]]:
    def decorate(func: Callable[[Any], str]) -> Callable[[Any], str]:
        render_text.register(kind)(func)
        return func

    return decorate


@_register(Notice)
def _notice(view: Notice) -> str:
    return view.text


@_register(CohortView)
def _cohort(view: CohortView) -> str:
    term = (
        f"{view.term_start or '?'} to {view.term_end or '?'}"
        if view.term_start or view.term_end
        else "not set"
    )
    lines = [
        f"Cohort {view.name} — you are {'an instructor' if view.your_role == 'instructor' else 'a student'}",
        f"  Members: {plural(view.students, 'student')}, {plural(view.instructors, 'instructor')}",
        *([f"  Instructors: {', '.join(view.instructor_names)}"] if view.instructor_names else []),
        f"  Time zone: {view.timezone}",
        f"  Channel: {view.channel_id or 'not set'}",
        f"  Term: {term}",
        f"  Horizon: {plural(view.horizon_weeks, 'week')}",
        f"  Default weekly hours: {hours(view.default_weekly_hours)}",
        "  Hours per level step: " + ", ".join(f"{s:g}" for s in view.step_hours),
    ]
    if view.focus:
        lines.append(f"  This week's focus: {view.focus}")
    if view.voice_rooms:
        lines.append(
            "  Voice study rooms: " + ", ".join(f"{r.channel_id} → {r.track}" for r in view.voice_rooms)
        )
    if view.reflection_questions:
        state = "" if view.reflections_enabled else " (off)"
        lines.append(f"  Weekly reflection{state}: " + " | ".join(view.reflection_questions))
    if view.schedule:
        lines.append("  Schedule (local times):")
        lines += [
            f'    {e.kind.replace("_", " ")}: {"on" if e.enabled else "off"} at "{e.cron}"'
            for e in view.schedule
        ]
    return with_headline(view.headline, "\n".join(lines))


@_register(BudgetListView)
def _budgets(view: BudgetListView) -> str:
    if not view.budgets:
        body = (
            f"No budgets yet; plans use the cohort default of {hours(view.weekly_hours)}/week. "
            "Add one with /budget set dsa 5-7."
        )
    else:
        rows = [
            [
                b.track,
                f"{hours(b.min_hours)}–{hours(b.max_hours)}",
                f"per {b.period}",
                hours(b.weekly_min_hours),
                b.skill or "",
            ]
            for b in view.budgets
        ]
        body = table(rows, ["Track", "Budget", "Period", "Weekly minimum", "Counts toward"])
        body += f"\nWeekly hours for the plan: {hours(view.weekly_hours)}"
    if view.counts:
        if not view.budgets:
            body = f"No hour budgets; plans use the cohort default of {hours(view.weekly_hours)}/week."
        body += "\n" + counts_section(view.counts, "budget")
    return with_headline(view.headline, body)


@_register(TallyView)
def _tally(view: TallyView) -> str:
    return tally_text(view)


@_register(CheckinView)
def _checkin(view: CheckinView) -> str:
    if view.duplicate:
        head = (
            f"Already logged: {hours(view.hours)} of {view.track} on {view.local_date} (not counted twice)."
        )
    else:
        skill = f" toward {view.skill}" if view.skill else ""
        head = f"Logged {hours(view.hours)} of {view.track}{skill} on {view.local_date:%a %d %b}."
    week = f"This week on {view.track}: {hours(view.track_week_hours)}"
    if view.month_hours is not None:
        week += f"; this month: {hours(view.month_hours)}"
    if view.budget_status and view.budget_min_hours is not None and view.budget_max_hours is not None:
        week += (
            f" of {hours(view.budget_min_hours)}–{hours(view.budget_max_hours)} "
            f"({STATUS_MARKS[view.budget_status]})"
        )
    elif view.default_weekly_hours is not None:
        default = hours(view.default_weekly_hours)
        week += f" (no budget yet: the cohort default of {default} a week in all applies)"
    return f"{head}\n{week}" + (f"\n{view.hint}" if view.hint else "")


_JOINERS = "\u200c\u200d"


def _one_line(text: str, limit: int) -> str:
    """User text on one line of a list: no line breaks, control or direction characters (the
    joiners emoji are made of stay), cut at ``limit``."""
    flat = "".join(ch if ch.isprintable() or ch in _JOINERS else " " for ch in " ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _tally_lines(view: LedgerView) -> list[str]:
    """Counts logged in the period, after the hours: not numbered, never in the total."""
    if not view.tallies:
        return []
    lines = ["Counted (not hours; /checkin undo takes back the last):"]
    for row in view.tallies:
        note = f" · “{_one_line(row.note, 60)}”" if row.note else ""
        lines.append(f"- {tally_row(row)}{note}")
    return lines


@_register(LedgerView)
def _ledger(view: LedgerView) -> str:
    since = f"{view.start:%a} {view.start.day} {view.start:%b}"
    if not view.rows:
        other = "month" if view.period == "week" else "week"
        body = (
            f"No check-ins this {view.period} yet (since {since}); "
            f"see /checkin list {other}, or log one with /checkin 1h dsa."
        )
        return with_headline(view.headline, "\n".join([body, *_tally_lines(view)]))
    lines = [
        f"Your check-ins this {view.period} (since {since}), newest first — {hours(view.total_hours)} in all:"
    ]
    for row in view.rows:
        parts = [f"{row.local_date:%a} {row.local_date.day} {row.local_date:%b}", hours(row.hours), row.track]
        if row.source_label:
            parts.append(row.source_label)
        if row.skill:
            parts.append(_one_line(row.skill, 40))
        if row.note:
            parts.append(f"“{_one_line(row.note, 60)}”")
        lines.append(f"{row.number}. " + " · ".join(parts))
    if view.more:
        lines.append("(older ones are not shown)")
    lines += _tally_lines(view)
    lines.append(
        "Correct one with /checkin edit N hours=… date=… track=…, /checkin remove N or /checkin undo."
    )
    return with_headline(view.headline, "\n".join(lines))


def quick_log_receipt(view: CheckinView) -> str:
    """What takes a check-in prompt's buttons' place once one was clicked: what the prompt
    logged (once, however often it is clicked), how to take it back and where to see the week."""
    return (
        f"Logged {hours(view.hours)} of {view.track} ✓ on {view.local_date:%a %d %b} "
        "(/checkin undo takes it back; /progress shows your week)."
    )


@_register(ProgressView)
def _progress(view: ProgressView) -> str:
    lines = [f"Progress of {view.member}, {view.label} — {plural(view.days_left, 'day')} left"]
    if view.paused_until:
        lines.append(f"Paused until {view.paused_until}.")
    if view.tracks:
        rows = [
            [
                track_label(t.track, t.month_to_date),
                hours(t.hours),
                f"{hours(t.min_hours)}–{hours(t.max_hours)}"
                if t.min_hours is not None and t.max_hours is not None
                else "no budget",
                status_mark(t),
            ]
            for t in view.tracks
        ]
        lines.append(table(rows, ["Track", "Hours", "Budget", "Status"]))
    elif not view.counts:
        lines.append("No budgets or check-ins yet: /budget set dsa 5-7, then /checkin 1h dsa.")
    if view.counts:
        lines.append(counts_section(view.counts))
    lines.append(
        f"Total: {hours(view.total_hours)}{default_total(view)} · streak: {plural(view.streak, 'week')}"
    )
    if view.roadmap_percent is not None:
        done, total = view.roadmap_done or 0, view.roadmap_total or 0
        lines.append(f"Roadmap: {percent(done, total)} ({done}/{total})")
    if view.commitments:
        lines.append("This week's commitment (from your last reflection):")
        lines += [f"  {met_mark(c)} {commitment_line(c)}" for c in view.commitments]
    return "\n".join(lines)


def default_total(view: ProgressView) -> str:
    """Without budgets, the total's band: " of at least 6h (cohort default, ▼ under)"."""
    if view.default_min_hours is None or view.default_status is None:
        return ""
    return (
        f" of at least {hours(view.default_min_hours)} (cohort default, {STATUS_MARKS[view.default_status]})"
    )


@_register(StreakView)
def _streak(view: StreakView) -> str:
    lines = [f"Streak: {plural(view.current, 'week')} in a row (best: {plural(view.best, 'week')})."]
    lines.append(
        "This week's budgets are met ✓"
        if view.this_week_met
        else f"This week counts once you reach {view.weekly_target}."
    )
    if view.paused_until:
        lines.append(f"Paused until {view.paused_until}: the streak waits for you.")
    return "\n".join(lines)


@_register(GoalListView)
def _goals(view: GoalListView) -> str:
    if not view.goals:
        body = 'No goals yet: /goal add short|medium|long "TEXT"'
    else:
        body = "\n".join(
            f"{g.number}. [{g.horizon_label}] {g.text} ({g.state}){g.tags_label}" for g in view.goals
        )
    return with_headline(view.headline, body)


@_register(MeView)
def _me(view: MeView) -> str:
    zone = f"{view.timezone}{' (the cohort’s)' if view.timezone_is_cohorts else ''}"
    lines = [
        f"{view.display_name} in {view.cohort} ({view.role})",
        f"  Time zone: {zone}",
        f"  Direct messages: {'on' if view.dms_enabled else 'off'}",
        f"  Leaderboards: {'shown' if view.leaderboard_visible else 'hidden'}",
        f"  Paused: {'until ' + str(view.paused_until) if view.paused_until else 'no'}",
        f"  Voice study rooms: {'counted' if view.voice_tracking else 'not counted'}",
        f"  Check-in DM day: {view.reminder_day or 'the cohort’s'}",
        f"  Reminder time: {view.reminder_time or 'the cohort’s'}",
        f"  Quiet hours: {view.quiet_hours or 'off'}",
        f"  Snoozed: {'until ' + view.snoozed_until if view.snoozed_until else 'no'}",
    ]
    return with_headline(view.headline, "\n".join(lines))


@_register(HelpView)
def _help(view: HelpView) -> str:
    width = min(max((len(e.usage) for e in view.entries), default=0), 60)
    lines = [view.detail] if view.detail else []
    group = None
    for entry in view.entries:
        if entry.group and entry.group != group:
            lines += ["", f"{entry.group}:"] if lines else [f"{entry.group}:"]
            group = entry.group
        indent = "  " if entry.group else ""
        lines.append(f"{indent}{entry.usage.ljust(width)}  {entry.summary}")
        lines += [f"{indent}  Example: {example}" for example in entry.examples]
    return "\n".join(lines)


@_register(SchedulePreviewView)
def _schedule_preview(view: SchedulePreviewView) -> str:
    if view.due_by:
        where = f" on {platform_name(view.platform)}" if view.platform else ""
        head = f"Due in {view.cohort}{where} by {view.due_by}: {plural(len(view.rows), 'message')}"
    else:
        span = f"from {view.start} for {plural(view.days, 'day')}"
        head = f"Schedule of {view.cohort} {span}: {plural(len(view.rows), 'message')}"
    if not view.rows:
        return head
    states = any(r.state for r in view.rows)
    rows = [
        [r.local_time, r.utc_time, r.kind, r.recipient, *([r.state] if states else [])] for r in view.rows
    ]
    return head + "\n" + table(rows, ["Local time", "UTC", "Kind", "To", *(["State"] if states else [])])


PLATFORM_NAMES = {"discord": "Discord", "slack": "Slack", "console": "the console"}


def platform_name(platform: str | None) -> str:
    return PLATFORM_NAMES.get(platform or "", platform or "an unknown platform")


@_register(HomeView)
def _home(view: HomeView) -> str:
    if view.problem is not None:
        return view.problem
    parts = [
        render_text(part) for part in (view.week, view.budgets, view.streak, view.plan) if part is not None
    ]
    return "\n\n".join(parts)
