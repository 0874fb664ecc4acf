"""Bytes to text: UTF-8 (with or without BOM) or legacy Windows-1256, never mojibake."""

from __future__ import annotations

import codecs
import re

from articles.parsing.text import count_letters
from articles.parsing.types import ParseError

# Control characters other than tab, line feed, vertical tab, form feed and
# carriage return; a few strays happen in scraped text, many mean binary data.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_UTF8_C1_CONTROL_RE = re.compile(b"\xc2[\x80-\x9f]")
_MAX_CONTROL_SHARE = 0.01
_MIN_CONTROL_COUNT = 3

# An Arabic letter in UTF-8 is a lead byte D8–DB and one continuation byte.
# Windows-1256 Arabic rarely puts such a pair together, so many of them mean
# UTF-8 that was damaged, which cp1256 would turn into mojibake (ط§ظ„…).
_UTF8_ARABIC_PAIR_RE = re.compile(b"[\xd8-\xdb][\x80-\xbf]")
_HIGH_BYTE_RE = re.compile(b"[\x80-\xff]")
_MIN_ARABIC_SHARE = 0.6


def decode_bytes(data: bytes, *, filename: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise ParseError.

    Encoding names: "utf-8-sig" (BOM stripped), "utf-8", "cp1256".
    """
    nul = data.find(b"\x00")
    if nul != -1:
        raise ParseError(
            "binary data (NUL byte; UTF-16 is not supported)",
            filename=filename,
            line=_line_of(data, nul),
        )
    if data.startswith(codecs.BOM_UTF8):
        return _decode_utf8(data, filename=filename, offset=len(codecs.BOM_UTF8)), "utf-8-sig"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _decode_cp1256(data, filename=filename, first_bad=error.start), "cp1256"
    _reject_control_characters(data, filename=filename)
    return text, "utf-8"


def _decode_utf8(data: bytes, *, filename: str, offset: int) -> str:
    try:
        text = data[offset:].decode("utf-8")
    except UnicodeDecodeError as error:
        raise ParseError(
            "not valid UTF-8 after a UTF-8 byte order mark",
            filename=filename,
            line=_line_of(data, offset + error.start),
        ) from None
    _reject_control_characters(data, filename=filename)
    return text


def _decode_cp1256(data: bytes, *, filename: str, first_bad: int) -> str:
    """Accept Windows-1256 only when that reading is mostly Arabic letters."""
    undecodable = ParseError(
        "neither UTF-8 nor Arabic Windows-1256 text",
        filename=filename,
        line=_line_of(data, first_bad),
    )
    high_bytes = len(_HIGH_BYTE_RE.findall(data))
    utf8_pair_bytes = 2 * len(_UTF8_ARABIC_PAIR_RE.findall(data))
    if high_bytes and utf8_pair_bytes / high_bytes > 0.5:
        raise undecodable
    text = data.decode("cp1256")
    arabic, latin = count_letters(text)
    if arabic == 0 or arabic / (arabic + latin) < _MIN_ARABIC_SHARE:
        raise undecodable
    _reject_control_characters(data, filename=filename, utf8=False)
    return text


def _reject_control_characters(data: bytes, *, filename: str, utf8: bool = True) -> None:
    # Counted on bytes: C0 controls are the same bytes in UTF-8 and cp1256.
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if utf8 and b"\xc2" in data:
        controls += len(_UTF8_C1_CONTROL_RE.findall(data))
    if controls >= _MIN_CONTROL_COUNT and controls > _MAX_CONTROL_SHARE * len(data):
        raise ParseError("binary data (control characters)", filename=filename)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
