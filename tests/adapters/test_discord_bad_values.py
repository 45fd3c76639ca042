"""Every mistake answered on Discord (issue 16.1): each string, integer and number option of
every command in the real tree gets malformed values through the fake gateway as real
INTERACTION_CREATEs (past what Discord's client would allow: forged choices, out-of-range
numbers, 5,000 characters, NUL bytes), and each answer is a success or one ephemeral "✗"
sentence, never the generic text, and nothing is logged as an ERROR.

The walk reads the commands from ``client.tree.walk_commands()``, so a command added later
whose parsing escapes ``respond`` fails here without anyone writing a case for it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any, cast

import discord
import pytest
from discord import app_commands

from bot.discord.client import StrideDiscord
from core.bootstrap import Stride
from core.clock import FixedClock
from core.errors import InvalidInput
from core.services import skills
from core.services.context import ServiceContext
from tests.adapters.discord_support import COHORT, App, Reply, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import JSON, User
from tests.adapters.test_discord_commands import CASES, Case
from tests.adapters.test_discord_commands import _options as resolved_options
from tests.adapters.test_discord_components import FIRST_OF_MONTH_10H_BERLIN
from tests.adapters.test_discord_components import _deliver as deliver_now

Option = discord.AppCommandOptionType
TEXTS = (
    "abc",
    "-1",
    "25h",
    "Mars/Olympus",
    "* * * * *",
    "x" * 5000,
    "@everyone <@&1> <!channel>",
    "nul\x00byte",
    "   ",
)
INTEGERS = (-1, 0, 10**12)
NUMBERS = (-1.0, 1e300)
GENERIC = ("That did not work", "Something went wrong", "Traceback")


def _tree() -> app_commands.CommandTree[Any]:
    return StrideDiscord(cast(ServiceContext, None)).tree


def _commands() -> list[app_commands.Command[Any, Any, Any]]:
    return [c for c in _tree().walk_commands() if isinstance(c, app_commands.Command)]


def _malformed(parameter: app_commands.Parameter) -> tuple[object, ...]:
    if parameter.type is Option.string:
        return TEXTS
    if parameter.type is Option.integer:
        return INTEGERS
    if parameter.type is Option.number:
        return NUMBERS
    return ()


def _baseline(name: str) -> Case:
    """The command's first end-to-end case (test_discord_commands): valid values for the
    options that are not under test, sent by the person that case names."""
    found = [case for case in CASES if case.name == name]
    assert found, f"/{name} has no case in test_discord_commands.CASES to start from"
    return found[0]


def _command(name: str) -> tuple[app_commands.Command[Any, Any, Any], Case]:
    """The tree's command called ``name`` and its first end-to-end case."""
    [found] = [c for c in _commands() if c.qualified_name == name]
    return found, _baseline(name)


def _problem(reply: Reply, public_ok: bool) -> str | None:
    """What is wrong with one answer to a malformed value, or None."""
    if reply.kind not in (4, 5, 7) or not reply.messages:
        return f"callback {reply.kind}, {len(reply.messages)} messages"
    if any(word in reply.text for word in GENERIC):
        return f"generic answer: {reply.text[:200]!r}"
    if not reply.ephemeral and (reply.failed or not public_ok):
        return f"not ephemeral: {reply.text[:200]!r}"
    if any(m["mention_everyone"] or m["mention_roles"] or m["mentions"] for m in reply.messages):
        return "it pinged"
    return None


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR]


def _user(app: App, who: str) -> User:
    return {"prof": app.prof, "ada": app.ada}.get(who) or app.fake.add_user(who)


async def _send(app: App, user: User, path: list[str], options: dict[str, Any]) -> Reply:
    """Sent as Discord's servers would pass it on, without its client's checks (a forged
    choice, a number past the range, text past the length). An error that reached the tree
    is left in the fake's trap (the fixture then fails the test) so the answer is read."""
    handle = await app.fake.slash(app.guild_id, user, path, options, validate=False)
    await app.fake.wait_for_request(f"POST /interactions/{handle.id}/*/callback")
    await app.settle()
    handle.errors.clear()
    return await app.collect(handle)


