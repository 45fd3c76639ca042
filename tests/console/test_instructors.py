"""Co-instructors at the console: /cohort instructor add|remove, /cohort show listing them,
and a cohort never left without an instructor (remove, step down, /me delete)."""

from __future__ import annotations

from tests.conftest import Console

COHORT = "ML-Fall-2026"


async def _class(console: Console) -> None:
    await console.ok(f"@prof /cohort create {COHORT}")
    await console.ok(f"@ada /cohort join {COHORT}")
    await console.ok(f"@bob /cohort join {COHORT}")


async def test_an_instructor_adds_a_co_instructor_who_then_can_do_what_instructors_do(
    console: Console,
) -> None:
    await _class(console)
    assert "Only an instructor" in await console.fails("@ada /digest")
    added = await console.ok("@prof /cohort instructor add @ada")
    assert f"ada is now an instructor of {COHORT}." in added
    shown = await console.ok("@bob /cohort show")
    assert "Members: 1 student, 2 instructors" in shown
    assert "Instructors: prof, ada" in shown
    await console.ok("@ada /digest")  # an instructor's command now works for her
    assert "You are already an instructor" in await console.fails("@ada /cohort instructor add @ada")
    assert "ada is already an instructor" in await console.fails("@prof /cohort instructor add @ada")


async def test_the_last_instructor_cannot_be_removed_step_down_or_erase_themselves(console: Console) -> None:
    await _class(console)
    refusal = await console.fails("@prof /cohort instructor remove @prof")
    assert refusal == (
        f"You are the last instructor of {COHORT}; "
        "add another instructor first with /cohort instructor add @member."
    )
    erase = await console.fails(f"@prof /me delete confirm={COHORT}")
    assert "add another instructor first" in erase
    assert "Instructors: prof" in await console.ok("@prof /cohort show")

    await console.ok("@prof /cohort instructor add @ada")
    stepped = await console.ok("@prof /cohort instructor remove @prof")
    assert f"You are no longer an instructor of {COHORT}; you stay in it as a student." in stepped
    assert "you are a student" in stepped
    shown = await console.ok("@bob /cohort show")
    assert "Members: 2 students, 1 instructor" in shown
    assert "Instructors: ada" in shown
    assert "Only an instructor" in await console.fails("@prof /cohort instructor add @prof")
    assert "the last instructor" in await console.fails("@ada /cohort instructor remove @ada")
    # handed over, prof may erase himself; ada is left in charge
    await console.ok(f"@prof /me delete confirm={COHORT}")
    assert "Instructors: ada" in await console.ok("@ada /cohort show")


async def test_an_instructor_alone_in_the_cohort_may_erase_themselves(console: Console) -> None:
    await console.ok(f"@prof /cohort create {COHORT}")
    assert "Erased everything" in await console.ok(f"@prof /me delete confirm={COHORT}")


async def test_removing_a_co_instructor_makes_them_a_student_again(console: Console) -> None:
    await _class(console)
    await console.ok("@prof /cohort instructor add @ada")
    removed = await console.ok("@prof /cohort instructor remove @ada")
    assert f"ada is no longer an instructor of {COHORT}; they stay as a student." in removed
    assert "Only an instructor" in await console.fails("@ada /digest")
    assert "ada is not an instructor" in await console.fails("@prof /cohort instructor remove @ada")
