"""goals: when a goal was achieved, and the tags of the document it came from

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 02:40:00.000000

``/goal done N`` keeps an achieved goal (its time, shown in /goal list and /me export)
instead of removing it; ``/goal import`` keeps the front matter's ``tags:`` on each goal
it adds, as a JSON list of at most ``limits.GOAL_TAGS`` short strings.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('goals', sa.Column('achieved_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('goals', sa.Column('tags', sa.JSON(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN, not a batch copy (nothing points at goals, but the
    # plain drop is what the other revisions do).
    op.drop_column('goals', 'tags')
    op.drop_column('goals', 'achieved_at')
