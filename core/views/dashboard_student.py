"""What a student's dashboard page shows, as plain data the template lays out.

The numbers are the bot's own views (``ProgressView`` is /progress, ``PlanCheckView`` is
/plan check, ``LedgerRowView`` is /checkin list, ``ReflectionRowView`` is /reflections),
wrapped with what a web page adds: the deliverable as HTML, the Priority × Ease matrix as
a table, and each chart's text alternative.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from core.views.activity import LedgerRowView, ProgressView
from core.views.base import BudgetStatusName
from core.views.plans import PlanCheckView
from core.views.reflections import ReflectionRowView

ChartName = Literal["progress", "skills"]


class MatrixSkillView(BaseModel):
    """A skill in its cell of the Priority × Ease matrix, with its gap and time to target."""

    name: str
    gap: int
    time_to_target: str
    """``week 14``, ``at target``, ``reached (re-assess it)``: the deliverable's words."""


class MatrixCellView(BaseModel):
    ease_label: str
    quick_win: bool
    skills: list[MatrixSkillView]


class MatrixRowView(BaseModel):
    priority: int
    priority_label: str
    cells: list[MatrixCellView]


class EaseMatrixView(BaseModel):
    eases: list[str]
    """The columns' headings, easy to hard."""
    rows: list[MatrixRowView]
    """Priority 1 (Critical) first."""
    unrated: list[MatrixSkillView]
    summary: str
    """The matrix in one sentence (what ``/plan chart``'s picture says)."""

    @property
    def empty(self) -> bool:
        return not self.unrated and not any(cell.skills for row in self.rows for cell in row.cells)


class ChartWeekView(BaseModel):
    """One bar of the progress chart, as the row of its table."""

    week: str
    hours: float
    status: BudgetStatusName
    in_streak: bool
    paused: bool
    current: bool


class ChartSkillView(BaseModel):
    """One bar of the skill chart, as the row of its table."""

    name: str
    priority: int
    current: int
    target: int
    change: int
    """Levels gained (negative: lost) in the chart's trend window."""


class ProgressChartView(BaseModel):
    summary: str
    """The picture's alt text: the same sentence ``/progress chart`` sends with it."""
    band: str
    """``5–7h a week``, or the cohort default's ``at least 6h``."""
    weeks: list[ChartWeekView]
    drawn: bool
    """False when no hours were logged in these weeks: no picture, the sentence says why."""


class SkillsChartView(BaseModel):
    summary: str
    trend_days: int
    skills: list[ChartSkillView]

    @property
    def drawn(self) -> bool:
        return bool(self.skills)


class HistoryRowView(BaseModel):
    """A check-in of the ledger, with the edits made to it."""

    entry: LedgerRowView
    edits: list[str] = Field(default_factory=list)
    """``Mon 7 Dec 12:00: 1h of dsa on Fri 4 Dec → 1h 30m of dsa on Thu 3 Dec``."""


class CorrectionView(BaseModel):
    at: datetime
    action: Literal["edit", "remove", "undo"]
    before: str
    after: str | None


class HistoryView(BaseModel):
    since: date
    rows: list[HistoryRowView]
    more: bool
    """The ledger's list limit was reached: older check-ins are not shown."""
    corrections: list[CorrectionView]
    """The latest corrections, newest first: edits, removals and undos."""


class ReflectionWeekView(BaseModel):
    week: str
    week_label: str
    row: ReflectionRowView


class ReflectionsView(BaseModel):
    enabled: bool
    weeks: list[ReflectionWeekView]
    """Newest first. The student's own page lists the weeks they wrote; an instructor's view
    lists every week of the window, unanswered ones too, as /reflections does."""


class StudentPageView(BaseModel):
    cohort_id: int
    cohort: str
    member_id: int
    member: str
    own: bool
    """The viewer is the student (else one of the cohort's instructors)."""
    today: date
    """The student's local date: the page's week is the week of it."""
    progress: ProgressView
    check: PlanCheckView
    deliverable_html: str
    """The seed-001 deliverable (the file /me export gives), rendered with raw HTML off."""
    matrix: EaseMatrixView
    progress_chart: ProgressChartView
    skills_chart: SkillsChartView
    history: HistoryView
    reflections: ReflectionsView
