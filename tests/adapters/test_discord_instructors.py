"""Co-instructors and grading over Discord, against the fake: the member options name
people the way Discord resolves them (a bot, someone outside the cohort, oneself), the
last instructor is kept, and graded files go privately to the instructor."""

from __future__ import annotations

from core.bootstrap import Stride
from core.clock import FixedClock
from tests.adapters.discord_support import COHORT, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord


async def test_instructor_add_and_remove_with_discord_members(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        carol = fake_discord.add_user("carol")  # in the server, not in the cohort
        bot = fake_discord.bot
        path = ["cohort", "instructor", "add"]
        assert "Bots cannot be instructors" in (await app.fails(app.prof, path, {"member": bot})).text
        assert "nobody called" in (await app.fails(app.prof, path, {"member": carol})).text
        assert "You are already an instructor" in (await app.fails(app.prof, path, {"member": app.prof})).text
        assert "Only an instructor" in (await app.fails(app.ada, path, {"member": app.ada})).text
        last = await app.fails(app.prof, ["cohort", "instructor", "remove"], {"member": app.prof})
        assert "add another instructor first" in last.text
        erase = await app.fails(app.prof, ["me", "delete"], {"confirm": COHORT})
        assert "last instructor" in erase.text

        added = await app.ok(app.prof, path, {"member": app.ada})
        assert added.ephemeral
        assert "Ada is now an instructor" in added.text
        shown = await app.ok(app.ada, ["cohort", "show"])
        assert "Prof" in shown.text
        assert "Ada" in shown.text
        assert "2 instructors" in shown.text
        stepped = await app.ok(app.prof, ["cohort", "instructor", "remove"], {"member": app.prof})
        assert "you stay in it as a student" in stepped.text
        assert (await app.member(app.prof)).role.value == "student"


async def test_grading_files_reach_only_the_instructor(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        carol = fake_discord.add_user("carol")
        reply = await app.ok(app.prof, ["plan", "export"], {"member": app.ada})
        assert reply.ephemeral
        assert fake_discord.requests_to("POST /interactions/*/*/callback")[-1].files == ["plan-export-ada.md"]
        assert (
            "Only an instructor" in (await app.fails(app.ada, ["plan", "export"], {"member": app.prof})).text
        )
        assert "nobody called" in (await app.fails(app.prof, ["plan", "export"], {"member": carol})).text
        archive = await app.ok(app.prof, ["export"], {"what": "deliverables"})
        assert archive.ephemeral
        assert fake_discord.requests_to("POST /interactions/*/*/callback")[-1].files == [
            f"{COHORT}-deliverables-2026-11-18.zip"
        ]
        assert "Only an instructor" in (await app.fails(app.ada, ["export"], {"what": "deliverables"})).text
