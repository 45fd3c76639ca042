"""The Discord renderer: every view as messages within Discord's limits, with no pings.

Pure tests: views are built directly and rendered; nothing touches the network.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.discord.render import (
    COLOUR_INFO,
    COLOUR_OVER,
    COLOUR_UNDER,
    COLOUR_WITHIN,
    CONTENT_LIMIT,
    EMBED_TOTAL_LIMIT,
    DiscordMessage,
    fits_discord_limits,
    leaderboard_pages,
    message_texts,
    render,
)
from bot.discord.render_base import with_attachments
from core.domain.levels import LEVEL_NAMES
from core.views.activity import CheckinView, GoalListView, ProgressView, StreakView, TrackProgressView
from core.views.base import Attachment, Notice, View
from core.views.group_sessions import GroupSessionReminderView
from core.views.kinds import AnyView
from core.views.member import CohortView, HelpView, ScheduledRowView, SchedulePreviewView
from core.views.plans import PlanView
from core.views.reflections import SharedReflectionView
from core.views.reports import (
    LeaderboardView,
)
from core.views.scheduled import (
    HoursCheckinView,
    ReassessmentView,
    ReassessSkillView,
    WeeklyReminderView,
    WeeklyStatusView,
)
from core.views.sessions import SessionView, TimerDmView
from tests.view_samples import (
    CHANNEL_ID,
    all_views,
    digest,
    leaderboard,
    ledger,
    of_kind,
    plan_check,
    roadmap,
    skill_list,
)

INJECTIONS = ["@everyone", "@here", "<@123>", "<@&456>", "<#789>"]
RAW_MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>|<#\d+>", re.IGNORECASE)
CHANNEL_LINK = f"<#{CHANNEL_ID}>"


# --- Helpers ----------------------------------------------------------------------------------
def texts(messages: list[DiscordMessage]) -> list[str]:
    return [text for message in messages for text in message_texts(message)]


def joined(messages: list[DiscordMessage]) -> str:
    return "\n".join(texts(messages))


def assert_all_fit(messages: list[DiscordMessage]) -> None:
    assert messages, "a view must render to at least one message"
    for message in messages:
        assert fits_discord_limits(message), message
        for embed in message.embeds:  # discord.py's own count agrees
            assert len(embed) <= EMBED_TOTAL_LIMIT


def assert_no_raw_mentions(messages: list[DiscordMessage]) -> None:
    """No ping and no channel link, except the cohort's own channel, which we link on purpose."""
    for text in texts(messages):
        assert not RAW_MENTION.search(text.replace(CHANNEL_LINK, "")), text


def assert_code_blocks_closed(messages: list[DiscordMessage]) -> None:
    for text in texts(messages):
        assert text.count("```") % 2 == 0, text


def view_id(view: View) -> str:
    return str(getattr(view, "view", type(view).__name__))


# --- Every view renders ----------------------------------------------------------------------
@pytest.mark.parametrize("view", all_views(), ids=view_id)
def test_every_view_renders_within_limits(view: View) -> None:
    messages = render(view)
    assert_all_fit(messages)
    assert_code_blocks_closed(messages)
    assert all(m.ephemeral == view.private for m in messages)


def test_every_view_kind_is_covered() -> None:
    kinds = {type(view) for view in all_views()}
    assert set(AnyView.__args__) <= kinds


@pytest.mark.parametrize("view", all_views(), ids=view_id)
def test_key_text_is_shown(view: View) -> None:
    shown = joined(render(view))
    if isinstance(view, StreakView | HelpView):
        assert "dsa 5h" in shown or "/checkin HOURS TRACK" in shown
    else:
        assert ("Daily katas" if isinstance(view, GoalListView) else "Python") in shown


def test_views_with_their_own_renderer_use_embeds() -> None:
    for view in all_views():
        messages = render(view)
        if isinstance(view, Notice):
            assert messages[0].content == "Skill Python added. Daily katas"
            assert not messages[0].embeds
        elif isinstance(view, SessionView | TimerDmView):  # a sentence or two, as a notice
            assert messages[0].content is not None
            assert "Python" in messages[0].content
            assert not messages[0].embeds
        elif isinstance(view, SchedulePreviewView):  # plain-text fallback, in a code block
            assert messages[0].content is not None
            assert messages[0].content.startswith("```\nSchedule of Python")
        else:
            assert any(m.embeds for m in messages), view_id(view)


