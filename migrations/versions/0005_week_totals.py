"""week totals: minutes per member, ISO week and track, kept beside the check-ins

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-28 20:20:00.000000

The digest and the streak board judge every week since a student joined; summing two
years of raw check-ins for that on every call was most of their SQL. This table holds the
sums, filled here from the check-ins already written and kept up to date by every write;
the check-ins' (member_id, iso_week, track) index, read by nothing any more, goes.
(Revises 0003 on this branch; it is re-chained after 0004 when the branches meet.)
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('week_totals',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('iso_week', sa.String(length=8), nullable=False),
    sa.Column('track', sa.String(length=32), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.CheckConstraint('minutes > 0', name=op.f('ck_week_totals_minutes')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_week_totals_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', 'iso_week', 'track', name=op.f('pk_week_totals')),
    sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO week_totals (member_id, iso_week, track, minutes) "
        "SELECT member_id, iso_week, track, sum(minutes) FROM checkins "
        "GROUP BY member_id, iso_week, track"
    )
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index('ix_checkins_member_week')


def downgrade() -> None:
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_index('ix_checkins_member_week', ['member_id', 'iso_week', 'track'], unique=False)
    op.drop_table('week_totals')
