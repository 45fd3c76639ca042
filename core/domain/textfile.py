"""Turning an uploaded file's bytes into clean text, or one sentence saying why not.

Students upload what they already have: files saved with a byte-order mark, CRLF line
ends, tabs, or text that went through a Windows code page on the way (mojibake such as
``â˜`` for ``☐``). Decoding is strict about what cannot be text (binary, empty, huge) and
forgiving about everything else. Mojibake is repaired here, once, on the whole document
(ftfy reads a line at a time and needs the whole line as evidence), so every importer
parses the same clean text instead of repairing fragments its own way.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import ftfy

from core.errors import InvalidInput

MAX_UPLOAD_BYTES = 256 * 1024
"""The largest document accepted; real roadmaps and goal files are a few KiB."""

_TEXT_EXAMPLE = "save it as plain text or Markdown (.md or .txt) and attach it again"
_LEGACY_ENCODING = "cp1252"


@dataclass(frozen=True)
class DecodedText:
    text: str
    legacy_encoding: bool
    """The bytes were not UTF-8 and were read as Windows-1252."""
    repaired: bool = False
    """Mojibake was found and undone (see ``repair``)."""


def check_size(size: int, filename: str) -> None:
    """Refuse before reading: adapters call this with the size they were told."""
    if size > MAX_UPLOAD_BYTES:
        raise InvalidInput(
            f"{_label(filename)} is {size // 1024} KiB, more than the {MAX_UPLOAD_BYTES // 1024} KiB "
            "Stride reads; split it or trim it and attach it again."
        )


def decode_upload(data: bytes, filename: str) -> DecodedText:
    """Bytes to text with Unix line ends and tabs as four spaces."""
    check_size(len(data), filename)
    if not data.strip():
        raise InvalidInput(
            f"{_label(filename)} is empty; save your document with its text in it and attach it again."
        )
    legacy = False
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_or_refuse(data, "utf-16", filename)
    elif b"\x00" in data:
        raise _binary(filename)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_or_refuse(data, _LEGACY_ENCODING, filename)
            legacy = True
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    if _control_share(text) > 0.01:
        raise _binary(filename)
    if not text.strip():
        raise InvalidInput(
            f"{_label(filename)} is empty; save your document with its text in it and attach it again."
        )
    fixed = repair(text)
    return DecodedText(fixed, legacy, repaired=fixed != text)


def repair(text: str) -> str:
    """Undo mojibake (UTF-8 read as a Windows or Mac code page, once or twice) and nothing else:
    checkbox glyphs that lost a byte first (ftfy would misread them), then ftfy on each whole
    line as its docs advise, then Mac Roman lines ftfy leaves alone."""
    fixed = ftfy.fix_text(
        _LOSSY_GLYPH.sub(lambda found: _LOSSY_FORMS[found[1]], text),
        uncurl_quotes=False,
        fix_line_breaks=False,
        normalization=None,
        fix_character_width=False,
        remove_terminal_escapes=True,
    )
    return "\n".join(_mac_roman_repaired(line) for line in fixed.split("\n"))


def _lossy_forms(glyph: str) -> set[str]:
    """How ``glyph`` looks after its UTF-8 bytes were read as a code page once or twice when
    a byte the page leaves undefined was dropped on saving (``☐`` = E2 98 90 becomes ``â˜``).
    ftfy cannot know the lost byte and guesses from what follows: ``â˜`` and a space become
    ``☠`` (E2 98 A0). Only forms of at least two characters that really lost a byte count;
    the others ftfy undoes by itself."""
    layer = {(glyph, False)}
    found: set[str] = set()
    for _ in range(2):
        layer = {
            (form.encode("utf-8").decode(page, errors="ignore"), lost or not _decodes(form, page))
            for form, lost in layer
            for page in _CODE_PAGES
        }
        layer = {(form, lost) for form, lost in layer if len(form) >= 2}  # one char is no evidence
        found |= {form for form, lost in layer if lost}
    return found


def _decodes(form: str, page: str) -> bool:
    try:
        form.encode("utf-8").decode(page)
    except UnicodeDecodeError:
        return False
    return True


_CODE_PAGES = ("cp1252", "cp1254", "cp1250", "latin-1", "mac_roman")
_CHECKBOXES = ("☐", "☑", "☒", "✅", "✔", "✓", "⬜", "□")
"""The glyphs Stride reads as checklist boxes, and so repairs even when a byte was lost."""
_LOSSY_FORMS = {form: glyph for glyph in _CHECKBOXES for form in _lossy_forms(glyph)}
_LOSSY_GLYPH = re.compile(
    "(" + "|".join(re.escape(form) for form in sorted(_LOSSY_FORMS, key=len, reverse=True)) + r")(?=\s|$)",
    re.M,
)


def _mac_roman_repaired(line: str) -> str:
    """A line whose UTF-8 was read as Mac Roman (``‚Üí`` for ``→``), which ftfy leaves when the
    line is short on other clues. Only a line that becomes valid UTF-8 is changed, and a line
    of real accented text practically never does (``é`` alone is not a UTF-8 sequence)."""
    if line.isascii():
        return line
    try:
        candidate = line.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return line
    return candidate


def _decode_or_refuse(data: bytes, encoding: str, filename: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _binary(filename) from error


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t")
    return controls / max(len(text), 1)


def _binary(filename: str) -> InvalidInput:
    return InvalidInput(f"{_label(filename)} is not a text file; {_TEXT_EXAMPLE}.")


def _label(filename: str) -> str:
    flat = "".join(ch for ch in filename if ch.isprintable()).strip()
    if not flat:
        return "The file"
    return f"'{flat[:40]}'" if len(flat) <= 40 else f"'{flat[:39]}…'"