def test_headline_is_the_content_of_the_first_message() -> None:
    messages = render(skill_list())
    assert messages[0].content == "Added Python."
    assert messages[0].embeds


def test_plan_check_not_attainable() -> None:
    shown = joined(render(plan_check()))
    assert "Not complete yet" in shown
    assert "plan B: position and industry" in shown
    assert "2 more specific skills" in shown
    assert "Python 1" in shown
    assert "Python 10" in shown
    assert "1 Critical" in shown
    assert "3 Nice-to-have" in shown
    assert "550h left at 6h/week" in shown
    assert "92 weeks" in shown
    assert "✗ Not within one year (52 weeks)" in shown
    assert "11h/week" in shown
    assert "target 3→2 (saves 40h)" in shown
    assert "50 weeks" in shown
    assert render(plan_check())[0].embeds[0].colour == discord.Colour(COLOUR_UNDER)
    # Each row: the week its skill arrives, and the hours done and left when any are logged.
    assert "week 31" in shown
    assert "55h: 12h 30m done, 42h 30m left" in shown
    assert "How this was judged" in shown
    assert "0→1 5h, 1→2 15h, 2→3 40h, 3→4 100h, 4→5 200h" in shown


def test_plan_check_attainable() -> None:
    messages = render(plan_check(attainable=True))
    shown = joined(messages)
    assert "Complete ✓" in shown
    assert "✓ Yes, within one year (52 weeks)" in shown
    assert "Suggested cuts" not in shown
    assert messages[0].embeds[0].colour == discord.Colour(COLOUR_WITHIN)


def test_prompts_ask_to_reassess_a_skill_its_hours_passed() -> None:
    for view in all_views("SQL"):
        if isinstance(view, HoursCheckinView | WeeklyStatusView):
            shown = joined(render(view))
            assert "Time to re-assess" in shown
            assert "logged 16h toward SQL since its last assessment" in shown
            assert "/skill assess 2 2" in shown


def test_digest_rows_show_the_plans_hours() -> None:
    shown = joined(render(digest(3)))
    assert "plan 420h left" in shown
    assert "plan no skills" in shown


def test_the_ledger_marks_what_study_sessions_logged() -> None:
    shown = joined(render(ledger(6)))
    assert "1. Sun 29 Nov · 1h 30m · dsa · 🎙 voice room" in shown
    assert "2. Sat 28 Nov · 2h 30m · dsa · ⏱ focus timer" in shown
    assert "3. Fri 27 Nov · 3h 30m · dsa\n" in shown  # typed: no mark


def test_levels_and_priorities_use_the_seed_words() -> None:
    shown = joined(render(skill_list()))
    assert "1 Can implement with guidance" in shown
    assert "3 Connect" in shown
    assert "2 Important" in shown
    reassess = joined(render(of_kind(ReassessmentView)))
    assert "5 Can teach & advance" in reassess


@pytest.mark.parametrize(
    ("status", "colour"), [("within", COLOUR_WITHIN), ("under", COLOUR_UNDER), ("over", COLOUR_OVER)]
)
def test_status_colours(status: str, colour: int) -> None:
    view = CheckinView.model_validate(
        {
            "hours": 1,
            "track": "dsa",
            "local_date": date(2026, 11, 18),
            "skill": None,
            "week": "2026-W47",
            "track_week_hours": 6,
            "budget_min_hours": 5,
            "budget_max_hours": 7,
            "budget_status": status,
        }
    )
    messages = render(view)
    assert messages[0].embeds[0].colour == discord.Colour(colour)
    marks = {"within": "✓ within", "under": "▼ under", "over": "▲ over"}
    assert marks[status] in joined(messages)  # colour is never the only signal


def test_colours_are_distinct() -> None:
    assert len({COLOUR_INFO, COLOUR_WITHIN, COLOUR_UNDER, COLOUR_OVER}) == 4


def test_progress_is_coloured_by_its_worst_track() -> None:
    view = of_kind(ProgressView)
    assert render(view)[0].embeds[0].colour == discord.Colour(COLOUR_WITHIN)
    under = view.model_copy(
        update={"tracks": [TrackProgressView(track="dsa", hours=1, min_hours=5, max_hours=7, status="under")]}
    )
    assert render(under)[0].embeds[0].colour == discord.Colour(COLOUR_UNDER)


