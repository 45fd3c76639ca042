"""Discord embeds of the cohort reports and the scheduled messages.

Leaderboards and digests can have a thousand rows: ``render`` keeps one reply short (the
first rows and an "… and N more" line), and :func:`leaderboard_pages` gives every row, page
by page, for a paginator's buttons.
"""

from __future__ import annotations

from bot.discord.reflections.render import (
    checkin_reflection_field,
    digest_reflection_cards,
    digest_reflection_field,
)
from bot.discord.render_base import (
    COLOUR_INFO,
    COLOUR_UNDER,
    COLOUR_WITHIN,
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELD_VALUE_LIMIT,
    Card,
    DiscordMessage,
    Field,
    cards_to_messages,
    register,
    status_colour,
    worst_status,
)
from bot.discord.render_group_sessions import attendance_field
from bot.discord.render_safe import (
    clip,
    fit_lines,
    group_lines,
    md,
    md_block,
    text_size,
)
from core.domain.levels import LEVEL_NAMES
from core.formatting import hour_band, hours, percent_of, plural
from core.render.plan_model import plan_hours, reassess_line
from core.render.reports import board_budget_line, board_budgets_title, hidden_line
from core.render.scheduled import reassess_answer, reassess_label
from core.render.text import STATUS_MARKS, status_mark, track_label
from core.views.reports import (
    BoardBudgetsView,
    DigestStudentView,
    DigestView,
    LeaderboardRowView,
    LeaderboardView,
)
from core.views.scheduled import (
    BudgetWeekRowView,
    HoursCheckinView,
    ReassessDueView,
    ReassessmentView,
    WeeklyReminderView,
    WeeklyStatusView,
)

NAME_WIDTH = 60
LEADERBOARD_PAGE_ROWS = 20
"""Rows per page of :func:`leaderboard_pages`."""
DIGEST_PAGE_ROWS = 40
DIGEST_MAX_PAGES = 3
"""Pages of students in one digest; a larger cohort gets "… and N more" and /export."""
_MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


def _budget(low: float | None, high: float | None) -> str:
    return "" if low is None else hour_band(low, high)


# --- Leaderboard ------------------------------------------------------------------------------
def _leader_line(view: LeaderboardView, row: LeaderboardRowView) -> str:
    rank = _MEDALS.get(row.rank, f"**{row.rank}.**")
    if view.metric == "roadmap":
        value = percent_of(row.value)
    else:
        value = hours(row.value) if view.metric == "hours" else plural(round(row.value), "week")
    return f"{rank} {md(row.name, NAME_WIDTH)} — **{value}**"


def _leader_card(view: LeaderboardView, body: str, page: str = "") -> Card:
    what = {
        "hours": "Hours",
        "streak": "Streak (weeks in a row with every budget met)",
        "roadmap": "Roadmap (share of items done)",
    }[view.metric]
    footer = []
    if view.hidden_count:
        footer.append(hidden_line(view.hidden_count))
    if page:
        footer.append(page)
    return Card(
        f"Leaderboard of {md(view.cohort, NAME_WIDTH)}",
        description=f"{what} · {md(view.label, 100)}\n\n{body}",
        footer=" · ".join(footer) or None,
        colour=COLOUR_INFO,
    )


def _leader_room(view: LeaderboardView) -> int:
    return EMBED_DESCRIPTION_LIMIT - text_size(_leader_card(view, "").description or "")


@register(LeaderboardView)
def _leaderboard(view: LeaderboardView) -> list[DiscordMessage]:
    """One message: the top of the board, as many rows as one embed holds, then "… and N more"."""
    lines = [_leader_line(view, row) for row in view.rows]
    body = fit_lines(lines, _leader_room(view)) if lines else "Nobody to rank yet."
    return cards_to_messages([_leader_card(view, body)], ephemeral=view.private)


def leaderboard_pages(
    view: LeaderboardView, rows_per_page: int = LEADERBOARD_PAGE_ROWS
) -> list[DiscordMessage]:
    """Every row of the board, one page per message (footer "Page i/n"), for paging buttons."""
    lines = [_leader_line(view, row) for row in view.rows]
    pages = group_lines(lines, _leader_room(view), max(rows_per_page, 1)) or [["Nobody to rank yet."]]
    cards = [
        _leader_card(view, "\n".join(page), f"Page {number}/{len(pages)}")
        for number, page in enumerate(pages, start=1)
    ]
    return cards_to_messages(cards, ephemeral=view.private, one_per_message=True)


