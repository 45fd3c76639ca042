"""Issue 18's polish on Discord, through the real discord.py client against the fake Discord:
skills by their number (options and autocomplete), /help with grammar and examples, the
numbered re-assessment prompt, and one rounding rule for percentages."""

from __future__ import annotations

from datetime import date

import pytest

from bot.discord import help as discord_help
from bot.discord.client import StrideDiscord
from bot.discord.render import DiscordMessage, render
from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.levels import LEVEL_NAMES
from core.views.activity import ProgressView
from core.views.scheduled import ReassessmentView, ReassessSkillView
from tests.adapters.discord_support import App, message_text, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord


async def _assessments(app: App) -> int:
    member = await app.member(app.ada)
    async with app.stride.services.uow() as uow:
        return sum([len(await uow.skills.history(s.id)) for s in await uow.skills.for_member(member.id)])


async def _with_three_skills(app: App) -> None:
    """ada's skills as /skill list numbers them: 1 SQL (seeded; general, P1), 2 Teamwork
    (general, P2), 3 Statistics (specific)."""
    await seed_world(app)  # SQL, general, priority 1
    await app.ok(
        app.ada,
        ["skill", "add"],
        {"name": "Statistics", "kind": "specific", "priority": 2, "current": 0, "target": 2},
    )
    await app.ok(
        app.ada,
        ["skill", "add"],
        {"name": "Teamwork", "kind": "general", "priority": 2, "current": 1, "target": 3},
    )