def test_cohort_channel_is_a_channel_link() -> None:
    cohort = of_kind(CohortView)
    assert CHANNEL_LINK in joined(render(cohort))
    odd = cohort.model_copy(update={"channel_id": "789"})
    assert "<#789>" not in joined(render(odd))


# --- Private and channel views ----------------------------------------------------------------
def test_private_views_are_ephemeral_and_channel_posts_are_not() -> None:
    for view in all_views():
        expected = not isinstance(
            view, LeaderboardView | WeeklyReminderView | GroupSessionReminderView | SharedReflectionView
        )
        assert view.private is expected
        assert all(m.ephemeral is expected for m in render(view)), view_id(view)
    assert all(not m.ephemeral for m in leaderboard_pages(leaderboard(100)))


# --- Oversize output --------------------------------------------------------------------------
def test_a_5000_character_reply_is_split() -> None:
    words = [f"word{i:04d}" for i in range(560)]
    text = " ".join(words)
    assert len(text) > 5000
    messages = render(Notice(text=text))
    assert len(messages) >= 3
    assert_all_fit(messages)
    assert all(m.ephemeral for m in messages)
    assert " ".join(m.content or "" for m in messages).split() == words


def test_a_5000_character_line_without_spaces_is_split() -> None:
    messages = render(Notice(text="x" * 5000))
    assert_all_fit(messages)
    assert "".join(m.content or "" for m in messages) == "x" * 5000


def test_a_5000_character_fallback_is_split_into_closed_code_blocks() -> None:
    rows = [
        ScheduledRowView(
            kind="weekly_reminder", recipient=f"member {i}", local_time="09:00", utc_time="08:00"
        )
        for i in range(200)
    ]
    view = SchedulePreviewView(cohort="CS101", start=date(2026, 11, 16), days=7, rows=rows)
    messages = render(view)
    assert len(messages) > 1
    assert_all_fit(messages)
    assert_code_blocks_closed(messages)
    shown = joined(messages)
    assert "member 0\n" in shown
    assert "member 199\n" in shown


def test_a_200_skill_list() -> None:
    messages = render(skill_list(200))
    assert_all_fit(messages)
    shown = joined(messages)
    assert "1. Python 1 ·" in shown
    assert "… and 150 more" in shown
    assert len(messages) <= 5


def test_a_200_skill_plan_check() -> None:
    messages = render(plan_check(count=200))
    assert_all_fit(messages)
    assert_code_blocks_closed(messages)
    shown = joined(messages)
    assert "Python 1 " in shown
    assert "… and 150 more" in shown
    assert "92 weeks" in shown
    assert "11h/week" in shown


def test_a_1000_member_leaderboard_is_one_message_with_a_more_marker() -> None:
    messages = render(leaderboard(1000))
    assert len(messages) == 1
    assert_all_fit(messages)
    shown = joined(messages)
    assert "Grace 1 —" in shown
    assert "Grace 2 —" in shown
    match = re.search(r"… and (\d+) more", shown)
    assert match is not None
    shown_rows = len(re.findall(r"Grace \d+ —", shown))
    assert shown_rows + int(match.group(1)) == 1000
    assert "2 more students keep their place private." in shown


def test_leaderboard_pages_hold_every_row() -> None:
    pages = leaderboard_pages(leaderboard(1000))
    assert len(pages) == 50
    for page in pages:
        assert_all_fit([page])
        assert len(page.embeds) == 1
    shown = joined(pages)
    assert all(f"Grace {i} —" in shown for i in (1, 500, 1000))
    assert "Page 1/50" in joined(pages[:1])
    assert "Page 50/50" in joined(pages[-1:])


def test_a_streak_leaderboard() -> None:
    shown = joined(render(leaderboard(3, metric="streak")))
    assert "10 weeks" in shown
    assert "Streak" in shown


def test_an_empty_leaderboard() -> None:
    shown = joined(render(leaderboard(0)))
    assert "Nobody to rank yet." in shown


