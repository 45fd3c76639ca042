"""Cohort, plan and skill commands."""

from __future__ import annotations

from core.commands import ParsedArgs
from core.domain.levels import parse_ease, parse_level, parse_priority, parse_skill_kind
from core.domain.schedule import Kind
from core.errors import InvalidInput
from core.services import charts, cohorts, instructors, plans, skills
from core.textcommands.registry import Request, command
from core.views.base import View


def _name(args: ParsedArgs, example: str, upto: int | None = None) -> str:
    """A skill or cohort name: the positional words, so quotes are optional."""
    words = args.positionals[:upto]
    if not words:
        raise InvalidInput(f"The name is missing; write it like {example}.")
    return " ".join(words)


def _level(args: ParsedArgs, key: str) -> int | None:
    value = args.option(key)
    return None if value is None else parse_level(value, f"{key} level")


def _ease(args: ParsedArgs) -> int | None:
    value = args.option("ease")
    return None if value is None else parse_ease(value)


@command(
    "cohort create",
    "/cohort create NAME [tz=Area/City]",
    "Start a cohort; you become its instructor.",
    options=("tz", "timezone", "channel"),
)
async def cohort_create(r: Request) -> View:
    zone = r.args.option("tz") if r.args.option("tz") is not None else r.args.option("timezone")
    name = _name(r.args, "/cohort create ML-Fall-2026")
    channel = r.args.option("channel") or r.channel
    return await cohorts.create_cohort(r.ctx, r.actor, name, zone, channel)


@command("cohort join", "/cohort join NAME", "Join your class's cohort.")
async def cohort_join(r: Request) -> View:
    return await cohorts.join_cohort(r.ctx, r.actor, _name(r.args, "/cohort join ML-Fall-2026"))


