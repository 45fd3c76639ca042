"""Unit of work: one transaction, the repositories that share it, commit or roll back.

Services open one per command (``async with uow_factory() as uow``) and call
``await uow.commit()`` when everything succeeded; leaving the block without a commit rolls
back, so a failed command writes nothing. A command that only reads opens
``uow_factory(read_only=True)``: on SQLite it then never holds the write lock.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.db.engine import READ_ONLY, shared_url
from core.db.repositories import (
    BudgetRepository,
    CheckinRepository,
    CohortRepository,
    GoalRepository,
    MemberDataRepository,
    MemberRepository,
    OutboxRepository,
    PlanRepository,
    ReportRepository,
    RoadmapRepository,
    SkillRepository,
)
from core.errors import Conflict

CONCURRENT_CHANGE = "Someone changed the same thing at the same moment; nothing was saved, try again."
BUSY = "Stride is busy with other changes right now; nothing was saved, try again in a moment."


def _is_busy(error: OperationalError) -> bool:
    """SQLite's lock wait ran past the busy timeout (``database is locked`` / ``busy``)."""
    text = str(error.orig).lower()
    return "database is locked" in text or "database is busy" in text


class UnitOfWork:
    cohorts: CohortRepository
    members: MemberRepository
    plans: PlanRepository
    skills: SkillRepository
    goals: GoalRepository
    budgets: BudgetRepository
    checkins: CheckinRepository
    outbox: OutboxRepository
    reports: ReportRepository
    roadmaps: RoadmapRepository
    member_data: MemberDataRepository

    def __init__(self, engine: AsyncEngine, *, read_only: bool = False) -> None:
        self._engine = engine
        self._read_only = read_only
        self._connection: AsyncConnection | None = None

    async def __aenter__(self) -> Self:
        connection = await self._engine.connect()
        try:
            if self._read_only:
                await connection.execution_options(**{READ_ONLY: True})
            await connection.begin()
        except BaseException as error:
            # __aexit__ does not run when __aenter__ fails: hand the connection back here,
            # or a writer that timed out waiting for SQLite's lock leaks it.
            await connection.close()
            if isinstance(error, OperationalError) and _is_busy(error):
                raise Conflict(BUSY) from error
            raise
        self._connection = connection
        self.cohorts = CohortRepository(connection)
        self.members = MemberRepository(connection)
        self.plans = PlanRepository(connection)
        self.skills = SkillRepository(connection)
        self.goals = GoalRepository(connection)
        self.budgets = BudgetRepository(connection)
        self.checkins = CheckinRepository(connection)
        self.outbox = OutboxRepository(connection)
        self.reports = ReportRepository(connection)
        self.roadmaps = RoadmapRepository(connection)
        self.member_data = MemberDataRepository(connection)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection = self._connection
        self._connection = None
        if connection is None:
            return
        try:
            if connection.in_transaction():
                await connection.rollback()
        finally:
            await connection.close()
        if isinstance(exc, IntegrityError):
            raise Conflict(CONCURRENT_CHANGE) from exc
        if isinstance(exc, OperationalError) and _is_busy(exc):
            raise Conflict(BUSY) from exc

    def shared_url(self) -> str | None:
        """The URL another process opens the same database with; None when it cannot
        (an in-memory SQLite database)."""
        return shared_url(self._engine.url)

    async def commit(self) -> None:
        if self._connection is None:
            raise RuntimeError("commit() outside of `async with`")
        try:
            await self._connection.commit()
        except IntegrityError as error:
            raise Conflict(CONCURRENT_CHANGE) from error


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> UnitOfWork: ...
