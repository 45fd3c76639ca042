"""Domain errors.

Every error carries the one sentence a user sees: what was wrong and how to write it
right. Adapters show ``message`` as it is and never a traceback.
"""

from __future__ import annotations


class StrideError(Exception):
    """Base class: an expected failure whose message is safe to show to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(StrideError):
    """The user wrote something that cannot be understood or is out of range."""


class NotFound(StrideError):
    """The user named something (a cohort, a skill, a track) that does not exist."""


class PermissionDenied(StrideError):
    """The user may not do this (an instructor-only command, another cohort's data)."""


class Conflict(StrideError):
    """The request clashes with what is stored (a duplicate skill, a taken cohort name)."""
