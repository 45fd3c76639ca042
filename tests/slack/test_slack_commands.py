"""Every text command through ``/stride`` on the real Bolt app, signed like Slack signs them.

One class plays out in order: the instructor creates the cohort, students join and use every
command. Each reply is checked for its words and whether it is private (ephemeral) or posted
in the channel. The guard test fails when a command is added without a step here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from core.bootstrap import Stride
from core.services import charts
from core.textcommands import COMMANDS, find_command
from tests.slack.conftest import INSTRUCTOR, SlackClient, until


@dataclass(frozen=True)
class Step:
    user: str
    text: str
    says: str
    public: bool = False
    fails: bool = False
    file: tuple[str, bytes] | None = None
    """Sent as a document in the member's DM with Stride, the text as its message."""


ROADMAP = (
    "roadmap.md",
    b"# Plan\n## Next 6-9 Months\n- [ ] Learn SQL\n- [x] Python basics\n\n5-7 hours per week of DSA\n",
)
GOALS = (
    "goals.md",
    b"---\ntitle: Goals\nvisibility: on_request\n---\n## Short-term (1-2 years)\n- Ship a model\n",
)


SCRIPT = [
    Step(INSTRUCTOR, "cohort create ML-Fall tz=Europe/Berlin", "Created cohort ML-Fall"),
    Step("U1", "cohort join ML-Fall", "Welcome to ML-Fall"),
    Step("U2", "cohort join ML-Fall", "Welcome to ML-Fall"),
    Step("U1", "cohort show", "Cohort ML-Fall"),
    Step(INSTRUCTOR, "cohort set channel=<#C0CLASS|ml-class> focus=Graphs", "C0CLASS"),
    Step("U1", 'plan set A position="ML Engineer" industry="Healthcare" rationale="Models"', "ML Engineer"),
    Step("U1", "plan show", "ML Engineer"),
    Step(INSTRUCTOR, "plan show <@U1|u1>", "ML Engineer"),
    Step("U2", "plan show <@U1|u1>", "Plans are private", fails=True),
    Step("U1", 'skill add "SQL" general priority=1 current=1 target=3', "SQL"),
    Step("U1", 'skill update "SQL" target=4 notes="joins &amp; windows"', "joins &amp; windows"),
    Step("U1", 'skill add "Python" specific priority=2 current=2 target=4', "Python"),
    Step("U1", "skill list", "Python"),
    Step("U1", 'skill assess "Python" 3', "Python"),
    Step("U1", 'skill remove "Python"', "Python"),
    Step("U1", "plan check", "Plan check for u1"),
    Step("U1", "budget set dsa 5-7", "dsa"),
    Step("U1", "budget show", "dsa"),
    Step("U1", 'checkin 1h30m dsa "two graph problems"', "Logged 1h 30m of dsa"),
    Step("U1", "checkin list", "1. "),
    Step("U1", "checkin edit 1 hours=2h", "Changed check-in 1: 1h 30m of dsa"),
    Step("U1", "checkin 20 dsa date=yesterday", "20h logged — for minutes write 20m"),
    Step("U1", "checkin undo", "Removed your last check-in: 20h of dsa"),
    Step("U1", "checkin 1h dsa", "Logged 1h of dsa"),
    Step("U1", "checkin remove 1", "Removed check-in 1: 1h of dsa"),
    Step("U1", "progress", "Progress of u1"),
    Step("U1", "progress chart", "this week"),
    Step("U1", "plan chart", "1 skill: 0 at target"),
    Step("U1", "roadmap import", "drag the file into your direct messages"),
    Step("U1", "roadmap import", "Imported your roadmap", file=ROADMAP),
    Step("U1", "roadmap show", "Learn SQL"),
    Step("U1", "roadmap done 1", "Item 1 is done"),
    Step("U1", "roadmap undo 2", "Item 2 is not done"),
    Step("U1", "roadmap accept 1", "Accepted suggestion 1"),
    Step("U1", "goal import", "Imported 1 goal", file=GOALS),
    Step("U1", "leaderboard roadmap", "1. u1 — 50%", public=True),
    Step("U1", "leaderboard hours", "1. u1 — 2h", public=True),
    Step("U1", "leaderboard week=2026-W47", "1. u1 — 2h", public=True),
    Step("U1", "leaderboard week=2026-W99", "'2026-W99' is not a week", fails=True),
    Step("U1", "leaderboard week=next", "'next' is not a week", fails=True),
    Step("U1", "leaderboard week=1999-W01", "before the cohort began", fails=True),
    Step("U1", "leaderboard week=" + "9" * 5000, "is not a week", fails=True),
    Step("U1", "leaderboard week=<!channel>", "is not a week", fails=True),
    Step(INSTRUCTOR, "digest week=2026-W47", "week 2026-W47 (Mon 16 Nov – Sun 22 Nov)"),
    Step(INSTRUCTOR, "digest week=last", "is before the cohort began", fails=True),
    Step(INSTRUCTOR, "digest week=2999-W01", "has not begun yet", fails=True),
    Step("U1", "plan export", "plan-export.md"),
    Step("U1", "me export", "me-export.json"),
    Step(INSTRUCTOR, "export", "students exported"),
    Step(INSTRUCTOR, "plan export <@U1|u1>", "plan-export-u1.md"),
    Step(INSTRUCTOR, "export deliverables", "2 deliverables in ML-Fall-deliverables-"),
    Step("U1", "streak", "Streak"),
    Step(
        "U1", "session status", "No session running; start a focus timer with /stride session start dsa 50m."
    ),
    Step("U1", "session start dsa 25m", "Focus timer started: 25m on dsa"),
    Step("U1", "session log", "/stride session stop ends it now", fails=True),
    Step("U1", "session keep", "/stride session keep adds a period once it has ended", fails=True),
    Step("U1", "session stop", "under 5 minutes nothing is logged"),
    Step(
        "U1", "session start dsa 1h cycles=2 break=10m", "Focus timer started: 2 × 1h on dsa with 10m breaks"
    ),
    Step("U1", "session discard", "Discarded your focus session on dsa; nothing was logged."),
    Step("U1", 'goal add long "Lead an ML team"', "long-term goal"),
    Step("U1", "goal list", "Lead an ML team"),
    Step("U1", "goal done 2", "Goal 2 achieved"),
    Step("U1", "goal undo 2", "Goal 2 is open again"),
    Step("U1", "goal remove 1", "Removed goal 1"),
    Step("U1", "me", "u1 in ML-Fall"),
    Step("U1", "me timezone America/New_York", "America/New_York"),
    Step("U1", "me pause until=2026-12-01", "2026-12-01"),
    Step("U1", "me resume", "Paused: no"),
    Step("U1", "me dms off", "Direct messages: off"),
    Step("U1", "me leaderboard hide", "Leaderboards: hidden"),
    Step("U1", "me voice off", "Voice study rooms: not counted"),
    Step("U1", "me voice on", "counts again"),
    Step("U1", "me voice maybe", "not a choice", fails=True),
    Step(
        INSTRUCTOR,
        "cohort set voice=<#C0CLASS|ml-class>:dsa",
        "Voice study rooms are a Discord feature",
        fails=True,
    ),
    Step(INSTRUCTOR, "cohort set voice=" + "<!channel>" * 300, "/stride session start TRACK", fails=True),
    Step("U2", "budget set dsa 2", "dsa"),
    Step("U2", "budget remove dsa", "dsa"),
    Step("U1", "leaderboard hours week", "Nobody on the board has logged any hours yet"),  # u1 hidden
    Step("U2", "digest", "instructor", fails=True),
    Step(INSTRUCTOR, "digest", "Digest of ML-Fall"),
    Step("U1", "help", "/stride checkin"),
    Step("U1", "help skill add", "/stride skill add"),
    Step("U1", "cohort instructor add <@U2|u2>", "Only an instructor", fails=True),
    Step(INSTRUCTOR, "cohort instructor add <@U2|u2>", "u2 is now an instructor"),
    Step(INSTRUCTOR, "cohort instructor remove <@U2|u2>", "u2 is no longer an instructor"),
    Step(INSTRUCTOR, 'session plan "DSA night" tue 19:00 90m room=<#C0DSA|dsa-room>', "Planned session 1"),
    Step("U1", 'session plan "Mine" mon 10:00 1h', "Only an instructor", fails=True),
    Step("U1", "session plans", "DSA night"),
    Step("U2", "session rsvp 1", "You're going to DSA night"),
    Step("U2", "session unrsvp 1", "You're no longer going to DSA night"),
    Step(INSTRUCTOR, "session unplan 1", "Called off DSA night"),
    Step(
        INSTRUCTOR,
        'cohort reflection questions="Done: What did you ship? | Next: Your plan? | Blocked: Any blockers?"',
        "Reflection questions set: 3 of them",
    ),
    Step(
        "U1", 'reflect done="graphs <!channel>" next="6h dsa" blocked="recursion"', "Commitment for next week"
    ),
    Step("U1", "reflect show", "graphs &lt;!channel&gt;"),
    Step("U1", "reflect share", "Shared with the cohort."),
    Step("U1", "reflect resolved=yes", "nothing to mark resolved", fails=True),
    Step("U1", "reflections", "instructor", fails=True),
    Step(INSTRUCTOR, "reflections", "students* answered"),
    Step(INSTRUCTOR, 'reply <@U1|u1> "Try the visualiser"', "u1 gets no DMs from Stride", fails=True),
    Step(INSTRUCTOR, "cohort reflection reset", "back to the defaults"),
    Step("U1", "me reminders day=sun time=19:00", "Your weekly check-in DM comes on"),
    Step("U1", "me reminders time=23:30", "quiet hours", fails=True),
    Step("U1", "me quiet 23:00-07:00", "Quiet hours: 23:00"),
    Step("U1", "me quiet 25:00-07:00", "25:00", fails=True),
    Step("U1", "me snooze 1d", "Snoozed until"),
    Step("U1", "me snooze 9d", "9d", fails=True),
    Step("U1", "me snooze off", "Snooze is off"),
    Step("U1", "me", "Quiet hours"),
    Step(
        "U1",
        "dashboard",
        "Your dashboard sign-in link (valid 15 minutes, works once): https://stride.example.edu/signin/",
    ),
    Step("U1", "dashboard signout-all", "Signed out of the dashboard everywhere (0 browsers)."),
    Step("U2", "me delete", "confirm=ML-Fall"),
    Step("U2", "me delete confirm=ML-Fall", "Erased everything"),
]


