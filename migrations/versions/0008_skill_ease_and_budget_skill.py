"""skills: ease of learning; budgets: the skill a track's hours count toward

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 02:40:00.000000

Seed 001 asks for a Priority × Ease of Learning matrix, so a skill gets an ease (1 easy –
3 hard; empty until the student gives it). A budget track can name the skill its hours
are for, so "5-7 hours a week of DSA" reduces what the DSA skill still needs; check-ins
are indexed by skill, where the hours toward a skill are read from.

The ease is added to `skills` with ALTER TABLE, not a batch copy: on SQLite a copy of
`skills` drops the old table, and its foreign keys would take every assessment with it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite adds a column's constraints only inline, in the column's definition.
        op.execute('ALTER TABLE skills ADD COLUMN ease INTEGER CONSTRAINT ck_skills_ease CHECK (ease BETWEEN 1 AND 3)')
    else:
        op.add_column('skills', sa.Column('ease', sa.Integer(), nullable=True))
        op.create_check_constraint('ease', 'skills', 'ease BETWEEN 1 AND 3')
    # No table refers to budgets, so copying it on SQLite (to add a named foreign key)
    # is safe; PostgreSQL alters it in place.
    with op.batch_alter_table('budgets') as batch:
        batch.add_column(sa.Column('skill_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f('fk_budgets_skill_id_skills'), 'skills', ['skill_id'], ['id'], ondelete='SET NULL'
        )
    # Partial: most budgets and check-ins name no skill (a full index on check-ins made
    # SQLite's planner scan them).
    for table in ('budgets', 'checkins'):
        op.create_index(
            f'ix_{table}_skill_id',
            table,
            ['skill_id'],
            sqlite_where=sa.text('skill_id IS NOT NULL'),
            postgresql_where=sa.text('skill_id IS NOT NULL'),
        )


def downgrade() -> None:
    op.drop_index('ix_checkins_skill_id', table_name='checkins')
    op.drop_index('ix_budgets_skill_id', table_name='budgets')
    with op.batch_alter_table('budgets') as batch:
        batch.drop_constraint(op.f('fk_budgets_skill_id_skills'), type_='foreignkey')
        batch.drop_column('skill_id')
    op.drop_column('skills', 'ease')
