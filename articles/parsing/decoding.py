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


# What a file that is not text is, told by its first bytes. Each signature is
# unambiguous at the start of a file: no article begins with these bytes.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"PK\x03\x04", "a zip archive (or a .docx, .xlsx, .odt, .epub)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc, .xls)"),
    (b"\x7fELF", "an ELF executable"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", "a Mach-O executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00asm", "a WebAssembly module"),
    (b"OggS", "Ogg audio or video"),
    (b"fLaC", "FLAC audio"),
    (b"ID3", "MP3 audio"),
    (b"\x1aE\xdf\xa3", "a Matroska or WebM video"),
    (b"\xff\xfe\x00\x00", "UTF-32 text (save it as UTF-8)"),
    (b"\x00\x00\xfe\xff", "UTF-32 text (save it as UTF-8)"),
    (b"\xff\xfe", "UTF-16 text (save it as UTF-8)"),
    (b"\xfe\xff", "UTF-16 text (save it as UTF-8)"),
)
# Containers whose kind is told by a second signature further in.
_RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "WAV audio", b"AVI ": "an AVI video"}
_SNIFF_BYTES = 512


def sniff_binary(data: bytes) -> str | None:
    """Name what ``data`` is when its first bytes say it is not text; None otherwise."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]]
    if data[4:8] == b"ftyp":
        return "an MP4 or QuickTime video (or a HEIC image)"
    head = data[:_SNIFF_BYTES]
    if data.startswith(b"MZ") and b"\x00" in head:
        return "a Windows executable"
    if len(head) >= 8 and b"\x00" in head and _looks_like_utf16(head):
        return "UTF-16 text without a byte order mark (save it as UTF-8)"
    return None


def _looks_like_utf16(head: bytes) -> bool:
    """Every other byte the high byte of Basic Latin (00) or Arabic (06) code points."""
    return any(half.count(0) + half.count(6) > 0.9 * len(half) for half in (head[0::2], head[1::2]))


def decode_bytes(data: bytes, *, filename: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise ParseError.

    Encoding names: "utf-8-sig" (BOM stripped), "utf-8", "cp1256".
    """
    kind = sniff_binary(data)
    if kind is not None:
        raise ParseError(f"not a text file: {kind}", filename=filename, line=1)
    nul = data.find(b"\x00")
    if nul != -1:
        raise ParseError(
            "binary data (a NUL byte; no known file type)",
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