@command("cohort show", "/cohort show", "The cohort's settings and size.")
async def cohort_show(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/cohort show")
    return await cohorts.show_cohort(r.ctx, r.actor, r.cohort)


def _instructor_arg(r: Request, verb: str) -> str:
    """The one @member that /cohort instructor add|remove names ("" when none: the service
    says so after checking the speaker may do it at all)."""
    r.args.reject_extra_positionals(1, f"/cohort instructor {verb}")
    return r.args.positionals[0] if r.args.positionals else ""


@command(
    "cohort instructor add",
    "/cohort instructor add @member",
    "Instructors: make a member of the cohort an instructor too.",
)
async def cohort_instructor_add(r: Request) -> View:
    return await instructors.add_instructor(r.ctx, r.actor, r.cohort, _instructor_arg(r, "add"))


@command(
    "cohort instructor remove",
    "/cohort instructor remove @member",
    "Instructors: make an instructor a student again (the last one cannot be removed).",
)
async def cohort_instructor_remove(r: Request) -> View:
    return await instructors.remove_instructor(r.ctx, r.actor, r.cohort, _instructor_arg(r, "remove"))


@command(
    "cohort set",
    "/cohort set KEY=VALUE…",
    "Instructors: change cohort settings.",
    options=cohorts.SETTING_KEYS,
    details="Keys: timezone=Area/City channel=NAME horizon=WEEKS step_hours=5,15,40,100,200 "
    'default_hours=6 term_start=YYYY-MM-DD term_end=YYYY-MM-DD focus="…", and for each scheduled '
    f'message ({", ".join(kind.value for kind in Kind)}) KIND=on|off or KIND.cron="0 9 * * mon"; '
    "voice study rooms are Discord's: there, voice_room:#dsa-room voice_track:dsa maps one to a track "
    "(voice_track:off unmaps it)",
)
async def cohort_set(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/cohort set")
    return await cohorts.update_cohort(r.ctx, r.actor, r.cohort, r.args.options)


@command(
    "plan set",
    '/plan set A|B position="…" industry="…" [rationale="…"]',
    "Your target position and industry, plan A or B.",
    options=("position", "industry", "rationale"),
)
async def plan_set(r: Request) -> View:
    slot = plans.parse_slot(r.args.require_positional(0, "Which plan", '/plan set A position="…"'))
    r.args.reject_extra_positionals(1, "/plan set")
    return await plans.set_plan(
        r.ctx,
        r.actor,
        r.cohort,
        slot,
        position=r.args.option("position"),
        industry=r.args.option("industry"),
        rationale=r.args.option("rationale"),
    )


@command("plan show", "/plan show [@member]", "Your plans A and B (instructors: a student's).")
async def plan_show(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/plan show")
    of = r.args.positionals[0] if r.args.positionals else None
    return await plans.show_plan(r.ctx, r.actor, r.cohort, of)


@command(
    "plan check",
    "/plan check [@member]",
    "What the plan still misses, time to target, and whether it fits a year.",
)
async def plan_check(r: Request) -> View:
    r.args.reject_extra_positionals(1, "/plan check")
    of = r.args.positionals[0] if r.args.positionals else None
    return await plans.check_plan(r.ctx, r.actor, r.cohort, of)


@command(
    "plan chart",
    "/plan chart",
    "A picture of your skills: current level, target, and the change in the last 90 days.",
)
async def plan_chart(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/plan chart")
    return await charts.plan_chart(r.ctx, r.actor, r.cohort)


@command(
    "skill add",
    '/skill add "NAME" general|specific priority=1..3 current=0..5 target=0..5 [ease=1..3] [notes="…"]',
    "Add one of your ten skills.",
    options=("priority", "current", "target", "ease", "notes"),
)
async def skill_add(r: Request) -> View:
    kinds = [i for i, word in enumerate(r.args.positionals) if word.lower() in ("general", "specific")]
    if not kinds:
        raise InvalidInput(
            "Say whether the skill is general or specific, like "
            '/skill add "SQL" specific priority=1 current=1 target=3.'
        )
    position = kinds[-1]
    r.args.reject_extra_positionals(position + 1, "/skill add")
    missing = [key for key in ("priority", "current", "target") if r.args.option(key) is None]
    if missing:
        raise InvalidInput(
            f"The skill needs {', '.join(k + '=' for k in missing)}; write it like "
            '/skill add "SQL" specific priority=1 current=1 target=3.'
        )
    return await skills.add_skill(
        r.ctx,
        r.actor,
        r.cohort,
        name=_name(r.args, '/skill add "SQL" specific priority=1 current=1 target=3', position),
        kind=parse_skill_kind(r.args.positionals[position]),
        priority=parse_priority(r.args.option("priority") or ""),
        current=parse_level(r.args.options["current"], "current level"),
        target=parse_level(r.args.options["target"], "target level"),
        notes=r.args.option("notes"),
        ease=_ease(r.args),
    )


@command(
    "skill update",
    '/skill update "NAME"|N [priority=1..3] [current=0..5] [target=0..5] [ease=1..3] [notes="…"]',
    "Change a skill.",
    options=("priority", "current", "target", "ease", "notes"),
)
async def skill_update(r: Request) -> View:
    priority = r.args.option("priority")
    return await skills.update_skill(
        r.ctx,
        r.actor,
        r.cohort,
        _name(r.args, '/skill update "SQL" current=2'),
        priority=parse_priority(priority) if priority is not None else None,
        current=_level(r.args, "current"),
        target=_level(r.args, "target"),
        notes=r.args.option("notes"),
        ease=_ease(r.args),
    )


@command("skill remove", '/skill remove "NAME"|N', "Remove a skill and its history.")
async def skill_remove(r: Request) -> View:
    return await skills.remove_skill(r.ctx, r.actor, r.cohort, _name(r.args, '/skill remove "SQL"'))


@command("skill list", "/skill list", "Your skills, numbered, with levels, priorities and gaps.")
async def skill_list(r: Request) -> View:
    r.args.reject_extra_positionals(0, "/skill list")
    return await skills.list_skills(r.ctx, r.actor, r.cohort)


@command(
    "skill assess",
    '/skill assess "NAME"|N LEVEL [note="…"]',
    "Re-assess a skill's current level.",
    options=("note",),
)
async def skill_assess(r: Request) -> View:
    if len(r.args.positionals) < 2:
        raise InvalidInput('Give the skill and its new level, like /skill assess "SQL" 3.')
    level = parse_level(r.args.positionals[-1], "new level")
    name = _name(r.args, '/skill assess "SQL" 3', -1)
    return await skills.assess_skill(r.ctx, r.actor, r.cohort, name, level, r.args.option("note"))
