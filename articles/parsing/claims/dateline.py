"""The day an article's "اليوم" and "أمس" count from: its dateline's, or publication's.

``dateline_reference`` reads a wire dateline ("الزهراء - 3 حزيران - …") at the
start of the first paragraph.
"""

from __future__ import annotations

import datetime as dt
import re

from articles.parsing.claims.stated_dates import not_after
from articles.parsing.dates import TEXT_DATE_RE, parse_text_date
from articles.parsing.text import normalize_arabic

# "الزهراء - 3 حزيران - …", "نهر الفضة - (الرافد) - 4 أيار - …", "السهل (الرافد) - 4
# أيار - …": a wire dateline, the place (and the agency) before the day it was filed.
_DATELINE_PLACE_RE = re.compile(
    r"[^-–—0-9.،,:()]{2,40}?\s(?:\([^()]{1,40}\)\s)?[-–—]\s(?:\([^()]{1,40}\)\s[-–—]\s)?"
)
_DATELINE_END_RE = re.compile(r"\s*[-–—]")
_DATELINE_WINDOW = 40  # characters after the place: the day, the month and a year
# A report published in the small hours after its dateline's day still speaks of that
# day ("ظهر اليوم" in a report of 4 May published at 01:20 UTC on 5 May); one published
# later next morning was written for its readers' day (049: "مساء أمس" is 3 June there).
_DATELINE_NIGHT = dt.timedelta(hours=30)


def dateline_reference(first: str, published_at: dt.datetime | None) -> dt.datetime | None:
    """The day "اليوم" and "أمس" are counted from: a dateline's at the start of the
    first paragraph when the report was published that day or in the night after it;
    else ``published_at``."""
    if published_at is None or not first[:1].isalpha():
        return published_at
    place = _DATELINE_PLACE_RE.match(first)
    if place is None:
        return published_at
    text = normalize_arabic(first[place.end() : place.end() + _DATELINE_WINDOW])
    match = TEXT_DATE_RE.match(text)
    if match is None or _DATELINE_END_RE.match(text, match.end()) is None:
        return published_at
    published_on = published_at.date()
    day = parse_text_date(match, default_year=published_on.year)
    if day is None:
        return published_at
    day = not_after(day, published_on, yearless=not match.group("year"))
    if day == published_on:
        return published_at
    filed = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    if not dt.timedelta(0) < published_at - filed <= _DATELINE_NIGHT:
        return published_at
    return published_at.replace(year=day.year, month=day.month, day=day.day)
