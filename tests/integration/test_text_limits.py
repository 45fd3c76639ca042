"""Every text a user can send is bounded once, in the domain, to what every backend stores.

Each ``String(N)`` column of the schema is either fed here through the services with the
longest value the domain accepts (emoji and CJK, since PostgreSQL counts characters) and
read back unchanged, plus one value over the limit that is refused with one sentence or,
for text Stride derives, cut; or it is listed as holding no user text, with the reason. A
new ``String`` column in neither list fails ``test_every_string_column_is_bounded_or_exempt``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import String, select

from core.bootstrap import Stride
from core.db.tables import metadata
from core.domain import limits
from core.domain.counts import parse_count_budget
from core.domain.levels import SkillKind
from core.domain.model import Actor
from core.errors import InvalidInput
from core.services import cohorts, group_sessions, plans, roadmaps, skills
from core.services.budgets import set_budget, set_count_budget
from core.services.checkins import check_in
from core.services.counts import log_tally
from core.services.me import set_timezone

PROF = Actor("console", "local", "prof", "Prof")
ADA = Actor("console", "local", "ada", "Ada")
EXEMPT = {
    "cohorts.platform": "the adapter's own name",
    "cohorts.workspace_id": "a platform id",
    "members.user_id": "a platform id",
    "members.role": "an enum",
    "members.dm_channel_id": "a platform id",
    "plans.slot": "an enum",
    "skills.kind": "an enum",
    "assessments.source": "an enum",
    "budgets.period": "an enum",
    "checkins.iso_week": "a computed week key",
    "checkins.idempotency_key": "a platform interaction id",
    "week_totals.iso_week": "a computed week key",
    "goals.horizon": "an enum",
    "goals.visibility": "an enum",
    "notifications.kind": "an enum",
    "notifications.audience": "an enum",
    "notifications.recipient_key": "computed from ids",
    "notifications.channel_id": "copied from cohorts.channel_id",
    "notifications.period_key": "a computed period key",
    "notifications.status": "an enum",
    "notifications.lease_owner": "the deliverer's id, set by the operator",
    "notifications.last_error": "Stride's own words, cut to limits.ERROR_TEXT by the outbox",
    "schedule_cursors.kind": "an enum",
    "roadmap_suggestions.kind": "an enum",
    "checkin_corrections.action": "an enum",
    "dashboard_links.token_hash": "a SHA-256 hex digest",
    "dashboard_links.platform": "the adapter's own name",
    "dashboard_links.workspace_id": "a platform id",
    "dashboard_links.user_id": "a platform id",
    "dashboard_sessions.token_hash": "a SHA-256 hex digest",
    "dashboard_sessions.platform": "the adapter's own name",
    "dashboard_sessions.workspace_id": "a platform id",
    "dashboard_sessions.user_id": "a platform id",
    "checkin_corrections.corrected_by": "a platform user id",
    "checkin_corrections.idempotency_key": "a platform interaction id",
    "count_budgets.period": "an enum",
    "tallies.idempotency_key": "a platform interaction id",
    "checkins.source": "an enum",
    "study_sessions.kind": "an enum",
    "study_sessions.status": "an enum",
    "study_sessions.track": "a track already bounded by the budget it names",
    "study_sessions.channel_id": "a platform id",
    "group_sessions.start_time": "a computed HH:MM",
    "group_sessions.channel_id": "a platform id",
    "group_sessions.created_by": "a platform user id",
    "members.reminder_time": "a computed HH:MM",
    "members.quiet_hours": "a computed HH:MM-HH:MM or off",
    "reflections.iso_week": "a computed ISO week key",
    "reflections.blocker_status": "an enum",
    "reflections.idempotency_key": "a platform interaction id",
}


def longest(limit: int, alphabet: str = "名🚀é") -> str:
    """``limit`` characters, several of them multi-byte."""
    return (alphabet * limit)[:limit]


async def stored(stride: Stride, column: str) -> list[Any]:
    table_name, column_name = column.split(".")
    table = metadata.tables[table_name]
    async with stride.engine.connect() as connection:
        return list((await connection.execute(select(table.c[column_name]))).scalars())


async def joined(stride: Stride, name: str = "Fall") -> None:
    await cohorts.create_cohort(stride.services, PROF, name, "UTC")
    await cohorts.join_cohort(stride.services, ADA, name)


# Each feeder stores the longest accepted value, returns it, and checks the longer one.
Feeder = Callable[[Stride], Awaitable[str]]


async def _cohort_name(stride: Stride) -> str:
    value = longest(limits.COHORT_NAME, "名é")
    with pytest.raises(InvalidInput, match=r"^A cohort name is 1 to 60 [^\n]*\.$"):
        await cohorts.create_cohort(stride.services, PROF, value + "x", "UTC")
    await joined(stride, value)
    return value


async def _cohort_name_key(stride: Stride) -> str:
    return (await _cohort_name(stride)).casefold()


async def _timezone(stride: Stride) -> str:
    await joined(stride)
    with pytest.raises(InvalidInput, match=r"^[^\n]*\.$"):
        await set_timezone(stride.services, ADA, "Fall", "A" * (limits.TIMEZONE + 1))
    value = "America/Argentina/ComodRivadavia"  # the longest zone name there is
    await set_timezone(stride.services, ADA, "Fall", value)
    await cohorts.create_cohort(stride.services, PROF, "Spring", value)
    return value


async def _channel(stride: Stride) -> str:
    value = longest(limits.CHANNEL, "名é")
    with pytest.raises(InvalidInput, match=r"^A channel is [^\n]*\.$"):
        await cohorts.create_cohort(stride.services, PROF, "Fall", "UTC", value + "x")
    await cohorts.create_cohort(stride.services, PROF, "Fall", "UTC", value)
    return value


async def _display_name(stride: Stride) -> str:
    await cohorts.create_cohort(stride.services, PROF, "Fall", "UTC")
    value = longest(limits.DISPLAY_NAME)
    await cohorts.join_cohort(stride.services, Actor("console", "local", "ada", value), "Fall")
    # A platform's name is not typed to Stride: a longer one is cut, not refused.
    await cohorts.join_cohort(stride.services, Actor("console", "local", "bo", value + "🚀🚀"), "Fall")
    return value


async def _group_session_title(stride: Stride) -> str:
    await joined(stride)
    value = longest(limits.GROUP_SESSION_TITLE)
    with pytest.raises(InvalidInput, match=r"^The title is 81 characters long; keep it to 80 or fewer\.$"):
        await group_sessions.plan_session(
            stride.services,
            PROF,
            "Fall",
            title=value + "x",
            day="tue",
            start="19:00",
            length="90m",
            room=None,
        )
    await group_sessions.plan_session(
        stride.services, PROF, "Fall", title=value, day="tue", start="19:00", length="90m", room=None
    )
    return value


def _plan_field(field: str) -> Feeder:
    async def feed(stride: Stride) -> str:
        await joined(stride)
        value = longest(limits.PLAN_FIELD)
        other = "industry" if field == "position" else "position"
        with pytest.raises(InvalidInput, match=rf"^The {field} is [^\n]*\.$"):
            await plans.set_plan(
                stride.services, ADA, "Fall", "A", **{field: value + "x", other: "x"}, rationale=None
            )
        await plans.set_plan(stride.services, ADA, "Fall", "A", **{field: value, other: "x"}, rationale=None)
        return value

    return feed


async def _skill_name(stride: Stride) -> str:
    await joined(stride)
    value = longest(limits.SKILL_NAME)
    add = {"kind": SkillKind.GENERAL, "priority": 1, "current": 0, "target": 3}
    with pytest.raises(InvalidInput, match=r"^The skill name is [^\n]*\.$"):
        await skills.add_skill(stride.services, ADA, "Fall", name=value + "x", **add)  # type: ignore[arg-type]
    await skills.add_skill(stride.services, ADA, "Fall", name=value, **add)  # type: ignore[arg-type]
    return value


async def _skill_name_key(stride: Stride) -> str:
    return (await _skill_name(stride)).casefold()


async def _track(stride: Stride) -> str:
    await joined(stride)
    value = "t" * limits.TRACK  # a track is ASCII by rule
    with pytest.raises(InvalidInput, match=r"^A track must be 1–32 [^\n]*\.$"):
        await set_budget(stride.services, ADA, "Fall", value + "x", 60, 120, "week")
    await set_budget(stride.services, ADA, "Fall", value, 60, 120, "week")
    await check_in(stride.services, ADA, "Fall", minutes=30, track=value)
    return value


async def _count_track(stride: Stride) -> str:
    await joined(stride)
    value = "t" * limits.TRACK
    spec = parse_count_budget("1 book every 3 months")
    with pytest.raises(InvalidInput, match=r"^A track must be 1–32 [^\n]*\.$"):
        await set_count_budget(stride.services, ADA, "Fall", value + "x", spec)
    await set_count_budget(stride.services, ADA, "Fall", value, spec)
    await log_tally(stride.services, ADA, "Fall", value, 1)
    return value


async def _count_unit(stride: Stride) -> str:
    await joined(stride)
    value = "u" * limits.COUNT_UNIT  # a unit is plain letters by rule
    with pytest.raises(InvalidInput, match=r"^A unit is one word of 1–24 [^\n]*\.$"):
        parse_count_budget(f"1 {value}u every 3 months")
    await set_count_budget(stride.services, ADA, "Fall", "reading", parse_count_budget(f"1 {value}"))
    return value


def _roadmap(markdown: str, filename: str = "plan.md") -> Feeder:
    async def feed(stride: Stride) -> str:
        await joined(stride)
        await roadmaps.import_roadmap(stride.services, ADA, "Fall", filename, markdown.encode(), None)
        return ""

    return feed


TITLE = longest(limits.ROADMAP_TITLE)
SECTION_PARTS = [longest(100, "節🚀"), longest(100, "é名"), longest(100, "🚀")]
SECTION = limits.cut(" › ".join(SECTION_PARTS), limits.ROADMAP_SECTION)
ROADMAP = (
    f"# {TITLE}🚀🚀\n## {TITLE}\n- [ ] a\n## Two\n"
    + "".join(f"{'#' * (3 + i)} {part}\n" for i, part in enumerate(SECTION_PARTS))
    + "- [ ] b 5-7 hours per week on dsa\n"
)
FEEDERS: dict[str, tuple[Feeder, str | None]] = {
    "cohorts.name": (_cohort_name, None),
    "cohorts.name_key": (_cohort_name_key, None),
    "cohorts.timezone": (_timezone, None),
    "cohorts.channel_id": (_channel, None),
    "members.display_name": (_display_name, None),
    "members.timezone": (_timezone, None),
    "plans.position": (_plan_field("position"), None),
    "plans.industry": (_plan_field("industry"), None),
    "skills.name": (_skill_name, None),
    "skills.name_key": (_skill_name_key, None),
    "budgets.track": (_track, None),
    "checkins.track": (_track, None),
    "week_totals.track": (_track, None),
    "count_budgets.track": (_count_track, None),
    "count_budgets.unit": (_count_unit, None),
    "tallies.track": (_count_track, None),
    "group_sessions.title": (_group_session_title, None),
    # Derived text: the expected stored value is given, longer input is cut to it.
    "roadmaps.title": (_roadmap(ROADMAP), TITLE),
    "roadmaps.source_name": (
        _roadmap(ROADMAP, longest(200) + ".md"),
        longest(limits.ROADMAP_TITLE - 1) + "…",
    ),
    "roadmap_phases.title": (_roadmap(ROADMAP), TITLE),
    "roadmap_items.section": (_roadmap(ROADMAP), SECTION),
    "roadmap_suggestions.text": (_roadmap(ROADMAP), "dsa: 5–7 h per week"),
}


def _string_columns() -> list[str]:
    return [
        f"{table.name}.{column.name}"
        for table in metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String) and column.type.length is not None
    ]


def test_every_string_column_is_bounded_or_exempt() -> None:
    unaccounted = [name for name in _string_columns() if name not in FEEDERS and name not in EXEMPT]
    assert not unaccounted, f"bound these in core.domain.limits and feed them here: {unaccounted}"


@pytest.mark.parametrize("column", sorted(FEEDERS))
async def test_the_longest_accepted_text_is_stored_whole_on_every_backend(
    stride: Stride, column: str
) -> None:
    feeder, expected = FEEDERS[column]
    value = await feeder(stride)
    expected = value if expected is None else expected
    table_name, column_name = column.split(".")
    length = metadata.tables[table_name].c[column_name].type.length  # type: ignore[attr-defined]
    assert len(expected) <= length
    found = await stored(stride, column)
    assert expected in found
    assert all(len(text) <= length for text in found if text is not None)
