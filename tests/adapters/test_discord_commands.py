"""Every slash command of the tree, sent by a person through the fake Discord to the real
``StrideDiscord``: each one answers successfully, personal replies are ephemeral (flags 64),
the leaderboard and the cohort announcement are public, and nothing ever pings.

The table below must hold a case for every command ``client.tree.walk_commands()`` yields
(the guard test), so a command added later without an end-to-end case fails the suite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast

import pytest
from discord import app_commands

from bot.discord.client import StrideDiscord
from core.bootstrap import Stride
from core.clock import FixedClock
from core.services import reflections
from core.services.context import ServiceContext
from tests.adapters.discord_support import COHORT, EPHEMERAL, App, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import FileUpload, User

Step = tuple[str, list[str], dict[str, Any]]
ROADMAP = FileUpload(
    "roadmap.md", b"## Phase 1 (Next 3 months)\n- [ ] Learn SQL\n- [x] Git, 2 hours per week\n"
)
GOALS = FileUpload(
    "goals.md", b"---\nvisibility: on_request\n---\n## Short-Term Goals\n- Ship a model\n- Mentor\n"
)
IMPORTED: list[Step] = [("ada", ["roadmap", "import"], {"file": ROADMAP})]
START: Step = ("ada", ["session", "start"], {"track": "dsa"})


@dataclass(frozen=True)
class Case:
    who: str  # "prof" (the cohort's instructor), "ada" (a student) or "bob" (in no cohort)
    path: list[str]
    options: dict[str, Any] = field(default_factory=dict)
    says: str = ""
    public: bool = False
    before: list[Step] = field(default_factory=list)
    may_defer: bool = False
    """A chart drawn by a worker that is still starting may take past the 2 s Discord
    allows; the bot then defers and answers in a followup."""
    later: int = 0
    """Minutes the clock moves on after ``before`` (a focus timer that has ended)."""
    reflected: bool = False
    """ada has answered this week's reflection (a modal's answer, written through the service)."""

    @property
    def name(self) -> str:
        return " ".join(self.path)


PLAN_OPTIONS: dict[str, Any] = {"title": "DSA night", "day": "tue", "start": "19:00", "length": "90m"}
PLANNED: Step = ("prof", ["session", "plan"], PLAN_OPTIONS)

CASES = [
    Case("bob", ["cohort", "create"], {"name": "Second-Cohort", "tz": "UTC"}, "Created cohort", public=True),
    Case("bob", ["cohort", "join"], {"name": COHORT}, f"Welcome to {COHORT}"),
    Case("ada", ["cohort", "show"], {}, COHORT),
    Case(
        "prof",
        ["cohort", "set"],
        {
            "timezone": "Europe/Paris",
            "channel": "#general",
            "horizon": 40,
            "step_hours": "5,15,40,100,200",
            "default_hours": "6",
            "term_start": "2026-09-01",
            "term_end": "2027-06-30",
            "focus": "Graphs",
        },
        "Updated",
    ),
    Case(
        "prof", ["cohort", "schedule"], {"kind": "digest", "enabled": True, "cron": "0 8 * * tue"}, "Updated"
    ),
    Case(
        "ada",
        ["plan", "set"],
        {"slot": "B", "position": "Data Engineer", "industry": "Health", "rationale": "Pipelines"},
        "Saved plan B",
    ),
    Case("ada", ["plan", "show"], {}, "ML Engineer"),
    Case("prof", ["plan", "show"], {"member": "@ada"}, "ML Engineer"),
    Case("ada", ["plan", "check"], {}, "SQL"),
    Case("ada", ["plan", "chart"], {}, "1 skill: 0 at target", may_defer=True),
    Case(
        "ada",
        ["skill", "add"],
        {"name": "Python", "kind": "specific", "priority": 2, "current": 2, "target": 4, "notes": "pandas"},
        "Added specific skill Python",
    ),
    Case("ada", ["skill", "update"], {"name": "SQL", "priority": 2, "target": 4, "notes": "joins"}, "SQL"),
    Case("ada", ["skill", "remove"], {"name": "SQL"}, "SQL"),
    Case("ada", ["skill", "list"], {}, "SQL"),
    Case("ada", ["skill", "assess"], {"name": "SQL", "level": 2, "note": "better"}, "SQL"),
    Case("ada", ["budget", "set"], {"track": "reading", "hours": "4", "per": "month"}, "reading"),
    Case("ada", ["budget", "set"], {"track": "dsa", "hours": "5-7", "skill": "sql"}, "count toward SQL"),
    Case("ada", ["budget", "set"], {"track": "dsa", "hours": "5-7", "skill": "none"}, "linked to no skill"),
    Case("ada", ["budget", "remove"], {"track": "dsa"}, "dsa"),
    Case("ada", ["budget", "show"], {}, "dsa"),
    Case(
        "ada",
        ["checkin"],
        {"hours": "1h30m", "track": "dsa", "note": "graphs", "date": "yesterday", "skill": "SQL"},
        "dsa",
    ),
    Case("ada", ["checkins", "list"], {"period": "month"}, "1. "),
    Case("ada", ["checkins", "undo"], {}, "Removed your last check-in: 1h of dsa"),
    Case("ada", ["checkins", "remove"], {"number": 1}, "Removed check-in 1: 1h of dsa"),
    Case(
        "ada",
        ["checkins", "edit"],
        {"number": 1, "hours": "2h", "date": "yesterday", "track": "dsa"},
        "Changed check-in 1: 1h of dsa",
    ),
    Case("ada", ["progress"], {"period": "month"}, "dsa"),
    Case("ada", ["progress"], {"chart": True}, "this week, under your 5h–7h band", may_defer=True),
    Case("ada", ["streak"], {}, "treak"),
    Case("ada", ["goal", "add"], {"horizon": "long", "text": "Lead a team"}, "Lead a team"),
    Case("ada", ["goal", "list"], {}, "Ship a model"),
    Case("ada", ["goal", "remove"], {"number": 1}, "Removed goal 1"),
    Case("ada", ["goal", "done"], {"number": 1}, "Goal 1 achieved"),
    Case(
        "ada",
        ["goal", "undo"],
        {"number": 1},
        "Goal 1 is open again",
        before=[("ada", ["goal", "done"], {"number": 1})],
    ),
    Case("ada", ["me", "show"], {}, "Ada"),
    Case("ada", ["me", "timezone"], {"zone": "Asia/Tokyo"}, "Asia/Tokyo"),
    Case("ada", ["me", "pause"], {"until": "2026-12-01"}, "Paused until"),
    Case(
        "ada",
        ["me", "resume"],
        {},
        "Welcome back",
        before=[("ada", ["me", "pause"], {"until": "2026-12-01"})],
    ),
    Case("ada", ["me", "dms"], {"enabled": False}, "will not send you direct messages"),
    Case("ada", ["me", "leaderboard"], {"visible": False}, "eaderboard"),
    Case("ada", ["me", "voice"], {"enabled": False}, "no longer counts for you"),
    Case("ada", ["leaderboard"], {"metric": "hours", "period": "week"}, "Ada", public=True),
    Case("ada", ["leaderboard"], {"metric": "streak"}, "Streak", public=True),
    Case("ada", ["leaderboard"], {"metric": "roadmap"}, "Roadmap", public=True, before=IMPORTED),
    Case("prof", ["digest"], {}, "Ada", may_defer=True),
    Case("ada", ["roadmap", "import"], {"file": ROADMAP}, "Imported your roadmap: 1 phase, 2 items, 1 done"),
    Case("ada", ["roadmap", "import"], {"file": ROADMAP, "mode": "merge"}, "Merged", before=IMPORTED),
    Case("ada", ["roadmap", "show"], {}, "Learn SQL", before=IMPORTED),
    Case("ada", ["roadmap", "done"], {"number": 1}, "Item 1 is done", before=IMPORTED),
    Case("ada", ["roadmap", "undo"], {"number": 2}, "Item 2 is not done", before=IMPORTED),
    Case("ada", ["roadmap", "accept"], {"number": 1}, "Accepted suggestion 1", before=IMPORTED),
    Case("ada", ["goal", "import"], {"file": GOALS}, "Imported 1 goal (1 short-term"),
    Case("ada", ["plan", "export"], {}, "plan-export.md"),
    Case("prof", ["plan", "export"], {"member": "@ada"}, "plan-export-ada.md (not complete yet"),
    Case("ada", ["me", "export"], {}, "me-export.json"),
    Case("ada", ["me", "delete"], {}, f"confirm={COHORT}"),
    Case("ada", ["me", "delete"], {"confirm": COHORT}, "Erased everything"),
    Case("prof", ["export"], {}, "1 student exported"),
    Case("prof", ["export"], {"what": "deliverables"}, "1 deliverable in ML-Fall-2026-deliverables-"),
    Case("prof", ["cohort", "instructor", "add"], {"member": "@ada"}, "Ada is now an instructor"),
    Case(
        "prof",
        ["cohort", "instructor", "remove"],
        {"member": "@ada"},
        "Ada is no longer an instructor",
        before=[("prof", ["cohort", "instructor", "add"], {"member": "@ada"})],
    ),
    Case("ada", ["help"], {}, "/skill add"),
    Case(
        "ada",
        ["dashboard"],
        {"action": "signout-all"},
        "Signed out of the dashboard everywhere (0 browsers).",
    ),
    Case(
        "ada",
        ["session", "start"],
        {"track": "dsa", "length": "25m", "skill": "SQL", "cycles": 2, "break": "5m"},
        "Focus timer started: 2 × 25m on dsa (skill SQL) with 5m breaks",
    ),
    Case("ada", ["session", "status"], {}, "No session running"),
    Case(
        "ada",
        ["session", "stop"],
        {},
        "Stopped your focus session on dsa: logged 10m",
        before=[START],
        later=10,
    ),
    Case("ada", ["session", "log"], {}, "Logged 50m", before=[START], later=51),
    Case("ada", ["session", "keep"], {}, "Keep going: one more 50m period on dsa", before=[START], later=51),
    Case("ada", ["session", "discard"], {}, "Discarded your focus session on dsa", before=[START]),
    Case("prof", ["session", "plan"], PLAN_OPTIONS, "Planned session 1, DSA night: every Tue at 19:00"),
    Case("ada", ["session", "plans"], {}, "DSA night", before=[PLANNED]),
    Case("prof", ["session", "unplan"], {"number": 1}, "Called off DSA night", before=[PLANNED]),
    Case("ada", ["session", "rsvp"], {"number": 1}, "You're going to DSA night", before=[PLANNED]),
    Case("ada", ["reflect"], {"action": "show"}, "Reflection · Mon 16 Nov – Sun 22 Nov", reflected=True),
    Case("ada", ["reflect"], {"action": "share"}, "Shared your reflection", reflected=True),
    Case("prof", ["reflections"], {"week": "this"}, "1 of 1 student answered.", reflected=True),
    Case(
        "prof",
        ["reply"],
        {"member": "@ada", "text": "Try BFS first"},
        "Your reply to Ada is on its way by DM.",
        reflected=True,
    ),
    Case(
        "prof",
        ["cohort", "reflection"],
        {"questions": "Done: What did you ship? | Next: What's your plan?"},
        "Reflection questions set: 2 of them",
    ),
    Case(
        "ada", ["me", "reminders"], {"day": "sun", "time": "19:00"}, "check-in DM comes on Sundays at 19:00"
    ),
    Case("ada", ["me", "quiet"], {"hours": "23:00-07:00"}, "Quiet hours: 23:00–07:00"),
    Case("ada", ["me", "snooze"], {"for": "1d"}, "Snoozed until Thu 19 Nov 11:00"),
    Case(
        "ada",
        ["session", "unrsvp"],
        {"number": 1},
        "You're no longer going to DSA night",
        before=[PLANNED, ("ada", ["session", "rsvp"], {"number": 1})],
    ),
]


def _leaf_commands() -> list[str]:
    client = StrideDiscord(cast(ServiceContext, None))
    return [c.qualified_name for c in client.tree.walk_commands() if isinstance(c, app_commands.Command)]


def test_the_table_has_a_case_for_every_command() -> None:
    covered = {case.name for case in CASES}
    assert [name for name in _leaf_commands() if name not in covered] == []
    assert len(_leaf_commands()) >= 45  # the tree is really walked (groups are opened)


def _options(app: App, options: dict[str, Any]) -> dict[str, Any]:
    """``"@ada"`` is the user ada, ``"#general"`` the server's channel."""
    people = {"@prof": app.prof, "@ada": app.ada}
    resolved = {}
    for key, value in options.items():
        if isinstance(value, str) and value in people:
            value = people[value]
        elif value == "#general":
            value = app.fake.guild.channel("general")
        resolved[key] = value
    return resolved


