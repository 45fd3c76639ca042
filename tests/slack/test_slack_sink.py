"""Outbox delivery over the Slack Web API (``SlackSink`` with the real slack_sdk client).

Channel posts land in the cohort's channel and DMs in a conversation opened once per user;
a 429 is waited out for its Retry-After; Slack's permanent refusals mark the member
unreachable; and a delivery interrupted between sending and marking sent is not repeated.
"""

from __future__ import annotations

import itertools
import json
from datetime import timedelta

import pytest

from bot.slack.sink import SlackSink
from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.model import Actor
from core.services import me
from core.services.delivery import LEASE, Outgoing, deliver_due, nonce_for, view_of
from core.views.base import Attachment, Notice
from tests.slack.conftest import INSTRUCTOR, SlackClient
from tests.slack.delivery_support import (
    FRIDAY_18H_BERLIN,
    MONDAY_9H_BERLIN,
    SUNDAY_18H_BERLIN,
    claimed,
    set_up_class,
    student,
    tick,
)
from tests.slack.fake_slack import TEAM, Failure
from tests.view_samples import digest


async def test_channel_posts_go_to_the_cohorts_channel_and_dms_are_opened_once(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await set_up_class(slack)
    assert (await tick(slack, stride, clock, FRIDAY_18H_BERLIN)).sent == 1
    assert (await tick(slack, stride, clock, SUNDAY_18H_BERLIN)).sent == 1
    assert (await tick(slack, stride, clock, MONDAY_9H_BERLIN)).sent == 3
    channel = slack.fake.posted_in("C0CLASS")
    assert [m["text"].split(" — ")[0] for m in channel][:1] == ["Leaderboard of ML-Fall"]
    board = json.dumps(channel[0], ensure_ascii=False)
    assert "u1 — 1h" in board
    for private in ("5h–7h", "under", "within", "over", "▼", "✓", "▲"):  # bands are personal
        assert private not in board
    assert len(channel) == 2
    assert len(slack.fake.posted_in("DU1")) == 2
    assert len(slack.fake.posted_in("DUPROF")) == 1
    opened = sorted(call.body["users"] for call in slack.fake.calls_to("conversations.open"))
    assert opened == ["U1", "UPROF"]
    for message in [*channel, *slack.fake.posted_in("DU1")]:
        assert message["metadata"]["event_type"] == "stride_notification"
        assert message["metadata"]["event_payload"]["nonce"].startswith("stride-")


async def test_a_429_is_waited_out_for_its_retry_after_and_sent_once(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await set_up_class(slack)
    slack.fake.fail("chat.postMessage", Failure(status=429, retry_after=1))
    report = await tick(slack, stride, clock, SUNDAY_18H_BERLIN)
    assert report.sent == 1
    first, second = slack.fake.calls_to("chat.postMessage")
    assert second.at - first.at >= 0.9  # Retry-After: 1 was honoured
    assert len(slack.fake.posted_in("DU1")) == 1


async def test_a_long_retry_after_goes_back_to_the_outbox_and_is_sent_later(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await set_up_class(slack)
    slack.fake.fail("chat.postMessage", Failure(status=429, retry_after=600))
    report = await tick(slack, stride, clock, SUNDAY_18H_BERLIN)
    assert (report.sent, report.retried) == (0, 1)
    assert slack.fake.posted_in("DU1") == []
    later = await tick(slack, stride, clock, SUNDAY_18H_BERLIN + timedelta(minutes=11))
    assert later.sent == 1
    assert len(slack.fake.posted_in("DU1")) == 1


@pytest.mark.parametrize(
    ("method", "error"),
    [
        ("conversations.open", "user_not_found"),
        ("conversations.open", "account_inactive"),
        ("chat.postMessage", "channel_not_found"),
        ("chat.postMessage", "not_in_channel"),
    ],
)
async def test_a_permanent_refusal_marks_the_member_unreachable_and_is_never_retried(
    slack: SlackClient, stride: Stride, clock: FixedClock, method: str, error: str
) -> None:
    await set_up_class(slack)
    slack.fake.fail(method, Failure(error=error))
    report = await tick(slack, stride, clock, SUNDAY_18H_BERLIN)
    assert (report.sent, report.retried) == (0, 0)
    assert (await student(stride)).unreachable
    again = await tick(slack, stride, clock, SUNDAY_18H_BERLIN + timedelta(hours=1))
    assert again.sent == again.retried == 0
    assert slack.fake.posted_in("DU1") == []


async def test_a_server_error_is_retried_with_backoff(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await set_up_class(slack)
    slack.fake.fail("chat.postMessage", Failure(status=500, error="internal_error"))
    report = await tick(slack, stride, clock, SUNDAY_18H_BERLIN)
    assert (report.sent, report.retried) == (0, 1)
    assert (await tick(slack, stride, clock, SUNDAY_18H_BERLIN + timedelta(minutes=5))).sent == 1


async def test_a_delivery_interrupted_after_sending_is_not_sent_again(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await set_up_class(slack)
    row = await claimed(stride, clock, owner="crashing")  # a deliverer claims the row and sends it...
    local = row.due_at.astimezone(row.due_at.tzinfo)
    await slack.service.sink.send(Outgoing(row, view_of(row), nonce_for(row), local))
    # ...and stops before marking it sent. Its lease runs out; a fresh process takes over.
    clock.set(SUNDAY_18H_BERLIN + LEASE + timedelta(minutes=1))
    fresh = SlackSink(slack.service.app.client)
    report = await deliver_due(stride.services, fresh, owner="successor")
    assert report.sent == 1
    assert len(slack.fake.posted_in("DU1")) == 1
    assert len(slack.fake.calls_to("conversations.history")) == 1


@pytest.mark.parametrize("sent_before_the_kill", [True, False])
async def test_an_interrupted_delivery_past_its_grace_is_settled_by_its_nonce(
    slack: SlackClient, stride: Stride, clock: FixedClock, sent_before_the_kill: bool
) -> None:
    """Killed after (or before) posting, and back only after the check-in's 5 h grace:
    the history says whether it went out, and the record says the same."""
    await set_up_class(slack)
    # Reflections off: the check-in DM alone, without the reflection reminder 3 h after it.
    await slack.command("cohort reflection off", user=INSTRUCTOR)
    row = await claimed(stride, clock, owner="killed")
    if sent_before_the_kill:
        local = row.due_at.astimezone(row.due_at.tzinfo)
        await slack.service.sink.send(Outgoing(row, view_of(row), nonce_for(row), local))
    clock.set(SUNDAY_18H_BERLIN + timedelta(hours=6))
    report = await deliver_due(stride.services, SlackSink(slack.service.app.client), owner="successor")
    assert (report.sent, report.skipped) == ((1, 0) if sent_before_the_kill else (0, 1))
    assert len(slack.fake.posted_in("DU1")) == (1 if sent_before_the_kill else 0)
    async with stride.services.uow() as uow:
        [status] = [n.status for n in await uow.outbox.listing() if n.id == row.id]
    assert status == ("sent" if sent_before_the_kill else "skipped")


async def test_messages_to_one_channel_are_paced(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await set_up_class(slack)
    row = await claimed(stride, clock)
    sink = SlackSink(slack.service.app.client, per_channel_rate=2.0)
    for n in range(3):
        await sink.send(Outgoing(row, Notice(text=f"note {n}"), f"nonce-{n}", clock.now()))
    times = [call.at for call in slack.fake.calls_to("chat.postMessage")]
    assert len(times) == 3
    assert all(later - earlier >= 0.45 for earlier, later in itertools.pairwise(times))


async def test_a_notification_with_a_file_is_uploaded_into_the_same_conversation(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await set_up_class(slack)
    row = await claimed(stride, clock)
    chart = Attachment(filename="week.png", media_type="image/png", data=b"\x89PNG\r\n\x1a\nchart")
    view = view_of(row).model_copy(update={"attachments": (chart,)})
    await slack.service.sink.send(Outgoing(row, view, nonce_for(row), clock.now()))
    [upload] = slack.fake.uploads.values()
    assert upload == chart.data
    [complete] = slack.fake.calls_to("files.completeUploadExternal")
    assert complete.body["channel_id"] == "DU1"
    assert "week.png" in json.dumps(slack.fake.calls_to("files.getUploadURLExternal")[0].body)


async def test_dms_off_means_no_dm(slack: SlackClient, stride: Stride, clock: FixedClock) -> None:
    await set_up_class(slack)
    await me.set_dms(stride.services, Actor("slack", TEAM, "U1", "u1"), None, False)
    await tick(slack, stride, clock, SUNDAY_18H_BERLIN)
    assert slack.fake.posted_in("DU1") == []


async def test_a_digest_of_more_than_fifty_blocks_arrives_as_two_accepted_messages(
    slack: SlackClient, stride: Stride, clock: FixedClock
) -> None:
    await set_up_class(slack)
    row = await claimed(stride, clock)
    await slack.service.sink.send(Outgoing(row, digest(count=120), nonce_for(row), clock.now()))
    posted = slack.fake.posted_in("DU1")
    assert len(posted) == 2
    assert len(posted[0]["blocks"]) == 50
    assert [m["metadata"]["event_payload"]["part"] for m in posted] == [0, 1]
    assert slack.fake.refused == []
