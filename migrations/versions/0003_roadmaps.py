"""roadmaps

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 07:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('roadmaps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('source_name', sa.String(length=120), nullable=False),
    sa.Column('repaired', sa.Boolean(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_roadmaps_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roadmaps')),
    sa.UniqueConstraint('member_id', name='uq_roadmaps_member')
    )
    op.create_table('roadmap_phases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roadmap_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('window_start_months', sa.Integer(), nullable=True),
    sa.Column('window_end_months', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['roadmap_id'], ['roadmaps.id'], name=op.f('fk_roadmap_phases_roadmap_id_roadmaps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roadmap_phases')),
    sa.UniqueConstraint('roadmap_id', 'position', name='uq_roadmap_phases_position')
    )
    op.create_table('roadmap_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roadmap_id', sa.Integer(), nullable=False),
    sa.Column('phase_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('parent_number', sa.Integer(), nullable=True),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=250), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['phase_id'], ['roadmap_phases.id'], name=op.f('fk_roadmap_items_phase_id_roadmap_phases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['roadmap_id'], ['roadmaps.id'], name=op.f('fk_roadmap_items_roadmap_id_roadmaps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roadmap_items')),
    sa.UniqueConstraint('roadmap_id', 'number', name='uq_roadmap_items_number')
    )
    with op.batch_alter_table('roadmap_items', schema=None) as batch_op:
        batch_op.create_index('ix_roadmap_items_progress', ['roadmap_id', 'done'], unique=False)

    op.create_table('roadmap_suggestions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roadmap_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('budget', 'goal')", name=op.f('ck_roadmap_suggestions_kind')),
    sa.ForeignKeyConstraint(['roadmap_id'], ['roadmaps.id'], name=op.f('fk_roadmap_suggestions_roadmap_id_roadmaps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roadmap_suggestions')),
    sa.UniqueConstraint('roadmap_id', 'number', name='uq_roadmap_suggestions_number')
    )


def downgrade() -> None:
    op.drop_table('roadmap_suggestions')
    with op.batch_alter_table('roadmap_items', schema=None) as batch_op:
        batch_op.drop_index('ix_roadmap_items_progress')

    op.drop_table('roadmap_items')
    op.drop_table('roadmap_phases')
    op.drop_table('roadmaps')
