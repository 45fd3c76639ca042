"""Scheduled group sessions on Slack with the real slack-bolt app against the fake Slack:
/stride session plan|plans|rsvp|unrsvp|unplan, the reminder posted once in the class
channel with its *I'll be there* button (clicked twice: one RSVP), attendance from focus
timers and the missed-RSVP reason in /stride digest, and every refusal as one sentence."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import group_sessions, session_rsvps
from core.domain.model import Actor
from core.domain.sessions import SessionKind
from core.services.context import membership
from core.services.study_log import log_session
from tests.slack.conftest import INSTRUCTOR, SlackClient, until
from tests.slack.delivery_support import set_up_class, tick
from tests.slack.fake_slack import TEAM
from tests.slack.test_slack_interactivity import click

WED = datetime(2026, 11, 18, 10, tzinfo=UTC)
TUE_24 = datetime(2026, 11, 24, 18, tzinfo=UTC)  # 19:00 in Berlin
PLAN = 'session plan "DSA night" tue 19:00 90m room=<#C0DSA|dsa-room>'


async def _rows(stride: Stride, table: Any) -> int:
    async with stride.engine.connect() as connection:
        return int((await connection.execute(select(func.count()).select_from(table))).scalar_one())


async def _click(slack: SlackClient, button: dict[str, Any], post: dict[str, Any], trigger: str) -> None:
    """U2 presses ``button`` on ``post`` in the class channel; waits for the private answer."""
    before = len(slack.fake.calls_to("chat.postEphemeral"))
    answer = await slack.interact(click(button, channel="C0CLASS", user="U2", message=post, trigger=trigger))
    assert answer.status == 200
    await until(lambda: len(slack.fake.calls_to("chat.postEphemeral")) > before)


async def _class(slack: SlackClient, clock: FixedClock) -> None:
    clock.set(WED)
    await set_up_class(slack)
    await slack.command("cohort join ML-Fall", user="U2")


async def test_plan_remind_once_and_rsvp_by_button_and_text(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await _class(slack, clock)
    planned = await slack.say(PLAN, user=INSTRUCTOR)
    assert "Planned session 1, DSA night: every Tue at 19:00 (Europe/Berlin) for 1h 30m" in planned
    assert "#C0DSA" in planned
    by_text = await slack.say("session rsvp 1")
    assert "You're going to DSA night on Tue 24 Nov 19:00 ✓ (1 going)." in by_text
    assert "You're already going" in await slack.say("session rsvp 1")

    await tick(slack, stride, clock, TUE_24 - timedelta(minutes=29))
    await tick(slack, stride, clock, TUE_24 - timedelta(minutes=20))  # a repeated tick
    posts = [m for m in slack.fake.posted_in("C0CLASS") if "starts at" in json.dumps(m)]
    assert len(posts) == 1
    [post] = posts
    blocks = json.dumps(post["blocks"], ensure_ascii=False)
    assert "*DSA night* starts at 19:00 in <#C0DSA> (1h 30m) — 1 going" in blocks
    assert "u1" not in blocks.lower()  # counts only, never who
    [actions] = [b for b in post["blocks"] if b["type"] == "actions"]
    [button] = actions["elements"]
    assert button["text"]["text"] == "I'll be there"

    for n in range(2):  # clicked twice: one RSVP
        await _click(slack, button, post, f"tc-{n}")
    said = [json.dumps(c.body, ensure_ascii=False) for c in slack.fake.calls_to("chat.postEphemeral")[-2:]]
    assert "You're going to DSA night on Tue 24 Nov 19:00 ✓ (2 going)." in said[0]
    assert "You're already going to DSA night on Tue 24 Nov 19:00 (2 going)." in said[1]
    assert await _rows(stride, session_rsvps) == 2

    forged = {**button, "value": '{"session": "1; drop", "day": 5}'}
    await _click(slack, forged, post, "tc-forged")
    assert "That button is out of date" in json.dumps(slack.fake.calls_to("chat.postEphemeral")[-1].body)
    assert "You're no longer going" in await slack.say("session unrsvp 1", user="U2")
    assert "Called off DSA night" in await slack.say("session unplan 1", user=INSTRUCTOR)


async def test_students_cannot_plan_and_bad_values_get_one_sentence(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await _class(slack, clock)
    refused = await slack.say('session plan "Mine" mon 10:00 1h')
    assert "Only an instructor of ML-Fall can plan a group session; ask your instructor." in refused
    await slack.say(PLAN, user=INSTRUCTOR)
    assert "Only an instructor of ML-Fall can call off a group session" in await slack.say("session unplan 1")
    cases = [
        ('session plan "<!channel> party" tue 19:00 90m', "cannot contain @, &lt; or &gt;"),
        ('session plan "@everyone" tue 19:00 90m', "cannot contain @"),
        (f'session plan "{"x" * 3000}" tue 19:00 90m', "keep it to 80 or fewer"),
        ('session plan "Ok" someday 19:00 90m', "is not a day of the week"),
        ('session plan "Ok" tue 25:61 90m', "is not a time of day"),
        ('session plan "Ok" tue 19:00 99999999999999m', "is not a length"),
        ('session plan "Ok" tue 19:00 5m', "from 15 minutes to 12 hours"),
        ('session plan "Ok" tue 19:00 1h room=#bad!room', "A room is a channel name or id"),
        ("session plan", "The title is missing"),
        ("session rsvp 99999999999999", "must be from 1 to 999"),
        ("session rsvp 7", "There is no session 7; /stride session plans lists the 1 session planned."),
        ("session rsvp one", "is not a whole number"),
    ]
    for line, says in cases:
        answer = await slack.say(line, user=INSTRUCTOR)
        assert says in answer, (line, answer[:300])
        assert "Traceback" not in answer
    assert await _rows(stride, group_sessions) == 1


async def _timer(stride: Stride, user: str, start: datetime, minutes: int) -> None:
    async with stride.services.uow() as uow:
        member = (await membership(uow, Actor("slack", TEAM, user, user), None)).member
        session = await uow.sessions.open(
            member.id, SessionKind.TIMER, "dsa", now=start, counting_since=start
        )
        end = start + timedelta(minutes=minutes)
        await log_session(uow, session, zone=ZoneInfo("Europe/Berlin"), until=end, now=end)
        await uow.commit()


async def test_timers_make_attendance_and_two_missed_rsvps_reach_the_digest(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await _class(slack, clock)
    await slack.say(PLAN, user=INSTRUCTOR)
    for week in (TUE_24, TUE_24 + timedelta(days=7)):
        clock.set(week - timedelta(days=1))
        for user in ("U1", "U2"):
            await slack.say("session rsvp 1", user=user)
        await _timer(stride, "U1", week + timedelta(minutes=3), 60)  # U1 comes; U2 never does
    clock.set(datetime(2026, 11, 30, 8, tzinfo=UTC))
    first = await slack.say("digest week=last", user=INSTRUCTOR)
    clock.set(datetime(2026, 12, 7, 8, tzinfo=UTC))
    second = await slack.say("digest week=last", user=INSTRUCTOR)
    assert "DSA night Tue 24 Nov: 1 of 2 who RSVPed came" in first
    assert "missed the last two sessions they RSVPed to" not in first
    assert "*Group sessions*" in second
    assert "DSA night Tue 1 Dec: 1 of 2 who RSVPed came" in second
    assert "missed the last two sessions they RSVPed to" in second