@pytest.fixture
async def app(fake_discord: FakeDiscord, stride: Stride, clock: FixedClock) -> AsyncIterator[App]:
    """The running bot with the seeded class: prof's cohort, and ada in it with her plan."""
    async with running_app(fake_discord, stride, clock) as running:
        await seed_world(running)
        yield running


def test_the_walk_reaches_the_commands_that_parse() -> None:
    names = {c.qualified_name for c in _commands() if any(_malformed(p) for p in c.parameters)}
    assert {"checkin", "cohort set", "cohort schedule", "goal add", "skill add", "budget set"} <= names


@pytest.mark.parametrize("command", [c.qualified_name for c in _commands()])
async def test_every_option_of_every_command_answers_a_malformed_value_with_a_sentence(
    app: App, caplog: pytest.LogCaptureFixture, command: str
) -> None:
    found, base = _command(command)
    problems: list[str] = []
    user = _user(app, base.who)
    for who, path, options in base.before:
        await app.ok(_user(app, who), path, resolved_options(app, options))
    for parameter in found.parameters:
        for value in _malformed(parameter):
            options = {**resolved_options(app, base.options), parameter.display_name: value}
            reply = await _send(app, user, base.path, options)
            problem = _problem(reply, base.public)
            if problem or _errors(caplog):
                problems.append(f"{parameter.display_name}={str(value)[:30]!r}: {problem} {_errors(caplog)}")
            caplog.clear()
    assert problems == [], f"/{command}:\n" + "\n".join(problems)


SENTENCES = [
    ("ada", ["checkin"], {"hours": "25h", "track": "dsa"}, ["at most 24 hours", "25h"]),
    ("ada", ["checkin"], {"hours": "-1", "track": "dsa"}, ["more than 0", "-1"]),
    ("ada", ["checkin"], {"hours": "abc", "track": "dsa"}, ["abc", "is not an amount of time"]),
    ("prof", ["cohort", "set"], {"step_hours": "5,15,abc"}, ["5,15,abc", "plain numbers"]),
    ("prof", ["cohort", "set"], {"timezone": "Mars/Olympus"}, ["Mars/Olympus", "time zone"]),
    ("prof", ["cohort", "schedule"], {"kind": "digest", "cron": "* * * * *"}, ["more than once an hour"]),
    ("ada", ["goal", "add"], {"horizon": "someday", "text": "Lead"}, ["someday"]),
    ("ada", ["plan", "set"], {"slot": "C"}, ["'C' is not a plan"]),
    ("ada", ["leaderboard"], {"week": "2026-W99"}, ["'2026-W99' is not a week", "week=last"]),
    ("ada", ["leaderboard"], {"week": "next"}, ["'next' is not a week"]),
    ("ada", ["leaderboard"], {"week": "2999-W01"}, ["Week 2999-W01 has not begun yet"]),
    ("ada", ["leaderboard"], {"week": "1999-W01"}, ["Week 1999-W01 is before the cohort began"]),
    ("ada", ["leaderboard"], {"metric": "streak", "week": "last"}, ["takes no week="]),
    ("ada", ["leaderboard"], {"period": "term", "week": "last"}, ["does not go with term"]),
    ("prof", ["digest"], {"week": "2026-W99"}, ["'2026-W99' is not a week"]),
    ("prof", ["digest"], {"week": "next"}, ["'next' is not a week"]),
    ("prof", ["digest"], {"week": "1999-W01"}, ["before the cohort began"]),
    ("prof", ["digest"], {"week": "x" * 5000}, ["is not a week"]),
    (
        "ada",
        ["budget", "set"],
        {"track": "dsa", "hours": "5-7", "skill": "Cooking"},
        ["no skill called 'Cooking'", "skill=none"],
    ),
    ("ada", ["budget", "set"], {"track": "dsa", "hours": "5-7", "skill": "  "}, ["Name the skill"]),
    ("ada", ["budget", "set"], {"track": "dsa", "hours": "0", "skill": "none"}, ["more than 0"]),
    (
        "ada",
        ["skill", "add"],
        {"name": "Go", "kind": "odd", "priority": 1, "current": 1, "target": 2},
        ["odd"],
    ),
]


