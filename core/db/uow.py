"""Unit of work: one transaction, the repositories that share it, commit or roll back.

Services open one per command (``async with uow_factory() as uow``) and call
``await uow.commit()`` when everything succeeded; leaving the block without a commit rolls
back, so a failed command writes nothing. A command that only reads opens
``uow_factory(read_only=True)``: on SQLite it then never holds the write lock.
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Protocol, Self

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.db.engine import READ_ONLY
from core.db.repositories import (
    BudgetRepository,
    CheckinRepository,
    CohortRepository,
    CountRepository,
    DashboardRepository,
    GoalRepository,
    GroupSessionRepository,
    LedgerRepository,
    MemberDataRepository,
    MemberRepository,
    MembershipRepository,
    OutboxRepository,
    OverviewRepository,
    PersonalDmRepository,
    PlanRepository,
    ReflectionRepository,
    ReportRepository,
    RoadmapRepository,
    SessionRepository,
    SkillRepository,
)
from core.errors import Conflict

CONCURRENT_CHANGE = "Someone changed the same thing at the same moment; nothing was saved, try again."
BUSY = "Stride is busy with other changes right now; nothing was saved, try again in a moment."


def _is_busy(error: OperationalError) -> bool:
    """SQLite's lock wait ran past the busy timeout (``database is locked`` / ``busy``)."""
    text = str(error.orig).lower()
    return "database is locked" in text or "database is busy" in text


class WriterQueue:
    """This process's SQLite writers, one at a time and first come, first served.

    SQLite lets one transaction write at a time. Without a queue, a hundred concurrent
    check-ins each try ``BEGIN IMMEDIATE``; all but one find the lock taken and wait in
    SQLite's busy handler, which sleeps 1, 2, 5, 10… ms between tries, so the lock often
    sits free while its waiters sleep (docs/performance.md has the throughput either way).
    Queued here, the next writer starts the moment the last one finishes, and
    SQLite's own waiting is left to writers in other processes (a second deliverer, the
    CLI). A writer that waits longer than the busy timeout gets the same "busy, try again"
    as one that waited on SQLite.
    """

    def __init__(self, timeout_s: float) -> None:
        self._lock = asyncio.Lock()
        self._timeout_s = timeout_s

    async def enter(self) -> None:
        try:
            async with asyncio.timeout(self._timeout_s):  # cancelled, the lock is never held
                await self._lock.acquire()
        except TimeoutError:
            raise Conflict(BUSY) from None

    def leave(self) -> None:
        self._lock.release()


def _begin(connection: Connection, read_only: bool) -> None:
    if read_only:
        connection.execution_options(**{READ_ONLY: True})
    connection.begin()


class UnitOfWork:
    cohorts: CohortRepository
    members: MemberRepository
    memberships: MembershipRepository
    plans: PlanRepository
    skills: SkillRepository
    goals: GoalRepository
    budgets: BudgetRepository
    checkins: CheckinRepository
    ledger: LedgerRepository
    counts: CountRepository
    outbox: OutboxRepository
    reports: ReportRepository
    overview: OverviewRepository
    roadmaps: RoadmapRepository
    member_data: MemberDataRepository
    sessions: SessionRepository
    group_sessions: GroupSessionRepository
    personal_dms: PersonalDmRepository
    reflections: ReflectionRepository
    dashboard: DashboardRepository

    def __init__(
        self, engine: AsyncEngine, *, read_only: bool = False, writers: WriterQueue | None = None
    ) -> None:
        self._engine = engine
        self._read_only = read_only
        self._writers = None if read_only else writers
        self._connection: AsyncConnection | None = None

    async def __aenter__(self) -> Self:
        if self._writers is not None:
            await self._writers.enter()
        try:
            connection = await self._engine.connect()
        except BaseException:
            self._leave_queue()
            raise
        try:
            await connection.run_sync(_begin, self._read_only)  # one hop into SQLAlchemy, not two
        except BaseException as error:
            # __aexit__ does not run when __aenter__ fails: hand the connection back here,
            # or a writer that timed out waiting for SQLite's lock leaks it.
            await connection.close()
            self._leave_queue()
            if isinstance(error, OperationalError) and _is_busy(error):
                raise Conflict(BUSY) from error
            raise
        self._connection = connection
        self.cohorts = CohortRepository(connection)
        self.members = MemberRepository(connection)
        self.memberships = MembershipRepository(connection)
        self.plans = PlanRepository(connection)
        self.skills = SkillRepository(connection)
        self.goals = GoalRepository(connection)
        self.budgets = BudgetRepository(connection)
        self.checkins = CheckinRepository(connection)
        self.ledger = LedgerRepository(connection)
        self.counts = CountRepository(connection)
        self.outbox = OutboxRepository(connection)
        self.reports = ReportRepository(connection)
        self.overview = OverviewRepository(connection)
        self.roadmaps = RoadmapRepository(connection)
        self.member_data = MemberDataRepository(connection)
        self.sessions = SessionRepository(connection)
        self.group_sessions = GroupSessionRepository(connection)
        self.personal_dms = PersonalDmRepository(connection)
        self.reflections = ReflectionRepository(connection)
        self.dashboard = DashboardRepository(connection)
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
            await connection.close()  # rolls back what was not committed
        finally:
            self._leave_queue()
        if isinstance(exc, IntegrityError):
            raise Conflict(CONCURRENT_CHANGE) from exc
        if isinstance(exc, OperationalError) and _is_busy(exc):
            raise Conflict(BUSY) from exc

    def _leave_queue(self) -> None:
        if self._writers is not None:
            self._writers.leave()

    async def commit(self) -> None:
        if self._connection is None:
            raise RuntimeError("commit() outside of `async with`")
        try:
            await self._connection.commit()
        except IntegrityError as error:
            raise Conflict(CONCURRENT_CHANGE) from error


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> UnitOfWork: ...
