"""Voice study rooms at the console: there are none (a Discord feature), so /cohort set
voice= says so in one sentence; /me voice off|on is kept for the member's Discord-less
record and shown in /me."""

from __future__ import annotations

from core.services.voice_rooms import NOT_HERE
from tests.conftest import Console

COHORT = "ML-Fall-2026"


async def test_voice_rooms_are_a_discord_feature(console: Console) -> None:
    await console.ok(f"@prof /cohort create {COHORT}")
    said = await console.fails("@prof /cohort set voice=#dsa-room:dsa,#proj-room:project")
    assert said == f"✗ {NOT_HERE}" or NOT_HERE in said
    assert "Voice study rooms" not in await console.ok("@prof /cohort show")


async def test_me_voice_off_and_on(console: Console) -> None:
    await console.ok(f"@prof /cohort create {COHORT}")
    await console.ok(f"@ada /cohort join {COHORT}")
    assert "Voice study rooms: counted" in await console.ok("@ada /me")
    off = await console.ok("@ada /me voice off")
    assert off.startswith("Time you spend in voice study rooms no longer counts for you.")
    assert "Voice study rooms: not counted" in off
    on = await console.ok("@ada /me voice on")
    assert "counts again, from the next time you join one" in on
    assert "Voice study rooms: counted" in on
    assert "/me voice off" in await console.ok("/help me voice")
