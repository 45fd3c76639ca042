"""The scheduler settings an instructor changes with /cohort set: each kind on or off,
its cron spec, and the week's focus shown in the Monday channel post."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.commands import check_text, parse_switch
from core.domain import limits
from core.domain.schedule import Kind, check_cron, cohort_schedule
from core.views.member import ScheduleEntryView

FOCUS_CHARS = limits.WEEK_FOCUS
SCHEDULE_KEYS = tuple(k.value for k in Kind) + tuple(f"{k.value}.cron" for k in Kind) + ("focus",)


@dataclass(frozen=True)
class ScheduleChanges:
    enabled: dict[str, bool] = field(default_factory=dict)
    crons: dict[str, str] = field(default_factory=dict)
    focus: str | None = None
    """New focus text; "" clears it; None leaves it."""

    def __bool__(self) -> bool:
        return bool(self.enabled or self.crons or self.focus is not None)

    def names(self) -> list[str]:
        return [*self.enabled, *(f"{k} time" for k in self.crons)] + (
            ["focus"] if self.focus is not None else []
        )


def parse_schedule_settings(options: Mapping[str, str]) -> ScheduleChanges:
    enabled: dict[str, bool] = {}
    crons: dict[str, str] = {}
    for kind in Kind:
        if kind.value in options:
            enabled[kind.value] = parse_switch(options[kind.value], "on", "off", kind.value)
        if f"{kind.value}.cron" in options:
            crons[kind.value] = check_cron(options[f"{kind.value}.cron"])
    focus = None
    if "focus" in options:
        focus = check_text(options["focus"], "the week's focus", FOCUS_CHARS, required=False)
    return ScheduleChanges(enabled, crons, focus)


def apply(settings: Mapping[str, Any], changes: ScheduleChanges) -> dict[str, Any]:
    """The cohort's settings with ``changes`` merged in (a new dict; the old is untouched)."""
    merged = dict(settings)
    stored = merged.get("schedule")
    schedule: dict[str, dict[str, Any]] = {
        k: dict(v) for k, v in (stored.items() if isinstance(stored, dict) else []) if isinstance(v, dict)
    }
    for kind, on in changes.enabled.items():
        schedule.setdefault(kind, {})["enabled"] = on
    for kind, cron in changes.crons.items():
        schedule.setdefault(kind, {})["cron"] = cron
    merged["schedule"] = schedule
    if changes.focus is not None:
        merged["focus"] = changes.focus or None
    return merged


def entries(settings: Mapping[str, Any]) -> list[ScheduleEntryView]:
    return [
        ScheduleEntryView(kind=kind.value, enabled=s.enabled, cron=s.cron)
        for kind, s in cohort_schedule(settings).items()
    ]
