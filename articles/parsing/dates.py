"""Header date lines (تم النشر / تم التحديث) and Arabic month names."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from zoneinfo import ZoneInfo

from articles.parsing.text import collapse_spaces, normalize_arabic
from articles.parsing.types import ParseWarning


class DateLineKind(StrEnum):
    PUBLISHED = "published"
    UPDATED = "updated"


# Labels as they read after normalize_arabic (hamza-free alef, no tashkeel).
_LABEL_RE = re.compile(
    r"^(?:(?P<published>تم النشر|تاريخ النشر|نشر في|نشر بتاريخ)"
    r"|(?P<updated>تم التحديث|تاريخ التحديث|اخر تحديث|اخر تعديل|تم التعديل))\s*:?\s*"
)

_LABEL_WINDOW = 40

_DATE_TIME_RE = re.compile(
    r"^(?:(?P<y1>[0-9]{4})(?P<s1>[/.-])(?P<m1>[0-9]{1,2})(?P=s1)(?P<d1>[0-9]{1,2})"
    r"|(?P<d2>[0-9]{1,2})(?P<s2>[/.-])(?P<m2>[0-9]{1,2})(?P=s2)(?P<y2>[0-9]{4}))"
    r"(?:\s*(?:،|,|-)?\s*(?:الساعة|في تمام الساعة|الساعه)?\s*"
    r"(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{1,2})(?::(?P<second>[0-9]{1,2}))?)?"
    r"\s*(?P<rest>.*)$"
)

_ZONE_PREFIX_RE = re.compile(r"^(?:بتوقيت|توقيت|حسب توقيت)\s*")

# Keys as they read after normalize_arabic; matched as prefixes of the zone text
# so that "مكة المكرمة" and "القدس المحتلة" still resolve.
_UTC = dt.UTC
_ZONES: tuple[tuple[str, dt.tzinfo], ...] = tuple(
    (normalize_arabic(name).casefold(), zone)
    for name, zone in (
        ("غرينتش", _UTC),
        ("غرينيتش", _UTC),
        ("جرينتش", _UTC),
        ("جرينيتش", _UTC),
        ("غرينتش العالمي", _UTC),
        ("GMT", _UTC),
        ("UTC", _UTC),
        ("مكة", ZoneInfo("Asia/Riyadh")),
        ("السعودية", ZoneInfo("Asia/Riyadh")),
        ("الرياض", ZoneInfo("Asia/Riyadh")),
        ("القدس", ZoneInfo("Asia/Jerusalem")),
        ("القاهرة", ZoneInfo("Africa/Cairo")),
        ("دمشق", ZoneInfo("Asia/Damascus")),
        ("بيروت", ZoneInfo("Asia/Beirut")),
        ("مسقط", ZoneInfo("Asia/Muscat")),
        ("الإمارات", ZoneInfo("Asia/Dubai")),
        ("أبوظبي", ZoneInfo("Asia/Dubai")),
        ("أبو ظبي", ZoneInfo("Asia/Dubai")),
        ("الدوحة", ZoneInfo("Asia/Qatar")),
        ("إسطنبول", ZoneInfo("Europe/Istanbul")),
        ("اسطنبول", ZoneInfo("Europe/Istanbul")),
        ("بغداد", ZoneInfo("Asia/Baghdad")),
    )
)
# Longest first so that a longer name wins over a shorter prefix of it.
_ZONES = tuple(sorted(_ZONES, key=lambda item: -len(item[0])))
# Unvocalised عمان is both Amman (عمّان) and Oman (عُمان): only the marks decide.
_AMBIGUOUS_OMAN = "عمان"
_AMMAN_RE = re.compile("ع[\u064b-\u0652]*م\u0651")
_OMAN_RE = re.compile("ع\u064f")
_AMMAN, _OMAN = ZoneInfo("Asia/Amman"), ZoneInfo("Asia/Muscat")
_FIRST_DIGIT_RE = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9]")


_MONTH_NAMES: dict[str, int] = {
    # Egyptian / Gulf
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "ابريل": 4, "مايو": 5,
    "يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "سبتمبر": 9,
    "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Levantine / Iraqi
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6,
    "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11,
    "كانون الأول": 12,
    # Maghreb
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "أوت": 8,
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
}  # fmt: skip
MONTHS: dict[str, int] = {normalize_arabic(name): month for name, month in _MONTH_NAMES.items()}

_MONTH_ALTERNATION = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
# "26 يناير/كانون الثاني 2022" on normalised text; the year is optional.
TEXT_DATE_RE = re.compile(
    rf"(?<![0-9])(?P<day>[0-9]{{1,2}})\s+(?P<month>{_MONTH_ALTERNATION})(?![\w])"
    rf"(?:\s*/\s*(?:{_MONTH_ALTERNATION})(?![\w]))?"
    r"(?:\s*(?:من\s+)?(?:عام\s+|سنة\s+)?(?P<year>[0-9]{4})(?![0-9]))?"
)

WEEKDAYS: dict[str, int] = {
    normalize_arabic(name): number
    for name, number in (
        ("الاثنين", 0),
        ("الإثنين", 0),
        ("الثلاثاء", 1),
        ("الأربعاء", 2),
        ("الخميس", 3),
        ("الجمعة", 4),
        ("السبت", 5),
        ("الأحد", 6),
    )
}


def split_date_line(text: str) -> tuple[DateLineKind, str] | None:
    """Recognise a header date line; return its kind and the value after the label."""
    # Labels are short: look at the start before normalising a long paragraph.
    if _LABEL_RE.match(normalize_arabic(text[:_LABEL_WINDOW])) is None:
        return None
    normalized = normalize_arabic(text)
    match = _LABEL_RE.match(normalized)
    if match is None:
        return None
    kind = DateLineKind.PUBLISHED if match.group("published") else DateLineKind.UPDATED
    # Labels hold no digits: the value starts at the first one, in original spelling.
    first_digit = _FIRST_DIGIT_RE.search(text)
    return kind, text[first_digit.start() :] if first_digit else normalized[match.end() :]


# No newspaper is older than this (the first printed ones are of 1605), and dates
# this far from the calendar's edge (year 1) can be shifted by any span of text.
EARLIEST = dt.datetime(1600, 1, 1, tzinfo=dt.UTC)
# How far past the import a date may be: zones run up to 14 hours ahead of UTC,
# and a clock or two off by a day should not cost an article its date.
FUTURE_MARGIN = dt.timedelta(days=2)


def latest_date(now: dt.datetime | None = None) -> dt.datetime:
    """The latest date a file imported at ``now`` (default: this moment) may carry."""
    return (now or dt.datetime.now(dt.UTC)) + FUTURE_MARGIN


def parse_header_datetime(
    value: str, *, line: int, what: str = "date", latest: dt.datetime | None = None
) -> tuple[dt.datetime | None, ParseWarning | None]:
    """Parse "2022/01/28 الساعة 07:49 بتوقيت غرينتش" into an aware UTC datetime.

    Anything that cannot be read exactly (impossible date or time, no time, no
    or unknown zone) gives None and a warning: a wrong timestamp is worse than
    none. So do dates after ``latest`` (default: ``latest_date()``) and before
    ``EARLIEST``: a date in the year 9999 would top every newest-first list.
    ``what`` starts the warning's message ("published date").
    """
    raw_value = value
    value = collapse_spaces(normalize_arabic(value))
    match = _DATE_TIME_RE.match(value)
    if match is None:
        return None, ParseWarning(line, f"{what}: unreadable date {value!r}")
    if match.group("hour") is None:
        return None, ParseWarning(line, f"{what}: date without a time {value!r}")
    year, month, day = (
        (match.group("y1"), match.group("m1"), match.group("d1"))
        if match.group("y1")
        else (match.group("y2"), match.group("m2"), match.group("d2"))
    )
    try:
        date = dt.date(int(year), int(month), int(day))
        time = dt.time(
            int(match.group("hour")), int(match.group("minute")), int(match.group("second") or 0)
        )
    except ValueError:
        return None, ParseWarning(line, f"{what}: impossible date or time {value!r}")
    zone = find_zone(match.group("rest"), original=raw_value)
    if zone is None:
        problem = f"unknown time zone {rest!r}" if (rest := match.group("rest")) else "no time zone"
        return None, ParseWarning(line, f"{what}: {problem} in {value!r}")
    try:
        utc = dt.datetime.combine(date, time, tzinfo=zone).astimezone(_UTC)
    except (OverflowError, ValueError):
        return None, ParseWarning(line, f"{what}: date out of range {value!r}")
    if (utc.astimezone(zone).date(), utc.astimezone(zone).time()) != (date, time):
        # Skipped by a daylight-saving jump: the clock never showed this time.
        return None, ParseWarning(line, f"{what}: nonexistent local time {value!r}")
    if utc > (latest or latest_date()):
        return None, ParseWarning(line, f"{what}: in the future {value!r}")
    if utc < EARLIEST:
        return None, ParseWarning(line, f"{what}: before {EARLIEST.year} {value!r}")
    return utc, None


def find_zone(text: str, *, original: str | None = None) -> dt.tzinfo | None:
    """Return the zone named in "بتوقيت …" text, or None when absent or unknown.

    ``original`` is the unnormalised text, whose marks tell عمّان from عُمان.
    """
    text = normalize_arabic(text).casefold().strip()
    prefix = _ZONE_PREFIX_RE.match(text)
    if prefix is None and text not in ("gmt", "utc"):
        return None
    name = text[prefix.end() :] if prefix else text
    if name.startswith(_AMBIGUOUS_OMAN):
        original = original if original is not None else text
        if _AMMAN_RE.search(original):
            return _AMMAN
        return _OMAN if _OMAN_RE.search(original) else None
    for key, zone in _ZONES:
        if name.startswith(key):
            return zone
    return None


def parse_text_date(match: re.Match[str], *, default_year: int | None = None) -> dt.date | None:
    """Turn a TEXT_DATE_RE match into a date; None when impossible or yearless."""
    year = int(match.group("year")) if match.group("year") else default_year
    if year is None:
        return None
    try:
        return dt.date(year, MONTHS[match.group("month")], int(match.group("day")))
    except ValueError:
        return None
