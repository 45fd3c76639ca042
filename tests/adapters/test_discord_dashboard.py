"""``/dashboard`` on Discord, through the real client and the fake Discord: the sign-in link
is ephemeral and never previewed (SUPPRESS_EMBEDS), it signs in as the Discord member who
asked, ``action:signout-all`` ends every session, and each refusal is one ephemeral sentence
(no cohort, the dashboard off, too many links, a forged action) with nothing logged as an error.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator

import pytest

from core.bootstrap import Stride
from core.clock import FixedClock
from core.services.dashboard import signin
from core.services.dashboard.access import Viewer
from tests.adapters.discord_support import App, Reply, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
"""SQLite only: these test the platform's side; the links' storage runs on both backends in
tests/web and tests/console."""
SUPPRESS_EMBEDS = 4
PUBLIC_URL = "https://stride.example.edu"
LINK = re.compile(re.escape(PUBLIC_URL) + r"/signin/([A-Za-z0-9_-]{43})")


@pytest.fixture
async def app(fake_discord: FakeDiscord, stride: Stride, clock: FixedClock) -> AsyncIterator[App]:
    """The class (prof's cohort, ada in it) and a dashboard served at PUBLIC_URL."""
    stride.services.dashboard.public_url = PUBLIC_URL
    async with running_app(fake_discord, stride, clock) as running:
        await seed_world(running)
        yield running


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def _token(reply: Reply) -> str:
    found = LINK.search(reply.text)
    assert found, reply.text
    return found.group(1)


async def test_the_link_is_private_unpreviewed_and_signs_in_the_member_who_asked(app: App) -> None:
    reply = await app.ok(app.ada, ["dashboard"])
    assert reply.ephemeral
    [message] = reply.messages
    assert int(message["flags"]) & SUPPRESS_EMBEDS
    assert reply.text.startswith("Your dashboard sign-in link (valid 15 minutes, works once): ")
    assert not message.get("embeds")

    ctx = app.stride.services
    session = await signin.redeem(ctx, _token(reply))
    viewer = await signin.viewer_of_session(ctx, session)
    assert viewer == Viewer("discord", str(app.guild_id), str(app.ada.id), workspace_admin=False)

    again = await app.ok(app.ada, ["dashboard"], {"action": "link"})
    await signin.redeem(ctx, _token(again))
    out = await app.ok(app.ada, ["dashboard"], {"action": "signout-all"})
    assert out.ephemeral
    assert out.text == "Signed out of the dashboard everywhere (2 browsers)."
    assert await signin.viewer_of_session(ctx, session) is None


async def test_an_instructor_link_is_an_instructors(app: App) -> None:
    reply = await app.ok(app.prof, ["dashboard"])
    session = await signin.redeem(app.stride.services, _token(reply))
    viewer = await signin.viewer_of_session(app.stride.services, session)
    assert viewer is not None
    assert viewer.user_id == str(app.prof.id)


async def test_each_refusal_is_one_ephemeral_sentence(app: App, caplog: pytest.LogCaptureFixture) -> None:
    bob = app.fake.add_user("bob")
    outsider = await app.fails(bob, ["dashboard"])
    assert "You are not in a cohort yet; join your class with /cohort join NAME" in outsider.text

    handle = await app.fake.slash(
        app.guild_id, app.ada, ["dashboard"], {"action": "delete-everything"}, validate=False
    )
    forged = await app.collect(handle)
    assert forged.failed
    assert forged.ephemeral
    assert "delete-everything" in forged.text
    assert "link" in forged.text
    assert "signout-all" in forged.text

    for _ in range(5):
        await app.ok(app.ada, ["dashboard"])
    limited = await app.fails(app.ada, ["dashboard"])
    assert limited.text == (
        "✗ You asked for 5 sign-in links in the last 15 minutes; "
        "use the latest one or ask again in 15 minutes."
    )

    app.stride.services.dashboard.enabled = False
    off = await app.fails(app.ada, ["dashboard"])
    assert off.text == (
        "✗ The dashboard is off on this server; an operator turns it on with [web] enabled = true."
    )
    assert _errors(caplog) == []