@pytest.mark.parametrize(("who", "path", "options", "says"), SENTENCES, ids=[str(s[2]) for s in SENTENCES])
async def test_the_values_of_the_issue_get_their_own_sentence(
    app: App, caplog: pytest.LogCaptureFixture, who: str, path: list[str], options: JSON, says: list[str]
) -> None:
    reply = await _send(app, _user(app, who), path, options)
    assert reply.failed
    assert reply.ephemeral
    assert reply.kind == 4
    for words in says:
        assert words in reply.text, reply.text
    assert not any(word in reply.text for word in GENERIC)
    assert _errors(caplog) == []


def _instructor_only() -> list[app_commands.Command[Any, Any, Any]]:
    """Commands the tree itself marks as the instructors' (their description says so)."""
    return [c for c in _commands() if c.description.startswith("Instructors:")]


def test_the_instructor_commands_are_found() -> None:
    names = {c.qualified_name for c in _instructor_only()}
    assert names == {
        "cohort set",
        "cohort schedule",
        "cohort instructor add",
        "cohort instructor remove",
        "cohort reflection",
        "digest",
        "export",
        "session plan",
        "session unplan",
        "reflections",
        "reply",
    }


@pytest.mark.parametrize("command", [c.qualified_name for c in _instructor_only()])
async def test_a_student_giving_bad_values_to_an_instructor_command_learns_they_cannot_run_it(
    app: App, caplog: pytest.LogCaptureFixture, command: str
) -> None:
    found, base = _command(command)
    tries: list[JSON] = [{}] + [
        {parameter.display_name: value}
        for parameter in found.parameters
        for value in _malformed(parameter)[:6]
    ]
    start = resolved_options(app, base.options)
    replies = [await _send(app, app.ada, base.path, {**start, **bad}) for bad in tries]
    for bad, reply in zip(tries, replies, strict=True):
        assert reply.failed, (bad, reply.text)
        assert reply.ephemeral, bad
        assert f"Only an instructor of {COHORT}" in reply.text, (bad, reply.text)
    assert _errors(caplog) == []


async def test_a_domain_error_the_tree_receives_is_still_its_sentence(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    """The safety net: a handler raising a StrideError outside respond() (here one added to
    the real tree for the test) gets its sentence, ephemeral, and no ERROR is logged."""

    async def careless(interaction: discord.Interaction) -> None:
        raise InvalidInput("Write the week like 2026-W48.")

    async with running_app(fake_discord, stride, clock) as app:
        app.client.tree.add_command(app_commands.Command(name="careless", description="x", callback=careless))
        await app.client.tree.sync()
        reply = await _send(app, app.ada, ["careless"], {})
    fake_discord.errors.take()  # the trap saw the CommandInvokeError the tree got
    assert reply.failed
    assert reply.ephemeral
    assert reply.text == "✗ Write the week like 2026-W48."
    assert _errors(caplog) == []


async def test_a_forged_level_on_the_reassessment_select_gets_a_sentence(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    """A select's value is parsed inside respond() too: one Discord never offered (not a
    level, past 5, or none at all) is answered, and the skill keeps its level."""
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)  # ada has SQL at level 1
        clock.set(FIRST_OF_MONTH_10H_BERLIN)
        assert await deliver_now(app) == 1
        [dm] = [m for m in fake_discord.dm_messages(app.ada) if m.get("components")]
        [select] = [c for row in dm["components"] for c in row["components"]]
        replies = []
        for values in (["abc"], ["9"], ["-1"], []):
            chosen = await fake_discord.click(select["custom_id"], message=dm, user=app.ada, values=values)
            replies.append(await app.collect(chosen))
        [sql] = (await skills.list_skills(stride.services, app.actor(app.ada), None)).skills
    for reply in replies:
        assert reply.failed, reply.text
        assert reply.ephemeral
        assert "level" in reply.text
        assert not any(word in reply.text for word in GENERIC)
    assert sql.current == 1
    assert _errors(caplog) == []
