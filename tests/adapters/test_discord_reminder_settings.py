"""/cohort reflection and /me reminders|quiet|snooze on Discord through the real client: the
questions an instructor sets are the modal's fields, reflections turn off and on, and every
option's bad value (empty, malformed, oversized, a mention) is one sentence in Discord's
own option words, changing nothing."""

from __future__ import annotations

import pytest

from core.bootstrap import Stride
from core.clock import FixedClock
from tests.adapters.discord_support import running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.test_discord_assignment import modal_inputs

MENTION = "@everyone <@&1>"


async def test_the_cohorts_questions_are_the_modals_fields_and_reflections_turn_off_and_on(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        questions = f"Done: What did you ship? | Next: What's your plan? | {MENTION} what?"
        changed = await app.ok(app.prof, ["cohort", "reflection"], {"questions": questions})
        assert changed.ephemeral
        assert "Reflection questions set: 3 of them, asked from the next reflection on." in changed.text
        opened = await app.say(app.ada, ["reflect"])
        assert opened.handle.callback is not None
        labels = modal_inputs(opened.handle.callback)
        assert list(labels) == ["What did you ship?", "What's your plan?", f"{MENTION} what?"]
        assert list(labels.values()) == ["q1", "q2", "q3"]

        await app.ok(app.prof, ["cohort", "reflection"], {"turn": "off"})
        off = await app.say(app.ada, ["reflect"])
        assert off.kind == 4
        assert off.failed
        assert "Weekly reflections are off in ML-Fall-2026" in off.text
        assert "/cohort reflection turn:on." in off.text  # Discord's option, not the text grammar
        await app.ok(app.prof, ["cohort", "reflection"], {"turn": "on"})
        await app.ok(app.prof, ["cohort", "reflection"], {"turn": "reset"})
        opened = await app.say(app.ada, ["reflect"])
        assert opened.handle.callback is not None
        assert list(modal_inputs(opened.handle.callback)) == [
            "What did you get done this week?",
            "What will you do next week?",
            "What's blocking you?",
        ]


@pytest.mark.parametrize(
    ("who", "options", "says"),
    [
        ("ada", {"turn": "off"}, "Only an instructor of ML-Fall-2026 can change"),
        ("ada", {}, "Only an instructor of ML-Fall-2026 can change"),
        ("prof", {}, "Give either questions or turn"),
        ("prof", {"turn": "off", "questions": "What?"}, "Give either questions or turn"),
        ("prof", {"questions": "a | b | c | d | e | f"}, "That is 6 questions; ask 1 to 5"),
        ("prof", {"questions": "x" * 46}, "keep each question to 45 or fewer"),
        ("prof", {"questions": "Done: a | Done: b"}, "Two questions start with done:"),
        ("prof", {"questions": " | "}, "✗"),
        ("prof", {"questions": "y" * 5000}, "✗"),
    ],
)
async def test_cohort_reflection_refuses_students_and_bad_questions(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock, who: str, options: dict[str, str], says: str
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        user = app.ada if who == "ada" else app.prof
        refused = await app.fails(user, ["cohort", "reflection"], options)
        assert says in refused.text, refused.text
        assert len(refused.text) < 400
        opened = await app.say(app.ada, ["reflect"])  # the questions are as they were
        assert opened.handle.callback is not None
        assert "What did you get done this week?" in modal_inputs(opened.handle.callback)


@pytest.mark.parametrize(
    ("path", "options", "says"),
    [
        (["me", "reminders"], {}, "like /me reminders day:sun time:19:00"),
        (["me", "reminders"], {"time": "25:00"}, "'25:00' is not a time of day"),
        (["me", "reminders"], {"time": ""}, "✗"),
        (["me", "reminders"], {"time": MENTION}, "'@\u200beveryone <\u200b@&1>' is not a time of day"),
        (["me", "reminders"], {"time": "9" * 3000}, "is not a time of day"),
        (["me", "reminders"], {"time": "23:30"}, "23:30 is inside your quiet hours (22:00–08:00)"),
        (["me", "quiet"], {"hours": "junk"}, "like /me quiet hours:23:00-07:00, or /me quiet hours:off."),
        (["me", "quiet"], {"hours": ""}, "is not a span of hours"),
        (["me", "quiet"], {"hours": MENTION}, "'@\u200beveryone <\u200b@&1>' is not a span of hours"),
        (["me", "quiet"], {"hours": "08:00-08:00"}, "start and end at the same time"),
        (["me", "quiet"], {"hours": "1" * 3000}, "is not a span of hours"),
        (["me", "snooze"], {"for": "10m"}, "A snooze lasts from 30m to 7d, like /me snooze for:1d"),
        (["me", "snooze"], {"for": "9d"}, "A snooze lasts from 30m to 7d"),
        (["me", "snooze"], {"for": ""}, "✗"),
        (["me", "snooze"], {"for": MENTION}, "is not a length of time"),
        (["me", "snooze"], {"for": "z" * 3000}, "is not a length of time"),
    ],
)
async def test_reminder_settings_refuse_bad_values_in_one_sentence(
    fake_discord: FakeDiscord,
    stride: Stride,
    clock: FixedClock,
    path: list[str],
    options: dict[str, str],
    says: str,
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        refused = await app.fails(app.ada, path, options)
        assert says in refused.text, refused.text
        assert len(refused.text) < 400
        me = await app.ok(app.ada, ["me", "show"])
        assert "the cohort's schedule" in me.text
        assert "22:00–08:00" in me.text
        assert "Snoozed\nno" in me.text


async def test_reminder_settings_show_in_me(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        await app.ok(app.ada, ["me", "reminders"], {"day": "sun", "time": "19:00"})
        await app.ok(app.ada, ["me", "quiet"], {"hours": "off"})
        snoozed = await app.ok(app.ada, ["me", "snooze"], {"for": "1d"})
        assert snoozed.ephemeral
        shown = (await app.ok(app.ada, ["me", "show"])).text
        assert "Weekly check-in DM\nSun at 19:00" in shown
        assert "Quiet hours\noff" in shown
        assert "Snoozed\nuntil Thu 19 Nov 11:00" in shown
        back = await app.ok(app.ada, ["me", "reminders"], {"day": "off", "time": "off"})
        assert "Weekly check-in DM\nthe cohort's schedule" in back.text