def _more_budgets(left: int) -> str:
    return f"… and {left} more; /digest shows every student"


@register(BoardBudgetsView)
def _board_budgets(view: BoardBudgetsView) -> list[DiscordMessage]:
    """Private, one embed: the member's own band, or every student's for an instructor (the
    first that fit, then "… and N more": /digest has every one)."""
    lines = [
        (f"**{md(row.name, NAME_WIDTH)}** — " if not view.mine else "")
        + board_budget_line(row.hours, row.budget_min_hours, row.budget_max_hours, row.status)
        for row in view.rows
    ]
    card = Card(
        clip(md(board_budgets_title(view), 300), 256),
        description=fit_lines(lines, EMBED_DESCRIPTION_LIMIT, _more_budgets),
        colour=COLOUR_INFO,
    )
    return cards_to_messages([card], ephemeral=True)


# --- Digest -----------------------------------------------------------------------------------
def _student_line(row: DigestStudentView) -> str:
    name = md(row.name, NAME_WIDTH) + (" (paused)" if row.paused else "")
    budget = _budget(row.budget_min_hours, row.budget_max_hours)
    levels = f"{row.levels_gained:+d}" if row.levels_gained else "0"
    return (
        f"**{name}** — {hours(row.hours)} of {budget} · {STATUS_MARKS[row.status]}"
        f" · streak {plural(row.streak, 'week')} · levels {levels}"
        f" · plan {plan_hours(row.plan_hours_done, row.plan_hours_left)}"
    )


def _more_at_risk(left: int) -> str:
    return f"… and {left} more at risk"


@register(DigestView)
def _digest(view: DigestView) -> list[DiscordMessage]:
    fields = [
        Field("Participation", f"{view.checked_in} of {plural(view.students, 'student')} checked in", True),
        Field("Hours in total", hours(view.total_hours), True),
        Field(f"Levels gained in {md(view.month, 40)}", str(view.levels_gained_this_month), True),
    ]
    fields.append(digest_reflection_field(view))
    if view.unreachable:
        fields.append(Field("Unreachable by DM", plural(view.unreachable, "student"), True))
    if view.sessions:
        fields.append(Field("Group sessions", attendance_field(view.sessions)))
    if not view.at_risk:
        fields.append(Field("At risk", "Nobody."))
    if not view.rows:
        fields.append(Field("Students", f"None yet; they join with `/cohort join` {md(view.cohort, 100)}."))
    cohort = md(view.cohort, NAME_WIDTH)
    cards = [
        Card(
            f"Digest of {cohort}",
            description=md(view.label, 200),
            fields=fields,
            colour=COLOUR_UNDER if view.at_risk else COLOUR_WITHIN,
        )
    ]
    if view.at_risk:
        risks = [f"• **{md(r.name, NAME_WIDTH)}**: {md('; '.join(r.reasons), 300)}" for r in view.at_risk]
        cards.append(
            Card(
                f"At risk ({len(view.at_risk)})",
                description=fit_lines(risks, EMBED_DESCRIPTION_LIMIT, _more_at_risk),
                colour=COLOUR_UNDER,
            )
        )
    cards += digest_reflection_cards(view)
    if view.rows:
        marker = "… and {} more students: `/export` has every one."
        room = EMBED_DESCRIPTION_LIMIT - text_size(marker) - 10
        pages = group_lines([_student_line(r) for r in view.rows], room, DIGEST_PAGE_ROWS)
        shown = pages[:DIGEST_MAX_PAGES]
        left = len(view.rows) - sum(len(page) for page in shown)
        if left:
            shown[-1] = [*shown[-1], marker.format(left)]
        cards += [
            Card(
                f"Students of {cohort}" + (f" ({number}/{len(shown)})" if len(shown) > 1 else ""),
                description="\n".join(page),
                colour=COLOUR_INFO,
            )
            for number, page in enumerate(shown, start=1)
        ]
    return cards_to_messages(cards, ephemeral=view.private)


