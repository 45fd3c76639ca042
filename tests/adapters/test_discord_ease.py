"""Ease of learning on Discord, end to end against the fake: the ``ease`` option of /skill add
and /skill update (offered as choices 1 easy, 2 medium, 3 hard), /skill list showing it,
/plan check pointing at the quick wins, /plan chart attaching the Priority × Ease matrix, and
every value Discord's client would never send (a forged choice, a number, text) refused in
one ephemeral sentence with nothing written."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, cast

import pytest
from discord import app_commands

from bot.discord.client import StrideDiscord
from core.bootstrap import Stride
from core.clock import FixedClock
from core.services.context import ServiceContext
from tests.adapters.discord_support import App, Reply, running_app, seed_world
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.test_discord_charts import uploaded

RULE = "The ease of learning must be 1 easy, 2 medium or 3 hard; you wrote"
ADD = {"name": "Git", "kind": "specific", "priority": 1, "current": 0, "target": 2}


@pytest.fixture
async def app(fake_discord: FakeDiscord, stride: Stride, clock: FixedClock) -> AsyncIterator[App]:
    """prof's cohort, and ada in it with plan A and the skill SQL (priority 1, no ease yet)."""
    async with running_app(fake_discord, stride, clock) as running:
        await seed_world(running)
        yield running


def test_the_ease_option_offers_the_three_words() -> None:
    tree = StrideDiscord(cast(ServiceContext, None)).tree
    for name in ("skill add", "skill update"):
        [command] = [
            c
            for c in tree.walk_commands()
            if isinstance(c, app_commands.Command) and c.qualified_name == name
        ]
        [ease] = [p for p in command.parameters if p.name == "ease"]
        assert not ease.required
        assert [(c.name, c.value) for c in ease.choices] == [("1 easy", 1), ("2 medium", 2), ("3 hard", 3)]


async def _skills_text(app: App) -> str:
    return (await app.ok(app.ada, ["skill", "list"])).text


async def test_ease_on_add_and_update_shows_in_the_list_the_check_and_the_chart(app: App) -> None:
    added = await app.ok(app.ada, ["skill", "add"], {**ADD, "ease": 1})
    assert "Added specific skill Git." in added.text
    assert "Rate how hard" not in added.text
    assert added.ephemeral
    listed = await _skills_text(app)
    assert "Ease of learning: 1 easy" in listed
    assert "Ease of learning: not rated" in listed  # SQL, added without one
    check = await app.ok(app.ada, ["plan", "check"])
    assert "Quick wins (priority 1, easy): Git — start here." in check.text
    assert "1 skill has no ease of learning yet: rate it with `/skill update` (ease)." in check.text
    updated = await app.ok(app.ada, ["skill", "update"], {"name": "SQL", "ease": 1})
    assert "Updated SQL." in updated.text
    check = await app.ok(app.ada, ["plan", "check"])
    assert "Quick wins (priority 1, easy): SQL, Git — start here." in check.text
    assert "no ease of learning yet" not in check.text
    await app.ok(app.ada, ["skill", "update"], {"name": "Git", "ease": 3})
    assert "Ease of learning: 3 hard" in await _skills_text(app)
    # A chart is drawn in a worker process that starts with the first chart: allow it time.
    handle = await app.fake.slash(app.guild_id, app.ada, ["plan", "chart"], {})
    chart = await app.collect(handle, timeout=60)
    assert not chart.failed
    assert chart.ephemeral
    assert "1 Critical · ⭐ 1 easy: SQL · 2 medium: — · 3 hard: Git" in chart.text
    assert uploaded(app.fake, chart) == ["skills.png", "priority-ease.png"]
    descriptions = [a["description"] for a in chart.messages[-1]["attachments"]]
    assert "Priority × ease of learning: quick wins (priority 1, easy): SQL; " in descriptions[1]


async def test_a_skill_added_without_an_ease_is_asked_for_one(app: App) -> None:
    added = await app.ok(app.ada, ["skill", "add"], ADD)
    # the headline is Markdown there: its pipes are escaped, so they show as written
    assert 'Rate how hard it is to learn: /skill update "Git" ease=easy\\|medium\\|hard.' in added.text
    assert "Ease of learning: not rated" in await _skills_text(app)


# Only integers: an integer option travels as an integer (the fake encodes it as Discord
# does), so text or a fraction never reaches the bot; numbers past the choices do, forged.
BAD: list[Any] = [0, 4, -1, 10**12, 99999999999999999999]


async def _refused(app: App, path: list[str], options: dict[str, Any]) -> Reply:
    handle = await app.fake.slash(app.guild_id, app.ada, path, options, validate=False)
    reply = await app.collect(handle)
    handle.errors.clear()
    return reply


@pytest.mark.parametrize("value", BAD, ids=[repr(v)[:20] for v in BAD])
async def test_a_forged_ease_is_one_ephemeral_sentence_and_writes_nothing(app: App, value: Any) -> None:
    before = await _skills_text(app)
    for path, options in (
        (["skill", "add"], {**ADD, "ease": value}),
        (["skill", "update"], {"name": "SQL", "ease": value}),
    ):
        reply = await _refused(app, path, options)
        assert reply.failed, (path, value, reply.text)
        assert reply.ephemeral
        assert len(reply.messages) == 1
        assert "\n" not in reply.text.strip()
        assert not any(m["mention_everyone"] or m["mention_roles"] for m in reply.messages)
        assert RULE in reply.text
    assert await _skills_text(app) == before
