"""weekly reflections, and when each member's reminders come

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 08:05:50.407575

A reflection is one row per member and ISO week. The members' reminder day and time,
quiet hours and snooze are plain ``ADD COLUMN``s (with a default where not null), so SQLite
does not copy the members table; an index lets a snooze or a reflection find a member's
own outbox rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("iso_week", sa.String(length=8), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("blocked", sa.Text(), nullable=True),
        sa.Column("commitments", sa.JSON(), nullable=True),
        sa.Column("blocker_status", sa.String(length=12), nullable=True),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("idempotency_key", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "blocker_status IN ('resolved', 'open')", name=op.f("ck_reflections_blocker_status")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_reflections_member_id_members"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflections")),
        sa.UniqueConstraint("member_id", "iso_week", name="uq_reflections_week"),
    )
    op.add_column("members", sa.Column("reminder_day", sa.Integer(), nullable=True))
    op.add_column("members", sa.Column("reminder_time", sa.String(length=5), nullable=True))
    op.add_column(
        "members",
        sa.Column("quiet_hours", sa.String(length=11), server_default="22:00-08:00", nullable=False),
    )
    op.add_column("members", sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_notifications_member", "notifications", ["member_id", "status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_notifications_member", table_name="notifications")
    # ALTER TABLE ... DROP COLUMN, not a batch copy: on SQLite the copy drops the old table,
    # and its foreign keys would take every plan, skill and check-in with it (see 0007).
    for column in ("snoozed_until", "quiet_hours", "reminder_time", "reminder_day"):
        op.drop_column("members", column)
    op.drop_table("reflections")
