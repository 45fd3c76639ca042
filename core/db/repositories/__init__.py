"""Repositories: the only code that writes SQL, returning domain entities."""

from core.db.repositories.activity import BudgetRepository, CheckinRepository
from core.db.repositories.cohorts import CohortRepository, MemberRepository
from core.db.repositories.plans import GoalRepository, PlanRepository, SkillRepository

__all__ = [
    "BudgetRepository",
    "CheckinRepository",
    "CohortRepository",
    "GoalRepository",
    "MemberRepository",
    "PlanRepository",
    "SkillRepository",
]
