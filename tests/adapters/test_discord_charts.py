"""Charts on Discord, end to end against the fake: /progress chart:true, /plan chart and
/digest upload their PNG with the words beside it, privately; a member without data gets a
sentence and no file; the scheduled digest goes from the outbox to the instructor's DMs
with its chart."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.discord.sink import DiscordSink
from core.bootstrap import Stride
from core.clock import FixedClock
from core.db.tables import notifications
from core.services import charts, cohorts
from core.services.delivery import deliver_due
from core.services.notifications import enqueue_due
from tests.adapters.discord_support import COHORT, App, Reply, message_text, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.charts_support import MAX_BYTES

MONDAY_9H_BERLIN = datetime(2026, 11, 23, 8, 1, tzinfo=UTC)  # the instructor digest is due


def uploaded(fake: FakeDiscord, reply: Reply) -> list[str]:
    """Names of the files the bot uploaded in answer to one interaction."""
    token = reply.handle.token
    return [f for r in fake.world.requests if token in r.path for f in r.files]


async def test_progress_chart_uploads_the_picture_privately(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        reply = await app.ok(app.ada, ["progress"], {"chart": True})
    assert uploaded(fake_discord, reply) == ["progress-2026-W47.png"]
    assert reply.ephemeral
    assert "1h this week, under your 5h–7h band; no streak yet" in reply.text
    [attachment] = reply.messages[-1]["attachments"]
    assert attachment["description"].startswith("1h this week, under your 5h–7h band")


async def test_plan_chart_and_digest_upload_theirs(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        plan = await app.ok(app.ada, ["plan", "chart"])
        digest = await app.ok(app.prof, ["digest"])
    assert uploaded(fake_discord, plan) == ["skills.png"]
    assert uploaded(fake_discord, digest) == ["digest-ML-Fall-2026-2026-W47.png"]
    assert plan.ephemeral
    assert digest.ephemeral


async def test_the_digest_answers_first_and_its_chart_follows(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        digest = await app.ok(app.prof, ["digest"])
    first, *_, chart = digest.messages
    assert not first.get("attachments")
    assert "Digest of ML-Fall-2026" in message_text(first)
    [file] = chart["attachments"]
    assert file["filename"] == "digest-ML-Fall-2026-2026-W47.png"
    assert message_text(chart) == f"📊 {file['description']}"
    assert digest.ephemeral


async def test_a_chart_that_fails_leaves_the_digest_and_says_so_privately(
    fake_discord: FakeDiscord,
    stride: Stride,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(view: object) -> None:
        raise OSError("the worker process died")

    monkeypatch.setattr(charts, "_cohort_chart_file", broken)
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        digest = await app.say(app.prof, ["digest"])
    *answer, failure = digest.messages
    assert "Digest of ML-Fall-2026" in "\n".join(message_text(m) for m in answer)
    assert message_text(failure).startswith("✗ Stride could not finish the rest of this reply (ref ")
    assert uploaded(fake_discord, digest) == []
    assert digest.ephemeral
    assert "Traceback" not in digest.text
    assert "worker process" not in digest.text
    assert "the worker process died" in caplog.text


async def test_without_data_a_sentence_and_no_file(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await cohorts.create_cohort(stride.services, app.actor(app.prof), COHORT, "UTC")
        await cohorts.join_cohort(stride.services, app.actor(app.ada), COHORT)
        progress = await app.ok(app.ada, ["progress"], {"chart": True})
        plan = await app.ok(app.ada, ["plan", "chart"])
    assert "No hours logged in the last 12 weeks" in progress.text
    assert "You have no skills yet" in plan.text
    assert uploaded(fake_discord, progress) == uploaded(fake_discord, plan) == []


async def test_the_scheduled_digest_reaches_the_instructor_with_its_chart(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        await _deliver_monday(app)
    [dm] = fake_discord.dm_messages(app.prof)
    assert [a["filename"] for a in dm["attachments"]] == ["digest-ML-Fall-2026-2026-W47.png"]
    sends = [r for r in fake_discord.requests_to("POST /channels/*/messages") if r.files]
    assert [r.files for r in sends] == [["digest-ML-Fall-2026-2026-W47.png"]]
    assert sends[0].json["enforce_nonce"] is True


async def _deliver_monday(app: App) -> None:
    app.clock.set(MONDAY_9H_BERLIN)
    await enqueue_due(app.stride.services)
    async with app.stride.engine.connect() as connection:
        rows = (await connection.execute(select(notifications.c.kind, notifications.c.payload))).all()
    [digest] = [payload for kind, payload in rows if kind == "digest"]
    assert digest["attachments"][0]["filename"] == "digest-ML-Fall-2026-2026-W47.png"
    assert len(json.dumps(digest)) < MAX_BYTES  # the chart travels base64 in the row
    report = await deliver_due(app.stride.services, DiscordSink(app.client), owner="test")
    assert report.errors == []
