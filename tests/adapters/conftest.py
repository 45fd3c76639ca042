"""Fixtures for platform adapter tests: a fake Discord on loopback that the real discord.py
client talks to (see fake_discord.py)."""

from __future__ import annotations

import importlib
import warnings
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.adapters.fake_discord import FakeDiscord

with warnings.catch_warnings():
    # discord.py imports the stdlib's deprecated audioop (for voice, which Stride never uses);
    # importing it here first, quietly, keeps that warning out of every run.
    warnings.simplefilter("ignore", DeprecationWarning)
    importlib.import_module("discord")


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started fake Discord with discord.py's ``Route.BASE`` and ``DEFAULT_GATEWAY`` pointed
    at it (restored afterwards). The test fails if discord.py logged an error or a command
    raised (``fake_discord.errors.take()`` consumes expected ones), or if the bot called an
    endpoint the fake does not implement."""
    from tests.adapters.fake_discord import FakeDiscord

    fake = FakeDiscord()
    await fake.start()
    restore = fake.point_discord_py()
    try:
        yield fake
    finally:
        restore()
        await fake.stop()
    fake.errors.check()
    assert not fake.rest.unhandled, f"requests the fake does not implement: {fake.rest.unhandled}"
