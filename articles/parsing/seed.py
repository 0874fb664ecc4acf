"""Parse one scraped article file (headline, publisher, dates, body) into a ParsedArticle.

Layout: headline; publisher; "تم النشر: …"; optional "تم التحديث: …"; optional
lead caption; then blocks. Every non-blank line of the body is its own block:
the files put one paragraph on one line, so a line break inside a group of
lines is a paragraph break too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import PurePath

from articles.parsing.credits import split_caption
from articles.parsing.dates import (
    DateLineKind,
    latest_date,
    parse_header_datetime,
    split_date_line,
)
from articles.parsing.decoding import decode_bytes
from articles.parsing.text import bidi_controls, detect_language, normalize_arabic
from articles.parsing.types import (
    Block,
    BlockKind,
    ParsedArticle,
    ParsedImage,
    ParseError,
    ParseWarning,
)

_EXTERNAL_ID_RE = re.compile(r"^[0-9]+_([0-9a-fA-F]{16})\.txt$")
_HAS_WORD_RE = re.compile(r"\w")

# Page chrome: dropped only when it is the whole line ("شارك" is also a verb).
_CHROME_LINES = (
    "تحميل المزيد", "اقرأ أيضاً", "اقرأ أيضا", "اقرأ المزيد", "شاهد أيضاً", "شاهد أيضا",
    "مواضيع ذات صلة", "مقالات ذات صلة", "أخبار ذات صلة", "الأكثر قراءة", "الأكثر مشاهدة",
    "شارك", "مشاركة", "شارك المقال", "انسخ الرابط", "تم نسخ الرابط", "تابعنا على",
    "اشترك في النشرة البريدية", "إعلان", "محتوى مدعوم", "الوسوم", "كلمات مفتاحية",
    "التعليقات", "جميع الحقوق محفوظة",
)  # fmt: skip
_CHROME_STRIP = " \t:：.…-–—|•·»«"


def _chrome_key(text: str) -> str:
    return " ".join(normalize_arabic(text).strip(_CHROME_STRIP).split())


_CHROME_KEYS = frozenset(map(_chrome_key, _CHROME_LINES))
_MAX_CHROME_CHARS = max(map(len, _CHROME_LINES)) + 8

# Headline, publisher and two date lines come before the body's blocks.
_HEADER_LINES = 4

_HEADING_MAX_WORDS = 12
_HEADING_MAX_CHARS = 90
# A heading is a title, not a sentence: it has no final punctuation.
_FINAL_PUNCTUATION = frozenset(".!?؟…:؛،,;")
_CLOSING_MARKS = "\"'”’»)]"


# Limits far above a news article (the seed is 8.5 kB in 23 blocks; a long feature
# is some 100 kB): a file past them is something else, and would cost seconds and
# hundreds of megabytes to parse and store (50 MB took 48 s and 663 MB).
MAX_FILE_BYTES = 1024 * 1024
MAX_BLOCKS = 2000


def parse_seed(data: bytes, *, filename: str, now: dt.datetime | None = None) -> ParsedArticle:
    """Parse a raw article file; raise ParseError when it is not an article.

    ``now`` is the moment of the import (default: this moment): dates more than
    ``dates.FUTURE_MARGIN`` after it are refused, with a warning.
    """
    if not data:
        raise ParseError("empty file", filename=filename)
    if len(data) > MAX_FILE_BYTES:
        raise ParseError(
            f"file too large: {len(data):,} bytes (the limit is {MAX_FILE_BYTES:,})",
            filename=filename,
        )
    text, encoding = decode_bytes(data, filename=filename)
    entries = _content_lines(text)
    if not entries:
        raise ParseError("no text (only white space or page chrome)", filename=filename)
    if len(entries) > MAX_BLOCKS + _HEADER_LINES:
        raise ParseError(
            f"too many lines of text: {len(entries):,} (the limit is {MAX_BLOCKS:,} blocks)",
            filename=filename,
            line=entries[MAX_BLOCKS + _HEADER_LINES][0],
        )
    latest = latest_date(now)

    headline_line, title = entries[0]
    if split_date_line(title):
        raise ParseError("no headline before the date line", filename=filename, line=headline_line)

    index = 1
    source_name = source_line = None
    if _is_source_line(entries, index):
        source_line, source_name = entries[index]
        index += 1

    warnings: list[ParseWarning] = []
    dates: dict[DateLineKind, dt.datetime | None] = {}
    while index < len(entries) and (date_line := split_date_line(entries[index][1])):
        kind, value = date_line
        line = entries[index][0]
        if kind in dates:
            warnings.append(ParseWarning(line, f"second {kind} date line ignored"))
        else:
            dates[kind], warning = parse_header_datetime(
                value, line=line, what=f"{kind} date", latest=latest
            )
            if warning:
                warnings.append(warning)
        index += 1
    if DateLineKind.PUBLISHED not in dates:
        warnings.append(ParseWarning(None, "no publication date line"))

    blocks: list[Block] = []
    images: list[ParsedImage] = []
    for line, content in entries[index:]:
        caption = split_caption(content)
        if caption:
            images.append(
                ParsedImage(
                    position=len(blocks),
                    caption=caption[0],
                    credit=caption[1],
                    is_lead=not blocks and not images,
                    line=line,
                )
            )
        else:
            blocks.append(Block(kind=_classify_block(content), text=content, line=line))
    if not any(block.kind is BlockKind.PARAGRAPH for block in blocks):
        raise ParseError("no body paragraphs after the headline", filename=filename)
    warnings.extend(_bidi_warnings(text))

    return ParsedArticle(
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        title=title,
        source_name=source_name,
        source_line=source_line,
        published_at=dates.get(DateLineKind.PUBLISHED),
        updated_at=dates.get(DateLineKind.UPDATED),
        blocks=tuple(blocks),
        images=tuple(images),
        warnings=tuple(warnings),
        external_id=extract_external_id(filename),
        language=detect_language(text),
    )


def extract_external_id(filename: str) -> str | None:
    """The 16-hex-digit id of "NNN_<id>.txt" file names, lower-cased."""
    match = _EXTERNAL_ID_RE.match(PurePath(filename).name)
    return match.group(1).lower() if match else None


def is_chrome_line(text: str) -> bool:
    return len(text) <= _MAX_CHROME_CHARS and _chrome_key(text) in _CHROME_KEYS


def _content_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, stripped text) for each line that carries content.

    Blank lines, page chrome and decoration without a letter or digit ("***")
    carry none.
    """
    entries = []
    for number, raw in enumerate(_lines(text), 1):
        content = raw.strip()
        if content and _HAS_WORD_RE.search(content) and not is_chrome_line(content):
            entries.append((number, content))
    return entries


def _bidi_warnings(text: str) -> list[ParseWarning]:
    """One warning per line holding characters that can reorder what readers see."""
    if not bidi_controls(text):
        return []
    return [
        ParseWarning(number, f"bidirectional control characters ({', '.join(found)})")
        for number, line in enumerate(_lines(text), 1)
        if (found := bidi_controls(line))
    ]


def _lines(text: str) -> list[str]:
    # Only CR LF, CR and LF end a line; str.splitlines() would also split on
    # U+2028 and form feeds and shift the line numbers editors see.
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _is_source_line(entries: list[tuple[int, str]], index: int) -> bool:
    """The publisher is the line between the headline and the first date line."""
    return (
        index + 1 < len(entries)
        and split_date_line(entries[index][1]) is None
        and split_date_line(entries[index + 1][1]) is not None
    )


def _classify_block(text: str) -> BlockKind:
    if (
        len(text) <= _HEADING_MAX_CHARS
        and len(text.split()) <= _HEADING_MAX_WORDS
        and text.rstrip(_CLOSING_MARKS)[-1:] not in _FINAL_PUNCTUATION
    ):
        return BlockKind.HEADING
    return BlockKind.PARAGRAPH
