"""``AnyView``: the view models, as one union discriminated by ``view``.

The outbox stores a notification's view as JSON and reads it back through this union, so
every view a notification may carry must be listed here, and only here: the other view
modules never import this one, so none of them waits on the rest.
"""

from __future__ import annotations

from core.views.activity import (
    BudgetListView,
    CheckinView,
    GoalListView,
    LedgerView,
    ProgressView,
    StreakView,
)
from core.views.base import Notice
from core.views.group_sessions import GroupSessionListView, GroupSessionReminderView
from core.views.member import CohortView, HelpView, MeView
from core.views.plans import PlanCheckView, PlanView, SkillListView
from core.views.reflections import (
    BlockerReplyView,
    NudgeView,
    ReflectionFormView,
    ReflectionListView,
    ReflectionReminderView,
    ReflectionView,
    SharedReflectionView,
)
from core.views.reports import DigestView, LeaderboardView
from core.views.roadmaps import RoadmapView
from core.views.scheduled import HoursCheckinView, ReassessmentView, WeeklyReminderView, WeeklyStatusView
from core.views.sessions import SessionView, TimerDmView

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
    | LedgerView
    | MeView
    | HelpView
    | WeeklyReminderView
    | WeeklyStatusView
    | HoursCheckinView
    | ReassessmentView
    | LeaderboardView
    | DigestView
    | RoadmapView
    | SessionView
    | TimerDmView
    | GroupSessionListView
    | GroupSessionReminderView
    | ReflectionFormView
    | ReflectionView
    | SharedReflectionView
    | ReflectionListView
    | BlockerReplyView
    | ReflectionReminderView
    | NudgeView
)
