"""member DM channel

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 20:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The member's direct-message channel on their platform, once a deliverer opened it
    # (Slack's conversations.open is Tier 3: about 50 a minute).
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dm_channel_id', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_column('dm_channel_id')
