"""Weekly reflections on Discord through the real client and the fake Discord: /reflect opens
the cohort's questions as a modal, its reply carries *Edit*, *Share with the cohort* and the
blocker question's buttons (persistent: a new client serves them), a share is posted once
with no pings, and every bad value, forged button and double click is one sentence."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from bot.discord.sink import DiscordSink
from core.bootstrap import Stride
from core.clock import FixedClock
from core.services import reflections
from core.services.delivery import deliver_due
from tests.adapters.discord_support import (
    COHORT,
    EPHEMERAL,
    App,
    Reply,
    message_text,
    new_client,
    running_app,
    seed_world,
)
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import JSON, User
from tests.adapters.fake_discord_state import InteractionRecord
from tests.adapters.test_discord_assignment import modal_inputs

LAST_WEEK = datetime(2026, 11, 11, 10, tzinfo=UTC)  # Wed of 2026-W46
AFTER_THE_DIGEST = datetime(2026, 11, 23, 9, tzinfo=UTC)  # Mon 10:00 in Berlin: week 47 closed
HOSTILE = "@everyone <@&1> <@123> ping"


async def _deliver(app: App) -> int:
    report = await deliver_due(app.stride.services, DiscordSink(app.client), owner="test")
    assert report.errors == []
    return report.sent


async def open_form(app: App, user: User) -> tuple[InteractionRecord, JSON]:
    opened = await app.say(user, ["reflect"])
    assert opened.kind == 9, opened.text
    assert opened.handle.callback is not None
    return opened.handle, opened.handle.callback


async def submit(app: App, origin: InteractionRecord, form: JSON, answers: dict[str, str]) -> Reply:
    handle = await app.fake.submit_modal(form["data"]["custom_id"], answers, origin=origin)
    return await app.collect(handle)


def buttons(message: JSON) -> dict[str, str]:
    return {c["label"]: c["custom_id"] for row in message.get("components") or [] for c in row["components"]}


async def _blocked_last_week(app: App, clock: FixedClock, blocker: str = "Docker on Windows") -> None:
    now = clock.now()
    clock.set(LAST_WEEK)
    await reflections.submit_reflection(
        app.stride.services, app.actor(app.ada), None, {"done": "trees", "next": "6h dsa", "blocked": blocker}
    )
    clock.set(now)


async def test_reflect_opens_the_questions_and_the_reply_offers_edit_and_share(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        origin, form = await open_form(app, app.ada)
        data = form["data"]
        assert data["custom_id"] == f"stride:reflectform:{app.guild_id}:2026-W47:{app.ada.id}"
        assert data["title"] == "Reflection: Mon 16 Nov – Sun 22 Nov"
        assert modal_inputs(form) == {
            "What did you get done this week?": "q1",
            "What will you do next week?": "q2",
            "What's blocking you?": "q3",
        }
        saved = await submit(app, origin, form, {"q1": "two graph problems", "q2": "6h dsa", "q3": ""})
        assert saved.ephemeral
        assert "Saved your reflection on Mon 16 Nov – Sun 22 Nov." in saved.text
        assert "Commitment for next week: 6h on dsa." in saved.text
        [reply] = saved.messages
        assert set(buttons(reply)) == {"Edit", "Share with the cohort"}

        edit = await app.collect(
            await fake_discord.click(buttons(reply)["Edit"], message=reply, user=app.ada)
        )
        again = edit.handle.callback
        assert again is not None
        assert again["type"] == 9
        assert again["data"]["title"] == "Edit: Mon 16 Nov – Sun 22 Nov"
        prefilled = [c for row in again["data"]["components"] for c in _inputs(row)]
        assert [c.get("value") for c in prefilled] == ["two graph problems", "6h dsa", None]
        edited = await submit(
            app, edit.handle, again, {"q1": "three graph problems", "q2": "dsa 5h", "q3": ""}
        )
        assert "Updated your reflection" in edited.text
        assert "Commitment for next week: 5h on dsa." in edited.text
        shown = await app.ok(app.ada, ["reflect"], {"action": "show"})
        assert "three graph problems" in shown.text
        assert shown.ephemeral


def _public(message: JSON) -> bool:
    return not int(message.get("flags") or 0) & EPHEMERAL


def _inputs(row: JSON) -> list[JSON]:
    """A modal row's text inputs (inside a label, or straight in an action row)."""
    if row.get("type") == 18:
        return [row["component"]]
    return [c for c in row.get("components", []) if c.get("type") == 4]


