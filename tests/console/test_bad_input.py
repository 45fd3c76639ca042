"""Malformed input of every kind, typed at the console (DESIGN §3 and §7).

For every command, missing, malformed and out-of-range arguments must give one clear
sentence that says what was wrong and how to write it right, and must write nothing: a
snapshot of what the member (and their instructor) can see, and of every table, is the
same before and after. Hostile text that is valid must be kept verbatim, never treated
as syntax. Arbitrary lines never reach the "something went wrong" path.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from _pytest.mark.structures import ParameterSet
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.console.session import ConsoleSession, Reply
from core.bootstrap import Stride, start
from core.clock import FixedClock
from core.db.tables import metadata
from core.settings import Settings
from core.textcommands import COMMANDS, find_command
from tests.conftest import DEFAULT_NOW, Console, empty_postgres

BIG = "x" * 10_000
UPLOADS = Path(__file__).parent.parent / "fixtures" / "uploads"
HUGE = "x" * 25_000  # past the longest command Stride reads at all
COHORT = "ML-Fall-2026"
OTHER = "Other-Cohort"
UNEXPECTED = "Something went wrong on Stride's side"

# The world every case starts from: an instructor (prof) and a student (ada) in COHORT, an
# instructor (zed) of OTHER, and bob, who is in no cohort at all.
SETUP = [
    f"@prof /cohort create {COHORT} tz=Europe/Berlin",
    f"@zed /cohort create {OTHER}",
    f"@ada /cohort join {COHORT}",
    '@ada /plan set A position="ML Engineer" industry="Healthcare" rationale="I like hospitals"',
    '@ada /plan set B position="Data Engineer" industry="Healthcare"',
    '@ada /skill add "SQL for ETL" specific priority=1 current=1 target=3',
    '@ada /skill add "Communicating trade-offs" general priority=2 current=2 target=4 notes="talks"',
    "@ada /budget set dsa 5-7",
    "@ada /budget set reading 4 per=month",
    '@ada /checkin 1h30m dsa "graphs"',
    "@ada /checkin 1 reading date=yesterday",
    '@ada /goal add short "Ship a model to production"',
]

# What each person can see; every one of these must succeed before and after a case.
VIEWS: dict[str, Sequence[str]] = {
    "ada": (
        "/skill list",
        "/plan show",
        "/plan check",
        "/budget show",
        "/goal list",
        "/progress",
        "/progress month",
        "/streak",
        "/me",
        "/cohort show",
    ),
    "prof": ("/cohort show", "/plan show @ada"),
    "zed": ("/cohort show",),
}

_BEFORE: dict[str, dict[str, Any]] = {}
"""The snapshot of the freshly seeded world, per backend: seeding is deterministic."""

# A sentence ends at . or ! followed by a capital; "?" is allowed inside ("did you mean X?").
_SENTENCE_BREAK = re.compile(r"[.!]\s+[A-Z]")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
# Each message must tell the user what to do; one of these verbs (or "like …") says it.
_GUIDANCE = re.compile(
    r"\b(like|write|use|say|give|add|join|see|put|keep|type|ask|pick|name|check|start|make|"
    r"change|save|pause|set|log|must)\b",
    re.IGNORECASE,
)


def assert_one_clear_sentence(message: str | None, line: str = "") -> str:
    """The shape every error has: one short line, a sentence, no Python internals."""
    assert message, "an error needs a message"
    assert "\n" not in message, message
    assert "\r" not in message, message
    assert "Traceback" not in message, message
    assert not re.match(r"[A-Za-z]*(Error|Exception)\b", message), message
    assert UNEXPECTED not in message, f"{line[:80]!r} hit an unexpected error: {message}"
    assert len(message) < 300, message
    assert "x" * 61 not in message, "the message repeats the bulk of a long input"
    assert message.endswith((".", "?")), message
    assert not _SENTENCE_BREAK.search(_QUOTED.sub("''", message)), f"more than one sentence: {message}"
    assert _GUIDANCE.search(message), f"the message does not say what to do: {message}"
    return message


async def snapshot(console: Console, stride: Stride) -> dict[str, Any]:
    """Everything a case could have changed: each person's views, and every table's rows."""
    views: dict[str, Any] = {}
    for user, lines in VIEWS.items():
        for line in lines:
            reply = await console.say(f"@{user} {line}")
            assert reply.ok, f"@{user} {line}: {reply.error}"
            assert reply.view is not None
            views[f"@{user} {line}"] = reply.view.model_dump(mode="json")
    bob = await console.say("@bob /me")
    views["@bob /me"] = bob.error
    return {"views": views, "tables": await dump_tables(stride.engine)}


async def dump_tables(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    async with engine.connect() as connection:
        for table in metadata.sorted_tables:
            result = await connection.execute(select(table).order_by(*table.primary_key.columns))
            tables[table.name] = [tuple(row) for row in result]
    return tables


async def _seed(url: str) -> None:
    app = await start(Settings(), database_url=url, clock=FixedClock(DEFAULT_NOW), migrate=False)
    try:
        session = ConsoleSession(app.services, "prof")
        for line in SETUP:
            reply = await session.handle(line)
            assert reply.ok, f"{line}: {reply.error}"
    finally:
        await app.close()  # the last connection closing checkpoints the WAL into the file


@pytest.fixture(scope="session")
def world_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded world once, as a SQLite file each test copies (seeding per test is slower)."""
    path = tmp_path_factory.mktemp("world") / "world.db"
    shutil.copyfile(sqlite_template, path)
    asyncio.run(_seed(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, world_template: Path, tmp_path: Path) -> str:
    """This module's tests start from the seeded world instead of an empty database.

    SQLite gets a copy of the seeded file; PostgreSQL is seeded by ``world`` when needed.
    """
    if request.param == "sqlite":
        target = tmp_path / "stride.db"
        shutil.copyfile(world_template, target)
        return f"sqlite+aiosqlite:///{target}"
    url: str = request.getfixturevalue("postgres_url")
    return url


_SEEDED_POSTGRES: dict[str, dict[str, list[tuple[Any, ...]]]] = {}


@pytest.fixture
async def world(console: Console, stride: Stride, database_url: str) -> Console:
    """The console, on a database holding exactly the seeded world.

    Emptying and seeding PostgreSQL for every case is slow, and a failing case writes
    nothing (which each case checks), so there the world is reused until something
    changed it.
    """
    if stride.engine.url.get_backend_name() != "postgresql":
        return console
    if _SEEDED_POSTGRES.get(database_url) != await dump_tables(stride.engine):
        await empty_postgres(database_url)
        for line in SETUP:
            await console.ok(line)
        _SEEDED_POSTGRES[database_url] = await dump_tables(stride.engine)
    return console


async def seeded_snapshot(console: Console, stride: Stride) -> dict[str, Any]:
    """The snapshot of the untouched world (taken once per backend, then remembered)."""
    backend = stride.engine.url.get_backend_name()
    if backend not in _BEFORE:
        _BEFORE[backend] = await snapshot(console, stride)
    return _BEFORE[backend]


def case(line: str, *says: str, id: str) -> ParameterSet:
    """One row of the spec: what is typed, and words the error must contain."""
    return pytest.param(line, says, id=id)


# Lines without an @user prefix are typed by ada, the student.
CASES = [
    # ---- the line itself -------------------------------------------------------------------
    case("", "Type a command", "/help", id="empty line"),
    case("   ", "Type a command", id="blank line"),
    case("/", "Type a command", id="a lone slash"),
    case("/frobnicate", "no command /frobnicate", "/help", id="unknown command"),
    case("frobnicate now", "no command /frobnicate now", id="unknown command without slash"),
    case("/skil add", "no command /skil add", "/skill add", id="misspelt command gets a suggestion"),
    case("/" + BIG, "no command", id="10,000-character command name"),
    case(f'/goal add short "{HUGE}"', "25,0", "20,000 or fewer", id="command longer than 20,000 chars"),
    case('/goal add short "unfinished', "quotation mark is not closed", id="unclosed quote"),
    case("@ada\x00 /me", "names a user", "@ada /me", id="NUL in the acting user"),
    case("@" + "a" * 65 + " /me", "names a user", id="65-character acting user"),
    case("@<@&123> /me", "names a user", id="acting user that is a role mention"),
    case("/me\ud800", "not valid UTF-8", id="undecodable bytes"),
    # ---- /cohort create --------------------------------------------------------------------
    case(
        "@bob /cohort create", "name is missing", "/cohort create ML-Fall-2026", id="cohort create: no name"
    ),
    case(f"@bob /cohort create {BIG}", "1 to 60", id="cohort create: 10,000-char name"),
    case("@bob /cohort create " + "ß" * 60, "1 to 60", id="cohort create: name longer when casefolded"),
    case("@bob /cohort create Fall!!", "1 to 60 letters", "ML-Fall-2026", id="cohort create: bad chars"),
    case(
        f"@bob /cohort create {COHORT}", "already exists", f"/cohort join {COHORT}", id="cohort create: taken"
    ),
    case(f"@bob /cohort create {COHORT.lower()}", "already exists", id="cohort create: taken, other case"),
    case(
        "@bob /cohort create Fall tz=Mars/Olympus", "not a time zone", "Area/City", id="cohort create: bad tz"
    ),
    case("@bob /cohort create Fall tz=", "time zone is empty", "Area/City", id="cohort create: empty tz"),
    case(
        f"@bob /cohort create Fall tz={BIG}", "too long to be a time zone", id="cohort create: 10,000-char tz"
    ),
    case(
        f"@bob /cohort create Fall channel={BIG}", "channel=general", id="cohort create: 10,000-char channel"
    ),
    case(
        "@bob /cohort create Fall channel=<!channel>",
        "channel=general",
        id="cohort create: mention as channel",
    ),
    case(
        "@bob /cohort create Fall colour=red", "option 'colour='", "tz=", id="cohort create: unknown option"
    ),
    case('@bob /cohort create "Fall', "quotation mark is not closed", id="cohort create: unclosed quote"),
    # ---- /cohort join ----------------------------------------------------------------------
    case("@bob /cohort join", "name is missing", "/cohort join ML-Fall-2026", id="cohort join: no name"),
    case("@bob /cohort join Nope", "no cohort called 'Nope'", "instructor", id="cohort join: unknown cohort"),
    case(f"@bob /cohort join {BIG}", "1 to 60", id="cohort join: 10,000-char name"),
    case(f"/cohort join {COHORT}", "already in", "/cohort show", id="cohort join: already a member"),
    case(
        f"@bob /cohort join {COHORT} priorty=1", "does not take the option", id="cohort join: unknown option"
    ),
    # ---- /cohort show ----------------------------------------------------------------------
    case("/cohort show extra", "more words than expected", id="cohort show: extra word"),
    case("@bob /cohort show", "not in a cohort yet", "/cohort join NAME", id="cohort show: not a member"),
    case(f"/cohort show cohort={OTHER}", f"not in cohort {OTHER}", id="cohort show: another cohort"),
    case("/cohort show cohort=Nope", "no cohort called 'Nope'", id="cohort show: unknown cohort"),
    case("/cohort show cohort=", "cohort= option is empty", id="cohort show: empty cohort="),
    case(f"/cohort show cohort={BIG}", "no cohort called", id="cohort show: 10,000-char cohort="),
    case("/cohort show cohort=a cohort=b", "given twice", id="cohort show: cohort= twice"),
    # ---- /cohort set -----------------------------------------------------------------------
    case(
        "@prof /cohort set voice=#dsa-room:dsa",
        "Voice study rooms are a Discord feature",
        "/session start",
        id="cohort set: voice rooms on the console",
    ),
    case(
        f"@prof /cohort set voice={BIG} horizon=10",
        "Voice study rooms are a Discord feature",
        id="cohort set: 10,000-character voice rooms",
    ),
    case(
        '@prof /cohort set voice="<@&1> @everyone\x00:dsa"',
        "Voice study rooms are a Discord feature",
        id="cohort set: hostile voice rooms",
    ),
    case(
        "/cohort set horizon=10", "Only an instructor", "ask your instructor", id="cohort set: by a student"
    ),
    case(
        "/cohort set horizon=abc timezone=Mars/Olympus",
        "Only an instructor",
        id="cohort set: a student's bad values (the permission first)",
    ),
    case(
        f"/cohort set horizon=10 cohort={OTHER}",
        f"not in cohort {OTHER}",
        id="cohort set: student, other cohort",
    ),
    case(
        f"@prof /cohort set horizon=10 cohort={OTHER}",
        "not in cohort",
        id="cohort set: instructor of another",
    ),
    case("@bob /cohort set horizon=10", "not in a cohort yet", id="cohort set: not a member"),
    case("@prof /cohort set", "Say what to change", "horizon=52", id="cohort set: nothing to set"),
    case("@prof /cohort set extra", "more words than expected", id="cohort set: extra word"),
    case("@prof /cohort set colour=red", "option 'colour='", "/help cohort set", id="cohort set: bad key"),
    case("@prof /cohort set horizon=0", "from 1 to 520", "horizon=52", id="cohort set: horizon 0"),
    case("@prof /cohort set horizon=-1", "from 1 to 520", id="cohort set: horizon -1"),
    case("@prof /cohort set horizon=521", "from 1 to 520", id="cohort set: horizon 521"),
    case("@prof /cohort set horizon=abc", "not a whole number", "horizon=52", id="cohort set: horizon abc"),
    case("@prof /cohort set horizon=nan", "not a whole number", id="cohort set: horizon nan"),
    case("@prof /cohort set horizon=1e9", "not a whole number", id="cohort set: horizon 1e9"),
    case("@prof /cohort set horizon=10 horizon=20", "given twice", id="cohort set: key twice"),
    case("@prof /cohort set timezone=Mars/Olympus", "not a time zone", id="cohort set: unknown tz"),
    case(f"@prof /cohort set timezone={BIG}", "too long to be a time zone", id="cohort set: 10,000-char tz"),
    case("@prof /cohort set step_hours=1,2,3", "5 positive numbers", id="cohort set: 3 step hours"),
    case("@prof /cohort set step_hours=5,15,40,100,nan", "plain numbers", id="cohort set: nan step"),
    case("@prof /cohort set step_hours=5,15,40,100,-2", "plain numbers", id="cohort set: negative step"),
    case("@prof /cohort set step_hours=0,15,40,100,200", "positive numbers", id="cohort set: zero step"),
    case("@prof /cohort set default_hours=0", "above 0", "default_hours=6", id="cohort set: default 0"),
    case("@prof /cohort set default_hours=169", "at most 168", id="cohort set: default 169"),
    case("@prof /cohort set default_hours=nan", "default_hours=6", id="cohort set: default nan"),
    case("@prof /cohort set default_hours=1e9", "default_hours=6", id="cohort set: default 1e9"),
    case("@prof /cohort set term_start=2026-02-30", "real date", "YYYY-MM-DD", id="cohort set: 2026-02-30"),
    case("@prof /cohort set term_start=tomorrow", "real date", id="cohort set: term tomorrow"),
    case(
        "@prof /cohort set term_start=2027-01-01 term_end=2026-01-01",
        "ends before it starts",
        id="cohort set: term backwards",
    ),
    case(f"@prof /cohort set channel={BIG}", "channel=general", id="cohort set: 10,000-char channel"),
    case(
        "@prof /cohort set horizon=10 step_hours=1",
        "5 positive numbers",
        id="cohort set: one bad key saves no key",
    ),
    # ---- /plan set -------------------------------------------------------------------------
    case("/plan set", "Which plan is missing", '/plan set A position="', id="plan set: no slot"),
    case('/plan set C position="x" industry="y"', "not a plan", "A or B", id="plan set: slot C"),
    case("/plan set B", "Say what to change", "position=", id="plan set: nothing to set"),
    case(f'/plan set A position="{BIG}"', "120 or fewer", id="plan set: 10,000-char position"),
    case(f'/plan set A industry="{BIG}"', "120 or fewer", id="plan set: 10,000-char industry"),
    case(f'/plan set A rationale="{BIG}"', "2,000 or fewer", id="plan set: 10,000-char rationale"),
    case('/plan set A position=""', "position is empty", id="plan set: empty position"),
    case('/plan set A positon="x"', "option 'positon='", "position=", id="plan set: misspelt option"),
    case("/plan set A extra", "more words than expected", id="plan set: extra word"),
    case('/plan set A position="ML Engineer', "quotation mark is not closed", id="plan set: unclosed quote"),
    case("/plan set A position=x position=y", "given twice", id="plan set: option twice"),
    case('@bob /plan set A position="x" industry="y"', "not in a cohort yet", id="plan set: not a member"),
    case(f'/plan set A position="x" cohort={OTHER}', "not in cohort", id="plan set: another cohort"),
    # ---- /plan show, /plan check -----------------------------------------------------------
    case("/plan show a b", "more words than expected", id="plan show: extra word"),
    case("/plan show @nobody", "nobody called 'nobody'", "/plan show @ada", id="plan show: unknown member"),
    case("/plan show @prof", "Plans are private", id="plan show: a student looks at another"),
    case(f"/plan show {BIG}", "nobody called", id="plan show: 10,000-char member"),
    case("@prof /plan show @zed", "nobody called 'zed'", id="plan show: member of another cohort"),
    case(f"@prof /plan show @zed cohort={OTHER}", "not in cohort", id="plan show: into another cohort"),
    case("/plan show colour=red", "does not take the option", id="plan show: unknown option"),
    case("/plan check a b", "more words than expected", id="plan check: extra word"),
    case("/plan chart @prof", "more words than expected", id="plan chart: a member"),
    case(f"/plan chart {BIG}", "more words than expected", id="plan chart: 10,000-char word"),
    case('/plan chart size="$\\frac{1}{0}$"', "does not take the option", id="plan chart: option"),
    case(f"/plan chart cohort={OTHER}", "not in cohort", id="plan chart: another cohort"),
    case("@bob /plan chart", "not in a cohort yet", id="plan chart: not a member"),
    case("/plan check @prof", "Plans are private", id="plan check: a student checks another"),
    case("/plan check @nobody", "nobody called", id="plan check: unknown member"),
    case("@prof /plan check @zed", "nobody called 'zed'", id="plan check: member of another cohort"),
    # ---- /skill add ------------------------------------------------------------------------
    case(
        '/skill add "Docker" specific priority=1 current=6 target=6',
        "0 (Unaware) to 5",
        id="skill add: level 6",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=-1 target=3',
        "0 (Unaware) to 5",
        id="skill add: level -1",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=1 target=6', "target level", id="skill add: target 6"
    ),
    case(
        '/skill add "Docker" specific priority=0 current=1 target=3', "1 Critical", id="skill add: priority 0"
    ),
    case(
        '/skill add "Docker" specific priority=4 current=1 target=3', "1 Critical", id="skill add: priority 4"
    ),
    case(
        '/skill add "Docker" specific priority=abc current=1 target=3',
        "priority",
        id="skill add: priority abc",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=abc target=3',
        "whole number",
        id="skill add: level abc",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=nan target=3',
        "whole number",
        id="skill add: level nan",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=1e9 target=3',
        "whole number",
        id="skill add: level 1e9",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=1.5 target=3',
        "whole number",
        id="skill add: level 1.5",
    ),
    case(
        '/skill add "Docker" specific priority=1 current= target=3',
        "wrote nothing",
        id="skill add: empty level",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=3 target=1',
        "below the current level",
        id="skill add: target below current",
    ),
    case(
        '/skill add "Docker" specific current=1 target=3',
        "priority=",
        "like /skill add",
        id="skill add: no prio",
    ),
    case('/skill add "Docker" priority=1 current=1 target=3', "general or specific", id="skill add: no kind"),
    case("/skill add specific priority=1 current=1 target=3", "name is missing", id="skill add: no name"),
    case(
        f'/skill add "{BIG}" specific priority=1 current=1 target=3',
        "100 or fewer",
        id="skill add: 10,000 chars",
    ),
    case(
        '/skill add "' + "ß" * 60 + '" specific priority=1 current=1 target=3',
        "too long once written in lowercase",
        id="skill add: name longer when casefolded",
    ),
    case(
        f'/skill add "Docker" specific priority=1 current=1 target=3 notes="{BIG}"',
        "1,000 or fewer",
        id="skill add: 10,000-char notes",
    ),
    case(
        '/skill add "SQL for ETL" specific priority=1 current=1 target=3',
        "already have a skill",
        "/skill update",
        id="skill add: duplicate",
    ),
    case(
        '/skill add "sql FOR etl" general priority=2 current=0 target=1',
        "already have a skill",
        id="skill add: duplicate in other case",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=1 target=3 priorty=1',
        "option 'priorty='",
        "priority=",
        id="skill add: misspelt option",
    ),
    case(
        '/skill add "Docker" specific extra priority=1 current=1 target=3',
        "more words than expected",
        id="skill add: extra word",
    ),
    case(
        '/skill add "Docker specific priority=1 current=1 target=3',
        "not closed",
        id="skill add: unclosed quote",
    ),
    case(
        f'/skill add "Docker" specific priority=1 current=1 target=3 cohort={OTHER}',
        "not in cohort",
        id="skill add: another cohort",
    ),
    # ---- ease= on /skill add and /skill update (1 easy – 3 hard) ------------------------
    case(
        '/skill add "Docker" specific priority=1 current=1 target=3 ease=0',
        "1 easy, 2 medium or 3 hard; you wrote 0.",
        id="skill add: ease 0",
    ),
    case(
        '/skill update "SQL for ETL" ease=0',
        "1 easy, 2 medium or 3 hard; you wrote 0.",
        id="skill update: ease 0",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=1 target=3 ease=4',
        "1 easy, 2 medium or 3 hard; you wrote 4.",
        id="skill add: ease 4",
    ),
    case(
        '/skill update "SQL for ETL" ease=4',
        "1 easy, 2 medium or 3 hard; you wrote 4.",
        id="skill update: ease 4",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=1 target=3 ease=-1',
        "1 easy, 2 medium or 3 hard; you wrote -1.",
        id="skill add: ease -1",
    ),
    case(
        '/skill update "SQL for ETL" ease=-1',
        "1 easy, 2 medium or 3 hard; you wrote -1.",
        id="skill update: ease -1",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=1 target=3 ease=1.5',
        "1 easy, 2 medium or 3 hard; you wrote '1.5'.",
        id="skill add: ease 1.5",
    ),
    case(
        '/skill update "SQL for ETL" ease=1.5',
        "1 easy, 2 medium or 3 hard; you wrote '1.5'.",
        id="skill update: ease 1.5",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=1 target=3 ease=hardest',
        "1 easy, 2 medium or 3 hard; you wrote 'hardest'.",
        id="skill add: ease hardest",
    ),
    case(
        '/skill update "SQL for ETL" ease=hardest',
        "1 easy, 2 medium or 3 hard; you wrote 'hardest'.",
        id="skill update: ease hardest",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=1 target=3 ease=none',
        "1 easy, 2 medium or 3 hard; you wrote 'none'.",
        id="skill add: ease none",
    ),
    case(
        '/skill update "SQL for ETL" ease=none',
        "1 easy, 2 medium or 3 hard; you wrote 'none'.",
        id="skill update: ease none",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=1 target=3 ease=99999999999999999999',
        "1 easy, 2 medium or 3 hard; you wrote '99999999999999999999'.",
        id="skill add: ease 99999999999999999999",
    ),
    case(
        '/skill update "SQL for ETL" ease=99999999999999999999',
        "1 easy, 2 medium or 3 hard; you wrote '99999999999999999999'.",
        id="skill update: ease 99999999999999999999",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=1 target=3 ease=',
        "1 easy, 2 medium or 3 hard; you wrote nothing.",
        id="skill add: ease empty",
    ),
    case(
        '/skill update "SQL for ETL" ease=',
        "1 easy, 2 medium or 3 hard; you wrote nothing.",
        id="skill update: ease empty",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=1 target=3 ease="<@U1> @everyone"',
        "1 easy, 2 medium or 3 hard; you wrote '<@U1> @everyone'.",
        id="skill add: ease <@U1> @everyone",
    ),
    case(
        '/skill update "SQL for ETL" ease="<@U1> @everyone"',
        "1 easy, 2 medium or 3 hard; you wrote '<@U1> @everyone'.",
        id="skill update: ease <@U1> @everyone",
    ),
    case(
        '/skill add "Docker" specific priority=1 current=1 target=3 ease=３',
        "1 easy, 2 medium or 3 hard; you wrote '３'.",
        id="skill add: ease ３",
    ),
    case(
        '/skill update "SQL for ETL" ease=３',
        "1 easy, 2 medium or 3 hard; you wrote '３'.",
        id="skill update: ease ３",
    ),
    case(
        f'/skill add "Docker" specific priority=1 current=1 target=3 ease="{BIG}"',
        "1 easy, 2 medium or 3 hard; you wrote 'xxxxxxxxxxxxxxxxxxxx…'.",
        id="skill add: 10,000-char ease",
    ),
    case(
        f'/skill update "SQL for ETL" ease={BIG}',
        "1 easy, 2 medium or 3 hard; you wrote 'xxxxxxxxxxxxxxxxxxxx…'.",
        id="skill update: 10,000-char ease",
    ),
    case(
        '/skill update "Nope" ease=easy',
        "no skill called 'Nope'",
        id="skill update: ease of an unknown skill",
    ),
    # ---- /skill update ---------------------------------------------------------------------
    case('/skill update "SQL for ETL" current=6', "0 (Unaware) to 5", id="skill update: level 6"),
    case('/skill update "SQL for ETL" current=-1', "0 (Unaware) to 5", id="skill update: level -1"),
    case('/skill update "SQL for ETL" priority=0', "1 Critical", id="skill update: priority 0"),
    case('/skill update "SQL for ETL" priority=4', "1 Critical", id="skill update: priority 4"),
    case('/skill update "SQL for ETL" target=0', "below the current level", id="skill update: target below"),
    case('/skill update "SQL for ETL" current=4', "below the current level", id="skill update: current past"),
    case('/skill update "SQL for ETL"', "Say what to change", id="skill update: nothing to change"),
    case(
        '/skill update "Nope" current=2', "no skill called 'Nope'", "SQL for ETL", id="skill update: unknown"
    ),
    case("/skill update current=2", "name is missing", '/skill update "SQL"', id="skill update: no name"),
    case(f'/skill update "{BIG}" current=2', "no skill called", id="skill update: 10,000-char name"),
    case(
        f'/skill update "SQL for ETL" notes="{BIG}"', "1,000 or fewer", id="skill update: 10,000-char notes"
    ),
    case('/skill update "SQL for ETL" priorty=1', "option 'priorty='", id="skill update: misspelt option"),
    # ---- /skill remove, /skill list --------------------------------------------------------
    case("/skill remove", "name is missing", '/skill remove "SQL"', id="skill remove: no name"),
    case('/skill remove "Nope"', "no skill called 'Nope'", id="skill remove: unknown skill"),
    case(f'/skill remove "{BIG}"', "no skill called", id="skill remove: 10,000-char name"),
    case('/skill remove "SQL for ETL" target=1', "does not take the option", id="skill remove: option"),
    case("/skill list extra", "more words than expected", id="skill list: extra word"),
    case("/skill list colour=red", "does not take the option", id="skill list: unknown option"),
    # ---- /skill assess ---------------------------------------------------------------------
    case('/skill assess "SQL for ETL" 6', "0 (Unaware) to 5", id="skill assess: level 6"),
    case('/skill assess "SQL for ETL" -1', "0 (Unaware) to 5", id="skill assess: level -1"),
    case('/skill assess "SQL for ETL" abc', "whole number", id="skill assess: level abc"),
    case('/skill assess "SQL for ETL" nan', "whole number", id="skill assess: level nan"),
    case('/skill assess "SQL for ETL" 1e9', "whole number", id="skill assess: level 1e9"),
    case('/skill assess "SQL for ETL" 2.5', "whole number", id="skill assess: level 2.5"),
    case(
        '/skill assess "SQL for ETL"',
        "skill and its new level",
        '/skill assess "SQL" 3',
        id="skill assess: no lvl",
    ),
    case("/skill assess", "skill and its new level", id="skill assess: nothing"),
    case('/skill assess "Nope" 3', "no skill called 'Nope'", id="skill assess: unknown skill"),
    case(f'/skill assess "{BIG}" 3', "no skill called", id="skill assess: 10,000-char name"),
    case(
        f'/skill assess "SQL for ETL" 3 note="{BIG}"', "1,000 or fewer", id="skill assess: 10,000-char note"
    ),
    case('/skill assess "SQL for ETL" 3 notes="x"', "option 'notes='", "note=", id="skill assess: notes="),
    # ---- a skill by its number in /skill list (ada has two) --------------------------------
    case("/skill assess 0 3", "no skill 0", "from 1 to 2", id="skill number: 0"),
    case("/skill assess 3 3", "no skill 3", "from 1 to 2", id="skill number: one past the list"),
    case("/skill assess 11 3", "no skill 11", "/skill list", id="skill number: 11"),
    case("/skill assess -1 3", "no skill -1", id="skill number: -1"),
    case("/skill assess #0 3", "no skill #0", id="skill number: #0"),
    case("/skill assess 99999999999999999999 3", "no skill 99999999999…", id="skill number: 20 digits"),
    case("/skill assess 1 6", "0 (Unaware) to 5", id="skill number: level 6"),
    case("/skill update 0 current=2", "no skill 0", id="skill number: update 0"),
    case("/skill update 99999999999999999999 target=4", "no skill 9", id="skill number: update 20 digits"),
    case("/skill remove 0", "no skill 0", id="skill number: remove 0"),
    case("/skill remove -1", "no skill -1", id="skill number: remove -1"),
    case("/checkin 1 dsa skill=0", "no skill 0", id="skill number: checkin skill=0"),
    case("/checkin 1 dsa skill=11", "no skill 11", id="skill number: checkin skill=11"),
    case("/checkin 1 dsa skill=99999999999999999999", "no skill 9", id="skill number: checkin 20 digits"),
    case(
        '/skill add "3" general priority=1 current=1 target=2',
        "can't be called just 3",
        "add a word",
        id="skill add: a bare number as the name",
    ),
    case('/skill add "#2" general priority=1 current=1 target=2', "just #2", id="skill add: #2 as the name"),
    # ---- /budget set -----------------------------------------------------------------------
    case("/budget set", "track is missing", "/budget set dsa 5-7", id="budget set: nothing"),
    case("/budget set dsa", "hours for dsa", "/budget set dsa 5-7", id="budget set: no hours"),
    case("/budget set dsa abc", "not a range of hours", "5-7", id="budget set: abc"),
    case("/budget set dsa nan", "not a range of hours", id="budget set: nan"),
    case("/budget set dsa 1e9", "not a range of hours", id="budget set: 1e9"),
    case("/budget set dsa -1", "not a range of hours", id="budget set: -1"),
    case("/budget set dsa 0", "more than 0", "0-5", id="budget set: 0"),
    case("/budget set dsa 7-5", "goes backwards", "5-7", id="budget set: backwards"),
    case("/budget set dsa 200", "at most 168h", id="budget set: more than a week"),
    case("/budget set dsa 800 per=month", "at most 744h", id="budget set: more than a month"),
    case("/budget set dsa 5 7 9", "not a range of hours", id="budget set: three numbers"),
    case("/budget set dsa 5-7-9", "not a range of hours", id="budget set: three-part range"),
    case("/budget set dsa 5 per=year", "week or month", id="budget set: per=year"),
    case("/budget set dsa 5 per=", "week or month", "nothing", id="budget set: empty per="),
    case(f"/budget set {BIG} 5", "A track must be", "dsa", id="budget set: 10,000-char track"),
    case("/budget set DSA! 5", "A track must be", id="budget set: bad track"),
    case("/budget set ß 5", "A track must be", id="budget set: non-ASCII track"),
    case("/budget set dsa 5-7 pre=week", "option 'pre='", "per=", id="budget set: misspelt option"),
    case(f"/budget set dsa 5-7 cohort={OTHER}", "not in cohort", id="budget set: another cohort"),
    case(
        '/budget set dsa 5-7 skill="Cooking"',
        "no skill called 'Cooking'",
        "skill=none",
        id="budget set: no such skill",
    ),
    case(
        f'/budget set dsa 5-7 skill="{BIG}"',
        "no skill called",
        "/skill list",
        id="budget set: 10,000-char skill",
    ),
    case("/budget set dsa 5-7 skill=", "Name the skill", "skill=none", id="budget set: empty skill"),
    case('/budget set dsa 5-7 skill="**SQL** <@&1>"', "no skill called", id="budget set: markdown skill"),
    case("/budget set dsa 0 skill=none", "more than 0", id="budget set: 0 hours with unlink"),
    case(
        '/budget set dsa 1e400 skill="SQL for ETL"',
        "not a range of hours",
        id="budget set: 1e400 with a skill",
    ),
    case('/budget set dsa -1 skill="SQL for ETL"', "not a range of hours", id="budget set: -1 with a skill"),
    case(
        '/budget set dsa 5 per=year skill="SQL for ETL"',
        "week or month",
        id="budget set: per=year with a skill",
    ),
    # ---- /budget remove, /budget show ------------------------------------------------------
    case("/budget remove", "track is missing", id="budget remove: no track"),
    case("/budget remove nope", "no budget for nope", "/budget show", id="budget remove: unknown track"),
    case(f"/budget remove {BIG}", "A track must be", id="budget remove: 10,000-char track"),
    case("/budget remove dsa extra", "more words than expected", id="budget remove: extra word"),
    case("/budget show extra", "more words than expected", id="budget show: extra word"),
    case("/budget show per=week", "does not take the option", id="budget show: option"),
    # ---- /checkin --------------------------------------------------------------------------
    case("/checkin", "number of hours is missing", "/checkin 1h30m dsa", id="checkin: nothing"),
    case("/checkin 1", "track is missing", id="checkin: no track"),
    case("/checkin 0 dsa", "more than 0 and at most 24 hours", id="checkin: hours 0"),
    case("/checkin -1 dsa", "more than 0 and at most 24 hours", id="checkin: hours -1"),
    case("/checkin 25 dsa", "more than 0 and at most 24 hours", id="checkin: hours 25"),
    case("/checkin 24:01 dsa", "at most 24 hours", id="checkin: 24:01"),
    case("/checkin 0:00 dsa", "more than 0", id="checkin: 0:00"),
    case("/checkin abc dsa", "not an amount of time", "1h30m", id="checkin: hours abc"),
    case("/checkin nan dsa", "not an amount of time", id="checkin: hours nan"),
    case("/checkin 1e9 dsa", "not an amount of time", id="checkin: hours 1e9"),
    case("/checkin inf dsa", "not an amount of time", id="checkin: hours inf"),
    case("/checkin 1:75 dsa", "from 0 to 59", id="checkin: 1:75"),
    case(f"/checkin {BIG} dsa", "not an amount of time", id="checkin: 10,000-char hours"),
    case(
        "/checkin 1 nope", "no budget for track 'nope'", "/budget set nope 3-5", id="checkin: unknown track"
    ),
    case(f"/checkin 1 {BIG}", "A track must be", id="checkin: 10,000-char track"),
    case(f'/checkin 1 dsa "{BIG}"', "500 or fewer", id="checkin: 10,000-char note"),
    case(f'/checkin 1 dsa note="{BIG}"', "500 or fewer", id="checkin: 10,000-char note="),
    case('/checkin 1 dsa "trees" note="graphs"', "Give the note once", id="checkin: note twice"),
    case("/checkin 1 dsa date=2026-11-19", "in the future", id="checkin: future date"),
    case("/checkin 1 dsa date=2026-11-10", "more than 7 days back", id="checkin: 8 days back"),
    case("/checkin 1 dsa date=2026-02-30", "real date", "YYYY-MM-DD", id="checkin: 2026-02-30"),
    case("/checkin 1 dsa date=tomorrow", "today, yesterday", id="checkin: date=tomorrow"),
    case("/checkin 1 dsa date=18/11/2026", "YYYY-MM-DD", id="checkin: date in another format"),
    case("/checkin 1 dsa date=", "wrote nothing", id="checkin: empty date="),
    case(f"/checkin 1 dsa date={BIG}", "YYYY-MM-DD", id="checkin: 10,000-char date"),
    case('/checkin 1 dsa skill="Nope"', "no skill called 'Nope'", "/skill list", id="checkin: unknown skill"),
    case(f'/checkin 1 dsa skill="{BIG}"', "no skill called", id="checkin: 10,000-char skill"),
    case("/checkin 1 dsa skill=", "skill= option is empty", id="checkin: empty skill="),
    case("/checkin 1 dsa priorty=1", "option 'priorty='", "date=", id="checkin: unknown option"),
    case(f"/checkin 1 dsa cohort={OTHER}", f"not in cohort {OTHER}", id="checkin: another cohort"),
    case("/checkin 1 dsa cohort=Nope", "no cohort called 'Nope'", id="checkin: unknown cohort"),
    case("@bob /checkin 1 dsa", "not in a cohort yet", id="checkin: not a member"),
    case('/checkin 1 dsa "graphs', "quotation mark is not closed", id="checkin: unclosed quote"),
    case(
        "/checkin 23h dsa",
        "already logged 1h 30m on Wed 18 Nov",
        "at most 24h a day",
        id="checkin: past 24h a day",
    ),
    case("/checkin 2h list", "list is a word of /checkin", "list-practice", id="checkin: reserved track"),
    # ---- /checkin list, undo, remove, edit -------------------------------------------------
    case("/checkin list year", "not a period", "/checkin list month", id="checkin list: year"),
    case("/checkin list week month", "more words than expected", id="checkin list: two periods"),
    case(f"/checkin list {BIG}", "not a period", id="checkin list: 10,000 chars"),
    case("/checkin list cohort=Nope", "no cohort called 'Nope'", id="checkin list: unknown cohort"),
    case("@bob /checkin list", "not in a cohort yet", id="checkin list: not a member"),
    case("/checkin undo 1", "more words than expected", id="checkin undo: a number"),
    case("/checkin undo date=today", "does not take the option 'date='", id="checkin undo: an option"),
    case("@bob /checkin undo", "not in a cohort yet", id="checkin undo: not a member"),
    case(f"/checkin undo cohort={OTHER}", f"not in cohort {OTHER}", id="checkin undo: another cohort"),
    case("/checkin remove", "check-in number is missing", "/checkin remove 2", id="checkin remove: nothing"),
    case("/checkin remove 0", "from 1 to", id="checkin remove: 0"),
    case("/checkin remove -1", "from 1 to", id="checkin remove: -1"),
    case("/checkin remove 999", "no check-in number 999", "/checkin list", id="checkin remove: 999"),
    case("/checkin remove 9999999", "from 1 to", id="checkin remove: huge"),
    case("/checkin remove abc", "not a whole number", id="checkin remove: abc"),
    case("/checkin remove 1.5", "not a whole number", id="checkin remove: 1.5"),
    case(f"/checkin remove {BIG}", "not a whole number", id="checkin remove: 10,000 chars"),
    case("/checkin remove 1 2", "more words than expected", id="checkin remove: two numbers"),
    case("@bob /checkin remove 1", "not in a cohort yet", id="checkin remove: not a member"),
    case("/checkin edit", "check-in number is missing", "/checkin edit 2", id="checkin edit: nothing"),
    case("/checkin edit 1", "Say what to change", "hours=", id="checkin edit: no fields"),
    case("/checkin edit 0 hours=1", "from 1 to", id="checkin edit: 0"),
    case("/checkin edit 999 hours=1", "no check-in number 999", id="checkin edit: 999"),
    case("/checkin edit abc hours=1", "not a whole number", id="checkin edit: abc"),
    case("/checkin edit 1 hours=-1", "more than 0 and at most 24 hours", id="checkin edit: hours -1"),
    case("/checkin edit 1 hours=0", "more than 0", id="checkin edit: hours 0"),
    case("/checkin edit 1 hours=25", "at most 24 hours", id="checkin edit: hours 25"),
    case("/checkin edit 1 hours=", "hours are missing", id="checkin edit: empty hours="),
    case(f"/checkin edit 1 hours={BIG}", "not an amount of time", id="checkin edit: 10,000-char hours"),
    case("/checkin edit 1 date=tomorrow", "today, yesterday", id="checkin edit: date=tomorrow"),
    case("/checkin edit 1 date=2026-11-19", "in the future", id="checkin edit: future date"),
    case("/checkin edit 1 date=2026-11-10", "more than 7 days back", id="checkin edit: 8 days back"),
    case("/checkin edit 1 date=", "wrote nothing", id="checkin edit: empty date="),
    case("/checkin edit 1 track=nope", "no budget for track 'nope'", id="checkin edit: unknown track"),
    case("/checkin edit 1 track=undo", "undo is a word of /checkin", id="checkin edit: reserved track"),
    case(f"/checkin edit 1 track={BIG}", "A track must be", id="checkin edit: 10,000-char track"),
    case("/checkin edit 1 hours=1h30m", "already is 1h 30m of dsa", id="checkin edit: no change"),
    case("/checkin edit 2 hours=23h date=today", "at most 24h a day", id="checkin edit: past 24h a day"),
    case("/checkin edit 1 note=x", "option 'note='", "hours=", id="checkin edit: unknown option"),
    case("/checkin edit 1 2 hours=1", "more words than expected", id="checkin edit: two numbers"),
    case("@bob /checkin edit 1 hours=1", "not in a cohort yet", id="checkin edit: not a member"),
    # ---- /progress, /streak ----------------------------------------------------------------
    case("/progress year", "not a period", "/progress month", id="progress: year"),
    case(f"/progress {BIG}", "not a period", id="progress: 10,000-char period"),
    case("/progress week extra", "more words than expected", id="progress: extra word"),
    case("/progress week=1", "does not take the option", id="progress: option"),
    case(f"/progress cohort={OTHER}", "not in cohort", id="progress: another cohort"),
    case("/progress chart extra", "more words than expected", id="progress chart: extra word"),
    case("/progress chart week", "more words than expected", id="progress chart: a period"),
    case("/progress chart colour=red", "does not take the option", id="progress chart: option"),
    case(f"/progress chart cohort={OTHER}", "not in cohort", id="progress chart: another cohort"),
    case("@bob /progress chart", "not in a cohort yet", id="progress chart: not a member"),
    case("/streak extra", "more words than expected", id="streak: extra word"),
    case("/streak colour=red", "does not take the option", id="streak: option"),
    case(f"/streak cohort={OTHER}", "not in cohort", id="streak: another cohort"),
    # ---- /goal -----------------------------------------------------------------------------
    case("/goal add", "horizon is missing", '/goal add short "', id="goal add: nothing"),
    case('/goal add forever "x"', "not a horizon", "short", id="goal add: unknown horizon"),
    case("/goal add short", "goal text is missing", "/goal add short", id="goal add: no text"),
    case('/goal add short ""', "goal text is missing", id="goal add: empty text"),
    case(f'/goal add short "{BIG}"', "1,000 or fewer", id="goal add: 10,000-char text"),
    case('/goal add short "x" visibility=public', "does not take the option", id="goal add: unknown option"),
    case(f'/goal add short "x" cohort={OTHER}', "not in cohort", id="goal add: another cohort"),
    case("/goal list extra", "more words than expected", id="goal list: extra word"),
    case("/goal remove", "goal number is missing", "/goal remove 2", id="goal remove: nothing"),
    case("/goal remove 0", "from 1 to", id="goal remove: 0"),
    case("/goal remove -1", "from 1 to", id="goal remove: -1"),
    case("/goal remove 5", "no goal number 5", "/goal list", id="goal remove: not there"),
    case("/goal remove 99999", "from 1 to", id="goal remove: huge"),
    case("/goal remove abc", "not a whole number", id="goal remove: abc"),
    case("/goal remove 1.5", "not a whole number", id="goal remove: 1.5"),
    case("/goal remove 1e9", "not a whole number", id="goal remove: 1e9"),
    case("/goal remove 1 2", "more words than expected", id="goal remove: two numbers"),
    case("/goal done", "goal number is missing", "/goal done 2", id="goal done: nothing"),
    case("/goal done 0", "from 1 to", id="goal done: 0"),
    case("/goal done 2", "no goal number 2", "1 to 1", id="goal done: out of range"),
    case("/goal done 99999", "from 1 to", id="goal done: huge"),
    case("/goal done one", "not a whole number", id="goal done: a word"),
    case(f"/goal done {BIG}", "not a whole number", id="goal done: 10,000 digits of junk"),
    case("/goal done 1 extra", "more words than expected", id="goal done: extra word"),
    case("/goal done 1 when=today", "does not take", id="goal done: unknown option"),
    case("@prof /goal done 1", "no goals yet", id="goal done: no goals at all"),
    case("@bob /goal done 1", "not in a cohort", id="goal done: not a member"),
    case("/goal undo 1", "not marked achieved", "/goal done 1", id="goal undo: not achieved"),
    case("/goal undo", "goal number is missing", "/goal undo 2", id="goal undo: nothing"),
    case("/goal undo -3", "from 1 to", id="goal undo: negative"),
    case("/goal undo 7", "no goal number 7", id="goal undo: out of range"),
    # ---- /me -------------------------------------------------------------------------------
    case("/me extra", "more words than expected", id="me: extra word"),
    case("/me colour=red", "does not take the option", id="me: option"),
    case("@bob /me", "not in a cohort yet", id="me: not a member"),
    case("/me timezone", "time zone is missing", "/me timezone Europe/Berlin", id="me timezone: nothing"),
    case("/me timezone Mars/Olympus", "not a time zone", "Area/City", id="me timezone: unknown"),
    case("/me timezone berlin", "not a time zone", "Europe/Berlin", id="me timezone: city only"),
    case(f"/me timezone {BIG}", "too long to be a time zone", id="me timezone: 10,000 chars"),
    case("/me timezone ../../etc/passwd", "not a time zone", id="me timezone: a path"),
    case("/me timezone Europe/Berlin extra", "more words than expected", id="me timezone: extra word"),
    case("/me pause", "Say until when", "until=2026-12-31", id="me pause: nothing"),
    case("/me pause until=", "Say until when", id="me pause: empty until="),
    case("/me pause until=2026-02-30", "real date", "YYYY-MM-DD", id="me pause: 2026-02-30"),
    case("/me pause until=tomorrow", "real date", id="me pause: tomorrow"),
    case("/me pause until=2026-11-17", "already passed", id="me pause: in the past"),
    case("/me pause until=2028-01-01", "at most a year", id="me pause: two years"),
    case("/me pause until=2026-12-01 extra", "more words than expected", id="me pause: extra word"),
    case("/me pause untill=2026-12-01", "option 'untill='", "until=", id="me pause: misspelt option"),
    case("/me resume", "not paused", "/me pause until=", id="me resume: not paused"),
    case("/me resume extra", "more words than expected", id="me resume: extra word"),
    case("/me dms", "On or off is missing", "/me dms off", id="me dms: nothing"),
    case("/me dms maybe", "not a choice", "on or off", id="me dms: maybe"),
    case("/me dms off extra", "more words than expected", id="me dms: extra word"),
    case("/me leaderboard", "Show or hide is missing", id="me leaderboard: nothing"),
    case("/me leaderboard maybe", "not a choice", "show or hide", id="me leaderboard: maybe"),
    case("/me leaderboard hide extra", "more words than expected", id="me leaderboard: extra word"),
    case("/me voice", "On or off is missing", "/me voice off", id="me voice: nothing"),
    case("/me voice maybe", "not a choice", "on or off", id="me voice: maybe"),
    case("/me voice off extra", "more words than expected", id="me voice: extra word"),
    case(f"/me voice {BIG}", "not a choice", id="me voice: 10,000 characters"),
    case("/me reminders", "Say when your reminders", "day=sun time=19:00", id="me reminders: nothing"),
    case("/me reminders day=funday", "not a day of the week", "day=sun", id="me reminders: unknown day"),
    case("/me reminders day=@everyone", "not a day of the week", id="me reminders: @everyone day"),
    case("/me reminders time=25:00", "not a time of day", "HH:MM", id="me reminders: 25:00"),
    case("/me reminders time=7pm", "not a time of day", "time=19:00", id="me reminders: 7pm"),
    case("/me reminders time=<!channel>", "not a time of day", id="me reminders: slack mention"),
    case(f"/me reminders time={BIG}", "not a time of day", id="me reminders: 10,000 characters"),
    case("/me reminders time=23:30", "inside your quiet hours", "/me quiet", id="me reminders: in quiet"),
    case("/me reminders sun", "more words than expected", id="me reminders: bare word"),
    case("/me reminders hour=19:00", "option 'hour='", id="me reminders: misspelt option"),
    case("/me quiet", "Give your quiet hours", "/me quiet 23:00-07:00", id="me quiet: nothing"),
    case("/me quiet sometimes", "not a span of hours", "HH:MM-HH:MM", id="me quiet: word"),
    case("/me quiet 23:00", "not a span of hours", id="me quiet: one time"),
    case("/me quiet 08:00-08:00", "same time", id="me quiet: empty span"),
    case("/me quiet 06:00-23:00", "16 hours or less", id="me quiet: 17 hours"),
    case("/me quiet <@&1>", "not a span of hours", id="me quiet: role mention"),
    case(f"/me quiet {BIG}", "not a span of hours", id="me quiet: 10,000 characters"),
    case("/me snooze", "How long to snooze is missing", "/me snooze 1d", id="me snooze: nothing"),
    case("/me snooze 10m", "from 30m to 7d", id="me snooze: too short"),
    case("/me snooze 8d", "from 30m to 7d", id="me snooze: too long"),
    case("/me snooze 5", "not a length of time", "/me snooze 1d", id="me snooze: bare number"),
    case("/me snooze forever", "not a length of time", id="me snooze: forever"),
    case("/me snooze -1d", "not a length of time", id="me snooze: negative"),
    case("/me snooze @everyone", "not a length of time", id="me snooze: @everyone"),
    case("/dashboard now", "takes no words", "/dashboard signout-all", id="dashboard: a word"),
    case("/dashboard @everyone", "takes no words", id="dashboard: @everyone"),
    case("/dashboard " + "x" * 5000, "takes no words", id="dashboard: oversized word"),
    case("/dashboard colour=red", "option 'colour='", id="dashboard: bad option"),
    case("/dashboard signout-all now", "more words than expected", id="dashboard signout-all: a word"),
    case("/dashboard signout-all colour=red", "option 'colour='", id="dashboard signout-all: bad option"),
    case("/me snooze off", "not snoozed", "/me snooze 1d", id="me snooze: off when not snoozed"),
    case("/me snooze 1d extra", "more words than expected", id="me snooze: extra word"),
    # ---- /leaderboard, /digest -------------------------------------------------------------
    case("/leaderboard colours", "not a leaderboard", "/leaderboard hours", id="leaderboard: unknown metric"),
    case("/leaderboard hours year", "not a period", "month", id="leaderboard: unknown period"),
    case("/leaderboard hours week extra", "one word too many", id="leaderboard: extra word"),
    case("/leaderboard hours hours", "given twice", id="leaderboard: metric twice"),
    case(f"/leaderboard {BIG}", "not a leaderboard", id="leaderboard: 10,000-char metric"),
    case("/leaderboard per=week", "option 'per='", id="leaderboard: unknown option"),
    case(f"/leaderboard cohort={OTHER}", f"not in cohort {OTHER}", id="leaderboard: another cohort"),
    case("@bob /leaderboard", "not in a cohort yet", id="leaderboard: not a member"),
    case("/leaderboard week=2026-W99", "'2026-W99' is not a week", "week=last", id="leaderboard: week 99"),
    case("/leaderboard week=next", "'next' is not a week", id="leaderboard: week=next"),
    case("/leaderboard week=2999-W01", "has not begun yet", id="leaderboard: a future week"),
    case("/leaderboard week=1999-W01", "before the cohort began", id="leaderboard: before the cohort"),
    case(f"/leaderboard week={BIG}", "is not a week", id="leaderboard: 10,000-char week"),
    case('/leaderboard week="<!channel> @everyone"', "is not a week", id="leaderboard: hostile week"),
    case("/leaderboard month week=last", "does not go with month", id="leaderboard: week with month"),
    case("/leaderboard streak week=last", "takes no week=", id="leaderboard: week on a streak board"),
    case("/leaderboard week=last week=this", "given twice", id="leaderboard: week twice"),
    case("/digest", "Only an instructor", "ask your instructor", id="digest: by a student"),
    case("@prof /digest week=2026-W99", "'2026-W99' is not a week", id="digest: week 99"),
    case("@prof /digest week=next", "'next' is not a week", id="digest: week=next"),
    case("@prof /digest week=1999-W01", "before the cohort began", id="digest: before the cohort"),
    case(f"@prof /digest week={BIG}", "is not a week", id="digest: 10,000-char week"),
    case("@prof /digest extra", "more words than expected", id="digest: extra word"),
    case(f"@prof /digest cohort={OTHER}", f"not in cohort {OTHER}", id="digest: another cohort"),
    # ---- /roadmap, /goal import -------------------------------------------------------------
    case("/roadmap import", "No file came", "/roadmap import FILE", id="roadmap import: no file"),
    case("/roadmap import /no/such/roadmap.md", "no file at", id="roadmap import: missing path"),
    case(f"/roadmap import {UPLOADS}", "is a folder", id="roadmap import: a folder"),
    case(f"/roadmap import {UPLOADS / 'empty.md'}", "is empty", id="roadmap import: empty file"),
    case("/roadmap import /dev/zero", "not a saved file", id="roadmap import: a device"),
    case(f"/roadmap import {UPLOADS / 'image.png'}", "not a text file", id="roadmap import: binary"),
    case(f"/roadmap import {UPLOADS / 'no-items.md'}", "no checklist items", id="roadmap import: no items"),
    case(
        f"/roadmap import {UPLOADS / 'no-items.md'} mode=all", "not an import mode", id="roadmap import: mode"
    ),
    case(f"/roadmap import {UPLOADS / 'no-items.md'} extra", "more words", id="roadmap import: extra word"),
    case("/roadmap show extra", "more words than expected", id="roadmap show: extra word"),
    case("/roadmap show", "no roadmap yet", "/roadmap import", id="roadmap show: none yet"),
    case("/roadmap done", "item number is missing", "/roadmap done 12", id="roadmap done: no number"),
    case("/roadmap done two", "not a whole number", id="roadmap done: a word"),
    case("/roadmap done 0", "from 1 to 1000", id="roadmap done: zero"),
    case("/roadmap done 3", "no roadmap yet", id="roadmap done: none yet"),
    case(f"/roadmap done {BIG}", "not a whole number", id="roadmap done: 10,000 chars"),
    case("/roadmap undo -1", "from 1 to 1000", id="roadmap undo: negative"),
    case("/roadmap undo 1 2", "more words than expected", id="roadmap undo: two numbers"),
    case("/roadmap accept", "suggestion number is missing", id="roadmap accept: no number"),
    case("/roadmap accept 99", "from 1 to 20", id="roadmap accept: out of range"),
    case("/roadmap accept 1", "no roadmap yet", id="roadmap accept: none yet"),
    case('/session plan "Mine" mon 10:00 1h', "Only an instructor of", id="session plan: a student"),
    case('@prof /session plan "@everyone" tue 19:00 90m', "cannot contain @", id="session plan: mention"),
    case(f'@prof /session plan "{BIG}" tue 19:00 90m', "keep it to 80", id="session plan: 10,000 chars"),
    case('@prof /session plan "Ok" someday 19:00 90m', "not a day of the week", id="session plan: bad day"),
    case('@prof /session plan "Ok" tue 31:00 90m', "not a time of day", id="session plan: bad time"),
    case(f'@prof /session plan "Ok" tue 19:00 {BIG}', "not a length", id="session plan: huge length"),
    case('@prof /session plan "Ok" tue 19:00 90m room=#a!b', "A room is", id="session plan: bad room"),
    case("/session plans all", "more words than expected", id="session plans: extra word"),
    case("/session unplan 1", "Only an instructor of", id="session unplan: a student"),
    case("/session rsvp 1", "There is no session 1; none are planned yet", id="session rsvp: none planned"),
    case(f"/session unrsvp {BIG}", "not a whole number", id="session unrsvp: 10,000 chars"),
    case("/goal import", "No file came", "/goal import FILE", id="goal import: no file"),
    case(f"/goal import {UPLOADS / 'no-goals.md'}", "no goals under a horizon", id="goal import: no goals"),
    case(f"/goal import {UPLOADS / 'image.png'}", "not a text file", id="goal import: binary"),
    case(
        f"@bob /goal import {UPLOADS.parent / 'seeds' / '000_2a60672d2bdce059.txt'}",
        "not in a cohort",
        id="goal import: not a member",
    ),
    # ---- exports and erasure ---------------------------------------------------------------
    case("/plan export @ada extra", "more words than expected", id="plan export: extra word"),
    case(
        "/plan export @prof",
        "Only an instructor",
        "your own is /plan export",
        id="plan export @: by a student",
    ),
    case("@prof /plan export @nobody", "nobody called 'nobody'", id="plan export @: unknown member"),
    case("@prof /plan export @zed", "nobody called 'zed'", id="plan export @: member of another cohort"),
    case(
        "@zed /plan export @ada",
        f"nobody called 'ada' in {OTHER}",
        id="plan export @: another cohort's instructor",
    ),
    case("@prof /plan export @bob", "nobody called 'bob'", id="plan export @: in no cohort"),
    case("@prof /plan export @everyone", "nobody called 'everyone'", id="plan export @: @everyone"),
    case("@prof /plan export <@&123>", "nobody called", id="plan export @: a role mention"),
    case("@prof /plan export @", "Name the member", "/plan export @ada", id="plan export @: a bare @"),
    case(f"@prof /plan export {BIG}", "nobody called", id="plan export @: 10,000-char member"),
    case("@prof /plan export @ada @ada", "more words than expected", id="plan export @: two members"),
    case("@prof /plan export @ada as=pdf", "does not take", id="plan export @: unknown option"),
    case("@bob /plan export", "not in a cohort yet", id="plan export: not a member"),
    case("@prof /plan export", "no plan or skills to export yet", id="plan export: nothing to export"),
    case("/me export extra", "more words than expected", id="me export: extra word"),
    case("@bob /me export", "not in a cohort yet", id="me export: not a member"),
    case("/me delete confirm=nope", "must be your cohort's name", id="me delete: wrong confirmation"),
    case("/me delete confirm=", "must be your cohort's name", id="me delete: empty confirmation"),
    case(f"/me delete confirm={BIG}", "must be your cohort's name", id="me delete: 10,000-char confirmation"),
    case("/me delete now", "more words than expected", id="me delete: extra word"),
    case(
        f"/me delete confirm={OTHER} cohort={OTHER}", f"not in cohort {OTHER}", id="me delete: other cohort"
    ),
    case("/export", "Only an instructor", id="export: by a student"),
    case("@prof /export extra", "more words than expected", id="export: extra word"),
    case(f"@prof /export cohort={OTHER}", f"not in cohort {OTHER}", id="export: another cohort"),
    case("/export deliverables", "Only an instructor", id="export deliverables: by a student"),
    case("@bob /export deliverables", "not in a cohort yet", id="export deliverables: not a member"),
    case("@prof /export deliverables all", "more words than expected", id="export deliverables: extra word"),
    case("@prof /export deliverables as=pdf", "does not take", id="export deliverables: unknown option"),
    case(
        f"@prof /export deliverables cohort={OTHER}",
        f"not in cohort {OTHER}",
        id="export deliverables: another cohort",
    ),
    case(
        f"@prof /export deliverables cohort={BIG}",
        "no cohort called",
        id="export deliverables: 10,000-char cohort",
    ),
    # ---- /cohort instructor, and the last instructor ---------------------------------------
    case(
        "/cohort instructor add @ada",
        "Only an instructor",
        "add instructors",
        id="instructor add: by a student",
    ),
    case("@bob /cohort instructor add @ada", "not in a cohort yet", id="instructor add: not a member"),
    case(
        "@prof /cohort instructor add",
        "Name the member",
        "/cohort instructor add @ada",
        id="instructor add: nobody",
    ),
    case("@prof /cohort instructor add @", "Name the member", id="instructor add: a bare @"),
    case(
        "@prof /cohort instructor add @nobody", "nobody called 'nobody'", id="instructor add: unknown member"
    ),
    case(
        "@prof /cohort instructor add @zed",
        "nobody called 'zed'",
        id="instructor add: member of another cohort",
    ),
    case("@prof /cohort instructor add @bob", "nobody called 'bob'", id="instructor add: in no cohort"),
    case(
        "@prof /cohort instructor add @prof",
        "You are already an instructor",
        "/cohort show",
        id="instructor add: oneself",
    ),
    case(
        "@prof /cohort instructor add @everyone", "nobody called 'everyone'", id="instructor add: @everyone"
    ),
    case(f"@prof /cohort instructor add {BIG}", "nobody called", id="instructor add: 10,000-char member"),
    case(
        "@prof /cohort instructor add @ada @ada", "more words than expected", id="instructor add: two members"
    ),
    case(
        "@prof /cohort instructor add @ada role=admin", "does not take", id="instructor add: unknown option"
    ),
    case(
        "@zed /cohort instructor add @ada",
        f"nobody called 'ada' in {OTHER}",
        id="instructor add: other cohort's instructor",
    ),
    case("/cohort instructor remove @prof", "Only an instructor", id="instructor remove: by a student"),
    case("@prof /cohort instructor remove", "Name the member", id="instructor remove: nobody"),
    case("/cohort instructor remove", "Only an instructor", id="instructor remove: a student naming nobody"),
    case(
        "@prof /cohort instructor remove @ada",
        "ada is not an instructor",
        "/cohort show",
        id="instructor remove: a student",
    ),
    case("@prof /cohort instructor remove @nobody", "nobody called", id="instructor remove: unknown member"),
    case(
        "@prof /cohort instructor remove @prof",
        "You are the last instructor",
        "add another instructor first",
        id="instructor remove: the last one, oneself",
    ),
    case(
        f"@prof /cohort instructor remove {BIG}", "nobody called", id="instructor remove: 10,000-char member"
    ),
    case(
        "@prof /me delete",
        "last instructor",
        "add another instructor first",
        id="me delete: the last instructor",
    ),
    case(
        f"@prof /me delete confirm={COHORT}",
        "last instructor",
        "/cohort instructor add @member",
        id="me delete: the last instructor, confirmed",
    ),
    # ---- /session (focus timers) -------------------------------------------------------------
    case("/session start", "The track is missing", "/session start dsa 50m", id="session start: no track"),
    case("/session start dsa 50", "has no unit", "50m", id="session start: bare number"),
    case("/session start dsa 6h", "from 5m to 4h", id="session start: too long"),
    case(f"/session start dsa {BIG}", "is not a length of time", id="session start: 10,000-char length"),
    case("/session start dsa cycles=0", "from 1 to 12", id="session start: no cycles"),
    case("/session start dsa cycles=2 break=2h", "from 1m to 1h", id="session start: long break"),
    case("/session start dsa break=5m", "cycles= of 2 or more", id="session start: break alone"),
    case("/session start @everyone", "A track must be", id="session start: mention as track"),
    case("/session start dsa skill=Cooking", "Cooking", id="session start: unknown skill"),
    case("/session stop now", "more words than expected", id="session stop: extra word"),
    case("/session stop", "no focus session running", "/session start", id="session stop: nothing running"),
    case("/session status all", "more words than expected", id="session status: extra word"),
    case("/session log", "no focus session waiting", id="session log: nothing waiting"),
    case("/session keep", "no focus session waiting", id="session keep: nothing waiting"),
    case("/session discard x=1", "does not take", id="session discard: an option"),
    # ---- /reflect, /reflections, /reply, /cohort reflection --------------------------------
    case("/reflect nope=1", "does not take the option", id="reflect: unknown option"),
    case('/reflect done=""', "at least one answer", "/reflect done=", id="reflect: only an empty answer"),
    case("/reflect q5=x", "is not a question", "q1 to q3", id="reflect: a question the cohort lacks"),
    case(f"/reflect done={BIG}", "10,000 characters long", "1,000", id="reflect: 10,000-char answer"),
    case("/reflect extra words", "more words than expected", id="reflect: unquoted words"),
    case("/reflect done=a q1=b", "Two answers were given", id="reflect: one question twice"),
    case("/reflect resolved=maybe", "not a choice for resolved=", id="reflect: resolved=maybe"),
    case("/reflect resolved=yes", "named no blocker", id="reflect: no blocker to resolve"),
    case("/reflect resolved=yes done=x", "on its own", id="reflect: resolved with answers"),
    case("/reflect show", "have not written a reflection", "/reflect", id="reflect show: none yet"),
    case("/reflect show week=soon", "is not a week", id="reflect show: bad week"),
    case("/reflect show week=2030-W01", "has not begun", id="reflect show: future week"),
    case(f"/reflect show week={BIG}", "is not a week", id="reflect show: 10,000-char week"),
    case("/reflect share", "have not written a reflection", id="reflect share: none yet"),
    case("/reflections", "Only an instructor", id="reflections: a student"),
    case("@prof /reflections week=1999-W01", "before the cohort began", id="reflections: before the cohort"),
    case("@prof /reflections all", "more words than expected", id="reflections: extra word"),
    case(f"@zed /reflections cohort={COHORT}", "not in cohort", id="reflections: another cohort's"),
    case('/reply @ada "hi"', "Only an instructor", id="reply: a student"),
    case("@prof /reply", "The student is missing", id="reply: nothing"),
    case("@prof /reply @ada", "The reply is missing", id="reply: no text"),
    case('@prof /reply @ada "hi"', "has not named a blocker", id="reply: no blocker"),
    case(f'@prof /reply @ada "{BIG}"', "10,000 characters long", "1,500", id="reply: 10,000-char reply"),
    case('@prof /reply @nobody "hi"', "nobody called 'nobody'", id="reply: unknown student"),
    case('@prof /reply @prof "hi"', "is not a student of", id="reply: an instructor"),
    case('@prof /reply <@&1> "hi"', "nobody called", id="reply: role mention"),
    case(
        '@zed /reply @ada "hi"', "nobody called 'ada' in Other-Cohort", id="reply: another cohort's student"
    ),
    case('@prof /reply @ada "   "', "empty", id="reply: blank text"),
    case("/cohort reflection off", "Only an instructor", id="cohort reflection: a student"),
    case("@prof /cohort reflection", "Give either", id="cohort reflection: nothing"),
    case("@prof /cohort reflection maybe", "takes reset, off, on", id="cohort reflection: unknown word"),
    case('@prof /cohort reflection off questions="a"', "Give either", id="cohort reflection: both"),
    case('@prof /cohort reflection questions=""', "Give the questions", id="cohort reflection: empty"),
    case('@prof /cohort reflection questions="a|b|c|d|e|f"', "6 questions", id="cohort reflection: six"),
    case('@prof /cohort reflection questions="a||b"', "Question 2 is empty", id="cohort reflection: a gap"),
    case(
        '@prof /cohort reflection questions="next: a | Next: b"',
        "start with next:",
        id="cohort reflection: a role twice",
    ),
    case(
        f'@prof /cohort reflection questions="{BIG}"', "keep each question to 45", id="cohort reflection: big"
    ),
    # ---- /help -----------------------------------------------------------------------------
    case("/help nope", "no command /nope", "/help", id="help: unknown command"),
    case(f"/help {BIG}", "no command", id="help: 10,000-char command"),
]


def _command_of(line: str) -> str | None:
    text = line.split(" ", 1)[1] if line.startswith("@") and " " in line else line
    spec, _ = find_command(text.lstrip("/").split())
    return spec.name if spec else None


def test_the_table_has_cases_for_every_command() -> None:
    covered = {_command_of(str(param.values[0])) for param in CASES}
    assert [spec.name for spec in COMMANDS if spec.name not in covered] == []


@pytest.mark.parametrize(("line", "says"), CASES)
async def test_bad_input_is_one_clear_sentence_and_writes_nothing(
    world: Console, stride: Stride, line: str, says: tuple[str, ...]
) -> None:
    before = await seeded_snapshot(world, stride)
    reply = await world.say(line if line.startswith("@") or not line.strip() else f"@ada {line}")
    assert not reply.ok, f"{line[:80]!r} should have failed but said:\n{reply.text()[:500]}"
    message = assert_one_clear_sentence(reply.error, line)
    for words in says:
        assert words in message, f"{words!r} not in {message!r}"
    assert reply.text().startswith("✗ ")
    assert await snapshot(world, stride) == before


# ---- hostile text that is valid: stored and shown verbatim, never treated as syntax ----------

HOSTILE = [
    pytest.param("@everyone", id="@everyone"),
    pytest.param("@here <@&123> <@!456> <#789>", id="discord mentions"),
    pytest.param("<!channel> <!here|here> <@U123ABC>", id="slack mentions"),
    pytest.param("🔥📚 👩🏽‍💻 study time ✅", id="emoji with joiners"),
    pytest.param("تعلم الآلة للجميع", id="RTL text"),
    pytest.param("'; DROP TABLE skills; --", id="SQL-ish"),
    pytest.param("Robert'); DROP TABLE goals;--", id="bobby tables"),
    pytest.param("$(whoami) `id` ${HOME} %s {0} \\n", id="shell and format syntax"),
    pytest.param("**bold** _it_ ~~no~~ ||spoiler|| > quote", id="markdown"),
]


def _written(reply: Reply) -> dict[str, Any]:
    assert reply.ok, reply.error
    assert reply.view is not None
    return reply.view.model_dump(mode="json")


@pytest.mark.parametrize("text", HOSTILE)
async def test_hostile_text_is_kept_verbatim(world: Console, stride: Stride, text: str) -> None:
    say = world.say
    goals = _written(await say(f'@ada /goal add long "{text}"'))
    assert goals["goals"][-1]["text"] == text
    assert text in (await say("@ada /goal list")).text()

    skills = _written(
        await say(f'@ada /skill add "{text}" general priority=3 current=0 target=1 notes="{text}"')
    )
    added = [s for s in skills["skills"] if s["name"] == text]
    assert len(added) == 1
    assert added[0]["notes"] == text
    assessed = _written(await say(f'@ada /skill assess "{text}" 1 note="{text}"'))
    assert any(s["name"] == text and s["current"] == 1 for s in assessed["skills"])
    assert text in (await say("@ada /skill list")).text()

    plan = _written(await say(f'@ada /plan set B position="{text}" industry="{text}"'))
    assert {"slot": "B", "position": text, "industry": text, "rationale": None} in plan["plans"]
    plan = _written(await say(f'@ada /plan set A rationale="{text}"'))
    assert plan["plans"][0]["rationale"] == text
    assert text in (await say("@prof /plan show @ada")).text()

    _written(await say(f'@ada /checkin 45m dsa "{text}"'))
    _written(await say(f'@ada /checkin 30m reading note="{text}"'))
    listed = _written(await say("@ada /checkin list"))
    assert [row["note"] for row in listed["rows"][:2]] == [text, text]
    assert f"“{text}”" in (await say("@ada /checkin list")).text()
    async with stride.engine.connect() as connection:
        notes = (await connection.execute(select(metadata.tables["checkins"].c.note))).scalars().all()
        tables = (await connection.execute(select(metadata.tables["skills"].c.name))).scalars().all()
    assert notes.count(text) == 2
    assert "SQL for ETL" in tables  # and, of course, nothing was dropped


@pytest.mark.parametrize(
    ("line", "stored"),
    [
        ("/goal add long @everyone please <!channel>", "@everyone please <!channel>"),
        ("/goal add long '; DROP TABLE skills; --", "'; DROP TABLE skills; --"),
        (
            "/goal add short I'm going to learn Rust's borrow checker",
            "I'm going to learn Rust's borrow checker",
        ),
        ("/goal add short <@&123> 🔥 تعلم", "<@&123> 🔥 تعلم"),
    ],
    ids=["mentions", "SQL-ish", "apostrophes", "mixed"],
)
async def test_unquoted_hostile_words_are_text_too(world: Console, line: str, stored: str) -> None:
    goals = _written(await world.say(f"@ada {line}"))
    assert goals["goals"][-1]["text"] == stored


# ---- property: any line gets a reply or a clear error (never the unexpected-error path),
# ---- and a line that fails writes nothing ------------------------------------------------

_VOCABULARY = [
    "0", "1", "-1", "3", "6", "25", "1.5", "2,5", "abc", "nan", "inf", "1e9", "1h30m", "90m", "1:30",
    "1:75", "24h", "5-7", "7-5", "dsa", "reading", "DSA!", "general", "specific", "g", "A", "B", "C",
    "short", "medium", "long", '"SQL for ETL"', "SQL for ETL", '"Docker"', "yesterday", "today",
    "2026-11-17", "2026-02-30", "on", "off", "show", "hide", "week", "month", "@ada", "@prof",
    "Europe/Berlin", "berlin", COHORT, OTHER, "'", '"', "ß" * 40, "@everyone", "<!channel>", "—", "=",
]  # fmt: skip
_OPTIONS = [
    "priority", "current", "target", "notes", "note", "date", "skill", "per", "until", "tz", "timezone",
    "channel", "horizon", "step_hours", "default_hours", "term_start", "term_end", "cohort", "position",
    "industry", "rationale", "priorty",
]  # fmt: skip
_COMMAND_WORDS = sorted({" ".join(spec.path[:n]) for spec in COMMANDS for n in range(1, len(spec.path) + 1)})

_free_text = st.text(max_size=40)
_word = st.one_of(
    st.sampled_from(_VOCABULARY),
    st.builds(lambda key, value: f"{key}={value}", st.sampled_from(_OPTIONS), st.sampled_from(_VOCABULARY)),
    st.builds(lambda key, value: f'{key}="{value}"', st.sampled_from(_OPTIONS), _free_text),
    _free_text.map(lambda text: f'"{text}"'),
    _free_text,
)
_command_line = st.builds(
    lambda who, command, words: f"{who}/{command} {' '.join(words)}",
    st.sampled_from(["", "@ada ", "@prof ", "@bob ", "@zed "]),
    st.sampled_from(_COMMAND_WORDS),
    st.lists(_word, max_size=6),
)
lines = st.one_of(st.text(max_size=300), _command_line)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(line=lines)
@example(line="@a\x00b /me")
@example(line='@ada /skill add "' + "ß" * 99 + '" general priority=1 current=1 target=3')
@example(line="@bob /cohort create " + "ﬃ" * 30)
@example(line='/cohort show "a\nb"')
@example(line='@ada /skill update "a\u2028b" current=2')
@example(line="\ud800 /help")
async def test_any_line_gets_a_reply_or_a_clear_error(world: Console, stride: Stride, line: str) -> None:
    before = await dump_tables(stride.engine)
    reply = await world.say(line)
    if reply.ok:
        assert reply.view is not None
    else:
        assert reply.error
        assert UNEXPECTED not in reply.error, f"{line!r}: {reply.error}"
        assert "\n" not in reply.error, reply.error
        assert len(reply.error) < 300, reply.error
        assert await dump_tables(stride.engine) == before, f"{line!r} failed but wrote"
    assert reply.text()
    assert reply.json()
