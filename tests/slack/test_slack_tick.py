"""``stride tick`` beside a Slack bot leaves the Slack cohort's due rows pending and
unleased, says how many it left, and the bot's deliverer then sends each once."""

from __future__ import annotations

from pathlib import Path

from core.bootstrap import Stride
from core.clock import FixedClock
from tests.scheduler.support import run_tick
from tests.slack.conftest import SlackClient
from tests.slack.delivery_support import MONDAY_9H_BERLIN, set_up_class, tick


async def test_tick_leaves_slack_rows_to_the_bot_which_sends_them_once(
    slack: SlackClient, stride: Stride, clock: FixedClock, database_url: str, tmp_path: Path
) -> None:
    await set_up_class(slack)
    printed = tmp_path / "tick.jsonl"
    run = await run_tick(database_url, "--now", MONDAY_9H_BERLIN.isoformat(), "--sink", f"jsonl:{printed}")
    assert run.returncode == 0, run.stderr
    # Monday 09:00 Berlin: the reminder in #ml-class and to U1, the digest to UPROF.
    assert "3 due for Slack, left for the bot" in run.stderr
    assert not printed.exists() or printed.read_text() == ""
    assert slack.fake.calls_to("chat.postMessage") == []
    report = await tick(slack, stride, clock, MONDAY_9H_BERLIN)  # the same instant: no lease held
    assert (report.sent, report.errors) == (3, [])
    assert (await tick(slack, stride, clock, MONDAY_9H_BERLIN)).sent == 0
    assert len(slack.fake.posted_in("C0CLASS")) == 1
    assert len(slack.fake.posted_in("DU1")) == 1
    assert len(slack.fake.posted_in("DUPROF")) == 1


async def test_tick_preview_lists_every_platforms_due_messages_and_changes_nothing(
    slack: SlackClient, stride: Stride, clock: FixedClock, database_url: str
) -> None:
    await set_up_class(slack)
    when = MONDAY_9H_BERLIN.isoformat()
    preview = await run_tick(database_url, "--now", when, "--preview")
    assert preview.returncode == 0, preview.stderr
    assert "Due in ML-Fall on Slack by 2026-11-23 08:01 UTC: 6 messages" in preview.stdout
    lines = preview.stdout.splitlines()
    assert sum("new" in line.split() for line in lines) == 3  # the reminders and the digest
    assert sum(line.endswith("too late") for line in lines) == 3  # Wednesday's nudge, Friday's, Sunday's
    assert any("weekly_reminder  #C0CLASS" in line for line in lines)
    async with stride.services.uow() as uow:
        assert await uow.outbox.listing() == []  # nothing written
    assert slack.fake.calls_to("chat.postMessage") == []
    run = await run_tick(database_url, "--now", when)
    assert run.stderr.startswith("6 new, 0 sent"), run.stderr  # the preview moved no cursor
    again = await run_tick(database_url, "--now", when, "--preview")
    assert again.stdout.count(" waiting") == 3  # now in the outbox, for the bot
