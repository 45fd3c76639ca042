"""``/dashboard`` and ``/dashboard signout-all`` on the console: the private link, the
rate limit, and one sentence for every way of asking wrongly (writing nothing)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.bootstrap import Stride
from core.db.tables import dashboard_links
from core.services.dashboard.signin import NOT_SERVED, WEB_OFF, digest
from tests.conftest import Console
from tests.console.test_bad_input import dump_tables

PUBLIC = "https://stride.example.edu"
LINK = re.compile(r"^Your dashboard sign-in link \(valid 15 minutes, works once\): (\S+)/signin/([\w-]{43})$")


@pytest.fixture
async def served(stride: Stride, console: Console) -> Console:
    """A cohort of prof (instructor) and ada, with the dashboard's address known."""
    stride.services.dashboard.public_url = PUBLIC
    await console.ok("/cohort create ML-Fall-2026")
    await console.ok("@ada /cohort join ML-Fall-2026")
    return console


async def test_the_link_is_private_and_only_its_digest_is_stored(served: Console, stride: Stride) -> None:
    reply = await served.say("@ada /dashboard")
    assert reply.view is not None
    assert reply.view.private
    found = LINK.match(reply.text())
    assert found, reply.text()
    assert found.group(1) == PUBLIC
    async with stride.engine.connect() as connection:
        stored = (
            await connection.execute(select(dashboard_links.c.token_hash, dashboard_links.c.user_id))
        ).all()
    assert [tuple(row) for row in stored] == [(digest(found.group(2)), "ada")]
    assert found.group(2) not in str(stored)


async def test_five_links_per_quarter_hour_then_a_sentence_with_the_wait(served: Console) -> None:
    for _ in range(5):
        await served.ok("@ada /dashboard")
    assert await served.fails("@ada /dashboard") == (
        "You asked for 5 sign-in links in the last 15 minutes; use the latest one or ask again in 15 minutes."
    )
    await served.ok("/dashboard")  # per person: prof still may
    served.clock.set(served.clock.now() + timedelta(minutes=14, seconds=30))
    assert (await served.fails("@ada /dashboard")).endswith("ask again in 1 minute.")
    served.clock.set(served.clock.now() + timedelta(seconds=30))
    await served.ok("@ada /dashboard")


async def test_signout_all_cancels_unused_links_and_counts_browsers(served: Console, stride: Stride) -> None:
    await served.ok("@ada /dashboard")
    await served.ok("/dashboard")
    assert (
        await served.ok("@ada /dashboard signout-all")
        == "Signed out of the dashboard everywhere (0 browsers)."
    )
    async with stride.engine.connect() as connection:
        left = await connection.scalar(select(func.count()).select_from(dashboard_links))
    assert left == 1  # prof's


async def test_the_dashboard_turned_off_or_not_served_says_so(served: Console, stride: Stride) -> None:
    stride.services.dashboard.public_url = None
    assert await served.fails("/dashboard") == NOT_SERVED
    stride.services.dashboard.enabled = False
    assert await served.fails("/dashboard") == WEB_OFF


WRONG = [
    (
        "@nobody /dashboard",
        "You are not in a cohort yet; join your class with /cohort join NAME "
        "or start one with /cohort create NAME.",
    ),
    ("/dashboard cohort=Elsewhere", "There is no cohort called 'Elsewhere' here;"),
    (
        "/dashboard signout",
        "/dashboard takes no words, but 'signout' was given; type /dashboard for a sign-in "
        "link or /dashboard signout-all to sign out of every browser.",
    ),
    ("/dashboard signout-all now", "/dashboard signout-all got more words than expected, starting at"),
    ("/dashboard link=yes", "/dashboard does not take the option 'link='; use cohort=."),
]


async def test_asking_wrongly_is_one_sentence_and_writes_nothing(served: Console, stride: Stride) -> None:
    before = await dump_tables(stride.engine)
    for line, sentence in WRONG:
        assert (await served.fails(line)).startswith(sentence), line
    assert await dump_tables(stride.engine) == before
