"""Files over Discord, end to end against the fake: attachments in (roadmaps, goals, with the
size checked before downloading) and files out (the plan deliverable, a member's data, the CSV)."""

from __future__ import annotations

from pathlib import Path

from core.bootstrap import Stride
from core.clock import FixedClock
from core.domain.textfile import MAX_UPLOAD_BYTES
from tests.adapters.discord_support import COHORT, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_models import FileUpload

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"


def seed(prefix: str) -> FileUpload:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return FileUpload(path.name, path.read_bytes(), "text/plain")


async def test_a_roadmap_attachment_is_downloaded_repaired_and_shown(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        reply = await app.ok(app.ada, ["roadmap", "import"], {"file": seed("003")})
        assert reply.ephemeral
        assert "Imported your roadmap: 7 phases, 83 items, 0 done" in reply.text
        assert "repaired it" in reply.text
        assert len(fake_discord.world.downloads) == 1
        asked = await app.ok(app.ada, ["roadmap", "import"], {"file": seed("002")})
        assert "You already have a roadmap" in asked.text
        assert "0% (0/83)" in (await app.ok(app.ada, ["roadmap", "show"])).text
        replaced = await app.ok(app.ada, ["roadmap", "import"], {"file": seed("002"), "mode": "replace"})
        assert "Replaced your roadmap: 2 phases, 23 items" in replaced.text
        assert "accept with `/roadmap accept 1`" in replaced.text


async def test_hostile_attachments_are_refused_and_oversize_ones_never_downloaded(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        huge = FileUpload("huge.md", b"- [ ] x\n", claimed_size=MAX_UPLOAD_BYTES + 1)
        refused = await app.fails(app.ada, ["roadmap", "import"], {"file": huge})
        assert "more than the 256 KiB" in refused.text
        assert fake_discord.world.downloads == []
        binary = FileUpload("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png")
        assert "not a text file" in (await app.fails(app.ada, ["roadmap", "import"], {"file": binary})).text
        empty = FileUpload("empty.md", b"")
        assert "is empty" in (await app.fails(app.ada, ["goal", "import"], {"file": empty})).text
        assert "no roadmap yet" in (await app.fails(app.ada, ["roadmap", "show"])).text


async def test_exports_arrive_as_files_and_delete_erases_the_member(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    async with running_app(fake_discord, stride, clock) as app:
        await seed_world(app)
        for path, name in ((["plan", "export"], "plan-export.md"), (["me", "export"], "me-export.json")):
            reply = await app.ok(app.ada, path)
            assert reply.ephemeral
            assert fake_discord.requests_to("POST /interactions/*/*/callback")[-1].files == [name]
        assert "Only an instructor" in (await app.fails(app.ada, ["export"])).text
        await app.ok(app.prof, ["export"])
        assert fake_discord.requests_to("POST /interactions/*/*/callback")[-1].files == [
            f"{COHORT}-2026-11-18.csv"
        ]
        assert (
            "must be your cohort's name"
            in (await app.fails(app.ada, ["me", "delete"], {"confirm": "x"})).text
        )
        await app.ok(app.ada, ["me", "delete"], {"confirm": COHORT})
        assert "not in a cohort yet" in (await app.fails(app.ada, ["me", "export"])).text