def test_the_script_runs_every_text_command() -> None:
    covered = set()
    for step in SCRIPT:
        spec, _ = find_command(step.text.split())
        assert spec is not None, step.text
        covered.add(spec.name)
    assert sorted(spec.name for spec in COMMANDS if spec.name not in covered) == []


async def _send_file(slack: SlackClient, step: Step) -> str:
    assert step.file is not None
    dm = f"D{step.user}"
    before = len(slack.fake.posted_in(dm))
    file = slack.fake.share(*step.file)
    message = {
        "type": "message",
        "subtype": "file_share",
        "channel": dm,
        "channel_type": "im",
        "user": step.user,
        "text": step.text,
        "files": [file],
        "ts": "1.0",
    }
    assert (await slack.event(message, event_id=f"Ev-{file['id']}")).status == 200
    await until(lambda: len(slack.fake.posted_in(dm)) > before)
    return json.dumps(slack.fake.posted_in(dm)[before:], ensure_ascii=False)


def _answered_after(slack: SlackClient, before: int) -> Callable[[], bool]:
    """Whether a reply came on the response_url since there were ``before`` of them."""
    return lambda: len(slack.fake.responses) > before


async def test_every_command_answers_on_slack(slack: SlackClient, stride: Stride) -> None:
    stride.services.dashboard.public_url = "https://stride.example.edu"  # where links point
    for step in SCRIPT:
        if step.file is not None:
            said = await _send_file(slack, step)
            assert step.says in said, (step, said)
            continue
        before = len(slack.fake.responses)
        answer = await slack.command(step.text, user=step.user)
        assert answer.status == 200, step
        if not answer.body:  # acknowledged at once, answered on the response_url (a slow chart)
            await until(_answered_after(slack, before))
        replies = ([answer.body] if answer.body else []) + slack.fake.responses[before:]
        said = json.dumps(replies, ensure_ascii=False)
        assert step.says in said, (step, said)
        assert ("✗" in said) == step.fails, (step, said)
        # A public answer may be followed by a private note (the asker's budget band).
        first, *rest = (reply["response_type"] for reply in replies)
        assert first == ("in_channel" if step.public else "ephemeral"), step
        assert set(rest) <= ({"in_channel", "ephemeral"} if step.public else {"ephemeral"}), step
    await until(lambda: len(slack.fake.calls_to("files.completeUploadExternal")) >= 5)
    names = [call.body["filename"] for call in slack.fake.calls_to("files.getUploadURLExternal")]
    assert {"plan-export.md", "me-export.json", "plan-export-u1.md"} <= set(names)
    assert any(name.startswith("ML-Fall-deliverables-") and name.endswith(".zip") for name in names)
    assert any(name.endswith(".csv") for name in names)


