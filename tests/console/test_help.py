"""/help lists every command, /help COMMAND explains one, and a bare group lists its subcommands."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.commands import parse_args, tokenise
from core.textcommands import COMMANDS, CommandSpec, find_command
from core.textcommands.examples import EXAMPLES, FIRST_GROUP, GETTING_STARTED
from core.views.member import HelpView
from tests.conftest import Console


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> str:
    """Help never reads the database, so these tests skip the PostgreSQL variant."""
    target = tmp_path / "stride.db"
    shutil.copyfile(sqlite_template, target)
    return f"sqlite+aiosqlite:///{target}"


# Groups such as /plan and /skill; /me is left out because /me alone is a command too.
GROUPS = sorted(
    {spec.path[0] for spec in COMMANDS if len(spec.path) > 1}
    - {spec.path[0] for spec in COMMANDS if len(spec.path) == 1}
)


async def help_view(console: Console, line: str) -> HelpView:
    reply = await console.say(line)
    assert reply.ok, reply.error
    assert isinstance(reply.view, HelpView)
    return reply.view


async def test_help_lists_every_registered_command(console: Console) -> None:
    view = await help_view(console, "/help")
    assert sorted(entry.usage for entry in view.entries) == sorted(spec.usage for spec in COMMANDS)
    text = await console.ok("/help")
    for spec in COMMANDS:
        assert spec.usage in text, f"/help does not show {spec.name}"
        assert spec.summary in text
    headings = [line for line in text.splitlines() if line.endswith(":") and not line.startswith(" ")]
    assert len(text.splitlines()) == len(COMMANDS) + 2 * len(headings) - 1  # a blank line between groups


async def test_help_lists_the_getting_started_commands_first(console: Console) -> None:
    view = await help_view(console, "/help")
    first = view.entries[: len(GETTING_STARTED)]
    assert next(e.usage.split()[:2] for e in first) == ["/cohort", "join"]
    assert [e.usage for e in first] == [
        next(spec.usage for spec in COMMANDS if " ".join(spec.path) == name) for name in GETTING_STARTED
    ]
    assert {e.group for e in first} == {FIRST_GROUP}
    text = await console.ok("/help")
    assert text.splitlines()[:3] == [
        "Getting started:",
        next(line for line in text.splitlines() if line.startswith("  /cohort join")),
        next(line for line in text.splitlines() if line.startswith("  /plan set")),
    ]
    groups = [e.group for e in view.entries]
    assert all(groups.index(g) == i or groups[i - 1] == g for i, g in enumerate(groups)), (
        "groups are contiguous"
    )
    assert "Plan and skills:" in text
    assert "Hours and progress:" in text
    assert "You:" in text


async def test_help_works_before_joining_a_cohort(console: Console) -> None:
    assert "/cohort join NAME" in await console.ok("@newcomer /help")


@pytest.mark.parametrize("spec", COMMANDS, ids=[spec.name for spec in COMMANDS])
async def test_help_for_one_command_shows_its_usage(console: Console, spec: CommandSpec) -> None:
    view = await help_view(console, f"/help {' '.join(spec.path)}")
    assert spec.usage in [entry.usage for entry in view.entries]
    assert spec.usage in await console.ok(f"/help {spec.name}")  # a leading slash is fine too


async def test_help_skill_add_shows_its_usage_and_two_examples(console: Console) -> None:
    text = await console.ok("/help skill add")
    assert text.splitlines() == [
        '/skill add "NAME" general|specific priority=1..3 current=0..5 target=0..5 [ease=1..3] [notes="…"]'
        "  Add one of your ten skills.",
        '  Example: /skill add "SQL" specific priority=1 current=1 target=3 ease=easy',
        '  Example: /skill add "Public speaking" general priority=3 current=2 target=3 notes="meetups"',
    ]


async def test_help_skill_assess_says_a_number_works(console: Console) -> None:
    text = await console.ok("/help skill assess")
    assert text.splitlines()[0].startswith('/skill assess "NAME"|N LEVEL [note="…"]')
    assert '  Example: /skill assess 3 4 note="finished the course"' in text.splitlines()


async def test_help_cohort_set_shows_its_keys(console: Console) -> None:
    text = await console.ok("/help cohort set")
    assert text.startswith("Keys: timezone=Area/City")
    assert "/cohort set KEY=VALUE…" in text
    assert "  Example: /cohort set horizon=40 default_hours=8" in text


@pytest.mark.parametrize("spec", COMMANDS, ids=[spec.name for spec in COMMANDS])
def test_every_command_has_its_grammar_and_two_examples_that_parse_as_it(spec: CommandSpec) -> None:
    name = " ".join(spec.path)
    assert spec.usage.startswith(spec.name), spec.usage
    examples = EXAMPLES.get(name)
    assert examples is not None, f"add two examples of /{name} to core/textcommands/examples.py"
    assert len(examples) == 2
    assert examples[0] != examples[1]
    for example in examples:
        tokens = tokenise(example)
        tokens[0] = tokens[0].lstrip("/")
        found, used = find_command(tokens)
        assert found is spec, f"{example!r} is not read as {spec.name}"
        parse_args(tokens[used:]).reject_unknown_options(spec.options | {"cohort"}, spec.name)


def test_the_examples_table_names_no_command_that_does_not_exist() -> None:
    assert set(EXAMPLES) == {" ".join(spec.path) for spec in COMMANDS}
    assert set(GETTING_STARTED) <= set(EXAMPLES)


@pytest.mark.parametrize("spec", COMMANDS, ids=[spec.name for spec in COMMANDS])
async def test_help_for_each_command_shows_its_two_examples(console: Console, spec: CommandSpec) -> None:
    view = await help_view(console, f"/help {' '.join(spec.path)}")
    assert view.entries[0].usage == spec.usage
    assert view.entries[0].examples == list(EXAMPLES[" ".join(spec.path)])


async def test_help_for_a_group_lists_its_subcommands(console: Console) -> None:
    view = await help_view(console, "/help skill")
    assert [entry.usage for entry in view.entries] == [s.usage for s in COMMANDS if s.path[0] == "skill"]


@pytest.mark.parametrize("group", GROUPS)
async def test_a_group_alone_lists_its_subcommands(console: Console, group: str) -> None:
    subcommands = [spec for spec in COMMANDS if spec.path[0] == group]
    view = await help_view(console, f"/{group}")
    assert view.detail == f"/{group} needs a subcommand:"
    assert [entry.usage for entry in view.entries] == [spec.usage for spec in subcommands]


async def test_plan_alone_lists_the_plan_subcommands(console: Console) -> None:
    text = await console.ok("/plan")
    assert text.splitlines()[0] == "/plan needs a subcommand:"
    for usage in ('/plan set A|B position="…" industry="…" [rationale="…"]', "/plan show", "/plan check"):
        assert usage in text
    assert "/skill" not in text


async def test_help_for_an_unknown_command_says_so(console: Console) -> None:
    assert (
        await console.fails("/help frobnicate")
        == "There is no command /frobnicate; type /help to see them all."
    )


@pytest.mark.parametrize(
    ("line", "guess"),
    [
        ("/help nosuchcommand", None),
        ("/help chekin", "/checkin"),
        ("/help skill asess", "/skill assess"),
        ("/help progres", "/progress"),
        ("/help roadmap dne", "/roadmap done"),
    ],
)
async def test_help_for_a_misspelt_command_suggests_the_closest(
    console: Console, line: str, guess: str | None
) -> None:
    error = await console.fails(line)
    assert error.startswith("There is no command /")
    assert error.endswith("/help to see them all.")
    if guess:
        assert f"perhaps you meant {guess}, or type /help" in error
    else:
        assert "perhaps" not in error


async def test_help_with_hostile_input_answers_in_one_sentence(console: Console) -> None:
    error = await console.fails("/help " + "x" * 10_000)
    assert len(error) < 200
    assert error.count(".") == 1
    error = await console.fails("/help <@&123> @everyone")
    assert error.startswith("There is no command /<@&123> @everyone")
