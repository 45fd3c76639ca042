"""Plain-text rendering of the leaderboard and the instructor digest.

Names are shown exactly as people wrote them; making ``@everyone`` or ``<@&id>`` harmless
is each platform adapter's job when it sends the text.
"""

from __future__ import annotations

from tabulate import tabulate

from core.formatting import hour_band, hours, percent_of, plural
from core.render.group_sessions import attendance_lines
from core.render.plan_model import plan_hours
from core.render.reflections import digest_lines
from core.render.text import STATUS_MARKS, render_text
from core.views.reports import BoardBudgetsView, DigestView, LeaderboardRowView, LeaderboardView


def _budget(low: float | None, high: float | None) -> str:
    if low is None:
        return ""
    return hour_band(low, high)


LEADERBOARD_TITLES = {
    "hours": "hours",
    "streak": "streak (weeks in a row with every budget met)",
    "roadmap": "roadmap (share of items done)",
}


LEADERBOARD_COLUMNS = {"hours": "Hours", "streak": "Streak", "roadmap": "Roadmap"}


def board_budgets_title(view: BoardBudgetsView) -> str:
    """Whose bands these are and who sees them: they never go out with the board."""
    if view.mine:
        return f"Your budget for {view.label} (only you see this)"
    return f"Budgets behind the board of {view.cohort}, {view.label} (only instructors see this)"


def board_budget_line(hours_done: float, low: float, high: float | None, status: str) -> str:
    return f"{hours(hours_done)} of {_budget(low, high)} · {STATUS_MARKS[status]}"


@render_text.register
def _board_budgets(view: BoardBudgetsView) -> str:
    lines = [board_budgets_title(view)]
    if view.mine:
        row = view.rows[0]
        lines.append(board_budget_line(row.hours, row.budget_min_hours, row.budget_max_hours, row.status))
        return "\n".join(lines)
    table = [
        [r.name, hours(r.hours), _budget(r.budget_min_hours, r.budget_max_hours), STATUS_MARKS[r.status]]
        for r in view.rows
    ]
    lines.append(
        tabulate(
            table, headers=["Student", "Hours", "Budget", "Status"], tablefmt="simple", disable_numparse=True
        )
    )
    return "\n".join(lines)


def leaderboard_value(view: LeaderboardView, row: LeaderboardRowView) -> str:
    if view.metric == "roadmap":
        return percent_of(row.value)
    return hours(row.value) if view.metric == "hours" else plural(round(row.value), "week")


def hidden_line(count: int) -> str:
    """The board's last line about students who keep their place private."""
    return f"{plural(count, 'more student')} {'keeps' if count == 1 else 'keep'} their place private."


@render_text.register
def _leaderboard(view: LeaderboardView) -> str:
    what = LEADERBOARD_TITLES[view.metric]
    lines = [f"Leaderboard of {view.cohort} — {what}, {view.label}"]
    if view.rows:
        table = [[r.rank, r.name, leaderboard_value(view, r)] for r in view.rows]
        headers = ["#", "Name", LEADERBOARD_COLUMNS[view.metric]]
        lines.append(tabulate(table, headers=headers, tablefmt="simple", disable_numparse=True))
    else:
        lines.append("Nobody to rank yet.")
    if view.hidden_count:
        lines.append(hidden_line(view.hidden_count))
    return "\n".join(lines)


@render_text.register
def _digest(view: DigestView) -> str:
    lines = [
        f"Digest of {view.cohort} — {view.label}",
        f"Participation: {view.checked_in} of {plural(view.students, 'student')} checked in"
        f" · {hours(view.total_hours)} in total",
    ]
    if view.rows:
        table = [
            [
                r.name + (" (paused)" if r.paused else ""),
                hours(r.hours),
                _budget(r.budget_min_hours, r.budget_max_hours),
                STATUS_MARKS[r.status],
                plural(r.streak, "week"),
                f"{r.levels_gained:+d}" if r.levels_gained else "0",
                plan_hours(r.plan_hours_done, r.plan_hours_left),
            ]
            for r in view.rows
        ]
        headers = ["Student", "Hours", "Weekly budget", "Status", "Streak", "Levels this month", "Plan"]
        lines.append(tabulate(table, headers=headers, tablefmt="simple", disable_numparse=True))
    else:
        lines.append("No students yet; they join with /cohort join " + view.cohort + ".")
    if view.at_risk:
        lines.append("At risk:")
        lines += [f"  - {r.name}: {'; '.join(r.reasons)}" for r in view.at_risk]
    else:
        lines.append("At risk: nobody.")
    lines += digest_lines(view)
    lines += attendance_lines(view.sessions)
    lines.append(f"Levels gained in {view.month}: {view.levels_gained_this_month}")
    if view.unreachable:
        lines.append(f"Unreachable by DM: {plural(view.unreachable, 'student')}")
    return "\n".join(lines)
