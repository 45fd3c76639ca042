"""When each member's personal DMs come: their own day and time, quiet hours, and snooze.

CONTRACT (foundation commit): the signatures below are what the adapters call; the bodies
are being written (issue 20).
"""

from __future__ import annotations

from core.domain.model import Actor
from core.services.context import ServiceContext
from core.views.member import MeView

REMIND_LATER = "3h"
"""How long a DM's *Remind me later* button snoozes it."""


async def set_reminders(
    ctx: ServiceContext, actor: Actor, cohort_name: str | None, *, day: str | None, time: str | None
) -> MeView:
    """``/me reminders day=sun time=19:00`` (the member's own zone); ``day=off`` goes back to
    the cohort's schedule."""
    raise NotImplementedError


async def set_quiet_hours(ctx: ServiceContext, actor: Actor, cohort_name: str | None, hours: str) -> MeView:
    """``/me quiet 22:00-08:00`` or ``/me quiet off``."""
    raise NotImplementedError


async def snooze(
    ctx: ServiceContext,
    actor: Actor,
    cohort_name: str | None,
    duration: str,
    *,
    again: str | None = None,
    idempotency_key: str | None = None,
) -> MeView:
    """``/me snooze 1d`` (or ``off``): personal reminders due meanwhile wait until then, and
    the DM of kind ``again`` (a button's; None: the latest one that asks something) comes
    once more then. ``idempotency_key``: a click acts once."""
    raise NotImplementedError
