"""/budget, /checkin, /checkins (the ledger), /progress, /streak and /goal.

Discord lets a command have options or subcommands, not both, so ``/checkin`` keeps its
options (hours, track…) and the text grammar's ``/checkin list|undo|remove|edit`` are the
subcommands of ``/checkins``."""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands

from bot.discord.commands.choices import skill_names, tracks
from bot.discord.respond import respond
from core.commands import is_bare_number, parse_hour_range, parse_hours
from core.domain.counts import count_spec, is_count_phrase, looks_numeric, refuse_hours_every
from core.domain.model import Actor
from core.errors import InvalidInput
from core.services import budgets, charts, checkins, counts, goals, ledger, progress
from core.services.context import ServiceContext
from core.views.base import View

budget = app_commands.Group(name="budget", description="Your weekly or monthly hour budgets", guild_only=True)
goal = app_commands.Group(name="goal", description="Your long-term goals (private)", guild_only=True)
ledger_group = app_commands.Group(
    name="checkins", description="Your check-ins: list, undo, remove or edit them", guild_only=True
)
NUMBER = app_commands.Range[int, 1, ledger.MAX_NUMBER]

MONTH_HOURS = 744
GoalNumber = app_commands.Range[int, 1, 10_000]


@budget.command(
    name="set", description="Hours you plan on a track, like dsa 5-7 per week; or 1 book every 3 months."
)
@app_commands.describe(
    hours="Like 5-7, 5, or 2.5-4; or a count like 1 book every 3 months",
    skill="The skill these hours count toward; none unlinks it",
    unit="Count this instead of hours: book, paper, problem…",
    every="A count budget's block: every N weeks or months (per)",
)
@app_commands.autocomplete(track=tracks, skill=skill_names)
async def budget_set(
    interaction: discord.Interaction,
    track: str,
    hours: str,
    per: Literal["week", "month"] | None = None,
    skill: str | None = None,
    unit: str | None = None,
    every: int | None = None,
) -> None:
    async def call(ctx: ServiceContext, who: Actor) -> View:
        words = hours.split()
        if unit is not None or every is not None or is_count_phrase(words):
            if skill is not None:
                raise InvalidInput("skill links hours to a skill; a count budget has no hours to link.")
            spec = count_spec(words, unit, per, None if every is None else str(every))
            return await budgets.set_count_budget(ctx, who, None, track, spec)
        if "every" in (w.lower() for w in words):
            raise refuse_hours_every()
        period = per or "week"
        low, high = parse_hour_range(hours, 168 if period == "week" else MONTH_HOURS)
        return await budgets.set_budget(ctx, who, None, track, low, high, period, skill)

    await respond(interaction, call)


@budget.command(name="remove", description="Drop a budget (its check-ins stay).")
@app_commands.autocomplete(track=tracks)
async def budget_remove(interaction: discord.Interaction, track: str) -> None:
    await respond(interaction, lambda ctx, who: budgets.remove_budget(ctx, who, None, track))


@budget.command(name="show", description="Your budgets and the weekly hours they add up to.")
async def budget_show(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: budgets.show_budgets(ctx, who, None))


@app_commands.command(
    name="checkin", description="Log study hours, like 1h30m on dsa; or a count, like 1 book."
)
@app_commands.describe(
    hours="2, 2.5, 2h, 90m, 1h30m or 1:30; on a count budget 1 book or 1",
    date="yesterday or YYYY-MM-DD (up to 7 days back)",
)
@app_commands.autocomplete(track=tracks, skill=skill_names)
@app_commands.guild_only()
async def checkin(
    interaction: discord.Interaction,
    hours: str,
    track: str,
    note: str | None = None,
    date: str | None = None,
    skill: str | None = None,
) -> None:
    key = f"discord:{interaction.id}"

    async def call(ctx: ServiceContext, who: Actor) -> View:
        words = hours.split()
        if words and looks_numeric(hours) and skill is None:
            tally = await counts.check_in_count(
                ctx, who, None, words[0], [*words[1:], track], note=note, when=date, idempotency_key=key
            )
            if tally is not None:
                return tally
        return await checkins.check_in(
            ctx,
            who,
            None,
            minutes=parse_hours(hours),
            track=track,
            note=note,
            when=date,
            skill=skill,
            idempotency_key=key,
            unitless=is_bare_number(hours),
        )

    await respond(interaction, call)


