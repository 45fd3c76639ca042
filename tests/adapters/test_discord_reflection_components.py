"""The buttons under the issue-20 prompts stay within Discord's component limits (five rows
of five, custom ids of at most 100 characters, labels of at most 80) however many quick-log
choices, nudge lines or blockers a view has; and the modals keep to theirs (five fields,
titles and labels of at most 45)."""

from __future__ import annotations

from typing import Any

import discord

from bot.discord.reflections.modals import BlockerReplyModal, ReflectionModal
from bot.discord.reflections.prompts import checkin_buttons, digest_buttons, nudge_buttons, reminder_buttons
from bot.discord.respond import plain
from core.views.reflections import ReflectionAnswerView, ReflectionFormView, ReflectionReminderView
from core.views.reports import BlockerView
from core.views.scheduled import HoursCheckinView, QuickLogView
from tests.adapters.fake_discord_limits import component_errors, walk_components
from tests.view_samples import nudge, of_kind, reflection_digest, reflection_prompt

WORKSPACE = "9" * 20  # the longest server id a custom id carries


def _rows(view: discord.ui.View) -> list[dict[str, Any]]:
    return view.to_components()


def _labels(view: discord.ui.View) -> list[str]:
    return [c["label"] for row in _rows(view) for c in row["components"]]


def test_a_checkin_dm_with_many_quick_logs_keeps_its_reflection_row() -> None:
    checkin = of_kind(HoursCheckinView)
    many = [QuickLogView(track="t" * 32, minutes=m, label="x" * 100, command="") for m in range(1, 40)]
    view = checkin_buttons(checkin.model_copy(update={"quick_log": many}), WORKSPACE)
    rows = _rows(view)
    assert component_errors(rows) == []
    assert len(rows) == 5
    assert [c["label"] for c in rows[-1]["components"]] == [
        "Reflect",
        "Resolved",
        "Still blocked",
        "Remind me later",
    ]
    assert "Other amount…" in [c["label"] for c in rows[-2]["components"]]


def test_a_checkin_dm_without_reflections_still_offers_remind_me_later() -> None:
    checkin = of_kind(HoursCheckinView)
    labels = _labels(checkin_buttons(checkin.model_copy(update={"reflection": None}), WORKSPACE))
    assert labels == ["30m dsa", "Other amount…", "Remind me later"]


def test_an_answered_reflection_offers_edit_and_no_blocker_buttons() -> None:
    prompt = reflection_prompt().model_copy(update={"answered": True, "open_blocker": None})
    view = reminder_buttons(ReflectionReminderView(member="Ada", prompt=prompt), WORKSPACE)
    assert _labels(view) == ["Edit reflection", "Remind me later"]


def test_a_nudge_with_many_lines_and_a_long_session_fits() -> None:
    long = nudge("Python", lines=9)
    lines = [
        line.model_copy(update={"track": f"track-{n}", "session_minutes": 25 + 100 * n})
        for n, line in enumerate(long.lines)
    ]
    view = nudge_buttons(
        long.model_copy(update={"lines": lines, "quick_log_minutes": [15, 30, 60, 90, 120, 0]}), WORKSPACE
    )
    rows = _rows(view)
    assert component_errors(rows) == []
    assert len(rows) == 5
    assert [c["label"] for c in rows[-1]["components"]] == ["Remind me later"]
    assert "Start a 225 min session" in _labels(view)
    assert "Start a 325 min session" not in _labels(view)  # past the longest focus timer (4 h)
    assert not any("all tracks" in label for label in _labels(view))


def test_a_nudge_on_the_cohort_default_has_no_track_to_log_on() -> None:
    view = nudge_buttons(nudge(lines=2).model_copy(update={"lines": nudge(lines=2).lines[1:]}), WORKSPACE)
    assert _labels(view) == ["Remind me later"]


def test_a_digest_with_many_blockers_offers_25_reply_buttons_one_per_student() -> None:
    digest = reflection_digest(40, "N" * 120)
    doubled = digest.model_copy(update={"blockers": [*digest.blockers, digest.blockers[0]]})
    view = digest_buttons(doubled, WORKSPACE)
    assert view is not None
    rows = _rows(view)
    assert component_errors(rows) == []
    assert sum(len(row["components"]) for row in rows) == 25
    assert all(len(label) <= 80 for label in _labels(view))
    assert digest_buttons(digest.model_copy(update={"blockers": []}), WORKSPACE) is None


def test_the_reflection_modal_keeps_to_discords_limits() -> None:
    questions = [
        ReflectionAnswerView(key=f"q{n}", question="Q" * 200, answer="a" * 3000) for n in range(1, 8)
    ]
    form = ReflectionFormView(
        cohort="c", week="2026-W49", week_label="L" * 100, questions=questions, editable_until="Mon"
    )
    modal = ReflectionModal(WORKSPACE, form, plain, 10**19)
    payload = modal.to_dict()
    assert len(payload["title"]) <= 45
    assert len(payload["custom_id"]) <= 100
    inputs = [c for c in walk_components(payload["components"]) if c.get("type") == 4]
    assert len(inputs) == 5
    assert [i["custom_id"] for i in inputs] == ["q1", "q2", "q3", "q4", "q5"]
    assert all(len(i["label"]) <= 45 for i in inputs)
    assert all(i["max_length"] == 1000 and len(i.get("value") or "") <= 1000 for i in inputs)
    blank = form.model_copy(update={"questions": [ReflectionAnswerView(key="q1", question="   ")]})
    [only] = [
        c
        for c in walk_components(ReflectionModal(WORKSPACE, blank, plain, 10**19).to_dict()["components"])
        if c.get("type") == 4
    ]
    assert only["label"] == "Question 1"


def test_the_reply_modal_keeps_to_discords_limits() -> None:
    blocker = BlockerView(name="N" * 200, member_id=10**11, week="2026-W49", text="T" * 1000)
    modal = BlockerReplyModal(WORKSPACE, blocker, 10**19)
    payload = modal.to_dict()
    assert len(payload["title"]) <= 45
    assert len(payload["custom_id"]) <= 100
    assert len(modal.reply.placeholder or "") <= 100
