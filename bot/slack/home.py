"""The App Home tab: the member's week, budgets, streak and plan status at a glance."""

from __future__ import annotations

from typing import Any

from bot.slack.blocks import (
    BLOCKS_PER_VIEW,
    Block,
    context,
    divider,
    esc,
    fields,
    header,
    paragraphs,
    plain,
    section,
)
from bot.slack.hints import slack_hints
from core.formatting import hours, percent, plural
from core.render.text import STATUS_MARKS
from core.views.member import HomeView

HOME_CHECKIN_ACTION = "stride_home_checkin"
HOME_PLAN_ACTION = "stride_home_plan"


def _buttons() -> Block:
    return {
        "type": "actions",
        "block_id": "home_actions",
        "elements": [
            {
                "type": "button",
                "action_id": HOME_CHECKIN_ACTION,
                "text": plain("Log hours", 75),
                "style": "primary",
            },
            {"type": "button", "action_id": HOME_PLAN_ACTION, "text": plain("Edit my plan", 75)},
        ],
    }


def home_tab(view: HomeView) -> dict[str, Any]:
    """The ``home`` view to publish; at most 100 blocks, cut with a note if ever longer."""
    blocks = _problem(view.problem) if view.problem is not None else _overview(view)
    if len(blocks) > BLOCKS_PER_VIEW:
        blocks = [
            *blocks[: BLOCKS_PER_VIEW - 1],
            context("More in /stride progress and /stride budget show."),
        ]
    return {"type": "home", "blocks": blocks}


def _problem(problem: str) -> list[Block]:
    return [
        header("Stride"),
        *paragraphs(slack_hints(problem)),
        context("Type /stride help to see every command."),
    ]


def _overview(view: HomeView) -> list[Block]:
    blocks: list[Block] = [header("Your week"), _buttons()]
    if view.week is not None:
        blocks.append(context(esc(view.week.label) + f" · {plural(view.week.days_left, 'day')} left"))
        cells = [
            f"*{esc(t.track)}*\n{hours(t.hours)}" + (f" · {STATUS_MARKS[t.status]}" if t.status else "")
            for t in view.week.tracks
        ]
        blocks += fields(cells) if cells else paragraphs("No hours logged this week yet.")
        blocks.append(section(f"*Total this week:* {hours(view.week.total_hours)}"))
        if view.week.roadmap_total:
            done, total = view.week.roadmap_done or 0, view.week.roadmap_total
            blocks.append(context(f"Roadmap: {percent(done, total)} ({done}/{total})"))
    if view.budgets is not None:
        blocks += [divider(), header("Budgets")]
        lines = [
            f"• {b.track}: {hours(b.min_hours)}–{hours(b.max_hours)} per {b.period}"
            for b in view.budgets.budgets
        ] or [f"No budgets yet; plans use the cohort default of {hours(view.budgets.weekly_hours)}/week."]
        blocks += paragraphs("\n".join(lines))
    if view.streak is not None:
        best = f" (best: {plural(view.streak.best, 'week')})"
        streak = plural(view.streak.current, "week")
        blocks += [divider(), section(f"*Streak:* {streak} in a row{best}")]
    if view.plan is not None:
        blocks += [divider(), header("Plan")]
        status = "complete ✓" if view.plan.complete else "not complete yet"
        within = f"within {plural(view.plan.horizon_weeks, 'week')}"
        verdict = f"attainable {within} ✓" if view.plan.attainable else f"not attainable {within}"
        blocks.append(section(f"*Plan:* {status} · *{verdict}*"))
        if view.plan.missing:
            blocks += paragraphs("\n".join(f"• {item}" for item in view.plan.missing))
    return blocks