def _user(app: App, who: str, bob: User) -> User:
    return {"prof": app.prof, "ada": app.ada, "bob": bob}[who]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.name} {sorted(c.options)}" for c in CASES])
async def test_every_command_answers(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock, case: Case
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        bob = fake_discord.add_user("bob")
        await seed_world(app)
        if case.reflected:
            answers = {"done": "trees", "next": "6h dsa", "blocked": "Docker"}
            await reflections.submit_reflection(app.stride.services, app.actor(app.ada), None, answers)
        for who, path, options in case.before:
            await app.ok(_user(app, who, bob), path, _options(app, options))
        clock.set(clock.now() + timedelta(minutes=case.later))
        reply = await app.ok(_user(app, case.who, bob), case.path, _options(app, case.options))
    assert reply.kind == 4 or (case.may_defer and reply.kind == 5), f"answered in time: {reply.kind}"
    assert case.says in reply.text, reply.text
    if case.public:  # the answer is for the whole channel; a private note may follow it
        assert not int(reply.messages[0].get("flags") or 0) & EPHEMERAL, "this reply is for the whole channel"
        assert all(int(m.get("flags") or 0) & EPHEMERAL for m in reply.messages[1:]), reply.text
    else:
        assert reply.ephemeral, "a personal reply is ephemeral (flags 64)"
    for message in reply.messages:
        assert message["_allowed_mentions"] == {"parse": []}
        assert not message["mention_everyone"]
        assert message["mentions"] == []
        assert message["mention_roles"] == []
