"""Weekly reflections at the console, end to end on SQLite and PostgreSQL: answering,
editing until the digest, the commitment checked the next week, the blocker question,
sharing once, the instructor's list, replies, the digest's part and the questions."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from bot.console.sink import ConsoleSink
from bot.scheduler import tick
from core.bootstrap import Stride
from tests.conftest import Console

COHORT = "ML-Fall-2026"
WED_W47 = datetime(2026, 11, 18, 10, tzinfo=UTC)
SUN_W47 = datetime(2026, 11, 22, 17, tzinfo=UTC)  # 18:00 in Berlin
MON_BEFORE_DIGEST = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)  # 07:30 in Berlin
MON_AFTER_DIGEST = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # 08:00: the digest goes out
SUN_W48 = datetime(2026, 11, 29, 17, tzinfo=UTC)
TUE_W49 = datetime(2026, 12, 1, 10, tzinfo=UTC)

ANSWER = '@ada /reflect done="two graph problems" next="6h dsa, 2h on project" blocked="recursion"'


async def _class(console: Console) -> None:
    console.clock.set(WED_W47)
    await console.ok(f"@prof /cohort create {COHORT} tz=Europe/Berlin")
    await console.ok("@prof /cohort set channel=class")
    for who in ("ada", "bob"):
        await console.ok(f"@{who} /cohort join {COHORT}")
    await console.ok("@ada /budget set dsa 5-7")


async def test_answer_edit_and_the_week_closing_with_its_digest(console: Console) -> None:
    await _class(console)
    form = await console.ok("@ada /reflect")
    assert form.startswith("Your weekly reflection on Mon 16 Nov – Sun 22 Nov, open until Mon 23 Nov 08:00:")
    assert "  done= What did you get done this week?" in form
    assert "  next= What will you do next week?" in form
    assert "  blocked= What's blocking you?" in form

    saved = await console.ok(ANSWER)
    assert saved.startswith("Saved your reflection on Mon 16 Nov – Sun 22 Nov.\n")
    assert "Commitment for next week: 6h on dsa, 2h on project." in saved
    assert "You can change it until Mon 23 Nov 08:00 with /reflect." in saved

    console.clock.set(MON_BEFORE_DIGEST)  # last week's is still the open one
    edited = await console.ok('@ada /reflect next="read the book"')
    assert edited.startswith("Updated your reflection on Mon 16 Nov – Sun 22 Nov.")
    assert "    two graph problems" in edited  # the answer left out is kept
    assert "No hours read from it — write them like 6h dsa to have them checked." in edited

    console.clock.set(MON_AFTER_DIGEST)
    assert "You have not written a reflection on Mon 23 Nov – Sun 29 Nov yet" in await console.fails(
        "@ada /reflect show"
    )
    closed = await console.ok("@ada /reflect show week=last")
    assert "It closed on Mon 23 Nov 08:00, when its digest went out." in closed
    assert "read the book" in closed


async def test_commitment_checked_next_week_blocker_question_and_digest(console: Console) -> None:
    await _class(console)
    await console.ok(ANSWER)
    console.clock.set(SUN_W48)
    await console.ok("@ada /checkin 4h30m dsa")
    progress = await console.ok("@ada /progress")
    assert "This week's commitment (from your last reflection):" in progress
    assert "  ✗ You planned 6h on dsa; you did 4h 30m" in progress

    form = await console.ok("@ada /reflect")
    assert "Last time you were blocked by: “recursion”. Is it resolved?" in form
    reply = await console.ok('@ada /reflect done="trees" blocked="dynamic programming"')
    assert "Last week's commitment for this week:" in reply
    assert "  ✗ You planned 6h on dsa; you did 4h 30m" in reply
    assert "Last time you were blocked by: “recursion”. Is it resolved?" in reply
    still = await console.ok("@ada /reflect resolved=no")
    assert still.startswith(
        "Noted: “recursion” is still blocking you, and your instructor sees it in the digest."
    )
    assert "Is it resolved?" not in still
    assert "Is it resolved?" not in await console.ok("@ada /reflect show")

    digest = await console.ok("@prof /digest week=2026-W48")
    assert "Reflections: 1 of 2 students answered." in digest
    assert "Commitments for the week: 0 of 1 met." in digest
    assert "  ✗ ada: planned 6h on dsa, did 4h 30m; planned 2h on project, did 0h" in digest
    assert "  - ada: “dynamic programming” (still blocked)" in digest
    assert "blocked: “dynamic programming”" in digest
    listing = await console.ok("@prof /reflections week=2026-W48")
    assert listing.startswith(
        "Reflections of ML-Fall-2026, Mon 23 Nov – Sun 29 Nov (2026-W48): 1 of 2 students answered."
    )
    assert "Not answered yet: bob" in listing


async def test_share_once_and_reply_by_dm(console: Console, stride: Stride) -> None:
    await _class(console)
    await console.ok(ANSWER)
    shared = await console.ok("@ada /reflect share")
    assert shared.startswith("Shared your reflection on Mon 16 Nov – Sun 22 Nov with ML-Fall-2026.")
    again = await console.ok("@ada /reflect share")
    assert again.startswith("Your reflection on Mon 16 Nov – Sun 22 Nov is already shared with the cohort.")
    assert await console.ok('@prof /reply @ada "Try the two-pointer chapter first"') == (
        "Your reply to ada is on its way by DM."
    )
    out = io.StringIO()
    await tick(stride.services, ConsoleSink(out), owner="test")
    await tick(stride.services, ConsoleSink(out), owner="again")
    printed = out.getvalue()
    assert printed.count("ada's reflection on Mon 16 Nov – Sun 22 Nov:") == 1
    assert printed.count("prof answered your blocker in ML-Fall-2026 (2026-W47):") == 1
    assert "Try the two-pointer chapter first" in printed


async def test_instructor_questions_show_reset_off_on(console: Console) -> None:
    await _class(console)
    changed = await console.ok(
        "@prof /cohort reflection questions=\"Done: What did you ship? | Next: What's your plan? | "
        'Blocked: Any blockers? | What did you learn?"'
    )
    assert changed.startswith("Reflection questions set: 4 of them, asked from the next reflection on.")
    assert (
        "Weekly reflection: Done: What did you ship? | Next: What's your plan? | Blocked: Any blockers? "
        "| What did you learn?" in changed
    )
    form = await console.ok("@ada /reflect")
    assert "  q4= What did you learn?" in form
    assert "Saved your reflection" in await console.ok('@ada /reflect q4="heaps" done="x"')
    off = await console.ok("@prof /cohort reflection off")
    assert off.startswith(
        "Weekly reflections are off: the check-in DM no longer asks them and /reflect is closed."
    )
    assert await console.fails("@ada /reflect") == (
        "Weekly reflections are off in ML-Fall-2026; ask an instructor to turn them on "
        "with /cohort reflection on."
    )
    assert (await console.ok("@prof /cohort reflection on")).startswith("Weekly reflections are on")
    reset = await console.ok("@prof /cohort reflection reset")
    assert "Reflection questions are back to the defaults." in reset
    assert "Done: What did you get done this week?" in reset


async def test_refusals_are_one_sentence(console: Console) -> None:
    await _class(console)
    cases = {
        "@ada /reflect nope=1": "/reflect does not take the option 'nope='",
        '@ada /reflect done=""': "A reflection needs at least one answer; write it like /reflect done=",
        "@ada /reflect q4=x": (
            "'q4' is not a question of this week's reflection; answer q1 to q3 (or done=, next=, blocked=)"
        ),
        "@ada /reflect resolved=maybe": "'maybe' is not a choice for resolved=; write yes or no.",
        "@ada /reflect resolved=yes": "Your last reflection named no blocker, so there is nothing to mark",
        "@ada /reflect resolved=yes done=x": "Give resolved= on its own",
        "@ada /reflect share": "You have not written a reflection on Mon 16 Nov – Sun 22 Nov yet",
        "@ada /reflect show week=2027-W01": "Week 2027-W01 has not begun yet",
        "@ada /reflect show week=soon": "'soon' is not a week",
        "@ada /reflections": "Only an instructor of ML-Fall-2026 can read the cohort's reflections",
        '@ada /reply @bob "hi"': "Only an instructor of ML-Fall-2026 can reply to a student's blocker",
        '@prof /reply @nobody "hi"': "There is nobody called 'nobody' in ML-Fall-2026",
        '@prof /reply @prof "hi"': "prof is not a student of ML-Fall-2026; name one of your students",
        '@prof /reply @bob "hi"': "bob has not named a blocker in a reflection, so there is nothing to",
        "@prof /reply @bob": "The reply is missing; write it like /reply @ada",
        "@prof /reply @bob two words": "/reply got more words than expected",
        "@ada /cohort reflection off": "Only an instructor of ML-Fall-2026 can change the reflection",
        "@prof /cohort reflection maybe": "/cohort reflection takes reset, off, on or questions=",
        "@prof /cohort reflection": "Give either the questions or reset, off or on",
        '@prof /cohort reflection questions="a|b|c|d|e|f"': "That is 6 questions; ask 1 to 5",
        '@prof /cohort reflection questions="next: a | next: b"': "Two questions start with next:",
    }
    for line, says in cases.items():
        error = await console.fails(line)
        assert says in error, (line, error)
        assert "\n" not in error
        assert "Traceback" not in error
    # Nothing of the refused lines was written.
    assert "You have not written a reflection" in await console.fails("@ada /reflect show")


async def test_oversized_and_hostile_answers(console: Console) -> None:
    await _class(console)
    long = "x" * 1001
    error = await console.fails(f'@ada /reflect done="{long}"')
    assert error == (
        "The answer to “What did you get done this week?” is 1,001 characters long; "
        "keep it to 1,000 or fewer."
    )
    hostile = "@everyone <@&1> <!channel> **bold** `code`"
    saved = await console.ok(f'@ada /reflect done="{hostile}" blocked="{hostile}"')
    assert hostile in saved
    long_q = "q" * 46
    assert "Question 1 is 46 characters long" in await console.fails(
        f'@prof /cohort reflection questions="{long_q}"'
    )
    reply = "r" * 1501
    assert "The reply is 1,501 characters long; keep it to 1,500 or fewer." in await console.fails(
        f'@prof /reply @ada "{reply}"'
    )


async def test_export_and_delete_cover_reflections(console: Console, stride: Stride) -> None:
    await _class(console)
    await console.ok(ANSWER)
    await console.ok("@ada /reflect share")  # not delivered yet when she leaves
    exported = await console.say("@ada /me export")
    assert exported.ok
    data = b"".join(a.data for a in exported.view.attachments)  # type: ignore[union-attr]
    assert b'"reflections"' in data
    assert b"two graph problems" in data
    explained = await console.ok("@ada /me delete")
    assert "goals, reflections, roadmap" in explained
    await console.ok(f"@ada /me delete confirm={COHORT}")
    listing = await console.ok("@prof /reflections week=2026-W47")
    assert "0 of 1 student answered" in listing
    out = io.StringIO()
    await tick(stride.services, ConsoleSink(out), owner="test")
    assert "two graph problems" not in out.getvalue()
