"""Checks shared by the chart tests: a real, complete PNG of a size fit for a chat preview."""

from __future__ import annotations

import io

from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 400_000
"""A chart travels base64 in outbox rows and uploads to chat: a few hundred KB at most."""


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG that decodes completely (every chunk and its CRC)."""
    assert data.startswith(PNG_SIGNATURE), data[:16]
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        image.load()  # decodes all pixel data: a truncated or corrupt file raises here
        return image.size


def assert_chart_png(data: bytes, *, min_height: int = 300, max_height: int = 1400) -> tuple[int, int]:
    """A valid PNG, 800–950 px wide (readable when a chat shrinks it to ~400 px), of a
    sensible height, and small enough to upload and to keep in the outbox."""
    width, height = png_size(data)
    assert 800 <= width <= 950, (width, height)
    assert min_height <= height <= max_height, (width, height)
    assert 5_000 < len(data) < MAX_BYTES, len(data)
    return width, height
