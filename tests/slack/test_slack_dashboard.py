"""``/stride dashboard`` through the real slack-bolt app against the fake Slack: the sign-in
link comes back ephemeral, never unfurled, as an explicit link, and signs in as the Slack
member who asked; ``signout-all`` ends every session; every refusal is one ephemeral
sentence written for Slack (``/stride dashboard``)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from core.bootstrap import Stride
from core.services.dashboard import signin
from core.services.dashboard.access import Viewer
from tests.slack.conftest import INSTRUCTOR, SlackClient
from tests.slack.fake_slack import TEAM

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
"""SQLite only: these test the platform's side; the links' storage runs on both backends in
tests/web and tests/console."""
PUBLIC_URL = "https://stride.example.edu"
LINK = re.compile("<" + re.escape(PUBLIC_URL) + r"/signin/([A-Za-z0-9_-]{43})>")


@pytest.fixture
async def joined(slack: SlackClient, stride: Stride) -> SlackClient:
    """A class on Slack (U1 a student, UPROF its instructor), its dashboard at PUBLIC_URL."""
    stride.services.dashboard.public_url = PUBLIC_URL
    await slack.command("cohort create ML-Fall", user=INSTRUCTOR)
    await slack.command("cohort join ML-Fall")
    return slack


async def _answer(slack: SlackClient, text: str, user: str = "U1") -> dict[str, Any]:
    answer = await slack.command(text, user=user)
    assert answer.status == 200
    assert answer.body is not None, "answered in the acknowledgement"
    return answer.body


def _section(body: dict[str, Any]) -> str:
    [block] = body["blocks"]
    return str(block["text"]["text"])


async def test_the_link_is_ephemeral_never_unfurled_and_signs_in_who_asked(
    joined: SlackClient, stride: Stride
) -> None:
    body = await _answer(joined, "dashboard")
    assert body["response_type"] == "ephemeral"
    assert body["unfurl_links"] is False
    assert body["unfurl_media"] is False
    text = _section(body)
    assert text.startswith("Your dashboard sign-in link (valid 15 minutes, works once): <https://")
    found = LINK.search(text)
    assert found, text

    session = await signin.redeem(stride.services, found.group(1))
    viewer = await signin.viewer_of_session(stride.services, session)
    assert viewer == Viewer("slack", TEAM, "U1", workspace_admin=False)

    out = await _answer(joined, "dashboard signout-all")
    assert out["response_type"] == "ephemeral"
    assert _section(out) == "Signed out of the dashboard everywhere (1 browser)."
    assert await signin.viewer_of_session(stride.services, session) is None


@pytest.mark.parametrize(
    ("user", "text", "says"),
    [
        (
            "U1",
            "dashboard now",
            "✗ /stride dashboard takes no words, but 'now' was given; type /stride dashboard for a "
            "sign-in link or /stride dashboard signout-all to sign out of every browser.",
        ),
        ("U1", "dashboard signout-all everywhere", "everywhere"),
        ("U1", "dashboard cohort=Nope", "Nope"),
        ("U9", "dashboard", "✗ You are not in a cohort yet; join your class with /stride cohort join NAME"),
    ],
)
async def test_bad_input_is_one_ephemeral_sentence(
    joined: SlackClient, user: str, text: str, says: str
) -> None:
    body = await _answer(joined, text, user=user)
    assert body["response_type"] == "ephemeral"
    said = _section(body)
    assert said.startswith("✗ ")
    assert says in said
    assert "/signin/" not in said


async def test_too_many_links_and_the_dashboard_off_are_refused(joined: SlackClient, stride: Stride) -> None:
    for _ in range(5):
        assert LINK.search(_section(await _answer(joined, "dashboard")))
    limited = _section(await _answer(joined, "dashboard"))
    assert limited == (
        "✗ You asked for 5 sign-in links in the last 15 minutes; "
        "use the latest one or ask again in 15 minutes."
    )
    stride.services.dashboard.enabled = False
    off = _section(await _answer(joined, "dashboard", user=INSTRUCTOR))
    assert off == "✗ The dashboard is off on this server; an operator turns it on with [web] enabled = true."
