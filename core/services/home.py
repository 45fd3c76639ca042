"""A member's overview in one view: the week so far, budgets, streak and plan status.

It is what Slack's App Home tab shows; each part comes from the service that owns it, so
the overview can never disagree with ``/progress``, ``/budget show``, ``/streak`` or
``/plan check``.
"""

from __future__ import annotations

from core.domain.model import Actor
from core.errors import StrideError
from core.services import budgets, plans, progress
from core.services.context import ServiceContext
from core.views.member import HomeView


async def home(ctx: ServiceContext, actor: Actor, cohort_name: str | None = None) -> HomeView:
    try:
        return HomeView(
            week=await progress.progress(ctx, actor, cohort_name, "week"),
            budgets=await budgets.show_budgets(ctx, actor, cohort_name),
            streak=await progress.streak(ctx, actor, cohort_name),
            plan=await plans.check_plan(ctx, actor, cohort_name),
        )
    except StrideError as error:
        return HomeView(problem=error.message)
