"""When a statement was made, as its attribution tells.

``find_stated_on`` reads the normalised words around the verb or marker ("قال …
يوم الخميس"): an explicit date (in words, digits, a day of the month in words or
"5 الجاري") wins over a day relative to publication ("أمس", "الخميس الماضي",
"قبل يومين"); a yearless date is the latest such day on or before publication.
Quoted names, outlets named with اليوم and a clause about the speaker hold no
date of the statement.
"""

from __future__ import annotations

import datetime as dt
import re

from articles.parsing.dates import MONTHS, TEXT_DATE_RE, WEEKDAYS, parse_text_date

RELATIVE_DAY_RE = re.compile(
    r"(?<!\w)(?P<before>اول (?:من )?)?(?P<word>امس|اليوم|البارحة|الليلة الماضية|"
    + "|".join(WEEKDAYS)
    + r")(?!\w)"
    r"(?P<after> (?:الماضي|الفائت|المنصرم|المقبل|القادم|الاول))?"
)
_PAST = ("الماضي", "الفائت", "المنصرم")
_YESTERDAY = ("البارحة", "الليلة الماضية")
# "قبل يومين"، "قبل ثلاثة أيام": so many days before publication (up to a week).
_DAYS_AGO = {"ثلاث": 3, "ثلاثة": 3, "اربع": 4, "اربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6}
_DAYS_AGO_RE = re.compile(
    r"(?<!\w)قبل (?:(?P<two>يومين)|(?P<count>" + "|".join(_DAYS_AGO) + r"|[3-6]) ايام)(?!\w)"
)
_DIGIT_RE = re.compile("[0-9]")
# Quoted names ("برنامج "العالم اليوم"") hold no date of the statement.
QUOTED_RE = re.compile(r"\"[^\"]*\"|«[^»]*»|“[^”]*”")
# Outlets and programmes named with اليوم: "روسيا اليوم", "المصري اليوم", "اليوم السابع",
# "برنامج صباح اليوم".
_NAMED_TODAY_RE = re.compile(
    r"(?:روسيا|المصري|اخبار|العالم|فلسطين|تونس|الجزائر|سوريا|لبنان|العراق|ليبيا|السودان"
    r"|صحيفة|جريدة|قناة|لقناة|لصحيفة|لجريدة|موقع|لموقع) اليوم(?!\w)"
    r"|(?:برنامج|لبرنامج|نشرة|لنشرة)(?: \w+){0,2} اليوم(?!\w)"
    r"|(?<!\w)اليوم (?:السابع|الثامن)(?!\w)"
    # "في اليوم نفسه", "اليوم التالي": the day of an event told before, not publication's
    r"|(?<!\w)اليوم (?:نفسه|ذاته|التالي|السابق|الاول|الثاني|الاخير)(?!\w)"
)
# "، الذي تولى منصبه في 3 مارس،": a clause about the speaker, dated for something else.
# "، الذي كان يتحدث في مؤتمر صحفي الأحد،" is the occasion of the statement: kept.
_ABOUT_THE_SPEAKER_RE = re.compile(
    r"[،,] ?(?:الذي|التي|الذين|اللذان|اللتان) "
    r"(?!(?:كان |كانت |كانوا )?(?:[يت]?تحدث|[يت]?تكلم|ادلي|يدلي|تدلي)\w*(?!\w))[^،,]*(?:[،,]|$)"
)

# "في الأول من أكتوبر"، "العاشر من الشهر الجاري"، "الـ12 من مارس": a day of the month
# in words, or in digits before من.
_ORDINAL_DAYS = {
    "الاول": 1, "الحادي": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5,
    "السادس": 6, "السابع": 7, "الثامن": 8, "التاسع": 9, "العاشر": 10, "العشرين": 20,
    "الثلاثين": 30,
}  # fmt: skip
_ORDINAL_TENS = {"عشر": 10, "والعشرين": 20, "والثلاثين": 30}
_MONTH_ALTERNATION = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_DAY_OF_MONTH_RE = re.compile(
    rf"(?<!\w)(?:(?P<day>{'|'.join(_ORDINAL_DAYS)})(?: (?P<tens>{'|'.join(_ORDINAL_TENS)}))?"
    r"|(?:ال)?(?P<digits>[0-9]{1,2}))"
    rf" من (?:شهر )?(?:(?P<month>{_MONTH_ALTERNATION})(?!\w)"
    r"|الشهر (?:(?P<current>الجاري|الحالي)|(?P<previous>الماضي|الفائت|المنصرم))(?!\w))"
    r"(?: (?:من )?(?:عام |سنة )?(?P<year>[0-9]{4})(?![0-9]))?"
)
# "في 5 الجاري"، "الخميس 12 الجاري"، "العاشر من الجاري": a day of the month of publication.
_THIS_MONTH = "الجاري"
_DAY_THIS_MONTH_RE = re.compile(
    rf"(?<!\w)(?:(?P<day>{'|'.join(_ORDINAL_DAYS)})(?: (?P<tens>{'|'.join(_ORDINAL_TENS)}))?"
    r"|(?:ال)?(?P<digits>[0-9]{1,2}))"
    r" (?:من )?الجاري(?!\w)"
)
# "بتاريخ 14/10/2025", "يوم 2025-10-14".
_NUMERIC_DATE_RE = re.compile(
    r"(?<![0-9/.-])(?:(?P<y1>[0-9]{4})([/.-])(?P<m1>[0-9]{1,2})\2(?P<d1>[0-9]{1,2})"
    r"|(?P<d2>[0-9]{1,2})([/.-])(?P<m2>[0-9]{1,2})\6(?P<y2>[0-9]{4}))(?![0-9/.-])"
)
# "قال في 12/1 إن": day and month, the year of publication (or the one before).
_DAY_SLASH_MONTH_RE = re.compile(
    r"(?<!\w)(?:في|يوم|بتاريخ) (?P<day>[0-9]{1,2})/(?P<month>[0-9]{1,2})(?![0-9/.-])"
)
_OF_A_MONTH = " من "


def without_clause_about_speaker(attribution: str) -> str:
    """ "قالت المخرجة، التي كرّمها المهرجان في حفل الافتتاح، إن": the ceremony is the
    speaker's, not the statement's channel."""
    if ("الذ" in attribution or "التي" in attribution or "اللت" in attribution) and (
        "،" in attribution or "," in attribution
    ):
        return _ABOUT_THE_SPEAKER_RE.sub("،", attribution)
    return attribution


def _may_name_a_day(attribution: str) -> bool:
    """Most attributions name no day: a few substring tests spare the date patterns."""
    # Spelled out rather than any(…): a generator costs more than the tests themselves.
    return bool(
        "امس" in attribution
        or "بارحة" in attribution
        or "الليلة" in attribution
        or "قبل " in attribution
        or "اليوم" in attribution
        or "احد" in attribution
        or "اثنين" in attribution
        or "ثلاثاء" in attribution
        or "اربعاء" in attribution
        or "خميس" in attribution
        or "جمعة" in attribution
        or "سبت" in attribution
        or _DIGIT_RE.search(attribution)
        or (_OF_A_MONTH in attribution and any(day in attribution for day in _ORDINAL_DAYS))
        or (_THIS_MONTH in attribution and any(day in attribution for day in _ORDINAL_DAYS))
    )


def find_stated_on(attribution: str, published_at: dt.datetime | None) -> dt.date | None:
    """An explicit date in the attribution wins; else a day relative to publication.

    A bare weekday is the latest such day on or before publication (same
    weekday = same day); "الخميس الماضي" the latest one strictly before it;
    "الخميس المقبل" the next one after it. A date without a year is the latest
    such day on or before publication: nothing is said after it is reported.
    """
    if not _may_name_a_day(attribution):
        return None
    if '"' in attribution or "«" in attribution or "“" in attribution:
        attribution = QUOTED_RE.sub(" ", attribution)
    if "اليوم" in attribution:
        attribution = _NAMED_TODAY_RE.sub(" ", attribution)
    attribution = without_clause_about_speaker(attribution)
    published_on = published_at.date() if published_at else None
    explicit = _explicit_date(attribution, published_on)
    if explicit is not None or published_on is None:
        return explicit
    relative = RELATIVE_DAY_RE.search(attribution)
    if relative is None:
        return _days_ago(attribution, published_on) if "قبل " in attribution else None
    try:
        return relative_day(relative, published_on)
    except OverflowError:  # "أمس" in a file dated 0001/01/01: no such day
        return None


def _days_ago(attribution: str, published_on: dt.date) -> dt.date | None:
    match = _DAYS_AGO_RE.search(attribution)
    if match is None:
        return None
    count = match["count"]
    days = 2 if match["two"] else int(count) if count.isdigit() else _DAYS_AGO[count]
    try:
        return published_on - dt.timedelta(days=days)
    except OverflowError:
        return None


def _explicit_date(attribution: str, published_on: dt.date | None) -> dt.date | None:
    """The first date spelled out in full: "3 مارس 2024", "الأول من أكتوبر", "2024/3/3"."""
    default_year = published_on.year if published_on else None
    for match in TEXT_DATE_RE.finditer(attribution):
        date = parse_text_date(match, default_year=default_year)
        if date:
            return not_after(date, published_on, yearless=not match.group("year"))
    if _OF_A_MONTH in attribution:
        for match in _DAY_OF_MONTH_RE.finditer(attribution):
            date = _day_of_month(match, published_on)
            if date:
                return not_after(date, published_on, yearless=not match.group("year"))
    if _THIS_MONTH in attribution and published_on is not None:
        for match in _DAY_THIS_MONTH_RE.finditer(attribution):
            try:
                return dt.date(published_on.year, published_on.month, _day_number(match))
            except ValueError:
                continue
    if "/" in attribution or "-" in attribution or "." in attribution:
        for match in _NUMERIC_DATE_RE.finditer(attribution):
            year, month, day = (
                (match["y1"], match["m1"], match["d1"])
                if match["y1"]
                else (match["y2"], match["m2"], match["d2"])
            )
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                continue
        if published_on is not None and "/" in attribution:
            for match in _DAY_SLASH_MONTH_RE.finditer(attribution):
                try:
                    date = dt.date(published_on.year, int(match["month"]), int(match["day"]))
                except ValueError:
                    continue
                return not_after(date, published_on, yearless=True)
    return None


def _day_number(match: re.Match[str]) -> int:
    if match["digits"]:
        return int(match["digits"])
    return _ORDINAL_DAYS[match["day"]] + (_ORDINAL_TENS[match["tens"]] if match["tens"] else 0)


def _day_of_month(match: re.Match[str], published_on: dt.date | None) -> dt.date | None:
    day = _day_number(match)
    if match["current"] or match["previous"]:
        if published_on is None:
            return None
        year, month = published_on.year, published_on.month
        if match["previous"]:
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    elif match["year"]:
        year, month = int(match["year"]), MONTHS[match["month"]]
    elif published_on is not None:
        year, month = published_on.year, MONTHS[match["month"]]
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def not_after(date: dt.date, published_on: dt.date | None, *, yearless: bool) -> dt.date:
    """A yearless date after publication is of the year before ("في 28 ديسمبر" in January)."""
    if yearless and published_on is not None and date > published_on:
        try:
            return date.replace(year=date.year - 1)
        except ValueError:  # 29 February, or year 1
            return date
    return date


def relative_day(match: re.Match[str], published_on: dt.date) -> dt.date:
    """The day a match of ``RELATIVE_DAY_RE`` names, counted from ``published_on``."""
    word, after = match.group("word"), (match.group("after") or "").strip()
    if word == "امس":
        before_yesterday = match.group("before") or after == "الاول"
        return published_on - dt.timedelta(days=2 if before_yesterday else 1)
    if word in _YESTERDAY:  # "مساء البارحة"، "الليلة الماضية"
        return published_on - dt.timedelta(days=1)
    if word == "اليوم":
        return published_on
    back = (published_on.weekday() - WEEKDAYS[word]) % 7
    if after in _PAST:
        return published_on - dt.timedelta(days=back or 7)
    if after and after != "الاول":
        ahead = (WEEKDAYS[word] - published_on.weekday()) % 7
        return published_on + dt.timedelta(days=ahead or 7)
    return published_on - dt.timedelta(days=back)
