"""The Discord embeds of the issue-20 views: the exact sentences, a large cohort's list and
digest within Discord's limits, and user text that never pings or formats."""

from __future__ import annotations

from bot.discord.render import fits_discord_limits, message_texts, render
from core.views.reflections import ReflectionListView, ReflectionRowView, ReflectionView, SharedReflectionView
from tests.view_samples import nudge, reflection_answers, reflection_digest, reflection_views

HOSTILE = "@everyone <@&1> **bold** `code`"


def _text(view: object) -> str:
    return "\n".join(t for m in render(view) for t in message_texts(m))  # type: ignore[arg-type]


def test_the_nudge_says_the_exact_sentence() -> None:
    shown = _text(nudge("Ada", lines=2))
    assert (
        "You're at 1h of 5h–7h on dsa with 4 days left — a 25 minute session today keeps you on track"
        in shown
    )
    assert "You're at 1h of at least 5h on all tracks with 4 days left — a 30 minute session today" in shown


def test_a_reflection_reply_names_the_commitments_and_the_blocker_question() -> None:
    [reflection] = [v for v in reflection_views() if isinstance(v, ReflectionView)]
    shown = _text(reflection)
    assert "Saved your reflection on Mon 30 Nov – Sun 6 Dec." in shown
    assert "Commitment for next week: 6h on Python." in shown
    assert "You planned 6h on dsa; you did 4h 30m" in shown
    assert "Last time you were blocked by: “Daily katas”. Is it resolved?" in shown
    assert "You can change it until Mon 7 Dec 08:00." in shown


def test_a_thousand_students_list_within_limits_and_say_how_many_more() -> None:
    rows = [
        ReflectionRowView(
            name=f"Student {n} {HOSTILE}", answered=n % 3 != 0, answers=reflection_answers(notes="x" * 1000)
        )
        for n in range(1000)
    ]
    view = ReflectionListView(
        cohort="CS101", week="2026-W49", week_label="w", answered=666, students=1000, rows=rows
    )
    messages = render(view)
    assert all(fits_discord_limits(m) and m.ephemeral for m in messages)
    assert len(messages) <= 4
    shown = "\n".join(t for m in messages for t in message_texts(m))
    assert "and 641 more students answered; the first 25 are shown." in shown
    assert "Not answered (334)" in shown
    assert "@everyone" not in shown.replace("@\u200beveryone", "")


def test_a_digest_with_many_blockers_and_commitments_fits() -> None:
    messages = render(reflection_digest(500, f"N {HOSTILE}", "b" * 200))
    assert all(fits_discord_limits(m) for m in messages)
    shown = "\n".join(t for m in messages for t in message_texts(m))
    assert "Commitments met: 250 of 500" in shown
    assert "Blockers (500)" in shown
    assert "(still blocked)" in shown
    assert "Reflections\n499 of 500 students answered" in shown


def test_a_shared_reflection_shows_only_the_answered_questions_and_never_pings() -> None:
    view = SharedReflectionView(
        member=HOSTILE, week="2026-W49", week_label="w", answers=reflection_answers("dsa", HOSTILE)
    )
    [message] = render(view)
    assert not message.ephemeral
    shown = "\n".join(message_texts(message))
    assert "What did you learn" not in shown  # unanswered
    assert "@\u200beveryone <\u200b@&1> \\*\\*bold\\*\\* \\`code\\`" in shown


def test_a_nudge_on_the_cohort_default_says_how_to_log_without_buttons() -> None:
    default_only = nudge(lines=2).model_copy(update={"lines": nudge(lines=2).lines[1:]})
    assert "Log with /checkin, or start a focus session with /session start." in _text(default_only)
    assert "Log with the buttons" in _text(nudge(lines=2))
