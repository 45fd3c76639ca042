"""Skills referred to by their number in /skill list, and the re-assessment prompt that
lists them numbered, at the console (the grammar Slack shares)."""

from __future__ import annotations

import pytest

from core.bootstrap import Stride
from core.render.text import render_text
from core.services import reminders
from tests.conftest import Console

COHORT = "ML-Fall-2026"
SETUP = [
    f"@prof /cohort create {COHORT} tz=Europe/Berlin",
    f"@ada /cohort join {COHORT}",
    '@ada /skill add "SQL for ETL" specific priority=1 current=1 target=3',
    '@ada /skill add "Statistics" specific priority=2 current=0 target=2',
    '@ada /skill add "Communicating trade-offs" general priority=2 current=2 target=4',
    "@ada /budget set dsa 5-7",
]
# /skill list: general first, then by priority, then in the order added.
LISTED = ["Communicating trade-offs", "SQL for ETL", "Statistics"]


@pytest.fixture
async def world(console: Console) -> Console:
    for line in SETUP:
        await console.ok(line)
    return console


def _row(text: str, number: int) -> str:
    return next(line for line in text.splitlines() if line.lstrip().startswith(f"{number} "))


async def test_skill_list_numbers_the_skills_in_a_fixed_order(world: Console) -> None:
    text = await world.ok("@ada /skill list")
    for number, name in enumerate(LISTED, 1):
        assert name in _row(text, number)


async def test_assess_update_and_remove_take_the_number(world: Console) -> None:
    assessed = await world.ok("@ada /skill assess 2 2")
    assert (
        assessed.splitlines()[0]
        == "SQL for ETL: 1 Can implement with guidance → 2 Can execute independently (up)."
    )
    assert "SQL for ETL: 2" in await world.ok("@ada /skill assess #2 2 note=again")
    assert "Updated Statistics." in await world.ok("@ada /skill update 3 target=3")
    assert "Removed Communicating trade-offs and its history." in await world.ok("@ada /skill remove 1")
    text = await world.ok("@ada /skill list")
    assert "SQL for ETL" in _row(text, 1)  # the numbers close up after a removal
    assert "Statistics" in _row(text, 2)
    assert "Communicating" not in text


async def test_a_check_in_names_its_skill_by_number(world: Console) -> None:
    logged = await world.ok("@ada /checkin 1h dsa skill=2")
    assert logged.startswith("Logged 1h of dsa toward SQL for ETL on ")
    assert "toward Statistics" in await world.ok("@ada /checkin 30m dsa skill=#3")


async def test_a_name_still_works_and_wins_over_a_number(world: Console, stride: Stride) -> None:
    assert "Statistics: 0" in await world.ok('@ada /skill assess "statistics" 1')
    # A skill called "2" from before numbers were read (adding one is refused now).
    async with stride.services.uow() as uow:
        cohort = (await uow.cohorts.named(COHORT))[0]
        ada = await uow.members.get(cohort.id, "ada")
        assert ada is not None
        await uow.skills.add(
            ada.id,
            name="2",
            kind="specific",
            priority=3,
            current=0,
            target=1,
            notes=None,
            now=world.clock.now(),
        )
        await uow.commit()
    assert (await world.ok("@ada /skill assess 2 1")).startswith("2: 0 Unaware → 1")
    assert (await world.ok("@ada /skill assess #2 3")).startswith("SQL for ETL: 1")
    refused = await world.fails('@ada /skill add "7" general priority=1 current=1 target=2')
    assert refused == (
        "A skill can't be called just 7, because /skill commands read a number as the skill's place in "
        '/skill list; add a word, like "Level 3 maths".'
    )


async def test_a_member_without_skills_is_told_to_add_one(console: Console) -> None:
    await console.ok(f"@prof /cohort create {COHORT}")
    await console.ok(f"@bea /cohort join {COHORT}")
    assert await console.fails("@bea /skill assess 1 2") == (
        "You have no skill 1 — no skills yet; add one with /skill add."
    )


async def test_the_reassessment_prompt_numbers_the_skills_as_skill_list_does(
    world: Console, stride: Stride
) -> None:
    async with stride.services.uow() as uow:
        cohort = (await uow.cohorts.named(COHORT))[0]
        ada = await uow.members.get(cohort.id, "ada")
        assert ada is not None
        view = await reminders.reassessment(uow, ada, world.clock.now().date())
    assert [(s.number, s.name) for s in view.skills] == list(enumerate(LISTED, 1))
    text = render_text(view)
    assert (
        "  1. Communicating trade-offs: 2 Can execute independently (target 4 Can optimize)"
        in text.splitlines()
    )
    assert text.splitlines()[-1] == (
        "Answer with /skill assess N LEVEL (N from the list, LEVEL 0–5), like /skill assess 1 3."
    )
    # The text answer does what the prompt says.
    assert (await world.ok("@ada /skill assess 1 3")).startswith(
        "Communicating trade-offs: 2 Can execute independently → 3 Connect"
    )


async def test_a_prompt_queued_before_numbers_still_reads_well(world: Console, stride: Stride) -> None:
    async with stride.services.uow() as uow:
        cohort = (await uow.cohorts.named(COHORT))[0]
        ada = await uow.members.get(cohort.id, "ada")
        assert ada is not None
        view = await reminders.reassessment(uow, ada, world.clock.now().date())
    old = view.model_copy(update={"skills": [s.model_copy(update={"number": None}) for s in view.skills]})
    text = render_text(old)
    assert "  SQL for ETL: 1 Can implement with guidance" in text
    assert text.splitlines()[-1] == 'Answer with /skill assess "NAME" LEVEL (0–5).'
