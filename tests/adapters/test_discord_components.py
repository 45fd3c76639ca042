"""Buttons, modals and selects on Stride's messages, clicked through the fake Discord: the
hours check-in DM (quick-log buttons and the "Other amount…" modal), the monthly
re-assessment DM (a select per skill) and long leaderboards (paging buttons). Every
component keeps working on a message sent before the bot restarted: a NEW client serves
the clicks, with nothing in memory but its dynamic items."""

from __future__ import annotations

import asyncio
import copy
from datetime import UTC, datetime

from bot.discord.components import LeaderboardPage
from bot.discord.sink import DiscordSink
from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.levels import parse_skill_kind
from core.domain.weeks import iso_week_key, week_end, week_start
from core.services import skills
from core.services.delivery import deliver_due
from core.services.notifications import enqueue_due
from tests.adapters.discord_support import (
    COHORT,
    EPHEMERAL,
    App,
    crowd,
    custom_ids,
    message_text,
    new_client,
    running_app,
    seed_world,
)
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import JSON
from tests.adapters.test_discord_assignment import modal_inputs

FRIDAY_18H_BERLIN = datetime(2026, 11, 20, 17, 1, tzinfo=UTC)
SUNDAY_18H_BERLIN = datetime(2026, 11, 22, 17, 1, tzinfo=UTC)
FIRST_OF_MONTH_10H_BERLIN = datetime(2026, 12, 1, 9, 5, tzinfo=UTC)
LONG_SKILL = "Designing reliable data pipelines for hospital systems at national scale"


async def _deliver(app: App) -> int:
    """Queue what is due now and send it through a DiscordSink on the running client."""
    await enqueue_due(app.stride.services)
    report = await deliver_due(app.stride.services, DiscordSink(app.client), owner="test")
    assert report.errors == []
    return report.sent


async def _dsa_minutes(app: App) -> int:
    member = await app.member(app.ada)
    async with app.stride.services.uow() as uow:
        day = app.clock.now().date()
        totals = await uow.checkins.minutes_by_track(member.id, week_start(day), week_end(day))
    return totals.get("dsa", 0)


def _with_components(messages: list[JSON]) -> list[JSON]:
    return [m for m in messages if m.get("components")]


async def test_checkin_dm_buttons_and_modal_work_after_a_restart(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)  # ada: a dsa budget and 1 h logged this week
        clock.set(SUNDAY_18H_BERLIN)
        assert await _deliver(app) == 1
    [dm] = _with_components(fake_discord.dm_messages(app.ada))
    guild = app.guild_id
    buttons = {c["custom_id"]: c["label"] for row in dm["components"] for c in row["components"]}
    assert buttons == {
        f"stride:log:{guild}:30:dsa": "30m dsa",
        f"stride:log:{guild}:60:dsa": "1h dsa",
        f"stride:log:{guild}:120:dsa": "2h dsa",
        f"stride:logcustom:{guild}": "Other amount…",
        f"stride:reflect:{guild}": "Reflect",  # the week's reflection (on by default)
        f"stride:later:{guild}:hours_checkin": "Remind me later",
    }
    before = await _dsa_minutes(app)

    restarted = new_client(stride)  # a new process: nothing in memory from the first client
    async with fake_discord.running(restarted):
        app.client = restarted
        for hours, says in (("lots", "✗"), ("1h30m", "Logged 1h 30m of dsa")):  # a bad value first
            other = await fake_discord.click(f"stride:logcustom:{guild}", message=dm, user=app.ada)
            form = await other.response()
            assert form["type"] == 9
            assert form["data"]["custom_id"] == f"stride:logform:{guild}:{app.ada.id}"
            fields = modal_inputs(form)
            assert set(fields) == {"Hours", "Track", "Note"}
            submitted = await fake_discord.submit_modal(
                f"stride:logform:{guild}:{app.ada.id}",
                {fields["Hours"]: hours, fields["Track"]: "dsa", fields["Note"]: "graphs"},
                origin=other,
            )
            saved = await app.collect(submitted)
            assert saved.ephemeral
            assert says in saved.text
        assert await _dsa_minutes(app) == before + 90

        click = await fake_discord.click(f"stride:log:{guild}:60:dsa", message=dm, user=app.ada)
        logged = await app.collect(click)
        assert await _dsa_minutes(app) == before + 90 + 60
        assert logged.kind == 7  # the prompt itself now says what was logged
        [confirmation] = logged.handle.followups
        assert int(confirmation["flags"]) & 64
        assert "Logged 1h of dsa" in message_text(confirmation)