def test_a_1000_member_digest() -> None:
    messages = render(digest(1000))
    assert_all_fit(messages)
    assert len(messages) <= 5
    shown = joined(messages)
    assert "999 of 1,000 students checked in" in shown
    assert "**Linus 1 (paused)**" in shown
    assert "Linus 1**: no check-in for 2 weeks" in shown
    assert re.search(r"… and \d+ more at risk", shown)
    assert re.search(r"… and \d+ more students", shown)
    assert "Unreachable by DM" in shown


def test_a_small_digest_is_complete() -> None:
    shown = joined(render(digest(30)))
    assert all(f"Linus {i}**" in shown for i in range(1, 31))
    assert "more students" not in shown


def test_10000_character_notes_are_cut_with_a_marker() -> None:
    notes = "n" * 10_000
    for view in [skill_list(10, notes=notes), *all_views(notes=notes)]:
        messages = render(view)
        assert_all_fit(messages)
    shown = joined(render(skill_list(1, notes=notes)))
    assert re.search(r"… \(\+[\d,]+ more characters\)", shown)
    plan = joined(render(of_kind(PlanView, notes=notes)))
    assert "Fintech" in plan
    assert "more characters" in plan


def test_10000_character_names_are_cut() -> None:
    for view in all_views(text="N" * 10_000, notes="M" * 10_000):
        assert_all_fit(render(view))


def test_many_fields_continue_in_more_embeds() -> None:
    skills = [
        ReassessSkillView(name=f"S{i}", current=1, current_label=LEVEL_NAMES[1], target=3, target_label="x")
        for i in range(60)
    ]
    messages = render(ReassessmentView(member="Ada", month="November", skills=skills))
    assert_all_fit(messages)
    embeds = [e for m in messages for e in m.embeds]
    assert len(embeds) == 3
    assert sum(len(e.fields) for e in embeds) == 60


# --- Mentions and Markdown in user text --------------------------------------------------------
@pytest.mark.parametrize("injection", INJECTIONS)
def test_mentions_in_user_text_never_appear_raw(injection: str) -> None:
    for view in all_views(text=f"Py {injection} thon", notes=f"see {injection} now"):
        messages = render(view)
        assert_all_fit(messages)
        assert_no_raw_mentions(messages)
        assert injection not in joined(messages)
    for view in [leaderboard(50, injection), digest(50, injection), leaderboard(1000, injection)]:
        assert_no_raw_mentions(render(view))
    assert_no_raw_mentions(leaderboard_pages(leaderboard(100, injection)))


def test_mentions_stay_readable() -> None:
    shown = joined(render(skill_list(1, name="@everyone")))
    assert "@\u200beveryone" in shown
    assert "everyone" in shown.replace("\u200b", "")


def test_mentions_in_notice_and_headlines() -> None:
    messages = render(Notice(text="@here <@&456> says hi @EVERYONE"))
    assert_no_raw_mentions(messages)
    messages = render(of_kind(CohortView).model_copy(update={"headline": "Created cohort @everyone <@123>."}))
    assert_no_raw_mentions(messages)


@pytest.mark.parametrize("name", ["**bold**", "__under__", "`tick`", "```py\nprint(1)\n```", "~~x~~ ||s||"])
def test_markdown_in_user_text_stays_literal(name: str) -> None:
    for view in all_views(text=name, notes=name):
        messages = render(view)
        assert_all_fit(messages)
        assert_code_blocks_closed(messages)
    # In Markdown text, the characters are escaped ...
    skills = joined(render(skill_list(1, name="**bold** __u__")))
    assert "\\*\\*bold\\*\\* \\_\\_u\\_\\_" in skills
    # ... and in code blocks, a run of backticks is broken so it cannot close the block.
    check = render(plan_check(name="a```b", count=1))
    blocks = [f.value or "" for f in check[0].embeds[0].fields if (f.value or "").startswith("```")]
    assert blocks
    for block in blocks:
        assert block.count("```") == 2
        assert block.startswith("```\n")
        assert block.endswith("\n```")
        assert "a`\u200b`\u200b`b" in block


def test_newlines_in_names_do_not_break_lines() -> None:
    shown = joined(render(leaderboard(1, "Eve\n# Heading\n> quote")))
    assert "Eve # Heading > quote" in shown


