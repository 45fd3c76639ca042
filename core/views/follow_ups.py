"""The slow rest of a reply (``View.follow_up``), made the same way on every adapter.

An adapter sends a view as soon as it has it, then calls :func:`follow_up_of` and sends
what that returns. A follow-up that fails never takes the answer already sent with it: the
user gets one private sentence with a reference (:class:`Unfinished`), and the log gets
the traceback.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from core.views.base import Notice, View

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Unfinished:
    """A follow-up that failed: what to tell the user, privately."""

    message: str

    def notice(self) -> Notice:
        return Notice(text=self.message, private=True)


async def follow_up_of(view: View, what: str) -> View | Unfinished | None:
    """What ``view`` still has to send (a chart), or why it could not be made; None when
    there is nothing more. ``what`` names the command in the log."""
    if view.follow_up is None:
        return None
    try:
        return await view.follow_up()
    except Exception:
        reference = secrets.token_hex(4)
        log.exception("the follow-up of %s failed (ref %s)", what, reference)
        return Unfinished(
            f"✗ Stride could not finish the rest of this reply (ref {reference}); "
            "what it sent above is complete."
        )