async def _checkin_prompt(app: App, fake_discord: FakeDiscord, clock: FixedClock) -> tuple[JSON, int]:
    """Sunday's check-in DM to ada as her client shows it (a copy: later edits don't reach
    it), and her dsa minutes before any click."""
    await seed_world(app)  # ada: a dsa budget and 1 h logged this week
    clock.set(SUNDAY_18H_BERLIN)
    assert await _deliver(app) == 1
    [dm] = _with_components(fake_discord.dm_messages(app.ada))
    return copy.deepcopy(dm), await _dsa_minutes(app)


async def test_a_quick_log_click_replaces_the_buttons_and_a_second_click_logs_nothing(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        seen, before = await _checkin_prompt(app, fake_discord, clock)
        one_hour, two_hours = f"stride:log:{app.guild_id}:60:dsa", f"stride:log:{app.guild_id}:120:dsa"
        first = await app.collect(await fake_discord.click(one_hour, message=seen, user=app.ada))
        assert first.kind == 7
        prompt = fake_discord.messages[int(seen["id"])]
        assert not prompt.get("components")  # nothing left to click twice
        assert "Logged 1h of dsa ✓" in str(prompt["content"])
        assert "/progress" in str(prompt["content"])  # where to look, as no undo exists
        assert prompt["embeds"] == seen["embeds"]  # the week so far stays readable
        assert await _dsa_minutes(app) == before + 60

        for again in (one_hour, two_hours):  # an old client still showing the buttons
            stale = await fake_discord.click(again, message=seen, user=app.ada, as_seen=True)
            replay = await app.collect(stale)
            [answer] = replay.handle.followups
            assert int(answer["flags"]) & 64
            assert "Already logged: 1h of dsa" in message_text(answer)
            assert not fake_discord.messages[int(seen["id"])].get("components")
        assert await _dsa_minutes(app) == before + 60


async def test_clicks_racing_on_one_prompt_log_once(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        seen, before = await _checkin_prompt(app, fake_discord, clock)
        clicks = await asyncio.gather(
            *(
                fake_discord.click(
                    f"stride:log:{app.guild_id}:60:dsa", message=seen, user=app.ada, as_seen=True
                )
                for _ in range(3)
            )
        )
        replies = [await app.collect(click) for click in clicks]
        assert await _dsa_minutes(app) == before + 60
        said = [message_text(reply.handle.followups[0]) for reply in replies]
        assert sum("Already logged" in text for text in said) == 2, said
        assert not fake_discord.messages[int(seen["id"])].get("components")


async def test_reassessment_dm_has_a_select_per_skill_that_updates_it(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)  # ada has SQL at level 1
        ada = app.actor(app.ada)
        for name in ["Python", "Statistics", "Writing", "PyTorch", "MLOps", LONG_SKILL]:
            await skills.add_skill(
                stride.services, ada, None, name=name, kind=parse_skill_kind("specific"), priority=2,
                current=1, target=3, notes=None,
            )  # fmt: skip
        clock.set(FIRST_OF_MONTH_10H_BERLIN)
        assert await _deliver(app) == 1
    pages = _with_components(fake_discord.dm_messages(app.ada))
    assert [len(m["components"]) for m in pages] == [5, 2]  # one select per row, 5 a message
    selects = [c for m in pages for row in m["components"] for c in row["components"]]
    assert all(c["type"] == 3 and len(c["options"]) == 6 for c in selects)
    assert {c["placeholder"] for c in selects} >= {"SQL", "Python", LONG_SKILL}
    by_name = {
        c["placeholder"]: (c["custom_id"], m)
        for m in pages
        for row in m["components"]
        for c in row["components"]
    }

    restarted = new_client(stride)
    async with fake_discord.running(restarted):
        app.client = restarted
        for name, level in (("SQL", 4), (LONG_SKILL, 2)):
            custom_id, message = by_name[name]
            chosen = await fake_discord.click(custom_id, message=message, user=app.ada, values=[str(level)])
            reply = await app.collect(chosen)
            assert reply.ephemeral
            assert not reply.failed, reply.text
    member = await app.member(app.ada)
    async with stride.services.uow() as uow:
        levels = {s.name: (s.current, s.target) for s in await uow.skills.for_member(member.id)}
    assert levels["SQL"] == (4, 4)  # the target moves up with a level past it
    assert levels[LONG_SKILL] == (2, 3)  # found again from the name cut to fit the custom id


def pinned(guild: int | str, week: str, page: int) -> str:
    """A page button of an hours board: it names the week it pages, so a page turned next
    week still shows the same board."""
    return f"stride:lb:{guild}:hours:week:{week}:{page}"


def test_page_buttons_posted_before_weeks_were_pinned_still_page() -> None:
    template = LeaderboardPage.__discord_ui_compiled_template__
    old = template.fullmatch("stride:lb:123:hours:week:2")
    assert old is not None
    assert (old["period"], old["week"], old["page"]) == ("week", None, "2")
    new = template.fullmatch("stride:lb:123:roadmap:term:3")
    assert new is not None  # a long roadmap board pages too
    assert template.fullmatch("stride:lb:123:hours:week:2026-W99x:2") is None


async def test_a_long_leaderboard_pages_with_buttons_also_after_a_restart(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        await crowd(app, 24)  # 25 students with ada
        board = await app.ok(app.ada, ["leaderboard"], {"metric": "hours", "period": "week"})
        first, mine = board.messages  # the board for the channel, then ada's own band for her
        assert not int(first.get("flags") or 0) & EPHEMERAL
        assert int(mine.get("flags") or 0) & EPHEMERAL
        assert "Your budget" in message_text(mine)
        assert "Your budget" not in message_text(first)
        guild = app.guild_id
        week = iso_week_key(clock.now().date())  # the buttons keep the week they page
        assert custom_ids(first) == [
            f"stride:lb:{guild}:hours:week:{week}:0",
            f"stride:lb:{guild}:hours:week:{week}:2",
        ]
        assert [c["disabled"] for row in first["components"] for c in row["components"]] == [True, False]
        assert "Page 1/2" in board.text
        assert "Student 24" in board.text  # the most hours: first
        assert "Student 01" not in board.text

        turned = await app.collect(
            await fake_discord.click(pinned(guild, week, 2), message=first, user=app.ada)
        )
        assert turned.kind == 7  # the message itself shows page 2
        [second] = turned.messages
        assert second["id"] == first["id"]
        assert "Page 2/2" in turned.text
        assert "Student 01" in turned.text
        assert custom_ids(second) == [
            f"stride:lb:{guild}:hours:week:{week}:1",
            f"stride:lb:{guild}:hours:week:{week}:3",
        ]

    restarted = new_client(stride)
    async with fake_discord.running(restarted):
        app.client = restarted
        back = await app.collect(
            await fake_discord.click(pinned(guild, week, 1), message=second, user=app.prof)
        )
        clock.set(FRIDAY_18H_BERLIN)  # the weekly post of the same board pages the same way
        assert await _deliver(app) == 1
    [post] = [m for m in fake_discord.messages_in(app.channel_id) if "nonce" in m]
    assert custom_ids(post) == [
        f"stride:lb:{guild}:hours:week:{week}:0",
        f"stride:lb:{guild}:hours:week:{week}:2",
    ]
    assert "Page 1/2" in message_text(post)
    assert back.kind == 7
    assert "Page 1/2" in back.text
    assert "Student 24" in back.text
    assert fake_discord.messages[int(first["id"])]["embeds"] == back.messages[0]["embeds"]
    assert not fake_discord.messages[int(first["id"])]["mention_everyone"]


async def test_two_students_with_the_plan_form_open_at_once_both_save(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    """discord.py keeps open modals by custom id alone: two students' forms must not share one."""
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        bob = fake_discord.add_user("bob")
        await app.ok(bob, ["cohort", "join"], {"name": COHORT})
        opened = [await app.say(who, ["plan", "set"], {"slot": "B"}) for who in (app.ada, bob)]
        forms = [reply.handle.callback for reply in opened]
        ids = {form["data"]["custom_id"] for form in forms if form is not None}
        assert ids == {f"stride:plan:B:{app.ada.id}", f"stride:plan:B:{bob.id}"}
        for reply, form in zip(opened, forms, strict=True):
            assert form is not None
            fields = modal_inputs(form)
            answers = {fields["Target position"]: "Data Engineer", fields["Industry"]: "Health"}
            submitted = await fake_discord.submit_modal(
                form["data"]["custom_id"], answers, origin=reply.handle
            )
            assert "Saved plan B" in (await app.collect(submitted)).text