# --- The checker itself -----------------------------------------------------------------------
def test_fits_discord_limits_rejects_what_discord_rejects() -> None:
    assert fits_discord_limits(DiscordMessage("hi", [], False))
    assert not fits_discord_limits(DiscordMessage(None, [], False))
    assert not fits_discord_limits(DiscordMessage("", [], False))
    assert not fits_discord_limits(DiscordMessage("x" * (CONTENT_LIMIT + 1), [], False))
    assert not fits_discord_limits(DiscordMessage("😀" * 1001, [], False))  # UTF-16 counted
    assert not fits_discord_limits(DiscordMessage(None, [discord.Embed(title="t" * 257)], False))
    assert not fits_discord_limits(DiscordMessage(None, [discord.Embed(description="d" * 4097)], False))
    too_many = discord.Embed(title="t")
    for i in range(26):
        too_many.add_field(name=str(i), value="v")
    assert not fits_discord_limits(DiscordMessage(None, [too_many], False))
    long_value = discord.Embed(title="t").add_field(name="n", value="v" * 1025)
    assert not fits_discord_limits(DiscordMessage(None, [long_value], False))
    empty_value = discord.Embed(title="t").add_field(name="n", value=" ")
    assert not fits_discord_limits(DiscordMessage(None, [empty_value], False))
    footer = discord.Embed(title="t").set_footer(text="f" * 2049)
    assert not fits_discord_limits(DiscordMessage(None, [footer], False))
    author = discord.Embed(title="t").set_author(name="a" * 257)
    assert not fits_discord_limits(DiscordMessage(None, [author], False))
    big = [discord.Embed(description="d" * 4000) for _ in range(2)]
    assert not fits_discord_limits(DiscordMessage(None, big, False))
    eleven = [discord.Embed(title=str(i)) for i in range(11)]
    assert not fits_discord_limits(DiscordMessage(None, eleven, False))


# --- Property: arbitrary user text ------------------------------------------------------------
SKILL_VIEWS: list[Callable[[str, str], View]] = [
    lambda name, notes: skill_list(1, name, notes),
    lambda name, notes: skill_list(30, name, notes),
    lambda name, notes: plan_check(name, count=3),
    lambda name, notes: of_kind(PlanView, name, notes),
    lambda name, notes: of_kind(ReassessmentView, name, notes),
    lambda name, notes: leaderboard(40, name),
    lambda name, notes: digest(40, name),
    lambda name, notes: Notice(text=f"{name} {notes}"),
    lambda name, notes: of_kind(SchedulePreviewView, name, notes),
]
mentionish = st.sampled_from([*INJECTIONS, "@", "<", "#", "&", "`", "```", "*", "_", "\\", "\n", "😀", " "])
user_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(mentionish, st.text(max_size=5)), max_size=60).map("".join),
    st.text(alphabet="@<#&!0123456789>` everyonhr\\", max_size=400),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=user_text, notes=user_text, which=st.integers(0, len(SKILL_VIEWS) - 1))
def test_any_user_text_fits_and_never_pings(name: str, notes: str, which: int) -> None:
    messages = render(SKILL_VIEWS[which](name, notes))
    assert_all_fit(messages)
    assert_no_raw_mentions(messages)
    assert_code_blocks_closed(messages)


@pytest.mark.parametrize("text", ["", "\r", " \n "])
def test_an_empty_notice_still_answers(text: str) -> None:
    messages = render(Notice(text=text))
    assert len(messages) == 1
    assert_all_fit(messages)


def test_files_ride_on_the_last_message_ten_at_a_time() -> None:
    files = tuple(Attachment(filename=f"{n}.png", media_type="image/png", data=b"x") for n in range(23))
    view = Notice(text="charts", attachments=files)
    parts = with_attachments([(message, None) for message in render(view)], view)
    assert [len(message.files) for message, _ in parts] == [10, 10, 3]
    assert "charts" in str(parts[0][0].content)
    sent = [file.filename for message, _ in parts for file in message.discord_files()]
    assert sent == [file.filename for file in files]
    assert with_attachments([], Notice(text="x")) == []


def test_a_long_roadmap_is_spread_over_fields_and_messages_within_limits() -> None:
    messages = render(roadmap(500, "x" * 300, "y" * 600))
    assert len(messages) > 1
    assert all(fits_discord_limits(m) for m in messages)
    shown = joined(messages)
    assert "` 1000` ☐" in shown or "`1000` ☐" in shown
    assert "accept with `/roadmap accept 1`" in shown
