"""Two examples of every command, and the order /help lists the commands in.

Kept apart from the handlers so that a command's grammar (its ``@command`` usage line) and
what /help shows beside it can change independently. Every command in the table must have
exactly two examples here (tests/console/test_help.py iterates the table), and each example
must be a command line the dispatcher reads as that command with options it accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

EXAMPLES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        # Getting started
        "cohort join": ("/cohort join ML-Fall-2026", '/cohort join "Data Eng 2027"'),
        "plan set": (
            '/plan set A position="ML engineer" industry="health tech" rationale="I like applied work"',
            '/plan set B position="Data analyst" industry=fintech',
        ),
        "skill add": (
            '/skill add "SQL" specific priority=1 current=1 target=3 ease=easy',
            '/skill add "Public speaking" general priority=3 current=2 target=3 notes="meetups"',
        ),
        "budget set": ("/budget set dsa 5-7 per=month", "/budget set reading 1 book every 3 months"),
        "checkin": ('/checkin 1h30m dsa "two graph problems" skill=3', '/checkin 1 book reading "Dune"'),
        "checkin list": ("/checkin list", "/checkin list month"),
        "checkin undo": ("/checkin undo", "/checkin undo cohort=ML-Fall-2026"),
        "checkin remove": ("/checkin remove 2", "/checkin remove 1"),
        "checkin edit": ("/checkin edit 1 hours=45m", "/checkin edit 3 date=yesterday track=project"),
        # Plan and skills
        "plan show": ("/plan show", "/plan show @ada"),
        "plan check": ("/plan check", "/plan check @ada"),
        "plan chart": ("/plan chart", "/plan chart cohort=ML-Fall-2026"),
        "plan export": ("/plan export", "/plan export @ada"),
        "skill list": ("/skill list", "/skill list cohort=ML-Fall-2026"),
        "skill assess": ('/skill assess "SQL" 3', '/skill assess 3 4 note="finished the course"'),
        "skill update": ('/skill update "SQL" target=4', "/skill update 3 priority=1 current=2"),
        "skill remove": ('/skill remove "Public speaking"', "/skill remove 7"),
        # Hours and progress
        "budget show": ("/budget show", "/budget show cohort=ML-Fall-2026"),
        "budget remove": ("/budget remove dsa", "/budget remove reading"),
        "progress": ("/progress", "/progress month"),
        "progress chart": ("/progress chart", "/progress chart cohort=ML-Fall-2026"),
        "streak": ("/streak", "/streak cohort=ML-Fall-2026"),
        # Weekly reflection
        "reflect": (
            '/reflect done="two graph problems" next="6h dsa, 2h project" blocked="recursion"',
            "/reflect",
        ),
        "reflect show": ("/reflect show", "/reflect show week=last"),
        "reflect share": ("/reflect share", "/reflect share week=2026-W49"),
        # Study sessions
        "session start": ("/session start dsa 50m skill=3", "/session start reading 25m cycles=4 break=5m"),
        "session status": ("/session status", "/session status cohort=ML-Fall-2026"),
        "session stop": ("/session stop", "/session stop cohort=ML-Fall-2026"),
        "session log": ("/session log", "/session log cohort=ML-Fall-2026"),
        "session keep": ("/session keep", "/session keep cohort=ML-Fall-2026"),
        "session discard": ("/session discard", "/session discard cohort=ML-Fall-2026"),
        # Roadmap and goals
        "roadmap import": ("/roadmap import roadmap.md", "/roadmap import roadmap.md mode=merge"),
        "roadmap show": ("/roadmap show", "/roadmap show cohort=ML-Fall-2026"),
        "roadmap done": ("/roadmap done 12", "/roadmap done 3"),
        "roadmap undo": ("/roadmap undo 12", "/roadmap undo 3"),
        "roadmap accept": ("/roadmap accept 1", "/roadmap accept 2"),
        "goal add": ('/goal add short "Ship a portfolio project"', '/goal add long "Lead an ML team"'),
        "goal list": ("/goal list", "/goal list cohort=ML-Fall-2026"),
        "goal remove": ("/goal remove 2", "/goal remove 1"),
        "goal done": ("/goal done 1", "/goal done 3"),
        "goal undo": ("/goal undo 1", "/goal undo 3"),
        "goal import": ("/goal import goals.md", "/goal import my-goals.txt"),
        # The cohort
        "cohort create": ("/cohort create ML-Fall-2026 tz=Europe/Berlin", '/cohort create "Data Eng 2027"'),
        "cohort show": ("/cohort show", "/cohort show cohort=ML-Fall-2026"),
        "cohort set": (
            "/cohort set horizon=40 default_hours=8",
            "/cohort set term_start=2026-09-07 term_end=2026-12-18",
        ),
        "leaderboard": ("/leaderboard streak term", "/leaderboard hours week=last"),
        "digest": ("/digest", "/digest week=2026-W47"),
        "reflections": ("/reflections", "/reflections week=2026-W49"),
        "reply": (
            '/reply @ada "Try the two-pointer chapter first"',
            '/reply ada "Let\'s pair on it Tuesday"',
        ),
        "cohort reflection": (
            "/cohort reflection questions=\"Done: What did you ship? | Next: What's your plan? | "
            'Blocked: Any blockers? | What did you learn?"',
            "/cohort reflection reset",
        ),
        "export": ("/export", "/export cohort=ML-Fall-2026"),
        "export deliverables": ("/export deliverables", "/export deliverables cohort=ML-Fall-2026"),
        "cohort instructor add": ("/cohort instructor add @grace", "/cohort instructor add grace"),
        "cohort instructor remove": ("/cohort instructor remove @grace", "/cohort instructor remove grace"),
        # Group sessions
        "session plan": (
            '/session plan "DSA night" tue 19:00 90m room=#dsa-room',
            '/session plan "Mock interviews" sat 10:30 2h',
        ),
        "session plans": ("/session plans", "/session plans cohort=ML-Fall-2026"),
        "session unplan": ("/session unplan 1", "/session unplan 2"),
        "session rsvp": ("/session rsvp 1", "/session rsvp 2"),
        "session unrsvp": ("/session unrsvp 1", "/session unrsvp 2"),
        # You
        "me": ("/me", "/me cohort=ML-Fall-2026"),
        "me timezone": ("/me timezone Europe/Berlin", "/me timezone America/New_York"),
        "me pause": ("/me pause until=2026-12-31", "/me pause until=2027-01-06"),
        "me resume": ("/me resume", "/me resume cohort=ML-Fall-2026"),
        "me dms": ("/me dms off", "/me dms on"),
        "me leaderboard": ("/me leaderboard hide", "/me leaderboard show"),
        "me voice": ("/me voice off", "/me voice on"),
        "me reminders": ("/me reminders day=sun time=19:00", "/me reminders time=off"),
        "me quiet": ("/me quiet 23:00-07:00", "/me quiet off"),
        "me snooze": ("/me snooze 1d", "/me snooze off"),
        "me export": ("/me export", "/me export cohort=ML-Fall-2026"),
        "me delete": ("/me delete", "/me delete confirm=ML-Fall-2026"),
        "dashboard": ("/dashboard", "/dashboard cohort=ML-Fall-2026"),
        "dashboard signout-all": ("/dashboard signout-all", "/dashboard signout-all cohort=ML-Fall-2026"),
        "help": ("/help", "/help skill assess"),
    }
)

GETTING_STARTED = ("cohort join", "plan set", "skill add", "budget set", "checkin")
"""What a new student does first, in order: /help lists these before everything else."""

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Plan and skills", ("plan", "skill")),
    ("Hours and progress", ("budget", "checkin", "checkins", "progress", "streak")),
    ("Weekly reflection", ("reflect",)),
    ("Study sessions", ("session",)),
    ("Roadmap and goals", ("roadmap", "goal")),
    ("Study sessions", ("session",)),
    ("The cohort (instructors)", ("cohort", "leaderboard", "digest", "export", "reflections", "reply")),
    ("You", ("me", "dashboard", "help")),
)
"""The rest of /help, grouped by the command's first word; a command in none of these is
listed last under "More"."""

FIRST_GROUP = "Getting started"
LAST_GROUP = "More"


def group_of(path: tuple[str, ...]) -> str:
    """The /help heading a command is listed under."""
    if " ".join(path) in GETTING_STARTED:
        return FIRST_GROUP
    return next((title for title, words in GROUPS if path[0] in words), LAST_GROUP)


def help_order(path: tuple[str, ...]) -> tuple[int, int]:
    """Sort key: getting-started commands first in their order, then each group in turn, in
    the order of this module's table (a command missing from it comes last in its group)."""
    name = " ".join(path)
    if name in GETTING_STARTED:
        return 0, GETTING_STARTED.index(name)
    titles = [title for title, _ in GROUPS]
    title = group_of(path)
    return 1 + (titles.index(title) if title in titles else len(titles)), _POSITION.get(name, len(_POSITION))


_POSITION = {name: position for position, name in enumerate(EXAMPLES)}
