"""Discord embeds of the personal views: budgets, hours, goals, me, help (the plan's are in
``render_plans``).

Every user-written string goes through ``md``/``md_block``/``md_text``/``code`` before it is
placed; the labels of levels and priorities are the seed's words, as in the text renderer.
"""

from __future__ import annotations

from tabulate import tabulate

from bot.discord.reflections.render import (
    cohort_reflection_fields,
    me_reminder_fields,
    progress_commitment_fields,
)
from bot.discord.render_base import (
    COLOUR_INFO,
    COLOUR_WITHIN,
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELD_VALUE_LIMIT,
    EMBED_FIELDS_LIMIT,
    Card,
    DiscordMessage,
    Field,
    cards_to_messages,
    pack,
    register,
    status_colour,
    worst_status,
)
from bot.discord.render_safe import (
    chunk_lines,
    code_blocks,
    discord_hints,
    fit_lines,
    inline_code,
    md,
    md_block,
    md_text,
)
from core.formatting import hour_band, hours, percent, plural
from core.render.counts import budget_text, progress_text
from core.render.text import STATUS_MARKS, default_total, status_mark
from core.views.activity import (
    BudgetListView,
    CheckinView,
    GoalListView,
    ProgressView,
    StreakView,
    TrackProgressView,
)
from core.views.base import Notice
from core.views.member import CohortView, HelpView, MeView

NAME_WIDTH = 80
"""Longest skill, track or member name shown in a line of Markdown (longer ones end in "…")."""
CELL_WIDTH = 18
"""Longest name in a code-block table cell, so that table rows stay readable."""
NOTES_WIDTH = 300
RATIONALE_WIDTH = 650
GOAL_WIDTH = 900
GOAL_TAGS_WIDTH = 100
SKILL_LIST_MAX = 50
"""Skills shown by /skill list; a plan asks for ten, and more are counted, not shown."""


def headline_text(headline: str | None) -> str | None:
    return md_text(headline) if headline else None


def table_blocks(headers: list[str], rows: list[list[str]], limit: int) -> list[str]:
    """Rows (cells already made safe with ``code``) as code-block tables of at most ``limit``."""
    lines = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True).splitlines()
    return code_blocks(lines[:2], lines[2:], limit)


@register(Notice)
def _notice(view: Notice) -> list[DiscordMessage]:
    return pack([], ephemeral=view.private, content=md_text(view.text))


@register(CohortView)
def _cohort(view: CohortView) -> list[DiscordMessage]:
    channel = view.channel_id
    if channel is None:
        where = "not set"
    elif channel.isascii() and channel.isdigit() and 17 <= len(channel) <= 20:
        where = f"<#{channel}>"
    else:
        where = inline_code(channel) or "not set"
    term = (
        f"{view.term_start or '?'} to {view.term_end or '?'}"
        if view.term_start or view.term_end
        else "not set"
    )
    role = "an instructor" if view.your_role == "instructor" else "a student"
    fields = [
        Field("Members", f"{plural(view.students, 'student')}, {plural(view.instructors, 'instructor')}"),
        Field("Instructors", fit_lines([md(n, NAME_WIDTH) for n in view.instructor_names], 1024) or "none"),
        Field("Time zone", md(view.timezone, NAME_WIDTH), inline=True),
        Field("Channel", where, inline=True),
        Field("Term", term, inline=True),
        Field("Horizon", plural(view.horizon_weeks, "week"), inline=True),
        Field("Default weekly hours", hours(view.default_weekly_hours), inline=True),
        Field("Hours per level step", ", ".join(f"{s:g}" for s in view.step_hours), inline=True),
    ]
    if view.focus:
        fields.append(Field("This week's focus", md_block(view.focus, EMBED_FIELD_VALUE_LIMIT)))
    rooms = [f"<#{room.channel_id}> → {md(room.track, 40)}" for room in view.voice_rooms]
    fields.append(Field("Voice study rooms", fit_lines(rooms, EMBED_FIELD_VALUE_LIMIT) or "none"))
    fields += cohort_reflection_fields(view)
    if view.schedule:
        lines = [
            f"{entry.kind.replace('_', ' ')}: {'on' if entry.enabled else 'off'} at {inline_code(entry.cron)}"
            for entry in view.schedule
        ]
        fields.append(Field("Schedule (local times)", fit_lines(lines, EMBED_FIELD_VALUE_LIMIT)))
    card = Card(
        f"Cohort {md(view.name, NAME_WIDTH)}",
        description=f"You are {role}.",
        fields=fields,
        colour=COLOUR_INFO,
    )
    return cards_to_messages([card], ephemeral=view.private, content=headline_text(view.headline))


