"""A reply's file survives the outbox's JSON round trip byte for byte."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from core.views.base import Attachment, Notice
from core.views.kinds import AnyView

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\xff"


def test_attachment_bytes_travel_as_base64_and_come_back_whole() -> None:
    view = Notice(
        text="chart", attachments=(Attachment(filename="a.png", media_type="image/png", data=PNG_HEADER),)
    )
    stored = view.model_dump(mode="json")
    assert stored["attachments"][0]["data"] == "iVBORw0KGgoA/w=="
    back = TypeAdapter(AnyView).validate_python(stored)
    assert back == view
    assert back.attachments[0].data == PNG_HEADER


def test_attachment_refuses_data_that_is_not_base64() -> None:
    with pytest.raises(ValidationError):
        Attachment(filename="a.png", media_type="image/png", data="not base64!")


def test_views_carry_no_attachments_unless_given() -> None:
    assert Notice(text="hi").attachments == ()
