"""Skills: the ten-skill matrix with levels 0–5, priorities 1–3 and assessment history."""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.commands import check_text
from core.db.uow import UnitOfWork
from core.domain import limits
from core.domain.budgets import Budget
from core.domain.levels import (
    LEVEL_NAMES,
    PRIORITY_NAMES,
    SkillKind,
    check_ease,
    check_level,
    check_priority,
    ease_label,
    level_label,
)
from core.domain.model import Actor, BudgetRow, Member, Skill
from core.errors import Conflict, InvalidInput, NotFound
from core.services.context import ServiceContext, membership, short
from core.views.plans import SkillListView, SkillRowView

NAME_CHARS = limits.SKILL_NAME
NOTES_CHARS = limits.SKILL_NOTES
MAX_SKILLS = 200
SKILL_NUMBER = re.compile(r"#?\s*[+-]?[0-9]+", re.ASCII)
"""How a skill is referred to by its number in /skill list: ``3`` or ``#3``."""


def budgets_in_hours(rows: Sequence[BudgetRow]) -> list[Budget]:
    return [Budget(r.track, r.min_minutes / 60, r.max_minutes / 60, r.period) for r in rows]


def check_skill_name(name: str) -> str:
    name = " ".join(check_text(name, "The skill name", NAME_CHARS).split())  # one line
    # Names are matched by their casefolded form, which can be longer ("ß" → "ss").
    if len(name.casefold()) > NAME_CHARS:
        raise InvalidInput(
            f"The skill name is too long once written in lowercase; keep it to {NAME_CHARS} characters "
            "or fewer."
        )
    return name


def check_new_skill_name(name: str) -> str:
    """A name for a new skill: :func:`check_skill_name`, and not a bare number, which would
    be read as the skill's number in /skill list."""
    name = check_skill_name(name)
    if SKILL_NUMBER.fullmatch(name):
        raise InvalidInput(
            f"A skill can't be called just {short(name, 30)}, because /skill commands read a number as "
            'the skill\'s place in /skill list; add a word, like "Level 3 maths".'
        )
    return name


def lookup_name(name: str) -> str:
    """``name`` as add_skill stores it, to look a skill up by: tidied the same way (no NUL or
    invisible characters, which PostgreSQL would refuse), and a name that could never be
    stored matches none."""
    try:
        return check_skill_name(name)
    except InvalidInput:
        return ""


def _check_target(current: int, target: int) -> None:
    if target < current:
        raise InvalidInput(
            f"The target level ({target}) is below the current level ({current}); "
            "set a target at or above where you are now."
        )


async def add_skill(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    *,
    name: str,
    kind: SkillKind,
    priority: int,
    current: int,
    target: int,
    notes: str | None = None,
    ease: int | None = None,
) -> SkillListView:
    name = check_new_skill_name(name)
    check_priority(priority)
    if ease is not None:
        check_ease(ease)
    check_level(current, "current level")
    check_level(target, "target level")
    _check_target(current, target)
    notes = check_text(notes, "The note", NOTES_CHARS, required=False) or None if notes else None
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        if await uow.skills.by_name(found.member.id, name):
            raise Conflict(
                f"You already have a skill called {short(name)}; "
                f'change it with /skill update "{short(name)}" current=2.'
            )
        if len(await uow.skills.for_member(found.member.id)) >= MAX_SKILLS:
            raise InvalidInput(f"You have {MAX_SKILLS} skills, the most Stride keeps; remove one first.")
        skill = await uow.skills.add(
            found.member.id,
            name=name,
            kind=kind.value,
            priority=priority,
            current=current,
            target=target,
            notes=notes,
            now=now,
            ease=ease,
        )
        await uow.skills.add_assessment(skill.id, level=current, note=None, source="add", at=now)
        view = await _list_view(uow, found.member)
        await uow.commit()
    headline = f"Added {kind.value} skill {name}."
    if ease is None:
        headline += f' Rate how hard it is to learn: /skill update "{short(name, 30)}" ease=easy|medium|hard.'
    return view.model_copy(update={"headline": headline})


async def update_skill(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    name: str,
    *,
    priority: int | None = None,
    current: int | None = None,
    target: int | None = None,
    notes: str | None = None,
    ease: int | None = None,
) -> SkillListView:
    if priority is None and current is None and target is None and notes is None and ease is None:
        raise InvalidInput(
            f'Say what to change, like /skill update "{short(name, 30)}" current=2 target=4 '
            'priority=1 ease=easy notes="…".'
        )
    if priority is not None:
        check_priority(priority)
    if ease is not None:
        check_ease(ease)
    if current is not None:
        check_level(current, "current level")
    if target is not None:
        check_level(target, "target level")
    if notes is not None:
        notes = check_text(notes, "The note", NOTES_CHARS, required=False)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        skill = await find_skill(uow, found.member, name)
        new_current = skill.current if current is None else current
        _check_target(new_current, skill.target if target is None else target)
        given = {"priority": priority, "current": current, "target": target, "ease": ease}
        changes: dict[str, object] = {key: value for key, value in given.items() if value is not None}
        if notes is not None:
            changes["notes"] = notes or None
        await uow.skills.update(skill.id, now=now, **changes)
        if current is not None and current != skill.current:
            await uow.skills.add_assessment(skill.id, level=current, note=None, source="update", at=now)
        view = await _list_view(uow, found.member)
        await uow.commit()
    return view.model_copy(update={"headline": f"Updated {skill.name}."})


