"""Which members a cohort-wide query reads: one definition for every report's filter."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from core.db.tables import members
from core.domain.model import Role

IN_COHORT = select(members.c.id).where(members.c.cohort_id == bindparam("cohort_id")).scalar_subquery()
"""The ids of the members of the bound ``cohort_id``, for ``member_id IN (...)`` filters."""
STUDENTS_OF_COHORT = (members.c.cohort_id == bindparam("cohort_id"), members.c.role == Role.STUDENT.value)
"""Conditions on ``members`` that pick the students of the bound ``cohort_id``."""