@pytest.mark.parametrize(
    ("command", "text", "says"),
    [
        ("/checkin", "45m dsa", "Logged 45m of dsa"),
        ("/checkin", "list", "No check-ins this week yet"),
        ("/plan", "show", "ML Engineer"),
        ("/progress", "", "Progress of u1"),
        ("/progress", "month", "Progress of u1"),
    ],
)
async def test_the_short_aliases_read_as_their_stride_command(
    slack: SlackClient, command: str, text: str, says: str
) -> None:
    await slack.command("cohort create ML-Fall", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")
    await slack.command('plan set A position="ML Engineer" industry="Health"')
    await slack.command("budget set dsa 5-7")
    assert says in await slack.say(text, command=command)


async def test_instructor_commands_need_the_cohorts_instructor_or_a_configured_user(
    slack: SlackClient,
) -> None:
    await slack.command("cohort create Alpha", user="U7")  # U7 runs Alpha
    await slack.command("cohort join Alpha")
    refused = await slack.say("cohort set focus=Trees", user="U1")
    assert "instructor" in refused
    assert "✗" in refused
    assert "Updated" in await slack.say("cohort set focus=Trees", user="U7")
    assert "✗" in await slack.say("digest", user="U1")
    await slack.command("cohort join Alpha", user=INSTRUCTOR)  # instructor_user_ids in the settings
    assert "Digest of Alpha" in await slack.say("digest", user=INSTRUCTOR)


async def test_an_unknown_command_suggests_the_right_one_with_slacks_prefix(slack: SlackClient) -> None:
    said = await slack.say("chekin 1h dsa")
    assert "perhaps you meant /checkin" in said
    assert "/stride help" in said


async def test_mentions_in_plan_text_are_shown_never_pinged(slack: SlackClient) -> None:
    await slack.command("cohort create ML-Fall", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")
    hostile = (
        'plan set A position="<!channel> lead" industry="<@U123> & <!here|here>" rationale="<https://x.io|y>"'
    )
    await slack.command(hostile.replace("<", "&lt;").replace(">", "&gt;").replace(" & ", " &amp; "))
    shown = await slack.say("plan show")
    assert "&lt;!channel&gt; lead" in shown
    assert "&lt;@U123&gt; &amp; &lt;!here|here&gt;" in shown
    for said in (shown, await slack.say("plan check"), await slack.say("plan show", user=INSTRUCTOR)):
        for raw in ("<!channel>", "<@U123>", "<!here", "<https://"):
            assert raw not in said


async def test_charts_are_uploaded_to_the_members_dm_with_their_alt_text(slack: SlackClient) -> None:
    await slack.command("cohort create ML-Fall", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")
    await slack.command("budget set dsa 5-7")
    await slack.command("checkin 2h dsa")
    said = await slack.say("progress chart")
    await until(lambda: bool(slack.fake.calls_to("files.completeUploadExternal")))
    [asked] = slack.fake.calls_to("files.getUploadURLExternal")
    assert asked.body["filename"].endswith(".png")
    assert asked.body["alt_txt"] in said  # the reply's sentence describes the picture
    [png] = slack.fake.uploads.values()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    [completed] = slack.fake.calls_to("files.completeUploadExternal")
    assert completed.body["channel_id"] == "DU1"


async def _class_with_hours(slack: SlackClient) -> None:
    await slack.command("cohort create ML-Fall", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")
    await slack.command("budget set dsa 5-7")
    await slack.command("checkin 2h dsa")


async def test_the_digest_answers_and_its_chart_follows_into_the_instructors_dm(slack: SlackClient) -> None:
    await _class_with_hours(slack)
    before = len(slack.fake.responses)
    answer = await slack.command("digest", user=INSTRUCTOR)
    assert "Digest of ML-Fall" in json.dumps(answer.body)
    await until(lambda: bool(slack.fake.calls_to("files.completeUploadExternal")))
    [asked] = slack.fake.calls_to("files.getUploadURLExternal")
    assert asked.body["filename"].startswith("digest-ML-Fall-")
    assert asked.body["alt_txt"].startswith("ML-Fall, week ")
    await until(lambda: len(slack.fake.responses) > before)
    [chart_said] = slack.fake.responses[before:]  # after the digest, saying what the picture shows
    assert chart_said["response_type"] == "ephemeral"
    assert asked.body["alt_txt"] in json.dumps(chart_said, ensure_ascii=False)
    [completed] = slack.fake.calls_to("files.completeUploadExternal")
    assert completed.body["channel_id"] == f"D{INSTRUCTOR}"


async def test_a_chart_that_fails_leaves_the_digest_and_says_so_privately(
    slack: SlackClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(view: object) -> None:
        raise OSError("the worker process died")

    monkeypatch.setattr(charts, "_cohort_chart_file", broken)
    await _class_with_hours(slack)
    before = len(slack.fake.responses)
    answer = await slack.command("digest", user=INSTRUCTOR)
    assert "Digest of ML-Fall" in json.dumps(answer.body)
    await until(lambda: len(slack.fake.responses) > before)
    [failure] = slack.fake.responses[before:]
    assert failure["response_type"] == "ephemeral"
    assert failure["text"].startswith("✗ Stride could not finish the rest of this reply (ref ")
    assert "worker process" not in json.dumps(failure)
    assert "the worker process died" in caplog.text
    assert not slack.fake.calls_to("files.getUploadURLExternal")