async def remove_skill(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, name: str
) -> SkillListView:
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        skill = await find_skill(uow, found.member, name)
        await uow.skills.remove(skill.id)
        view = await _list_view(uow, found.member)
        await uow.commit()
    return view.model_copy(update={"headline": f"Removed {skill.name} and its history."})


async def list_skills(ctx: ServiceContext, actor: Actor, cohort_name: str | None) -> SkillListView:
    async with ctx.uow(read_only=True) as uow:
        found = await membership(uow, actor, cohort_name)
        return await _list_view(uow, found.member)


async def assess_skill(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    name: str,
    level: int,
    note: str | None = None,
) -> SkillListView:
    """Record a re-assessment; reaching past the target moves the target up with it."""
    check_level(level, "level")
    if note is not None:
        note = check_text(note, "The note", NOTES_CHARS, required=False) or None
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        found = await membership(uow, actor, cohort_name)
        skill = await find_skill(uow, found.member, name)
        changes = {"current": level, "target": max(skill.target, level)}
        await uow.skills.update(skill.id, now=now, **changes)
        await uow.skills.add_assessment(skill.id, level=level, note=note, source="assess", at=now)
        view = await _list_view(uow, found.member)
        await uow.commit()
    moved = level - skill.current
    trend = "up" if moved > 0 else "down" if moved < 0 else "unchanged"
    headline = f"{skill.name}: {level_label(skill.current)} → {level_label(level)} ({trend})."
    if level >= skill.target:
        headline += " Target reached!"
    return view.model_copy(update={"headline": headline})


def numbered(skills: Sequence[Skill]) -> list[tuple[int, Skill]]:
    """The member's skills with the numbers /skill list shows: general first, then by
    priority, then in the order they were added."""
    return list(enumerate(sorted(skills, key=lambda s: (s.kind, s.priority, s.id)), 1))


async def find_skill(uow: UnitOfWork, member: Member, name: str) -> Skill:
    """The member's skill called ``name``, or numbered ``name`` in /skill list.

    A skill whose name is exactly what was typed wins (a skill called "3" added before
    numbers were read); otherwise ``3`` or ``#3`` is the third skill of /skill list, and
    ``#3`` always is, so that skill stays reachable by its number too.
    """
    number = SKILL_NUMBER.fullmatch(name.strip())
    if number is None or not name.strip().startswith("#"):
        skill = await uow.skills.by_name(member.id, lookup_name(name))
        if skill is not None:
            return skill
    if number is None:
        raise await _no_such_skill(uow, member, name)
    return _by_number(await uow.skills.for_member(member.id), name.strip())


def _by_number(skills: Sequence[Skill], typed: str) -> Skill:
    digits = typed.lstrip("#").strip()
    count = len(skills)
    number = int(digits) if len(digits) <= 6 else 0  # 20 digits are no skill's number either
    if 1 <= number <= count:
        return numbered(skills)[number - 1][1]
    if not count:
        raise NotFound(f"You have no skill {short(typed, 12)} — no skills yet; add one with /skill add.")
    where = (
        "your only skill is number 1 in /skill list"
        if count == 1
        else f"/skill list numbers yours from 1 to {count}"
    )
    raise NotFound(
        f'You have no skill {short(typed, 12)}; {where}, or write the name, like /skill assess "SQL" 3.'
    )


async def _no_such_skill(uow: UnitOfWork, member: Member, name: str) -> NotFound:
    names = [skill.name for _, skill in numbered(await uow.skills.for_member(member.id))]
    if not names:
        return NotFound(f"You have no skill called '{short(name)}'; add one with /skill add.")
    listing = short(", ".join(names[:10]), 120) + ("…" if len(names) > 10 else "")
    return NotFound(
        f"You have no skill called '{short(name)}'; pick one of yours ({listing}) "
        "or its number in /skill list."
    )


async def _list_view(uow: UnitOfWork, member: Member) -> SkillListView:
    return skill_list_view(member.display_name, await uow.skills.for_member(member.id))


def skill_list_view(member_name: str, skills: Sequence[Skill]) -> SkillListView:
    rows = [
        SkillRowView(
            number=index,
            name=s.name,
            kind=s.kind,
            priority=s.priority,
            priority_label=PRIORITY_NAMES[s.priority],
            current=s.current,
            current_label=LEVEL_NAMES[s.current],
            target=s.target,
            target_label=LEVEL_NAMES[s.target],
            gap=s.target - s.current,
            notes=s.notes,
            ease=s.ease,
            ease_label=ease_label(s.ease),
        )
        for index, s in numbered(skills)
    ]
    return SkillListView(
        member=member_name,
        skills=rows,
        general=sum(1 for s in skills if s.kind == SkillKind.GENERAL.value),
        specific=sum(1 for s in skills if s.kind == SkillKind.SPECIFIC.value),
    )
