"""count budgets: "1 book every 3 months" and the tallies they count

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 03:50:00.000000

Two new tables; nothing that exists changes, so hour totals, week marks and the plan
model never see a tally.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('count_budgets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('track', sa.String(length=32), nullable=False),
    sa.Column('unit', sa.String(length=24), nullable=False),
    sa.Column('min_count', sa.Integer(), nullable=False),
    sa.Column('max_count', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('every', sa.Integer(), nullable=False),
    sa.Column('anchor', sa.Date(), nullable=False),
    sa.CheckConstraint("period IN ('week', 'month')", name=op.f('ck_count_budgets_period')),
    sa.CheckConstraint('min_count >= 0 AND max_count >= min_count AND max_count >= 1', name=op.f('ck_count_budgets_range')),
    sa.CheckConstraint('every >= 1 AND every <= 52', name=op.f('ck_count_budgets_every')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_count_budgets_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_budgets')),
    sa.UniqueConstraint('member_id', 'track', name='uq_count_budgets_track'),
    )
    op.create_table('tallies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('track', sa.String(length=32), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_tallies_amount')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_tallies_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tallies')),
    sa.UniqueConstraint('member_id', 'idempotency_key', name='uq_tallies_idempotency'),
    )
    op.create_index('ix_tallies_member_track_date', 'tallies', ['member_id', 'track', 'local_date'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_tallies_member_track_date', table_name='tallies')
    op.drop_table('tallies')
    op.drop_table('count_budgets')
