"""checkin corrections: the history of every edited, removed or undone check-in

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 02:45:00.000000

``/checkin edit N``, ``/checkin remove N`` and ``/checkin undo`` keep who corrected which
check-in, when, and its values before and after; a removed check-in's values live on here.
The request's idempotency key makes a retried undo a no-op.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('checkin_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('checkin_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('corrected_by', sa.String(length=64), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('edit', 'remove', 'undo')", name=op.f('ck_checkin_corrections_action')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_checkin_corrections_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin_corrections')),
    sa.UniqueConstraint('member_id', 'idempotency_key', name='uq_checkin_corrections_idempotency'),
    )


def downgrade() -> None:
    op.drop_table('checkin_corrections')
