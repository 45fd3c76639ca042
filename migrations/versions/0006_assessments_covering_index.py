"""assessments: one index that answers "the level at a time" on its own

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 23:59:00.000000

The levels a cohort gained are read as two probes per skill: the latest assessment up to
an instant and the last one before another, ties broken by id. With (skill_id,
assessed_at) alone each probe sorted its candidates by id and read the row for the level;
with id and level in the index it is one index-only step. The old index is a prefix of
the new one, so it goes.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index('ix_assessments_skill_level', ['skill_id', 'assessed_at', 'id', 'level'], unique=False)
        batch_op.drop_index('ix_assessments_skill')


def downgrade() -> None:
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index('ix_assessments_skill', ['skill_id', 'assessed_at'], unique=False)
        batch_op.drop_index('ix_assessments_skill_level')
