"""Plain text of the scheduled messages: the Monday post and status, the Sunday check-in
prompt and the monthly re-assessment."""

from __future__ import annotations

from core.formatting import hour_band, hours, plural
from core.render.plan_model import reassess_line
from core.render.reminders import REMIND_LATER, reflection_part
from core.render.text import render_text, status_mark, table, track_label
from core.views.scheduled import (
    BudgetWeekRowView,
    HoursCheckinView,
    ReassessmentView,
    ReassessSkillView,
    WeeklyReminderView,
    WeeklyStatusView,
)


@render_text.register(WeeklyReminderView)
def _weekly_reminder(view: WeeklyReminderView) -> str:
    week = f"Week {view.term_week} of the term" if view.term_week else f"Week {view.week}"
    lines = [f"{week} starts now, {view.cohort}!"]
    if view.focus:
        lines.append(f"This week's focus: {view.focus}")
    lines.append("Log your hours with /checkin HOURS TRACK and see where you stand with /progress.")
    return "\n".join(lines)


def _week_table(rows: list[BudgetWeekRowView]) -> str:
    cells = [
        [
            track_label(r.track, r.month_to_date),
            hours(r.hours),
            hour_band(r.min_hours, r.max_hours),
            status_mark(r),
        ]
        for r in rows
    ]
    return table(cells, ["Track", "Hours", "Budget", "Status"])


@render_text.register(WeeklyStatusView)
def _weekly_status(view: WeeklyStatusView) -> str:
    lines = [f"Hello {view.member}! Last week ({view.last_week}):"]
    lines.append(_week_table(view.rows) if view.rows else "  No budgets yet: /budget set dsa 5-7")
    if view.targets:
        targets = ", ".join(
            f"{t.track} {hours(t.min_hours)}–{hours(t.max_hours)}"
            + (" this month" if t.period == "month" else "")
            for t in view.targets
        )
        lines.append(f"This week ({view.this_week}): {targets}.")
    lines.append(f"Streak: {plural(view.streak, 'week')}.")
    lines += [reassess_line(due) for due in view.reassess_due]
    return "\n".join(lines)


@render_text.register(HoursCheckinView)
def _hours_checkin(view: HoursCheckinView) -> str:
    lines = [f"{view.member}, how did week {view.week} go? So far:"]
    lines.append(_week_table(view.rows) if view.rows else "  No budgets yet: /budget set dsa 5-7")
    lines += [reassess_line(due) for due in view.reassess_due]
    if view.quick_log:
        lines.append("Quick log: " + " · ".join(q.command for q in view.quick_log))
    if view.reflection is not None:
        lines += reflection_part(view.reflection)
    lines.append(REMIND_LATER)
    return "\n".join(lines)


def reassess_label(skill: ReassessSkillView) -> str:
    """A skill in the re-assessment prompt: ``3. SQL``, numbered as in /skill list."""
    return skill.name if skill.number is None else f"{skill.number}. {skill.name}"


def reassess_answer(view: ReassessmentView) -> str:
    """How to answer the prompt in words, which works wherever the level pickers do not."""
    first = next((s for s in view.skills if s.number is not None), None)
    if first is None:
        return 'Answer with /skill assess "NAME" LEVEL (0–5).'
    return (
        f"Answer with /skill assess N LEVEL (N from the list, LEVEL 0–5), like /skill assess "
        f"{first.number} {min(first.current + 1, 5)}."
    )


@render_text.register(ReassessmentView)
def _reassessment(view: ReassessmentView) -> str:
    if not view.skills:
        return f"{view.member}, time for the {view.month} skill check — add your skills with /skill add."
    lines = [f"{view.member}, time for the {view.month} skill check. Where are you now?"]
    lines += [
        f"  {reassess_label(s)}: {s.current} {s.current_label} (target {s.target} {s.target_label})"
        for s in view.skills
    ]
    lines.append(reassess_answer(view))
    return "\n".join(lines)