@ledger_group.command(name="list", description="Your check-ins this week or month, numbered newest first.")
async def checkins_list(interaction: discord.Interaction, period: Literal["week", "month"] = "week") -> None:
    await respond(
        interaction, lambda ctx, who: ledger.list_checkins(ctx, who, None, ledger.parse_window(period))
    )


@ledger_group.command(name="undo", description="Take back the check-in you logged last.")
async def checkins_undo(interaction: discord.Interaction) -> None:
    key = f"discord:{interaction.id}"
    await respond(interaction, lambda ctx, who: ledger.undo(ctx, who, None, idempotency_key=key))


@ledger_group.command(name="remove", description="Remove check-in number N of /checkins list.")
async def checkins_remove(interaction: discord.Interaction, number: NUMBER) -> None:
    key = f"discord:{interaction.id}"
    await respond(interaction, lambda ctx, who: ledger.remove(ctx, who, None, number, idempotency_key=key))


@ledger_group.command(name="edit", description="Correct check-in number N of /checkins list.")
@app_commands.describe(
    hours="2, 2.5, 2h, 90m, 1h30m or 1:30", date="yesterday or YYYY-MM-DD (up to 7 days back)"
)
@app_commands.autocomplete(track=tracks)
async def checkins_edit(
    interaction: discord.Interaction,
    number: NUMBER,
    hours: str | None = None,
    date: str | None = None,
    track: str | None = None,
) -> None:
    async def call(ctx: ServiceContext, who: Actor) -> View:
        minutes = None if hours is None else parse_hours(hours)
        key = f"discord:{interaction.id}"
        return await ledger.edit(
            ctx, who, None, number, minutes=minutes, when=date, track=track, idempotency_key=key
        )

    await respond(interaction, call)


@app_commands.command(name="progress", description="Hours this week or month against each budget.")
@app_commands.describe(chart="A picture of your last 12 weeks against your budget band instead")
@app_commands.guild_only()
async def show_progress(
    interaction: discord.Interaction, period: Literal["week", "month"] = "week", chart: bool = False
) -> None:
    if chart:
        await respond(interaction, lambda ctx, who: charts.progress_chart(ctx, who, None))
        return
    parse = progress.parse_progress_period
    await respond(interaction, lambda ctx, who: progress.progress(ctx, who, None, parse(period)))


@app_commands.command(name="streak", description="Weeks in a row you met every budget.")
@app_commands.guild_only()
async def show_streak(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: progress.streak(ctx, who, None))


@goal.command(name="add", description="A long-term goal.")
async def goal_add(
    interaction: discord.Interaction, horizon: Literal["short", "medium", "long"], text: str
) -> None:
    await respond(
        interaction, lambda ctx, who: goals.add_goal(ctx, who, None, goals.parse_horizon(horizon), text)
    )


@goal.command(name="list", description="Your goals, numbered.")
async def goal_list(interaction: discord.Interaction) -> None:
    await respond(interaction, lambda ctx, who: goals.list_goals(ctx, who, None))


@goal.command(name="remove", description="Remove goal number N from /goal list.")
async def goal_remove(interaction: discord.Interaction, number: GoalNumber) -> None:
    await respond(interaction, lambda ctx, who: goals.remove_goal(ctx, who, None, number))


@goal.command(name="done", description="Mark goal N achieved (it stays in /goal list).")
async def goal_done(interaction: discord.Interaction, number: GoalNumber) -> None:
    await respond(interaction, lambda ctx, who: goals.mark_goal(ctx, who, None, number, True))


@goal.command(name="undo", description="Take back /goal done N: goal N is open again.")
async def goal_undo(interaction: discord.Interaction, number: GoalNumber) -> None:
    await respond(interaction, lambda ctx, who: goals.mark_goal(ctx, who, None, number, False))


def register(tree: app_commands.CommandTree[discord.Client]) -> None:
    commands: tuple[app_commands.Group | app_commands.Command[Any, Any, Any], ...] = (
        budget,
        goal,
        checkin,
        ledger_group,
        show_progress,
        show_streak,
    )
    for command in commands:
        tree.add_command(command)
