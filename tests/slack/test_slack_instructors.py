"""Co-instructors, goals and grading on Slack, against the fake: members named by the
mention Slack escapes (``<@U…|name>``), bad and hostile input answered with one private
sentence, graded files uploaded into the instructor's DM only."""

from __future__ import annotations

import pytest

from tests.slack.conftest import INSTRUCTOR, SlackClient, until

BIG = "x" * 5000


@pytest.fixture
async def cohort(slack: SlackClient) -> SlackClient:
    await slack.command("cohort create ML-Fall", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall", user="U1")
    await slack.command('plan set A position="ML Engineer" industry="Health" rationale="Models"', user="U1")
    await slack.command('goal add short "Ship a model"', user="U1")
    return slack


@pytest.mark.parametrize(
    ("user", "text", "says"),
    [
        (INSTRUCTOR, "cohort instructor add <@UBOT01|stride>", "nobody called 'UBOT01'"),
        (INSTRUCTOR, "cohort instructor add <@U9|carol>", "nobody called 'U9' in ML-Fall"),
        (INSTRUCTOR, f"cohort instructor add <@{INSTRUCTOR}|prof>", "You are already an instructor"),
        (INSTRUCTOR, "cohort instructor add", "Name the member"),
        (INSTRUCTOR, "cohort instructor add <!channel>", "nobody called"),
        (INSTRUCTOR, f"cohort instructor add {BIG}", "nobody called"),
        (INSTRUCTOR, "cohort instructor add <@U1|u1> <@U1|u1>", "more words than expected"),
        ("U1", "cohort instructor add <@U1|u1>", "Only an instructor"),
        (INSTRUCTOR, f"cohort instructor remove <@{INSTRUCTOR}|prof>", "add another instructor first"),
        (INSTRUCTOR, "cohort instructor remove <@U1|u1>", "u1 is not an instructor"),
        (INSTRUCTOR, "me delete confirm=ML-Fall", "last instructor"),
        (INSTRUCTOR, "plan export <@U9|carol>", "nobody called"),
        ("U1", f"plan export <@{INSTRUCTOR}|prof>", "Only an instructor"),
        ("U1", "export deliverables", "Only an instructor"),
        (INSTRUCTOR, "export deliverables now", "more words than expected"),
        ("U1", "goal done 7", "no goal number 7"),
        ("U1", "goal done -1", "from 1 to"),
        ("U1", f"goal done {BIG}", "not a whole number"),
        ("U1", "goal undo 1", "not marked achieved"),
    ],
)
async def test_bad_input_gets_one_private_sentence(
    cohort: SlackClient, user: str, text: str, says: str
) -> None:
    said = await cohort.say(text, user=user)
    assert says in said
    assert "✗" in said
    assert '"response_type": "ephemeral"' in said
    assert "x" * 100 not in said
    assert "Something went wrong" not in said


async def test_a_co_instructor_added_by_mention_and_files_in_the_dm(cohort: SlackClient) -> None:
    assert "u1 is now an instructor" in await cohort.say("cohort instructor add <@U1|u1>", user=INSTRUCTOR)
    shown = await cohort.say("cohort show", user="U1")
    assert "Instructors: uprof, u1" in shown
    assert "you stay in it as a student" in await cohort.say(
        f"cohort instructor remove <@{INSTRUCTOR}|prof>", user=INSTRUCTOR
    )
    assert "Instructors: u1" in await cohort.say("cohort show", user="U1")
    await cohort.command("cohort join ML-Fall", user="U2")
    assert "plan-export-" not in await cohort.say("plan export <@U2|u2>", user="U1")  # U2 has nothing yet
    said = await cohort.say(f"plan export <@{INSTRUCTOR}|uprof>", user="U1")
    assert "no plan or skills to export yet" in said
    said = await cohort.say("export deliverables", user="U1")
    assert "2 deliverables in ML-Fall-deliverables-" in said
    await until(lambda: len(cohort.fake.calls_to("files.completeUploadExternal")) >= 1)
    (upload,) = cohort.fake.calls_to("files.completeUploadExternal")
    assert upload.body["channel_id"] == "DU1"  # the instructor's DM, never the class channel
