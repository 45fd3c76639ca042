"""study sessions: voice rooms and focus timers as rows, scheduled group sessions, RSVPs

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 04:58:34.656730

Open sessions are rows so a restart or a crash loses at most the minutes since their last
heartbeat. Check-ins learn where they came from (``source``: typed, voice or timer); both
new columns on existing tables are plain ``ADD COLUMN``s with a default, so SQLite does not
copy the check-ins table.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "group_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.String(length=5), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(length=64), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("minutes > 0 AND minutes <= 720", name=op.f("ck_group_sessions_minutes")),
        sa.CheckConstraint("weekday BETWEEN 1 AND 7", name=op.f("ck_group_sessions_weekday")),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_group_sessions_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_sessions")),
    )
    with op.batch_alter_table("group_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_group_sessions_cohort", ["cohort_id"], unique=False)

    op.create_table(
        "session_rsvps",
        sa.Column("group_session_id", sa.Integer(), nullable=False),
        sa.Column("occurrence", sa.Date(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_session_id"],
            ["group_sessions.id"],
            name=op.f("fk_session_rsvps_group_session_id_group_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_session_rsvps_member_id_members"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("group_session_id", "occurrence", "member_id", name=op.f("pk_session_rsvps")),
    )
    with op.batch_alter_table("session_rsvps", schema=None) as batch_op:
        batch_op.create_index("ix_session_rsvps_member", ["member_id", "occurrence"], unique=False)

    op.create_table(
        "study_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("track", sa.String(length=32), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=True),
        sa.Column("channel_id", sa.String(length=64), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("spans", sa.JSON(), nullable=False),
        sa.Column("counting_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("planned_minutes", sa.Integer(), nullable=True),
        sa.Column("cycles", sa.Integer(), nullable=True),
        sa.Column("break_minutes", sa.Integer(), nullable=True),
        sa.Column("logged_minutes", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('voice', 'timer')", name=op.f("ck_study_sessions_kind")),
        sa.CheckConstraint(
            "status IN ('open', 'ended', 'logged', 'discarded')", name=op.f("ck_study_sessions_status")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_study_sessions_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skills.id"], name=op.f("fk_study_sessions_skill_id_skills"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_study_sessions")),
    )
    with op.batch_alter_table("study_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_study_sessions_live",
            ["member_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('open', 'ended')"),
            postgresql_where=sa.text("status IN ('open', 'ended')"),
        )
        batch_op.create_index("ix_study_sessions_member_started", ["member_id", "started_at"], unique=False)

    op.add_column(
        "checkins", sa.Column("source", sa.String(length=8), server_default="typed", nullable=False)
    )
    op.add_column(
        "members", sa.Column("voice_tracking", sa.Boolean(), server_default=sa.true(), nullable=False)
    )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN, not a batch copy: on SQLite the copy drops the old table,
    # and its foreign keys would take every plan, skill and check-in with it (see 0007).
    op.drop_column("members", "voice_tracking")
    op.drop_column("checkins", "source")

    with op.batch_alter_table("study_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_study_sessions_member_started")
        batch_op.drop_index(
            "ix_study_sessions_live",
            sqlite_where=sa.text("status IN ('open', 'ended')"),
            postgresql_where=sa.text("status IN ('open', 'ended')"),
        )

    op.drop_table("study_sessions")
    with op.batch_alter_table("session_rsvps", schema=None) as batch_op:
        batch_op.drop_index("ix_session_rsvps_member")

    op.drop_table("session_rsvps")
    with op.batch_alter_table("group_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_group_sessions_cohort")

    op.drop_table("group_sessions")
