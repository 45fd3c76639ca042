"""Every view model as Slack messages (Block Kit), within Slack's limits.

``render(view)`` returns the messages to send, in order. Views with a shape of their own
(plans, the plan check, progress, leaderboards and digests here; the scheduled DMs with
their buttons in ``render_scheduled``; reflections and the nudge in ``render_reflections``;
group sessions in ``render_group_sessions``) get their own blocks; any other view shows its
plain text (``core.render.text``), tables in monospace. User text always passes ``esc``.
"""

from __future__ import annotations

import re
from functools import singledispatch

from bot.slack.blocks import (
    SECTION_TEXT_LIMIT,
    Block,
    SlackMessage,
    clip_escaped,
    code,
    context,
    divider,
    esc,
    fields,
    header,
    pack,
    paragraphs,
    section,
)
from bot.slack.hints import slack_hints
from bot.slack.render_group_sessions import attendance_section, reminder
from bot.slack.render_reflections import (
    blocker_reply,
    digest_blocks,
    nudge,
    reflection_list,
    reflection_reminder,
    reflection_reply,
    shared_reflection,
)
from bot.slack.render_scheduled import first_line, hours_checkin, reassessment, session, timer_dm
from core.formatting import hour_band, hours, plural, weeks
from core.render.counts import progress_text
from core.render.ease import RATE_HINT, ease_pointer
from core.render.plan_model import assumptions, horizon_label, hours_done_and_left, plan_hours, time_to_target
from core.render.reflections import commitment_line, met_mark
from core.render.reports import LEADERBOARD_TITLES, hidden_line, leaderboard_value
from core.render.text import (
    STATUS_MARKS,
    default_total,
    render_text,
    status_mark,
    track_label,
)
from core.services.context import short
from core.views.activity import CheckinView, ProgressView, TallyView
from core.views.base import Notice, View
from core.views.group_sessions import GroupSessionReminderView
from core.views.plans import PlanCheckView, PlanView
from core.views.reflections import (
    BlockerReplyView,
    NudgeView,
    ReflectionListView,
    ReflectionReminderView,
    ReflectionView,
    SharedReflectionView,
)
from core.views.reports import DigestView, LeaderboardView
from core.views.scheduled import HoursCheckinView, ReassessmentView, WeeklyReminderView
from core.views.sessions import SessionView, TimerDmView


@singledispatch
def render(view: View) -> list[SlackMessage]:
    text = slack_hints(render_text(view))
    headline = getattr(view, "headline", None)
    if headline and text.startswith(slack_hints(headline) + "\n"):
        first, rest = text.split("\n", 1)
        return pack(first, [*paragraphs(first), *code(rest)])
    return pack(first_line(text), code(text))


render.register(GroupSessionReminderView)(reminder)
render.register(HoursCheckinView)(hours_checkin)
render.register(ReassessmentView)(reassessment)
render.register(SessionView)(session)
render.register(TimerDmView)(timer_dm)
render.register(ReflectionView)(reflection_reply)
render.register(SharedReflectionView)(shared_reflection)
render.register(ReflectionListView)(reflection_list)
render.register(BlockerReplyView)(blocker_reply)
render.register(ReflectionReminderView)(reflection_reminder)
render.register(NudgeView)(nudge)


@render.register
def _notice(view: Notice) -> list[SlackMessage]:
    text = slack_hints(view.text)
    if _LINK.search(text) and len(text) <= SECTION_TEXT_LIMIT // 2:
        return [SlackMessage(esc(first_line(text)), [section(_linked(text))])]
    return pack(first_line(text), paragraphs(text))


_LINK = re.compile(r"https?://[^\s<>|&]+/signin/[A-Za-z0-9_-]{43}(?![\w-])")
"""A dashboard sign-in link, as ``/dashboard`` hands it out."""


