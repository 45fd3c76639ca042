"""``AnyView``: the view models, as one union discriminated by ``view``.

The outbox stores a notification's view as JSON and reads it back through this union, so
every view a notification may carry must be listed here. It lives apart from ``core.views`` so
that view modules such as ``core.report_views`` can build on ``core.views`` without an
import cycle.
"""

from __future__ import annotations

from core.report_views import DigestView, LeaderboardView
from core.roadmap_views import RoadmapView
from core.views import (
    BudgetListView,
    CheckinView,
    CohortView,
    GoalListView,
    HelpView,
    HoursCheckinView,
    MeView,
    Notice,
    PlanCheckView,
    PlanView,
    ProgressView,
    ReassessmentView,
    SkillListView,
    StreakView,
    WeeklyReminderView,
    WeeklyStatusView,
)

AnyView = (
    Notice
    | CohortView
    | PlanView
    | SkillListView
    | PlanCheckView
    | BudgetListView
    | CheckinView
    | ProgressView
    | StreakView
    | GoalListView
    | MeView
    | HelpView
    | WeeklyReminderView
    | WeeklyStatusView
    | HoursCheckinView
    | ReassessmentView
    | LeaderboardView
    | DigestView
    | RoadmapView
)