@register(BudgetListView)
def _budgets(view: BudgetListView) -> list[DiscordMessage]:
    if not view.budgets and not view.counts:
        description = (
            f"No budgets yet; plans use the cohort default of {hours(view.weekly_hours)}/week. "
            "Add one with `/budget set`."
        )
        card = Card("Weekly hour budgets", description=description, colour=COLOUR_INFO)
        return cards_to_messages([card], ephemeral=view.private, content=headline_text(view.headline))
    fields = [
        Field(
            md(b.track, NAME_WIDTH),
            f"{hours(b.min_hours)}–{hours(b.max_hours)} per {b.period}\n"
            f"Weekly minimum: {hours(b.weekly_min_hours)}"
            + (f"\nCounts toward {md(b.skill, NAME_WIDTH)}" if b.skill else ""),
            inline=True,
        )
        for b in view.budgets
    ]
    fields += [
        Field(f"{md(c.track, NAME_WIDTH)} (count)", f"{budget_text(c)}\nNow: {progress_text(c)}", inline=True)
        for c in view.counts
    ]
    default = " (the cohort default)" if view.uses_default else ""
    card = Card(
        "Hour budgets",
        description=f"Weekly hours for the plan: **{hours(view.weekly_hours)}**{default}",
        fields=fields,
        colour=COLOUR_INFO,
    )
    return cards_to_messages([card], ephemeral=view.private, content=headline_text(view.headline))


@register(CheckinView)
def _checkin(view: CheckinView) -> list[DiscordMessage]:
    track = md(view.track, NAME_WIDTH)
    if view.duplicate:
        title = f"Already logged: {hours(view.hours)} of {track}"
        description = f"On {view.local_date} — not counted twice."
    else:
        title = f"Logged {hours(view.hours)} of {track}"
        skill = f" toward {md(view.skill, NAME_WIDTH)}" if view.skill else ""
        description = f"On {view.local_date:%a %d %b}{skill}."
    if view.hint:
        description += f"\n{discord_hints(view.hint)}"
    week = hours(view.track_week_hours)
    if view.month_hours is not None:
        week += f"; this month: {hours(view.month_hours)}"
    if view.budget_status and view.budget_min_hours is not None and view.budget_max_hours is not None:
        week += (
            f" of {hours(view.budget_min_hours)}–{hours(view.budget_max_hours)}"
            f" ({STATUS_MARKS[view.budget_status]})"
        )
    card = Card(
        title,
        description=description,
        fields=[Field(f"This week ({md(view.week, 40)}) on {track}", week + _default_note(view))],
        colour=status_colour(view.budget_status),
    )
    return cards_to_messages([card], ephemeral=view.private)


def _default_note(view: CheckinView) -> str:
    if view.default_weekly_hours is None:
        return ""
    return f"\nNo budget yet: the cohort default of {hours(view.default_weekly_hours)} a week in all applies."


def _track_hours(track: TrackProgressView) -> str:
    if track.min_hours is None:
        return f"{hours(track.hours)} (no budget)"
    text = f"{hours(track.hours)} of {hour_band(track.min_hours, track.max_hours)}"
    text += " this month" if track.month_to_date else ""
    return text + (f"\n{status_mark(track)}" if track.status else "")


