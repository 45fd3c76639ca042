"""The whole career-planning assignment on Discord, as a class server would run it: the
instructor starts the cohort in the class channel, a student sets plans A and B (one of
them through the modal), ten skills, checks the plan (550 h, 92 weeks, not attainable at
the default 6 h/week), sets budgets, logs hours, and the instructor reads the digest."""

from __future__ import annotations

from core.bootstrap import Stride
from core.clock import FixedClock
from tests.adapters.discord_support import COHORT, App, message_text, running_app
from tests.adapters.fake_discord import FakeDiscord
from tests.adapters.fake_discord_limits import walk_components
from tests.adapters.fake_discord_models import JSON

GENERAL = ["Communication", "Writing", "Statistics", "Teamwork", "Time management"]
SPECIFIC = ["SQL", "Python", "PyTorch", "MLOps", "Data visualisation"]


def modal_inputs(callback: JSON) -> dict[str, str]:
    """A modal's text inputs as label → custom_id (labels sit on the input or around it)."""
    inputs: dict[str, str] = {}
    for item in walk_components(callback["data"]["components"]):
        if item.get("type") == 18 and (item.get("component") or {}).get("type") == 4:
            inputs[item["label"]] = item["component"]["custom_id"]
        elif item.get("type") == 4 and "label" in item:
            inputs[item["label"]] = item["custom_id"]
    return inputs


async def _cohort_row(app: App) -> tuple[str, str, str | None]:
    async with app.stride.services.uow() as uow:
        cohort = (await uow.cohorts.named(COHORT))[0]
    return cohort.platform, cohort.workspace_id, cohort.channel_id


async def test_the_whole_assignment_runs_on_discord(
    fake_discord: FakeDiscord, stride: Stride, clock: FixedClock
) -> None:
    classroom = fake_discord.guild.add_channel("ml-class")  # before login: in GUILD_CREATE
    async with running_app(fake_discord, stride, clock) as app:
        created = await app.ok(
            app.prof, ["cohort", "create"], {"name": COHORT, "tz": "Europe/Berlin"}, channel_id=classroom.id
        )
        assert created.public
        assert f"<#{classroom.id}>" in created.text
        assert await _cohort_row(app) == ("discord", str(app.guild_id), str(classroom.id))

        joined = await app.ok(app.ada, ["cohort", "join"], {"name": COHORT})
        assert joined.ephemeral
        assert f"Welcome to {COHORT}" in joined.text

        plan_a = {"slot": "A", "position": "ML Engineer", "industry": "Healthcare", "rationale": "Hospitals"}
        assert "Saved plan A" in (await app.ok(app.ada, ["plan", "set"], plan_a)).text

        opened = await app.say(app.ada, ["plan", "set"], {"slot": "B"})
        assert opened.kind == 9
        form = opened.handle.callback
        assert form is not None
        assert form["data"]["custom_id"] == f"stride:plan:B:{app.ada.id}"
        fields = modal_inputs(form)
        submitted = await fake_discord.submit_modal(
            f"stride:plan:B:{app.ada.id}",
            {fields["Target position"]: "Data Engineer", fields["Industry"]: "Healthcare"},
            origin=opened.handle,
        )
        saved = await app.collect(submitted)
        assert saved.ephemeral
        assert "Saved plan B" in saved.text
        assert "Data Engineer" in saved.text

        for number, name in enumerate(GENERAL + SPECIFIC):
            kind = "general" if name in GENERAL else "specific"
            options = {"name": name, "kind": kind, "priority": number % 3 + 1, "current": 1, "target": 3}
            assert f"Added {kind} skill {name}" in (await app.ok(app.ada, ["skill", "add"], options)).text
        listed = await app.ok(app.ada, ["skill", "list"])
        assert all(name in listed.text for name in GENERAL + SPECIFIC)

        check = await app.ok(app.ada, ["plan", "check"])
        assert check.ephemeral
        embed_text = "\n".join(message_text({"embeds": m["embeds"]}) for m in check.messages)
        assert "A plan that fits 52 weeks" in embed_text  # everything else is there
        assert "550h left at 6h/week" in embed_text
        assert "92 weeks" in embed_text
        assert "✗ Not within one year (52 weeks)" in embed_text
        assert "11h/week" in embed_text

        await app.ok(app.ada, ["budget", "set"], {"track": "dsa", "hours": "5-7"})
        await app.ok(app.ada, ["budget", "set"], {"track": "reading", "hours": "4", "per": "month"})
        budgets = await app.ok(app.ada, ["budget", "show"])
        assert "dsa" in budgets.text
        assert "reading" in budgets.text

        logged = await app.ok(app.ada, ["checkin"], {"hours": "1h30m", "track": "dsa", "note": "graphs"})
        assert "dsa" in logged.text
        await app.ok(
            app.ada, ["checkin"], {"hours": "2", "track": "dsa", "date": "yesterday", "skill": "SQL"}
        )
        await app.ok(app.ada, ["checkin"], {"hours": "90m", "track": "reading"})
        progress = await app.ok(app.ada, ["progress"])
        assert "3h 30m of 5h–7h" in progress.text  # 1h30m + 2h on dsa this week

        digest = await app.ok(app.prof, ["digest"])
        assert digest.ephemeral
        assert "Ada" in digest.text

    async with stride.services.uow() as uow:
        cohort = (await uow.cohorts.named(COHORT))[0]
        ada = await uow.members.get(cohort.id, str(app.ada.id))
        assert ada is not None
        plans = await uow.plans.for_member(ada.id)
        skills = await uow.skills.for_member(ada.id)
        assert ada.display_name == "Ada"
    assert (plans["A"].position, plans["B"].position) == ("ML Engineer", "Data Engineer")
    assert sorted(s.name for s in skills) == sorted(GENERAL + SPECIFIC)
    assert fake_discord.messages_in(classroom.id)[0]["content"].startswith("Created cohort")