async def test_a_skill_option_takes_the_number_from_skill_list(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await _with_three_skills(app)
        listed = await app.ok(app.ada, ["skill", "list"])
        assert "1. SQL" in listed.text
        assert "2. Teamwork" in listed.text
        assert "3. Statistics" in listed.text
        assessed = await app.ok(app.ada, ["skill", "assess"], {"name": "3", "level": 1})
        assert "Statistics" in assessed.text
        assert "Unaware → 1 Can implement with guidance" in assessed.text
        updated = await app.ok(app.ada, ["skill", "update"], {"name": "#2", "target": 4})
        assert "Updated Teamwork." in updated.text
        logged = await app.ok(app.ada, ["checkin"], {"hours": "1h", "track": "dsa", "skill": "1"})
        assert "toward SQL" in logged.text
        removed = await app.ok(app.ada, ["skill", "remove"], {"name": "2"})
        assert "Removed Teamwork" in removed.text


@pytest.mark.parametrize("number", ["0", "11", "-1", "99999999999999999999", "#0"])
async def test_a_skill_number_past_the_list_is_one_sentence_and_changes_nothing(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock, number: str
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await _with_three_skills(app)
        before = await _assessments(app)
        member = await app.member(app.ada)
        async with stride.services.uow() as uow:
            checkins_before = await uow.checkins.count(member.id)
        replies = [
            await app.fails(app.ada, ["skill", "assess"], {"name": number, "level": 2}),
            await app.fails(app.ada, ["skill", "update"], {"name": number, "target": 5}),
            await app.fails(app.ada, ["skill", "remove"], {"name": number}),
            await app.fails(app.ada, ["checkin"], {"hours": "1", "track": "dsa", "skill": number}),
        ]
        assert await _assessments(app) == before
        async with stride.services.uow() as uow:
            assert await uow.checkins.count(member.id) == checkins_before
            assert len(await uow.skills.for_member(member.id)) == 3
    for reply in replies:
        assert f"You have no skill {number[:11]}" in reply.text
        assert "/skill list numbers yours from 1 to 3" in reply.text
        assert reply.text.count(". ") == 0  # one sentence


async def _choices(app: App, path: list[str], options: dict[str, str], focused: str) -> list[tuple[str, str]]:
    handle = await app.fake.autocomplete(app.guild_id, app.ada, path, options, focused=focused)
    answer = await handle.response()
    assert answer["type"] == 8
    return [(choice["name"], choice["value"]) for choice in answer["data"]["choices"]]


async def test_autocomplete_numbers_the_skills_and_a_typed_number_comes_first(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await _with_three_skills(app)
        assert await _choices(app, ["skill", "assess"], {"name": ""}, "name") == [
            ("1. SQL", "SQL"),
            ("2. Teamwork", "Teamwork"),
            ("3. Statistics", "Statistics"),
        ]
        assert (await _choices(app, ["skill", "update"], {"name": "3"}, "name"))[0] == (
            "3. Statistics",
            "Statistics",
        )
        assert await _choices(app, ["checkin"], {"hours": "1", "track": "dsa", "skill": "#2"}, "skill") == [
            ("2. Teamwork", "Teamwork")
        ]
        assert await _choices(app, ["skill", "remove"], {"name": "99999999999999999999"}, "name") == []
        assert await _choices(app, ["skill", "remove"], {"name": "tist"}, "name") == [
            ("3. Statistics", "Statistics")
        ]


async def test_help_lists_getting_started_first_and_explains_one_command(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        everything = (await app.ok(app.ada, ["help"])).text
        one = (await app.ok(app.ada, ["help"], {"command": "skill assess"})).text
        unknown = await app.fails(app.ada, ["help"], {"command": "nosuchcommand"})
        misspelt = await app.fails(app.ada, ["help"], {"command": "/chekin"})
        hostile = await app.fails(app.ada, ["help"], {"command": "@everyone " + "x" * 3000})
    assert everything.index("Getting started") < everything.index("/cohort join name:NAME")
    assert everything.index("/cohort join") < everything.index("/plan set") < everything.index("/skill add")
    assert everything.index("/checkin") < everything.index("Plan and skills") < everything.index("/plan show")
    assert "/skill assess name:NAME level:0..5 [note:NOTE]" in one
    assert "/skill assess name:SQL level:3" in one
    assert "/skill assess name:3 level:4 note:finished the course" in one
    assert "There is no command /nosuchcommand; type /help to see them all." in unknown.text
    assert "perhaps you meant /checkin" in misspelt.text
    assert "There is no command /@\u200beveryone" in hostile.text  # never pings
    assert len(hostile.text) < 200


def test_every_discord_command_has_its_grammar_and_examples(stride: Stride) -> None:
    client = StrideDiscord(stride.services, guild_ready_timeout=0.05)
    for command in discord_help.commands_of(client.tree):
        usage = discord_help.usage(command)
        assert usage.startswith(f"/{command.qualified_name}")
        for parameter in command.parameters:
            assert f"{parameter.display_name}:" in usage  # the name Discord shows
        written = discord_help.examples(command)
        assert written, f"/{command.qualified_name} has no example on Discord"
        if command.parameters:
            assert len(written) == 2, f"/{command.qualified_name}: {written}"
        for example in written:
            assert example.startswith(f"/{command.qualified_name}")
            given = [word.split(":")[0] for word in example.split() if ":" in word]
            assert set(given) <= {p.display_name for p in command.parameters}, example


def test_the_reassessment_prompt_on_discord_is_numbered_and_says_how_to_answer() -> None:
    view = ReassessmentView(
        member="Ada",
        month="December 2026",
        skills=[
            ReassessSkillView(
                name=name,
                number=n,
                current=1,
                current_label=LEVEL_NAMES[1],
                target=3,
                target_label=LEVEL_NAMES[3],
            )
            for n, name in enumerate(["SQL", "Statistics"], 1)
        ],
    )
    [message] = render(view)
    embed = message.embeds[0]
    assert [field.name for field in embed.fields] == ["1. SQL", "2. Statistics"]
    assert "Answer with /skill assess N LEVEL (N from the list, LEVEL 0–5), like /skill assess 1 2." in str(
        embed.description
    )


def _text(message: DiscordMessage) -> str:
    return message_text({"content": message.content, "embeds": [e.to_dict() for e in message.embeds]})


def test_discord_shows_a_roadmap_percentage_by_the_one_rule() -> None:
    base = ProgressView(
        member="Ada",
        period="week",
        label="week 49",
        start=date(2026, 11, 30),
        end=date(2026, 12, 6),
        days_left=1,
        tracks=[],
        total_hours=0,
        streak=1,
        paused_until=None,
    )
    shown = [
        _text(render(base.model_copy(update={"roadmap_done": done, "roadmap_total": total}))[0])
        for done, total in ((1, 300), (7, 250), (199, 200), (200, 200))
    ]
    assert "Roadmap: <1% (1/300)" in shown[0]
    assert "Roadmap: 2% (7/250)" in shown[1]
    assert "Roadmap: 99% (199/200)" in shown[2]
    assert "Roadmap: 100% (200/200)" in shown[3]
    assert "1 day left" in shown[0]
    assert "streak: 1 week" in shown[0]