def _linked(text: str) -> str:
    """Escaped text whose sign-in link is an explicit link (``<URL>``), so no formatting
    character inside it (a token holds ``_`` and ``-``) can break it."""
    out, at = [], 0
    for found in _LINK.finditer(text):
        out += [esc(text[at : found.start()]), f"<{esc(found.group())}>"]
        at = found.end()
    return "".join([*out, esc(text[at:])])


@render.register
def _tally(view: TallyView) -> list[SlackMessage]:
    text = slack_hints(render_text(view))
    return pack(first_line(text), paragraphs(text))


@render.register
def _checkin(view: CheckinView) -> list[SlackMessage]:
    text = slack_hints(render_text(view))
    return pack(first_line(text), paragraphs(text))


@render.register
def _weekly_reminder(view: WeeklyReminderView) -> list[SlackMessage]:
    text = slack_hints(render_text(view))
    return pack(first_line(text), paragraphs(text))


def _with_headline(headline: str | None, blocks: list[Block]) -> list[Block]:
    return [*paragraphs(headline), *blocks] if headline else blocks


@render.register
def _plan(view: PlanView) -> list[SlackMessage]:
    blocks: list[Block] = [header(f"Career plan of {view.member}")]
    if not view.plans:
        blocks += paragraphs('No plan yet: /stride plan set A position="…" industry="…" rationale="…"')
    for plan in view.plans:
        goal = f"{clip_escaped(plan.position, 300)} × {clip_escaped(plan.industry, 300)}"
        line = f"*Plan {esc(plan.slot)}:* {goal}"
        blocks.append(section(clip_escaped_line(line, plan.rationale)))
    blocks.append(
        context(f"Skills: {view.general_skills} general, {view.specific_skills} specific (5 + 5 asked)")
    )
    return pack(f"Career plan of {view.member}", _with_headline(view.headline, blocks))


def clip_escaped_line(first: str, rationale: str | None) -> str:
    """A plan's line and its rationale, the rationale cut to fit one section."""
    if not rationale:
        return first
    return f"{first}\n_Why:_ " + clip_escaped(rationale, 3000 - len(first) - 10)


@render.register
def _plan_check(view: PlanCheckView) -> list[SlackMessage]:
    verdict = "complete ✓" if view.complete else "not complete yet"
    blocks: list[Block] = [header(f"Plan check for {view.member}: {verdict}")]
    if view.missing:
        blocks += paragraphs("Still missing:\n" + "\n".join(f"• {item}" for item in view.missing))
    if view.skills:
        rows = [
            f"{s.name[:40]:<40} P{s.priority} {s.current}→{s.target} gap {s.gap}  "
            f"{hours_done_and_left(s)}  {time_to_target(s)}"
            for s in view.skills
        ]
        blocks += code("Skill · priority · current→target · gap · hours · time\n" + "\n".join(rows))
    total = (
        f"*Total:* {hours(view.total_hours)} left at {hours(view.weekly_hours)}/week "
        f"(from your {view.weekly_source}) = {weeks(view.total_weeks)}"
    )
    blocks.append(section(total))
    label = horizon_label(view.horizon_weeks)
    if view.attainable:
        blocks.append(section(f"✅ *Attainable {label}*"))
    else:
        advice = [f"❌ *Not attainable {label}.*"]
        if view.weekly_hours_needed is not None:
            advice.append(f"Either study {hours(view.weekly_hours_needed)}/week (/stride budget set …),")
        if view.cuts:
            cuts = "; ".join(
                f"{c.skill} target {c.from_target}→{c.to_target} (saves {hours(c.hours_saved)})"
                for c in view.cuts
            )
            advice.append(f"or lower targets: {cuts}")
        blocks += (
            [section(advice[0]), *paragraphs("\n".join(advice[1:]))]
            if len(advice) > 1
            else [section(advice[0])]
        )
    pointer = ease_pointer([short(n, 60) for n in view.quick_wins], view.unrated_ease, slack_hints(RATE_HINT))
    if pointer:
        blocks += paragraphs("\n".join(pointer))
    judged = "\n".join(f"• {line}" for line in assumptions(view))
    blocks += paragraphs(f"*How this was judged*\n{judged}")
    return pack(f"Plan check for {view.member}: {verdict}", blocks)