# --- Scheduled messages -----------------------------------------------------------------------
def _week_lines(rows: list[BudgetWeekRowView]) -> str:
    if not rows:
        return "No budgets yet: `/budget set`"
    lines = [
        f"**{md(track_label(r.track, r.month_to_date), NAME_WIDTH)}**: {hours(r.hours)} of "
        f"{hour_band(r.min_hours, r.max_hours)} · {status_mark(r)}"
        for r in rows
    ]
    return fit_lines(lines, EMBED_FIELD_VALUE_LIMIT)


@register(WeeklyReminderView)
def _weekly_reminder(view: WeeklyReminderView) -> list[DiscordMessage]:
    week = f"Week {view.term_week} of the term" if view.term_week else f"Week {md(view.week, 40)}"
    description = "Log your hours with `/checkin` and see where you stand with `/progress`."
    fields = [Field("This week's focus", md_block(view.focus, EMBED_FIELD_VALUE_LIMIT))] if view.focus else []
    card = Card(
        clip(f"{week} starts now, {md(view.cohort, NAME_WIDTH)}!", 256),
        description=description,
        fields=fields,
        colour=COLOUR_INFO,
    )
    return cards_to_messages([card], ephemeral=view.private)


def _reassess_fields(due: list[ReassessDueView]) -> list[Field]:
    if not due:
        return []
    lines = [f"• {md(reassess_line(item), 400)}" for item in due]
    return [Field("Time to re-assess", fit_lines(lines, EMBED_FIELD_VALUE_LIMIT))]


@register(WeeklyStatusView)
def _weekly_status(view: WeeklyStatusView) -> list[DiscordMessage]:
    fields = [Field(f"Last week ({md(view.last_week, 60)})", _week_lines(view.rows))]
    if view.targets:
        targets = [
            f"**{md(t.track, NAME_WIDTH)}**: {hours(t.min_hours)}–{hours(t.max_hours)} per {t.period}"
            for t in view.targets
        ]
        fields.append(Field(f"This week ({md(view.this_week, 60)})", fit_lines(targets, 1024)))
    fields += _reassess_fields(view.reassess_due)
    card = Card(
        f"Hello {md(view.member, NAME_WIDTH)}!",
        fields=fields,
        footer=f"Streak: {plural(view.streak, 'week')}.",
        colour=status_colour(worst_status(r.status for r in view.rows)),
    )
    return cards_to_messages([card], ephemeral=view.private)


@register(HoursCheckinView)
def _hours_checkin(view: HoursCheckinView) -> list[DiscordMessage]:
    fields = [Field("So far", _week_lines(view.rows))]
    if view.quick_log:
        quick = " · ".join(md(q.label, 40) for q in view.quick_log)
        fields.append(Field("Quick log", clip(quick, EMBED_FIELD_VALUE_LIMIT)))
    fields += _reassess_fields(view.reassess_due)
    fields += checkin_reflection_field(view.reflection)
    card = Card(
        f"How did week {md(view.week, 40)} go, {md(view.member, NAME_WIDTH)}?",
        description="Log hours with the buttons below or with `/checkin`.",
        fields=fields,
        colour=status_colour(worst_status(r.status for r in view.rows)),
    )
    return cards_to_messages([card], ephemeral=view.private)


@register(ReassessmentView)
def _reassessment(view: ReassessmentView) -> list[DiscordMessage]:
    member = md(view.member, NAME_WIDTH)
    if not view.skills:
        description = f"{member}, add your skills with `/skill add` and they will be asked about here."
    else:
        description = f"{member}, where are you now? Pick each skill's level below. {reassess_answer(view)}"
    fields = [
        Field(
            md(reassess_label(s), 200),
            f"Now: {s.current} {s.current_label}\nTarget: {s.target} {s.target_label}",
            inline=True,
        )
        for s in view.skills
    ]
    legend = " · ".join(f"{level} {name}" for level, name in LEVEL_NAMES.items())
    card = Card(
        f"{md(view.month, 60)} skill check",
        description=description,
        fields=fields,
        footer=f"Levels: {legend}",
        colour=COLOUR_INFO,
    )
    return cards_to_messages([card], ephemeral=view.private)
