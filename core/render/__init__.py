"""Renderers turn view models into what a platform shows; plain text serves every fallback."""

from core.render import group_sessions as _group_sessions  # noqa: F401  (registers the group session renderers)
from core.render import plans as _plans  # noqa: F401  (registers the plan renderers)
from core.render import reflection_views as _reflection_views  # noqa: F401  (registers the reflection renderers)
from core.render import reminders as _reminders  # noqa: F401  (registers the nudge and reflection reminder)
from core.render import reports as _reports  # noqa: F401  (registers the report renderers)
from core.render import roadmaps as _roadmaps  # noqa: F401  (registers the roadmap renderers)
from core.render import scheduled as _scheduled  # noqa: F401  (registers the scheduled messages)
from core.render import sessions as _sessions  # noqa: F401  (registers the focus timers' renderers)
