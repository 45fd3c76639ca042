"""The overview's downloads: the cohort CSV and the deliverables archive, made by the very
functions behind /export and /export deliverables (``exports.cohort_csv``,
``grading.deliverables_archive``), so a file from the page is the bot's, byte for byte."""

from __future__ import annotations

from core.errors import NotFound
from core.services.context import Membership, ServiceContext
from core.services.dashboard.access import Viewer, cohort_access
from core.services.exports import cohort_csv
from core.services.grading import deliverable_rows, deliverables_archive
from core.views.base import Attachment, Notice


async def cohort_csv_file(ctx: ServiceContext, viewer: Viewer, cohort_id: int) -> Attachment:
    """One CSV row per student, for an instructor of the cohort (NotFound for anyone else)."""
    async with ctx.uow(read_only=True) as uow:
        cohort = (await cohort_access(uow, viewer, cohort_id)).cohort
        notice = await cohort_csv(uow, cohort, ctx.clock.now())
    return _file(notice)


async def deliverables_file(ctx: ServiceContext, viewer: Viewer, cohort_id: int) -> Attachment:
    """Every student's deliverable in one zip; NotFound, saying so, for a cohort without students."""
    async with ctx.uow(read_only=True) as uow:
        access = await cohort_access(uow, viewer, cohort_id)
        rows = await deliverable_rows(uow, access.cohort)
    tz = Membership(access.cohort, access.member).timezone
    return _file(await deliverables_archive(access.cohort, rows, ctx.clock, tz))


def _file(notice: Notice) -> Attachment:
    if not notice.attachments:
        raise NotFound(notice.text)
    return notice.attachments[0]
