"""On Slack, as on Discord, ``/stride cohort create`` in a class channel binds the cohort to
that channel (so the Monday reminder and the leaderboard have somewhere to go); typed in a
direct message it binds nothing, and ``channel=`` still chooses another channel."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.bootstrap import Stride
from core.clock import FixedClock
from tests.slack.conftest import INSTRUCTOR, SlackClient
from tests.slack.delivery_support import MONDAY_9H_BERLIN, tick
from tests.slack.fake_slack import TEAM


async def _channel(stride: Stride) -> str | None:
    async with stride.services.uow() as uow:
        [cohort] = await uow.cohorts.named("ML-Fall")
    assert cohort.workspace_id == TEAM
    return cohort.channel_id


async def test_a_cohort_created_in_a_channel_is_bound_to_it(slack: SlackClient, stride: Stride) -> None:
    reply = await slack.say("cohort create ML-Fall tz=Europe/Berlin", user=INSTRUCTOR)
    assert "Channel: not set" not in reply
    assert await _channel(stride) == "C0CLASS"
    shown = await slack.say("cohort show", user=INSTRUCTOR)
    assert "C0CLASS" in shown
    assert "Channel: not set" not in shown


@pytest.mark.parametrize(
    "where", [("D0PROF", "directmessage"), ("D0PROF", "privategroup"), ("C0X", "directmessage")]
)
async def test_a_cohort_created_in_a_direct_message_is_not_bound(
    slack: SlackClient, stride: Stride, where: tuple[str, str]
) -> None:
    await slack.say("cohort create ML-Fall tz=Europe/Berlin", user=INSTRUCTOR, channel=where)
    assert await _channel(stride) is None


async def test_a_channel_option_still_wins(slack: SlackClient, stride: Stride) -> None:
    await slack.say("cohort create ML-Fall channel=<#C0OTHER|other>", user=INSTRUCTOR)
    assert await _channel(stride) == "C0OTHER"


async def test_without_a_channel_the_instructor_is_told_once_by_dm(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    dm = ("D0PROF", "directmessage")
    await slack.command("cohort create ML-Fall tz=Europe/Berlin", user=INSTRUCTOR, channel=dm)
    await slack.command("cohort join ML-Fall")
    report = await tick(slack, stride, clock, MONDAY_9H_BERLIN)  # the reminder has nowhere to go
    assert report.failed == 1
    await tick(slack, stride, clock, MONDAY_9H_BERLIN + timedelta(minutes=1))  # the next heartbeat
    notices = [m for m in slack.fake.posted_in("DUPROF") if "no channel set" in m["text"]]
    assert len(notices) == 1
    assert "/stride cohort set channel=#" in notices[0]["text"]
    await tick(slack, stride, clock, MONDAY_9H_BERLIN + timedelta(days=4, hours=9))  # Friday's board
    again = [m for m in slack.fake.posted_in("DUPROF") if "no channel set" in m["text"]]
    assert len(again) == 1