def _band(low: float | None, high: float | None) -> str:
    return "no budget" if low is None else hour_band(low, high)


@render.register
def _progress(view: ProgressView) -> list[SlackMessage]:
    title = f"Progress of {view.member}, {view.label}"
    blocks: list[Block] = [header(title), context(f"{plural(view.days_left, 'day')} left")]
    if view.paused_until:
        blocks.append(section(f"⏸ Paused until {view.paused_until}."))
    if view.tracks:
        cells = [
            f"*{esc(track_label(t.track, t.month_to_date))}*\n"
            f"{hours(t.hours)} of {_band(t.min_hours, t.max_hours)}"
            + (f" · {status_mark(t)}" if t.status else "")
            for t in view.tracks
        ]
        blocks += fields(cells)
    elif not view.counts:
        blocks += paragraphs("No budgets or check-ins yet: /stride budget set dsa 5-7, then /checkin 1h dsa.")
    if view.counts:
        blocks += fields([f"*{esc(c.track)}* (count)\n{progress_text(c)}" for c in view.counts])
    if view.commitments:
        said = [f"{met_mark(c)} {commitment_line(c)}" for c in view.commitments]
        blocks += paragraphs("\n".join(["*This week's commitment* (from your last reflection):", *said]))
    blocks.append(
        context(
            f"Total: {hours(view.total_hours)}{default_total(view)} · streak: {plural(view.streak, 'week')}"
        )
    )
    return pack(title, blocks)


@render.register
def _leaderboard(view: LeaderboardView) -> list[SlackMessage]:
    title = f"Leaderboard of {view.cohort} — {LEADERBOARD_TITLES[view.metric]}, {view.label}"
    lines = []
    for row in view.rows:
        lines.append(f"{row.rank}. {row.name} — {leaderboard_value(view, row)}")
    blocks: list[Block] = [header(title), *paragraphs("\n".join(lines) or "Nobody to rank yet.")]
    if view.hidden_count:
        blocks.append(context(hidden_line(view.hidden_count)))
    return pack(title, blocks)


@render.register
def _digest(view: DigestView) -> list[SlackMessage]:
    title = f"Digest of {view.cohort} — {view.label}"
    blocks: list[Block] = [
        header(title),
        section(
            f"*Participation:* {view.checked_in} of {plural(view.students, 'student')} checked in · "
            f"{hours(view.total_hours)} in total"
        ),
    ]
    if view.rows:
        rows = [
            f"{(r.name + (' (paused)' if r.paused else ''))[:28]:<28} {hours(r.hours):>8} "
            f"{_band(r.budget_min_hours, r.budget_max_hours):>14} {STATUS_MARKS[r.status]:<9} "
            f"{plural(r.streak, 'week'):>9} {r.levels_gained:+d} lv  "
            f"plan {plan_hours(r.plan_hours_done, r.plan_hours_left)}"
            for r in view.rows
        ]
        blocks += code("\n".join(rows))
    blocks += attendance_section(view.sessions)
    blocks += digest_blocks(view)
    blocks.append(divider())
    if view.at_risk:
        blocks.append(header(f"At risk: {len(view.at_risk)}"))
        blocks += [
            section(f"*{clip_escaped(r.name, 200)}*\n" + clip_escaped("; ".join(r.reasons), 2700))
            for r in view.at_risk
        ]
    else:
        blocks.append(section("*At risk:* nobody."))
    facts = [f"Levels gained in {view.month}: {view.levels_gained_this_month}"]
    if view.unreachable:
        facts.append(f"Unreachable by DM: {view.unreachable}")
    blocks.append(context(*facts))
    return pack(title, blocks)
