"""How long each piece of text a user can send may be: one table for the domain and the schema.

``core/db/tables.py`` sizes its ``String`` columns from these, and the domain bounds the text
before it is stored: text the user typed is refused with one sentence, text Stride derives
(a roadmap section joined from its sub-headings, a platform's display name) is cut. So a
value SQLite would keep is never one PostgreSQL refuses. Lengths are in characters, which is
what PostgreSQL counts (an emoji or a CJK character is one).
"""

from __future__ import annotations

COHORT_NAME = 60
"""Also the casefolded lookup key (``ß`` becomes ``ss``), so the limit applies to both."""
DISPLAY_NAME = 100
PLAN_FIELD = 120
"""A plan's position and industry."""
SKILL_NAME = 100
"""Also the casefolded lookup key."""
TRACK = 32
ROADMAP_TITLE = 120
"""The roadmap's title, its phases' titles and the name of the file it came from."""
ROADMAP_SECTION = 250
"""A roadmap item's sub-headings joined with ``›``."""
SUGGESTION = 200
"""A suggestion a roadmap makes (a budget or a goal), written by Stride from the file."""
GROUP_SESSION_TITLE = 80
"""A scheduled group session's name ("DSA night")."""
COUNT_UNIT = 24
"""A count budget's unit word (book, problem), in plain letters."""
# Free text kept in ``Text`` columns: the database would take more, the domain does not.
CHECKIN_NOTE = 500
SKILL_NOTES = 1000
"""A skill's notes and an assessment's note."""
GOAL = 1000
GOAL_TAG = 40
"""One tag from a goals document's front matter (``tags:``), kept on each goal it adds."""
GOAL_TAGS = 20
"""Tags kept of one document; more are dropped."""
RATIONALE = 2000
ROADMAP_ITEM = 500
WEEK_FOCUS = 200
REFLECTION_QUESTION = 45
"""A reflection question as the instructor words it (a Discord modal's label holds 45)."""
REFLECTION_ANSWER = 1000
"""One answer to a reflection question."""
BLOCKER_REPLY = 1500
"""An instructor's reply to a student's blocker."""
TIMEZONE = 64
"""An IANA zone name (the longest real one is 32)."""
CHANNEL = 64
"""A channel name or id given with ``channel=``."""
ERROR_TEXT = 200
"""The last delivery error kept on an outbox row (Stride's own words)."""


def cut(text: str, limit: int) -> str:
    """Derived text shortened to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
