"""The dashboard's sign-in links and browser sessions (revision 0014).

Only SHA-256 digests of the secrets reach the database. Using a link is one conditional
UPDATE, so two tabs racing with the same link get one session between them; every query
of a person reads the ``user_id`` indexes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db.tables import dashboard_links, dashboard_sessions


@dataclass(frozen=True)
class Person:
    """Who a link or a session belongs to, as the platform named them when they asked."""

    platform: str
    workspace_id: str
    user_id: str
    workspace_admin: bool


@dataclass(frozen=True)
class LinkState:
    """A stored link as its refusal needs it (never its owner: a page names nobody)."""

    expires_at: datetime
    used_at: datetime | None


def _person_of(row: Any) -> Person:
    return Person(row.platform, row.workspace_id, row.user_id, bool(row.workspace_admin))


def _owned_by(table: Table, person: Person) -> ColumnElement[bool]:
    return (
        (table.c.user_id == person.user_id)
        & (table.c.platform == person.platform)
        & (table.c.workspace_id == person.workspace_id)
    )


def _owner(person: Person) -> dict[str, object]:
    return {
        "platform": person.platform,
        "workspace_id": person.workspace_id,
        "user_id": person.user_id,
        "workspace_admin": person.workspace_admin,
    }


class DashboardRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._db = connection

    async def recent_links(self, person: Person, since: datetime) -> tuple[int, datetime | None]:
        """How many links the person asked for since ``since``, and when the first of them was."""
        row = (
            await self._db.execute(
                select(func.count(), func.min(dashboard_links.c.created_at)).where(
                    _owned_by(dashboard_links, person), dashboard_links.c.created_at > since
                )
            )
        ).one()
        return int(row[0]), row[1]

    async def add_link(self, person: Person, token_hash: str, now: datetime, expires_at: datetime) -> None:
        await self._db.execute(
            insert(dashboard_links).values(
                token_hash=token_hash, created_at=now, expires_at=expires_at, **_owner(person)
            )
        )

    async def forget_links(self, person: Person, before: datetime) -> None:
        """The person's links made before ``before``: long expired, kept for nothing."""
        await self._db.execute(
            delete(dashboard_links).where(
                _owned_by(dashboard_links, person), dashboard_links.c.created_at < before
            )
        )

    async def link_state(self, token_hash: str) -> LinkState | None:
        row = (
            await self._db.execute(
                select(dashboard_links.c.expires_at, dashboard_links.c.used_at).where(
                    dashboard_links.c.token_hash == token_hash
                )
            )
        ).first()
        return None if row is None else LinkState(row.expires_at, row.used_at)

    async def use_link(self, token_hash: str, now: datetime) -> Person | None:
        """Mark the link used if it is unused and unexpired, in one statement; its owner,
        or None when another request used it first, it expired, or it never existed."""
        row = (
            await self._db.execute(
                update(dashboard_links)
                .where(
                    dashboard_links.c.token_hash == token_hash,
                    dashboard_links.c.used_at.is_(None),
                    dashboard_links.c.expires_at > now,
                )
                .values(used_at=now)
                .returning(
                    dashboard_links.c.platform,
                    dashboard_links.c.workspace_id,
                    dashboard_links.c.user_id,
                    dashboard_links.c.workspace_admin,
                )
            )
        ).first()
        return None if row is None else _person_of(row)

    async def add_session(self, person: Person, token_hash: str, now: datetime, expires_at: datetime) -> None:
        await self._db.execute(
            insert(dashboard_sessions).values(
                token_hash=token_hash, created_at=now, expires_at=expires_at, **_owner(person)
            )
        )

    async def forget_sessions(self, person: Person, now: datetime) -> None:
        """The person's expired sessions."""
        await self._db.execute(
            delete(dashboard_sessions).where(
                _owned_by(dashboard_sessions, person), dashboard_sessions.c.expires_at <= now
            )
        )

    async def session_owner(self, token_hash: str, now: datetime) -> Person | None:
        row = (
            await self._db.execute(
                select(
                    dashboard_sessions.c.platform,
                    dashboard_sessions.c.workspace_id,
                    dashboard_sessions.c.user_id,
                    dashboard_sessions.c.workspace_admin,
                ).where(dashboard_sessions.c.token_hash == token_hash, dashboard_sessions.c.expires_at > now)
            )
        ).first()
        return None if row is None else _person_of(row)

    async def end_session(self, token_hash: str) -> None:
        await self._db.execute(
            delete(dashboard_sessions).where(dashboard_sessions.c.token_hash == token_hash)
        )

    async def end_all(self, person: Person, now: datetime) -> int:
        """Delete every session and unused link of the person; how many live sessions went."""
        live = await self._db.scalar(
            select(func.count()).where(
                _owned_by(dashboard_sessions, person), dashboard_sessions.c.expires_at > now
            )
        )
        await self._db.execute(delete(dashboard_sessions).where(_owned_by(dashboard_sessions, person)))
        await self._db.execute(
            delete(dashboard_links).where(
                _owned_by(dashboard_links, person), dashboard_links.c.used_at.is_(None)
            )
        )
        return int(live or 0)
