"""skills: when each was last assessed, kept on the skill

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 01:00:00.000000

The digest asks of every student when they last assessed any skill; answered from the
assessments, that is the newest of every assessment of the cohort (two hundred thousand
for a cohort of ten thousand). Kept on the skill by the one write that adds an assessment,
it is a column the digest's per-student skill counts read anyway. Filled here from the
assessments already written.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('skills', sa.Column('last_assessed_at', sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE skills SET last_assessed_at = "
        "(SELECT max(assessed_at) FROM assessments WHERE assessments.skill_id = skills.id)"
    )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN, not a batch copy of the table: on SQLite the copy drops
    # the old table, and its foreign keys would take every assessment with it.
    op.drop_column('skills', 'last_assessed_at')