async def test_share_posts_once_without_pings_and_a_second_click_says_so(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        origin, form = await open_form(app, app.ada)
        saved = await submit(app, origin, form, {"q1": f"graphs {HOSTILE}", "q2": "", "q3": ""})
        reply = copy.deepcopy(saved.messages[0])
        share = buttons(reply)["Share with the cohort"]
        assert share == f"stride:share:{app.guild_id}:2026-W47"

    restarted = new_client(stride)  # a new process: only the dynamic items know the button
    async with fake_discord.running(restarted):
        app.client = restarted
        first = await app.collect(await fake_discord.click(share, message=reply, user=app.ada))
        assert f"Shared your reflection on Mon 16 Nov – Sun 22 Nov with {COHORT}." in first.text
        assert first.ephemeral
        second = await app.collect(await fake_discord.click(share, message=reply, user=app.ada, as_seen=True))
        assert "is already shared with the cohort" in second.text
        assert await _deliver(app) == 1
        assert await _deliver(app) == 0
        [post] = [m for m in fake_discord.world.channel_messages(app.channel_id) if _public(m)]
        assert "Ada's reflection · Mon 16 Nov – Sun 22 Nov" in message_text(post)
        assert "graphs @\u200beveryone <\u200b@&1> <\u200b@123> ping" in message_text(post)
        assert not post["mention_everyone"]
        assert post["mentions"] == []
        assert post["mention_roles"] == []
        assert not post.get("components")


async def test_a_bad_form_is_one_sentence_and_saves_nothing(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        bad = [
            (
                {"q1": "", "q2": "  ", "q3": ""},
                "A reflection needs at least one answer; write it like /reflect.",
            ),
            ({"q1": "x" * 1001, "q2": "", "q3": ""}, "is 1,001 characters long; keep it to 1,000 or fewer."),
        ]
        for answers, says in bad:  # a forged submit: Discord's own form stops at 1,000
            origin, form = await open_form(app, app.ada)
            refused = await submit(app, origin, form, answers)
            assert refused.failed
            assert refused.ephemeral
            assert says in refused.text
        nothing = await app.fails(app.ada, ["reflect"], {"action": "show"})
        assert (
            "You have not written a reflection on Mon 16 Nov – Sun 22 Nov yet; write it like /reflect."
            in (nothing.text)
        )
        for options, says in [
            ({"week": "last"}, "A week goes with action:show or action:share only"),
            ({"action": "show", "week": "junk"}, "'junk' is not a week"),
            ({"action": "share", "week": "2026-W48"}, "Week 2026-W48 has not begun yet"),
            ({"action": "resolved"}, "Your last reflection named no blocker"),
        ]:
            assert says in (await app.fails(app.ada, ["reflect"], options)).text
        bob = fake_discord.add_user("bob")  # in no cohort
        outsider = await app.say(bob, ["reflect"])
        assert outsider.kind == 4
        assert outsider.failed
        assert outsider.ephemeral
        assert "You are not in a cohort yet" in outsider.text


async def test_last_weeks_blocker_is_asked_about_and_a_second_click_changes_nothing(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        await _blocked_last_week(app, clock, f"Docker {HOSTILE}")
        origin, form = await open_form(app, app.ada)
        saved = await submit(app, origin, form, {"q1": "trees", "q2": "", "q3": ""})
        reply = copy.deepcopy(saved.messages[0])
        assert "Last time you were blocked by: “Docker @\u200beveryone <\u200b@&1>" in saved.text
        assert "You planned 6h on dsa; you did 1h" in saved.text
        ids = buttons(reply)
        assert ids["Resolved"] == f"stride:blocker:{app.guild_id}:resolved"
        assert ids["Still blocked"] == f"stride:blocker:{app.guild_id}:open"
        first = await app.collect(await fake_discord.click(ids["Still blocked"], message=reply, user=app.ada))
        assert "is still blocking you, and your instructor sees it in the digest." in first.text
        assert "Resolved" not in buttons(first.messages[0])  # answered: the question is gone
        again = await app.collect(
            await fake_discord.click(ids["Still blocked"], message=reply, user=app.ada, as_seen=True)
        )
        assert "is still blocking you" in again.text
        member = await app.member(app.ada)
        async with stride.services.uow() as uow:
            [last] = await uow.reflections.latest(member.id, "2026-W46", 1)
        assert last.blocker_status == "open"


async def test_progress_shows_this_weeks_commitment_and_cohort_show_the_questions(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        await _blocked_last_week(app, clock)  # it committed 6h of dsa for this week
        progress = await app.ok(app.ada, ["progress"])
        assert "This week's commitment (from your last reflection)" in progress.text
        assert "✗ You planned 6h on dsa; you did 1h" in progress.text
        shown = await app.ok(app.ada, ["cohort", "show"])
        assert "Weekly reflection\n• Done: What did you get done this week?" in shown.text
        await app.ok(app.prof, ["cohort", "reflection"], {"turn": "off"})
        assert "Weekly reflection (off)" in (await app.ok(app.ada, ["cohort", "show"])).text


async def test_two_students_with_the_form_open_at_once_both_save(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    """discord.py keeps open modals by custom id: two students' forms must not share one."""
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        bob = fake_discord.add_user("bob")
        await app.ok(bob, ["cohort", "join"], {"name": COHORT})
        ada_origin, ada_form = await open_form(app, app.ada)
        bob_origin, bob_form = await open_form(app, bob)
        assert ada_form["data"]["custom_id"] != bob_form["data"]["custom_id"]
        assert "Saved your reflection" in (await submit(app, ada_origin, ada_form, {"q1": "trees"})).text
        assert "Saved your reflection" in (await submit(app, bob_origin, bob_form, {"q1": "heaps"})).text
        listed = await app.ok(app.prof, ["reflections"], {"week": "this"})
        assert "2 of 2 students answered." in listed.text


async def test_a_form_submitted_after_its_week_closed_is_refused_and_the_old_one_shows_closed(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        origin, form = await open_form(app, app.ada)
        await submit(app, origin, form, {"q1": "trees"})
        origin, form = await open_form(app, app.ada)  # open on Wednesday, sent after the digest
        clock.set(AFTER_THE_DIGEST)
        late = await submit(app, origin, form, {"q1": "more trees"})
        assert late.failed
        assert late.ephemeral
        assert "Week 47's reflection closed when its digest went out on Mon 23 Nov 08:00" in late.text
        shown = await app.ok(app.ada, ["reflect"], {"action": "show", "week": "last"})
        assert "trees" in shown.text
        assert "more trees" not in shown.text
        assert "It closed on Mon 23 Nov 08:00, when its digest went out." in shown.text
        assert set(buttons(shown.messages[0])) == {"Share with the cohort"}  # no Edit any more
