"""Repositories: the only code that writes SQL, returning domain entities."""

from core.db.repositories.activity import BudgetRepository, CheckinRepository
from core.db.repositories.cohorts import CohortRepository, MemberRepository
from core.db.repositories.counts import CountRepository
from core.db.repositories.dashboard import DashboardRepository
from core.db.repositories.group_sessions import GroupSessionRepository
from core.db.repositories.ledger import LedgerRepository
from core.db.repositories.member_data import MemberDataRepository
from core.db.repositories.memberships import MembershipRepository
from core.db.repositories.outbox import OutboxRepository
from core.db.repositories.overview import OverviewRepository
from core.db.repositories.personal_dms import PersonalDmRepository
from core.db.repositories.plans import GoalRepository, PlanRepository, SkillRepository
from core.db.repositories.reflections import ReflectionRepository
from core.db.repositories.reports import ReportRepository
from core.db.repositories.roadmaps import RoadmapRepository
from core.db.repositories.sessions import SessionRepository

__all__ = [
    "BudgetRepository",
    "CheckinRepository",
    "CohortRepository",
    "CountRepository",
    "DashboardRepository",
    "GoalRepository",
    "GroupSessionRepository",
    "LedgerRepository",
    "MemberDataRepository",
    "MemberRepository",
    "MembershipRepository",
    "OutboxRepository",
    "OverviewRepository",
    "PersonalDmRepository",
    "PlanRepository",
    "ReflectionRepository",
    "ReportRepository",
    "RoadmapRepository",
    "SessionRepository",
    "SkillRepository",
]