@register(ProgressView)
def _progress(view: ProgressView) -> list[DiscordMessage]:
    lines = [f"{md(view.label, 100)} — {plural(view.days_left, 'day')} left"]
    if view.paused_until:
        lines.append(f"Paused until {view.paused_until}.")
    if not view.tracks and not view.counts:
        lines.append("No budgets or check-ins yet: `/budget set`, then `/checkin`.")
    if view.roadmap_percent is not None:
        done, total = view.roadmap_done or 0, view.roadmap_total or 0
        lines.append(f"Roadmap: {percent(done, total)} ({done}/{total})")
    fields = [
        Field(
            md(t.track, NAME_WIDTH),
            _track_hours(t),
            inline=True,
        )
        for t in view.tracks
    ]
    fields += [
        Field(f"{md(c.track, NAME_WIDTH)} (count)", progress_text(c), inline=True) for c in view.counts
    ]
    fields += progress_commitment_fields(view)
    card = Card(
        f"Progress of {md(view.member, NAME_WIDTH)}",
        description="\n".join(lines),
        fields=fields,
        footer=f"Total: {hours(view.total_hours)}{default_total(view)} · "
        f"streak: {plural(view.streak, 'week')}",
        colour=status_colour(worst_status(t.status for t in view.tracks)),
    )
    return cards_to_messages([card], ephemeral=view.private)


@register(StreakView)
def _streak(view: StreakView) -> list[DiscordMessage]:
    lines = [f"Best: {plural(view.best, 'week')}."]
    lines.append(
        "This week's budgets are met ✓"
        if view.this_week_met
        else f"This week counts once you reach {md(view.weekly_target, 300)}."
    )
    if view.paused_until:
        lines.append(f"Paused until {view.paused_until}: the streak waits for you.")
    card = Card(
        f"Streak: {plural(view.current, 'week')} in a row",
        description="\n".join(lines),
        colour=COLOUR_WITHIN if view.this_week_met else COLOUR_INFO,
    )
    return cards_to_messages([card], ephemeral=view.private)


@register(GoalListView)
def _goals(view: GoalListView) -> list[DiscordMessage]:
    if not view.goals:
        card = Card("Goals", description="No goals yet: add one with `/goal add`.", colour=COLOUR_INFO)
        return cards_to_messages([card], ephemeral=view.private, content=headline_text(view.headline))
    fields = [
        Field(
            f"{g.number}. {md(g.horizon_label, 100)} ({md(g.state, 60)})",
            (md_block(g.text, GOAL_WIDTH) or "\u200b") + md(g.tags_label, GOAL_TAGS_WIDTH),
        )
        for g in view.goals
    ]
    cards = [
        Card("Goals", fields=fields[start : start + EMBED_FIELDS_LIMIT], colour=COLOUR_INFO)
        for start in range(0, len(fields), EMBED_FIELDS_LIMIT)
    ]
    return cards_to_messages(cards, ephemeral=view.private, content=headline_text(view.headline))


@register(MeView)
def _me(view: MeView) -> list[DiscordMessage]:
    zone = md(view.timezone, NAME_WIDTH) + (" (the cohort's)" if view.timezone_is_cohorts else "")
    fields = [
        Field("Cohort", md(view.cohort, NAME_WIDTH), inline=True),
        Field("Role", md(view.role, 40), inline=True),
        Field("Time zone", zone, inline=True),
        Field("Direct messages", "on" if view.dms_enabled else "off", inline=True),
        Field("Leaderboards", "shown" if view.leaderboard_visible else "hidden", inline=True),
        Field("Paused", f"until {view.paused_until}" if view.paused_until else "no", inline=True),
        Field("Voice study rooms", "counted" if view.voice_tracking else "not counted", inline=True),
        *me_reminder_fields(view),
    ]
    card = Card(md(view.display_name, NAME_WIDTH) or "You", fields=fields, colour=COLOUR_INFO)
    return cards_to_messages([card], ephemeral=view.private, content=headline_text(view.headline))


@register(HelpView)
def _help(view: HelpView) -> list[DiscordMessage]:
    lines = [md_text(view.detail) + "\n"] if view.detail else []
    group = None
    for entry in view.entries:
        if entry.group and entry.group != group:
            lines.append(("\n" if lines else "") + f"**{md(entry.group, 100)}**")
            group = entry.group
        lines.append(f"{inline_code(entry.usage)} — {md(entry.summary, 300)}")
        lines += [f"\u2003e.g. {inline_code(example)}" for example in entry.examples]
    pages = chunk_lines(lines, EMBED_DESCRIPTION_LIMIT) or ["No commands."]
    cards = [
        Card(
            "Stride commands" + (f" ({number}/{len(pages)})" if len(pages) > 1 else ""),
            description=page,
            colour=COLOUR_INFO,
        )
        for number, page in enumerate(pages, start=1)
    ]
    return cards_to_messages(cards, ephemeral=view.private)
