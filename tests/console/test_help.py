"""/help lists every command, /help COMMAND explains one, and a bare group lists its subcommands."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.textcommands import COMMANDS, CommandSpec
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
    assert [entry.usage for entry in view.entries] == [spec.usage for spec in COMMANDS]
    text = await console.ok("/help")
    for spec in COMMANDS:
        assert spec.usage in text, f"/help does not show {spec.name}"
        assert spec.summary in text
    assert len(text.splitlines()) == len(COMMANDS)


async def test_help_works_before_joining_a_cohort(console: Console) -> None:
    assert "/cohort join NAME" in await console.ok("@newcomer /help")


@pytest.mark.parametrize("spec", COMMANDS, ids=[spec.name for spec in COMMANDS])
async def test_help_for_one_command_shows_its_usage(console: Console, spec: CommandSpec) -> None:
    view = await help_view(console, f"/help {' '.join(spec.path)}")
    assert spec.usage in [entry.usage for entry in view.entries]
    assert spec.usage in await console.ok(f"/help {spec.name}")  # a leading slash is fine too


async def test_help_skill_add_shows_its_usage(console: Console) -> None:
    text = await console.ok("/help skill add")
    assert text.splitlines() == [
        '/skill add "NAME" general|specific priority=1..3 current=0..5 target=0..5 [ease=1..3] [notes="…"]'
        "  Add one of your ten skills."
    ]


async def test_help_cohort_set_shows_its_keys(console: Console) -> None:
    text = await console.ok("/help cohort set")
    assert text.startswith("Keys: timezone=Area/City")
    assert "/cohort set KEY=VALUE…" in text


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
