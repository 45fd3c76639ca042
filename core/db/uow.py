"""Unit of work: one transaction, the repositories that share it, commit or roll back.

Services open one per command (``async with uow_factory() as uow``) and call
``await uow.commit()`` when everything succeeded; leaving the block without a commit rolls
back, so a failed command writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.db.repositories import (
    BudgetRepository,
    CheckinRepository,
    CohortRepository,
    GoalRepository,
    MemberRepository,
    PlanRepository,
    SkillRepository,
)
from core.errors import Conflict

CONCURRENT_CHANGE = "Someone changed the same thing at the same moment; nothing was saved, try again."


class UnitOfWork:
    cohorts: CohortRepository
    members: MemberRepository
    plans: PlanRepository
    skills: SkillRepository
    goals: GoalRepository
    budgets: BudgetRepository
    checkins: CheckinRepository

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None

    async def __aenter__(self) -> Self:
        connection = await self._engine.connect()
        await connection.begin()
        self._connection = connection
        self.cohorts = CohortRepository(connection)
        self.members = MemberRepository(connection)
        self.plans = PlanRepository(connection)
        self.skills = SkillRepository(connection)
        self.goals = GoalRepository(connection)
        self.budgets = BudgetRepository(connection)
        self.checkins = CheckinRepository(connection)
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

    async def commit(self) -> None:
        if self._connection is None:
            raise RuntimeError("commit() outside of `async with`")
        try:
            await self._connection.commit()
        except IntegrityError as error:
            raise Conflict(CONCURRENT_CHANGE) from error


UnitOfWorkFactory = Callable[[], UnitOfWork]
