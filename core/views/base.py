"""What every view is: a name for renderers and ``--json``, private or fit for the channel.

Hours are plain floats in hours everywhere; renderers round them for people.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator

BudgetStatusName = Literal["under", "within", "over"]


class Attachment(BaseModel):
    """A file that goes with a reply: a chart, an export.

    Each adapter hands it over its own way (the console writes it to a folder, Discord
    attaches it, Slack uploads it). In JSON, such as an outbox payload, the bytes travel as
    base64 so a notification keeps its file through a restart.
    """

    model_config = ConfigDict(frozen=True)
    filename: str
    media_type: str
    data: bytes
    description: str = ""

    @field_validator("data", mode="before")
    @classmethod
    def _from_base64(cls, value: object) -> object:
        return base64.b64decode(value, validate=True) if isinstance(value, str) else value

    @field_serializer("data", when_used="json")
    def _to_base64(self, value: bytes) -> str:
        return base64.b64encode(value).decode("ascii")


FollowUp = Callable[[], Awaitable["View | None"]]


class View(BaseModel):
    model_config = ConfigDict(frozen=True)
    private: bool = True
    attachments: tuple[Attachment, ...] = ()
    follow_up: FollowUp | None = Field(default=None, exclude=True, repr=False)
    """The slow rest of a reply (a digest's chart): an adapter sends this view first, then
    awaits ``follow_up()`` and sends what it returns (None: nothing after all), so the
    answer never waits on a drawing. Never serialised: a view kept as JSON (the outbox)
    carries its files instead."""


class Notice(View):
    view: Literal["notice"] = "notice"
    text: str
