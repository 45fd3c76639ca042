"""The schema as SQLAlchemy Core tables.

Alembic revisions in ``migrations/`` create it; a test compares the migrated schema with
this metadata so the two cannot drift. Hours are stored as whole minutes so sums are exact.
Instants are stored in UTC and read back timezone-aware in UTC on every backend. Text a
user sends is sized from ``core.domain.limits``, the same table the domain bounds it with.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from core.domain import limits

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


class UtcDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that means the same instant on SQLite and PostgreSQL.

    SQLite has no time zone type: SQLAlchemy writes an aware datetime's wall-clock digits
    (dropping its offset) and reads back a naive datetime, where PostgreSQL returns an aware
    one. Here every value is converted to UTC before it is written and comes back aware.
    Migrations render it as plain ``sa.DateTime(timezone=True)`` (see ``migrations/env.py``).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"a naive datetime cannot be stored as an instant: {value!r}")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {value!r}")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


cohorts = Table(
    "cohorts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(16), nullable=False),
    Column("workspace_id", String(64), nullable=False),
    Column("name", String(limits.COHORT_NAME), nullable=False),
    Column("name_key", String(limits.COHORT_NAME), nullable=False),
    Column("timezone", String(limits.TIMEZONE), nullable=False),
    Column("channel_id", String(limits.CHANNEL)),
    Column("term_start", Date),
    Column("term_end", Date),
    Column("horizon_weeks", Integer, nullable=False),
    Column("step_hours", JSON, nullable=False),
    Column("default_weekly_minutes", Integer, nullable=False),
    Column("settings", JSON, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("platform", "workspace_id", "name_key", name="uq_cohorts_name"),
)

members = Table(
    "members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("display_name", String(limits.DISPLAY_NAME), nullable=False),
    Column("role", String(16), nullable=False),
    Column("timezone", String(limits.TIMEZONE)),
    Column("dms_enabled", Boolean, nullable=False),
    Column("leaderboard_visible", Boolean, nullable=False),
    Column("unreachable", Boolean, nullable=False),
    Column("joined_at", UtcDateTime(), nullable=False),
    # The member's DM channel on the platform, remembered once a deliverer opened it.
    Column("dm_channel_id", String(64)),
    # Whether time in the cohort's voice study rooms logs itself (``/me voice off``).
    Column("voice_tracking", Boolean, nullable=False, server_default=true()),
    # When the member's weekly check-in DM comes (``/me reminders``): ISO weekday 1–7 and
    # local "HH:MM"; None keeps the cohort's schedule. No CHECK: adding one would make SQLite
    # copy the table in the migration (the domain validates both).
    Column("reminder_day", Integer),
    Column("reminder_time", String(5)),
    # No DMs in these local hours ("22:00-08:00"), or "off" (``/me quiet``).
    Column("quiet_hours", String(11), nullable=False, server_default="22:00-08:00"),
    # ``/me snooze``: personal reminders due before this instant wait until it.
    Column("snoozed_until", UtcDateTime()),
    UniqueConstraint("cohort_id", "user_id", name="uq_members_user"),
    CheckConstraint("role IN ('student', 'instructor')", name="role"),
)
Index("ix_members_user", members.c.user_id)

pauses = Table(
    "pauses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    CheckConstraint("end_date >= start_date", name="range"),
)
Index("ix_pauses_member", pauses.c.member_id, pauses.c.end_date)

plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("slot", String(1), nullable=False),
    Column("position", String(limits.PLAN_FIELD), nullable=False),
    Column("industry", String(limits.PLAN_FIELD), nullable=False),
    Column("rationale", Text),
    Column("updated_at", UtcDateTime(), nullable=False),
    UniqueConstraint("member_id", "slot", name="uq_plans_slot"),
    CheckConstraint("slot IN ('A', 'B')", name="slot"),
)

skills = Table(
    "skills",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(limits.SKILL_NAME), nullable=False),
    Column("name_key", String(limits.SKILL_NAME), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("current_level", Integer, nullable=False),
    Column("target_level", Integer, nullable=False),
    Column("notes", Text),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    # The newest of the skill's assessments, kept by SkillRepository.add_assessment: a
    # digest asks it of every student without reading every assessment.
    Column("last_assessed_at", UtcDateTime()),
    # Ease of learning, 1 easy – 3 hard (seed 001's Priority × Ease matrix); empty until given.
    Column("ease", Integer),
    UniqueConstraint("member_id", "name_key", name="uq_skills_name"),
    CheckConstraint("kind IN ('general', 'specific')", name="kind"),
    CheckConstraint("priority BETWEEN 1 AND 3", name="priority"),
    CheckConstraint("current_level BETWEEN 0 AND 5", name="current"),
    CheckConstraint("target_level BETWEEN current_level AND 5", name="target"),
    CheckConstraint("ease BETWEEN 1 AND 3", name="ease"),
)

assessments = Table(
    "assessments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("skill_id", ForeignKey("skills.id", ondelete="CASCADE"), nullable=False),
    Column("level", Integer, nullable=False),
    Column("note", Text),
    Column("source", String(16), nullable=False),
    Column("assessed_at", UtcDateTime(), nullable=False),
    CheckConstraint("level BETWEEN 0 AND 5", name="level"),
)
# id and level too: "the level at a time" (latest first, ties by id) is one index-only probe.
Index(
    "ix_assessments_skill_level",
    assessments.c.skill_id,
    assessments.c.assessed_at,
    assessments.c.id,
    assessments.c.level,
)

budgets = Table(
    "budgets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("track", String(limits.TRACK), nullable=False),
    Column("min_minutes", Integer, nullable=False),
    Column("max_minutes", Integer, nullable=False),
    Column("period", String(8), nullable=False),
    # The skill this track's hours count toward (DESIGN §2), if the member linked one.
    Column("skill_id", ForeignKey("skills.id", ondelete="SET NULL")),
    UniqueConstraint("member_id", "track", name="uq_budgets_track"),
    CheckConstraint("period IN ('week', 'month')", name="period"),
    CheckConstraint("min_minutes >= 0 AND max_minutes >= min_minutes", name="range"),
)
Index(
    "ix_budgets_skill_id",
    budgets.c.skill_id,
    sqlite_where=budgets.c.skill_id.is_not(None),
    postgresql_where=budgets.c.skill_id.is_not(None),
)

# Budgets in counts ("1 book every 3 months"), apart from hour budgets so no hour sum can
# ever include them; a track is either an hour track or a count track (the services).
count_budgets = Table(
    "count_budgets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("track", String(limits.TRACK), nullable=False),
    Column("unit", String(limits.COUNT_UNIT), nullable=False),
    Column("min_count", Integer, nullable=False),
    Column("max_count", Integer, nullable=False),
    Column("period", String(8), nullable=False),
    Column("every", Integer, nullable=False),
    # The first day of the month (or the Monday) the blocks are counted from.
    Column("anchor", Date, nullable=False),
    UniqueConstraint("member_id", "track", name="uq_count_budgets_track"),
    CheckConstraint("period IN ('week', 'month')", name="period"),
    CheckConstraint("min_count >= 0 AND max_count >= min_count AND max_count >= 1", name="range"),
    CheckConstraint("every >= 1 AND every <= 52", name="every"),
)

# What count budgets count: a tally of things done on a track, never hours.
tallies = Table(
    "tallies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("track", String(limits.TRACK), nullable=False),
    Column("amount", Integer, nullable=False),
    Column("local_date", Date, nullable=False),
    Column("note", Text),
    Column("idempotency_key", String(128)),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("member_id", "idempotency_key", name="uq_tallies_idempotency"),
    Index("ix_tallies_member_track_date", "member_id", "track", "local_date"),
    CheckConstraint("amount > 0", name="amount"),
)

checkins = Table(
    "checkins",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("track", String(limits.TRACK), nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("local_date", Date, nullable=False),
    Column("iso_week", String(8), nullable=False),
    Column("skill_id", ForeignKey("skills.id", ondelete="SET NULL")),
    Column("note", Text),
    Column("idempotency_key", String(128)),
    Column("created_at", UtcDateTime(), nullable=False),
    # Typed by the member, or logged by a study session: 'typed', 'voice' or 'timer' (no
    # CHECK: adding one would make SQLite copy the whole table in the migration).
    Column("source", String(8), nullable=False, server_default="typed"),
    UniqueConstraint("member_id", "idempotency_key", name="uq_checkins_idempotency"),
    CheckConstraint("minutes > 0 AND minutes <= 1440", name="minutes"),
)
Index("ix_checkins_member_date", checkins.c.member_id, checkins.c.local_date)
# Hours toward a skill start from the skill; removing a skill unlinks its check-ins. Partial:
# most check-ins name no skill, and a full index's statistics made SQLite scan the table.
Index(
    "ix_checkins_skill_id",
    checkins.c.skill_id,
    sqlite_where=checkins.c.skill_id.is_not(None),
    postgresql_where=checkins.c.skill_id.is_not(None),
)

week_totals = Table(
    "week_totals",
    metadata,
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    Column("iso_week", String(8), primary_key=True),
    Column("track", String(limits.TRACK), primary_key=True),
    Column("minutes", Integer, nullable=False),
    CheckConstraint("minutes > 0", name="minutes"),
    sqlite_with_rowid=False,
)
"""Minutes per member, ISO week and track: ``checkins`` summed, kept in the same transaction
as every check-in written or erased (``CheckinRepository``, ``MemberDataRepository``). Weekly
rules (streaks, under budget) read a row per week here instead of summing every check-in
of every week each time; on SQLite the table is clustered on its key, so a member's weeks
are one range read. (It replaced the check-ins' own ``(member_id, iso_week, track)`` index,
which nothing reads any more.)"""

checkin_corrections = Table(
    "checkin_corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    # No foreign key: the history of a removed check-in outlives the check-in.
    Column("checkin_id", Integer, nullable=False),
    Column("action", String(8), nullable=False),
    Column("corrected_by", String(64), nullable=False),
    Column("before", JSON, nullable=False),
    Column("after", JSON),
    Column("idempotency_key", String(128)),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("member_id", "idempotency_key", name="uq_checkin_corrections_idempotency"),
    CheckConstraint("action IN ('edit', 'remove', 'undo')", name="action"),
)
"""Every correction of a check-in (``/checkin edit|remove|undo``): who made it, when, and the
check-in before (and after, for an edit). The idempotency key is the request's, so a retried
``undo`` finds its first run here instead of removing a second check-in."""

goals = Table(
    "goals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("horizon", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("visibility", String(16), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("achieved_at", UtcDateTime()),
    Column("tags", JSON),
    CheckConstraint("horizon IN ('short', 'medium', 'long')", name="horizon"),
)
Index("ix_goals_member", goals.c.member_id)

# --- weekly reflections -----------------------------------------------------------------

reflections = Table(
    "reflections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    # The ISO week reflected on, in the member's time zone.
    Column("iso_week", String(8), nullable=False),
    # ``[{"key": "q1", "role": "done"|"next"|"blocked"|None, "question": …, "answer": …}]``:
    # the questions as they were asked, so a later change of the cohort's wording keeps them.
    Column("answers", JSON, nullable=False),
    # The blocker answer when it is not empty (the digest reads it without the JSON).
    Column("blocked", Text),
    # The commitment read from the "next" answer: minutes per track for the following week.
    Column("commitments", JSON),
    # The answer to "is it resolved?", asked in the member's next reflection.
    Column("blocker_status", String(12)),
    Column("shared_at", UtcDateTime()),
    Column("idempotency_key", String(128)),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    UniqueConstraint("member_id", "iso_week", name="uq_reflections_week"),
    CheckConstraint("blocker_status IN ('resolved', 'open')", name="blocker_status"),
)
"""A member's answers for one ISO week, editable until that week's digest goes out."""

# --- study sessions ----------------------------------------------------------------------

study_sessions = Table(
    "study_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("track", String(limits.TRACK), nullable=False),
    Column("skill_id", ForeignKey("skills.id", ondelete="SET NULL")),
    # The voice room (a Discord channel id) a voice session is counted in.
    Column("channel_id", String(64)),
    Column("started_at", UtcDateTime(), nullable=False),
    # Stretches already counted, ``[[start, end], …]`` as ISO instants; the one under way
    # starts at ``counting_since`` (empty while the member is deafened or on a break).
    Column("spans", JSON, nullable=False),
    Column("counting_since", UtcDateTime()),
    # Voice: the last instant Stride saw the member in the room (a crash loses at most what
    # follows). Timer: how far the scheduler has looked at its periods (core/domain/timers.py).
    Column("heartbeat_at", UtcDateTime(), nullable=False),
    Column("ended_at", UtcDateTime()),
    Column("status", String(12), nullable=False),
    # A focus timer's plan: the focus period, how many, and the break between them.
    Column("planned_minutes", Integer),
    Column("cycles", Integer),
    Column("break_minutes", Integer),
    Column("logged_minutes", Integer),
    CheckConstraint("kind IN ('voice', 'timer')", name="kind"),
    CheckConstraint("status IN ('open', 'ended', 'logged', 'discarded')", name="status"),
)
"""Study sessions as rows, not memory (a restart or crash loses at most the minutes since
``heartbeat_at``). ``open``: counting; ``ended``: a timer reached its length and waits for
the member's answer; ``logged``/``discarded``: closed, its check-ins (one per local date,
idempotency key ``session:ID:DATE``) written or not. A member has one live session."""
Index(
    "ix_study_sessions_live",
    study_sessions.c.member_id,
    unique=True,
    sqlite_where=study_sessions.c.status.in_(["open", "ended"]),
    postgresql_where=study_sessions.c.status.in_(["open", "ended"]),
)
Index("ix_study_sessions_member_started", study_sessions.c.member_id, study_sessions.c.started_at)

group_sessions = Table(
    "group_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(limits.GROUP_SESSION_TITLE), nullable=False),
    # ISO weekday 1 (Monday) – 7, and the local start "HH:MM" in the cohort's time zone.
    Column("weekday", Integer, nullable=False),
    Column("start_time", String(5), nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("channel_id", String(64)),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("cancelled_at", UtcDateTime()),
    CheckConstraint("weekday BETWEEN 1 AND 7", name="weekday"),
    CheckConstraint("minutes > 0 AND minutes <= 720", name="minutes"),
)
Index("ix_group_sessions_cohort", group_sessions.c.cohort_id)

session_rsvps = Table(
    "session_rsvps",
    metadata,
    Column("group_session_id", ForeignKey("group_sessions.id", ondelete="CASCADE"), primary_key=True),
    # The occurrence's local date: an RSVP is for one meeting, not the series.
    Column("occurrence", Date, primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    Column("created_at", UtcDateTime(), nullable=False),
)
Index("ix_session_rsvps_member", session_rsvps.c.member_id, session_rsvps.c.occurrence)

# --- scheduler and outbox -------------------------------------------------------------

notifications = Table(
    "notifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("audience", String(16), nullable=False),
    Column("recipient_key", String(80), nullable=False),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE")),
    Column("channel_id", String(64)),
    Column("period_key", String(32), nullable=False),
    Column("due_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime(), nullable=False),
    Column("lease_owner", String(64)),
    Column("lease_until", UtcDateTime()),
    Column("payload", JSON, nullable=False),
    Column("sent_at", UtcDateTime()),
    Column("last_error", String(limits.ERROR_TEXT)),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("cohort_id", "kind", "recipient_key", "period_key", name="uq_notifications_occurrence"),
    CheckConstraint("status IN ('pending', 'sent', 'skipped', 'failed', 'unreachable')", name="status"),
)
Index("ix_notifications_due", notifications.c.status, notifications.c.next_attempt_at)
# A member's own rows: a snooze moves their pending DMs, a reflection skips its reminder.
Index("ix_notifications_member", notifications.c.member_id, notifications.c.status)

schedule_cursors = Table(
    "schedule_cursors",
    metadata,
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("processed_until", UtcDateTime(), nullable=False),
)

# --- roadmaps ---------------------------------------------------------------------------

roadmaps = Table(
    "roadmaps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(limits.ROADMAP_TITLE), nullable=False),
    Column("source_name", String(limits.ROADMAP_TITLE), nullable=False),
    Column("repaired", Boolean, nullable=False),
    Column("imported_at", UtcDateTime(), nullable=False),
    UniqueConstraint("member_id", name="uq_roadmaps_member"),
)

roadmap_phases = Table(
    "roadmap_phases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("roadmap_id", ForeignKey("roadmaps.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("title", String(limits.ROADMAP_TITLE), nullable=False),
    Column("window_start_months", Integer),
    Column("window_end_months", Integer),
    UniqueConstraint("roadmap_id", "position", name="uq_roadmap_phases_position"),
)

roadmap_items = Table(
    "roadmap_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("roadmap_id", ForeignKey("roadmaps.id", ondelete="CASCADE"), nullable=False),
    Column("phase_id", ForeignKey("roadmap_phases.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("parent_number", Integer),
    Column("depth", Integer, nullable=False),
    Column("section", String(limits.ROADMAP_SECTION)),
    Column("text", Text, nullable=False),
    Column("done", Boolean, nullable=False),
    Column("done_at", UtcDateTime()),
    UniqueConstraint("roadmap_id", "number", name="uq_roadmap_items_number"),
)
Index("ix_roadmap_items_progress", roadmap_items.c.roadmap_id, roadmap_items.c.done)

roadmap_suggestions = Table(
    "roadmap_suggestions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("roadmap_id", ForeignKey("roadmaps.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("kind", String(8), nullable=False),
    Column("text", String(limits.SUGGESTION), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("accepted_at", UtcDateTime()),
    UniqueConstraint("roadmap_id", "number", name="uq_roadmap_suggestions_number"),
    CheckConstraint("kind IN ('budget', 'goal')", name="kind"),
)

# --- the dashboard's sign-in ------------------------------------------------------------
# A person is (platform, workspace_id, user_id), not a member row: an instructor of two
# cohorts signs in once. Only SHA-256 digests of the secrets are stored, so a copy of the
# database opens no dashboard.

dashboard_links = Table(
    "dashboard_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("platform", String(16), nullable=False),
    Column("workspace_id", String(64), nullable=False),
    Column("user_id", String(64), nullable=False),
    # The platform vouched that this person runs the workspace when they asked (Actor).
    Column("workspace_admin", Boolean, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("used_at", UtcDateTime()),
)
Index("ix_dashboard_links_person", dashboard_links.c.user_id, dashboard_links.c.created_at)

dashboard_sessions = Table(
    "dashboard_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("platform", String(16), nullable=False),
    Column("workspace_id", String(64), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("workspace_admin", Boolean, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
)
Index("ix_dashboard_sessions_person", dashboard_sessions.c.user_id)
