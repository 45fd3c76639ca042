"""An outbox row as ``uow.outbox.enqueue`` takes it, for every kind of message Stride
writes: scheduled occurrences, focus-timer DMs, group-session reminders, reflections'
reminders, shares and replies, a snooze's repeat."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.domain.schedule import Audience


def outbox_row(
    *,
    cohort_id: int,
    kind: str,
    period_key: str,
    due_at: datetime,
    expires_at: datetime,
    payload: dict[str, Any],
    now: datetime,
    member_id: int | None = None,
    channel_id: str | None = None,
    audience: Audience = "member",
    skipped: str | None = None,
) -> dict[str, Any]:
    """A row for the member ``member_id``, or for the cohort's channel (``channel_id``,
    None: whichever the cohort has when it is sent). ``skipped``: written as skipped with
    that reason, never sent (an occurrence found past its grace)."""
    return {
        "cohort_id": cohort_id,
        "kind": kind,
        "audience": audience,
        "recipient_key": f"member:{member_id}" if member_id is not None else f"channel:{cohort_id}",
        "member_id": member_id,
        "channel_id": channel_id if member_id is None else None,
        "period_key": period_key,
        "due_at": due_at,
        "expires_at": expires_at,
        "status": "skipped" if skipped else "pending",
        "attempts": 0,
        "next_attempt_at": due_at,
        "payload": payload,
        "last_error": skipped,
        "created_at": now,
    }
