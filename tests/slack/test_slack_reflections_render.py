"""Block Kit of the reflection views, the nudge and the new parts of the check-in DM and the
digest: within Slack's limits whatever the text, inert, and with the buttons they promise."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from bot.slack.blocks import SlackMessage, fits_slack_limits
from bot.slack.modals import Origin, reflection_modal, reply_modal
from bot.slack.render import render
from bot.slack.render_reflections import without_buttons
from bot.slack.render_scheduled import answered_prompt
from core.views.activity import CheckinView, ProgressView
from core.views.base import View
from core.views.reflections import (
    CommitmentView,
    ReflectionAnswerView,
    ReflectionFormView,
    ReflectionListView,
    ReflectionRowView,
)
from core.views.reports import BlockerView
from tests.slack.reflection_samples import (
    LABEL,
    WEEK,
    answers,
    checkin,
    digest,
    nudge,
    reflection,
    reflection_views,
)

HOSTILE = "<!channel> <@U123> <!here|here> <#C1> & <https://evil.example|click> @everyone"
RAW = ("<!channel>", "<@U123>", "<!here", "<#C1>", "<https://")


def _fit(messages: list[SlackMessage]) -> None:
    assert messages
    for message in messages:
        assert fits_slack_limits(message) == []
        assert len(message.payload()["text"]) <= 3000
        for block in message.blocks:
            if block["type"] == "actions":
                ids = [e["action_id"] for e in block["elements"]]
                assert len(ids) == len(set(ids)) <= 25
                assert all(
                    len(e["text"]["text"]) <= 75 and len(e.get("value", "")) <= 2000
                    for e in block["elements"]
                )


def _mrkdwn(value: object) -> list[str]:
    if isinstance(value, list):
        return [text for item in value for text in _mrkdwn(item)]
    if not isinstance(value, dict):
        return []
    own = [value["text"]] if value.get("type") == "mrkdwn" and isinstance(value.get("text"), str) else []
    return own + [t for key, item in value.items() if key != "text" or not own for t in _mrkdwn(item)]


def _shown(view: View) -> str:
    return json.dumps([m.payload() for m in render(view)], ensure_ascii=False)


def _buttons(view: View) -> list[dict[str, Any]]:
    blocks = [b for m in render(view) for b in m.blocks]
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]] + [
        b["accessory"] for b in blocks if "accessory" in b
    ]


@pytest.mark.parametrize("view", reflection_views(), ids=lambda v: v.view)
def test_every_reflection_view_fits(view: View) -> None:
    _fit(render(view))


@pytest.mark.parametrize("view", reflection_views(HOSTILE, HOSTILE), ids=lambda v: v.view)
def test_user_text_never_pings(view: View) -> None:
    messages = render(view)
    _fit(messages)
    texts = [m.payload()["text"] for m in messages] + _mrkdwn([m.blocks for m in messages])
    assert any("&lt;!channel&gt;" in text for text in texts)
    for text in texts:
        for raw in RAW:
            assert raw not in text


@pytest.mark.parametrize("view", reflection_views("x" * 3000, "y " * 4000), ids=lambda v: v.view)
def test_oversized_text_is_cut_or_split(view: View) -> None:
    _fit(render(view))


def test_the_checkin_dm_asks_for_the_reflection_with_its_buttons() -> None:
    shown = _shown(checkin("Graphs"))
    assert "Your weekly reflection (Mon 30 Nov – Sun 6 Dec): what you did, what you'll do next week" in shown
    assert "You planned 6h on dsa; you did 4h 30m" in shown
    assert "Last time you were blocked by: “Graphs”. Is it resolved?" in shown
    assert "Or type /stride reflect: it opens the questions too." in shown
    assert shown.count("Your weekly reflection") == 1  # in its section, not in the table above
    assert "/stride me snooze 3h" not in shown  # a button here, not a command
    labels = [(b["action_id"], b["text"]["text"], b.get("value")) for b in _buttons(checkin())]
    assert labels[-4:] == [
        ("stride_reflect", "Reflect", WEEK),
        ("stride_blocker_resolved", "Resolved", "resolved"),
        ("stride_blocker_open", "Still blocked", "open"),
        ("stride_remind_later", "Remind me later", "hours_checkin"),
    ]
    assert labels[0][0] == "stride_log_0"
    without = [(b["action_id"], b.get("value")) for b in _buttons(checkin(reflecting=False))]
    assert without[-1] == ("stride_remind_later", "hours_checkin")
    assert "stride_reflect" not in [a for a, _ in without]


def test_a_quick_log_answer_takes_only_the_quick_log_buttons() -> None:
    blocks = [b for m in render(checkin()) for b in m.blocks]
    logged = CheckinView(
        hours=1,
        track="dsa",
        local_date=date(2026, 12, 6),
        skill=None,
        week=WEEK,
        track_week_hours=2,
        budget_min_hours=5,
        budget_max_hours=7,
        budget_status="under",
    )
    _, kept = answered_prompt(blocks, logged)
    ids = [e["action_id"] for b in kept if b["type"] == "actions" for e in b["elements"]]
    assert ids == ["stride_reflect", "stride_blocker_resolved", "stride_blocker_open", "stride_remind_later"]
    assert without_buttons(kept, "stride_blocker") != kept
    assert [
        e["action_id"]
        for b in without_buttons(kept, "stride_blocker")
        if b["type"] == "actions"
        for e in b["elements"]
    ] == ["stride_reflect", "stride_remind_later"]


def test_the_nudge_says_the_exact_line_with_quick_log_and_session_buttons() -> None:
    view = nudge("dsa", lines=2)
    shown = _shown(view)
    assert (
        "You're at 1h of 5h–7h on dsa with 4 days left — a 400 minute session today keeps you on track"
        in shown
    )
    assert "You're at 1h of at least 5h on all tracks with 4 days left — a 25 minute session today" in shown
    assert "/stride session start TRACK 25m" in shown
    buttons = [
        (
            b["action_id"],
            b["text"]["text"],
            json.loads(b["value"]) if b["action_id"] != "stride_remind_later" else b["value"],
        )
        for b in _buttons(view)
    ]
    assert buttons == [
        ("stride_log_0", "Log 30m dsa", {"track": "dsa", "minutes": 30}),
        ("stride_log_1", "Log 1h dsa", {"track": "dsa", "minutes": 60}),
        ("stride_nudge_session", "Start a 240 min session", {"track": "dsa", "minutes": 240}),
        ("stride_remind_later", "Remind me later", "nudge"),
    ]
    one = nudge("dsa", lines=1).model_copy()
    one.lines[0].session_minutes = 25
    assert "Start a 25 min session" in _shown(one)
    assert render(one)[0].text.startswith("You're at 1h of 5h–7h on dsa")


def test_the_digest_lists_commitments_and_blockers_each_with_a_reply_button() -> None:
    view = digest("Ada", blockers=2)
    shown = _shown(view)
    assert "*Reflections:* 3 of 4 students answered." in shown
    assert "*Commitments for the week:* 1 of 2 met." in shown
    assert "✗ Ada: planned 6h on dsa, did 4h 30m" in shown
    assert "✓ Grace: planned 2h on ml, did 3h" in shown
    assert "Blockers: 2" in shown
    assert "*Ada 0*: “Ada” (still, since last week)" in shown
    replies = [b for b in _buttons(view) if b["action_id"] == "stride_digest_reply"]
    assert [json.loads(b["value"]) for b in replies] == [{"member": 1}, {"member": 2}]
    assert {b["text"]["text"] for b in replies} == {"Reply"}


def test_a_digest_with_many_blockers_is_split_into_messages_of_fifty_blocks() -> None:
    messages = render(digest("Ada", blockers=130))
    assert len(messages) == 3
    _fit(messages)
    assert "(part 3 of 3)" in messages[-1].text
    assert "Ada 129" in json.dumps(messages[-1].blocks)


def test_the_reply_to_a_reflection_reads_back_and_offers_its_buttons() -> None:
    shown = _shown(reflection("Graphs"))
    for words in (
        "Saved your reflection on week 49.",
        "*What did you get done this week?*\\nGraphs",
        "*Last week's commitment for this week:*\\n✗ You planned 6h on dsa; you did 4h 30m",
        "Commitment for next week: 6h on dsa.",
        "Last time you were blocked by: “Graphs”. Is it resolved?",
        "You can change it until Mon 7 Dec 08:00.",
        "_no answer_",
    ):
        assert words in shown, words
    ids = [b["action_id"] for b in _buttons(reflection())]
    assert ids == [
        "stride_blocker_resolved",
        "stride_blocker_open",
        "stride_reflect",
        "stride_reflection_share",
    ]
    closed = reflection(editable=False, shared=True, open_blocker=None, commitments=[])
    assert _buttons(closed) == []
    assert "It closed on Mon 7 Dec 08:00, when its digest went out. Shared with the cohort." in _shown(closed)
    assert "No hours read from it — write them like 6h dsa to have them checked." in _shown(closed)


def test_a_list_of_three_hundred_students_is_split() -> None:
    rows = [
        ReflectionRowView(name=f"Student {n}", answered=n % 2 == 0, answers=answers("z" * 1000))
        for n in range(300)
    ]
    view = ReflectionListView(cohort="ML", week=WEEK, week_label=LABEL, answered=150, students=300, rows=rows)
    messages = render(view)
    _fit(messages)
    said = json.dumps([m.blocks for m in messages])
    assert "Student 298" in said
    assert "Student 299" in said
    assert "150 of 300 students" in said


def _form(text: str, answer: str, editing: bool = True) -> ReflectionFormView:
    return ReflectionFormView(
        cohort="ML-Fall",
        week=WEEK,
        week_label=LABEL,
        questions=[
            ReflectionAnswerView(key=f"q{n}", role=role, question=text[:45], answer=answer)
            for n, role in zip(range(1, 6), ("done", "next", "blocked", None, None), strict=True)
        ],
        editable_until="Mon 7 Dec 08:00",
        editing=editing,
        open_blocker=text,
    )


@pytest.mark.parametrize("text", ["Done?", HOSTILE, "x" * 3000])
def test_the_reflection_modal_fits_slacks_limits(text: str) -> None:
    modal = reflection_modal(_form(text, text), Origin(channel="C" + "1" * 5000, week=WEEK))
    assert len(modal["title"]["text"]) <= 24
    assert len(modal["submit"]["text"]) <= 24
    assert len(modal["private_metadata"]) <= 3000
    assert json.loads(modal["private_metadata"]) == {"week": WEEK}  # an oversized value is left out
    inputs = [b for b in modal["blocks"] if b["type"] == "input"]
    assert [b["block_id"] for b in inputs] == ["q1", "q2", "q3", "q4", "q5"]
    for block in inputs:
        element = block["element"]
        assert block["optional"] is True
        assert element["max_length"] == 1000
        assert len(element.get("initial_value", "")) <= 1000
        assert len(block["label"]["text"]) <= 2000
    assert inputs[1]["hint"]["text"].startswith("Hours written like 6h dsa")
    for text_shown in _mrkdwn(modal["blocks"]):
        for raw in RAW:
            assert raw not in text_shown
    assert Origin.load(modal["private_metadata"]).week == WEEK


def test_the_reply_modal_quotes_the_blocker_inertly() -> None:
    blocker = BlockerView(name=HOSTILE, member_id=7, week="2026-W48", text=HOSTILE + "\nline two", still=True)
    modal = reply_modal(blocker, Origin(channel="C0CLASS", member=7))
    assert json.loads(modal["private_metadata"]) == {"channel": "C0CLASS", "member": 7}
    shown = _mrkdwn(modal["blocks"])
    assert any("(still blocked)" in t and "\n> line two" in t for t in shown)
    for text in shown:
        for raw in RAW:
            assert raw not in text
    [field] = [b for b in modal["blocks"] if b["type"] == "input"]
    assert field["block_id"] == "reply"
    assert field["element"]["max_length"] == 1500


@pytest.mark.parametrize(
    "metadata", ["", "not json", "[]", '{"member": "7"}', '{"member": true}', '{"week": 49}']
)
def test_tampered_metadata_loads_as_nothing(metadata: str) -> None:
    origin = Origin.load(metadata)
    assert origin.member is None
    assert origin.week is None


def test_progress_shows_this_weeks_commitment() -> None:
    from tests.view_samples import all_views

    [progress] = [v for v in all_views() if isinstance(v, ProgressView) and v.period == "week"][:1]
    view = progress.model_copy(
        update={"commitments": [CommitmentView(track="<!channel>", planned_hours=6, done_hours=4.5)]}
    )
    shown = _shown(view)
    assert "*This week's commitment* (from your last reflection):" in shown
    assert "✗ You planned 6h on &lt;!channel&gt;; you did 4h 30m" in shown
    _fit(render(view))


def test_hints_name_the_reflection_commands_the_slack_way() -> None:
    from bot.slack.hints import slack_hints

    said = 'Try /reflect done="…", /reflect share, /reflections week=last or /reply @ada "…"; /me snooze 3h.'
    assert slack_hints(said) == (
        'Try /stride reflect done="…", /stride reflect share, /stride reflections week=last or '
        '/stride reply @ada "…"; /stride me snooze 3h.'
    )
    assert slack_hints("https://x.io/reflect and a/reply") == "https://x.io/reflect and a/reply"
