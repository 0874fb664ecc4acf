"""When and through what a statement was made, read from its attribution.

Both read the normalised words around the verb or marker ("قال … في بيان يوم
الخميس"): the earliest medium marker wins; an explicit date wins over a day
relative to publication.
"""

from __future__ import annotations

import datetime as dt
import re

from articles.parsing.dates import TEXT_DATE_RE, WEEKDAYS, parse_text_date
from articles.parsing.types import Medium

# On normalised text; the earliest marker in the attribution wins. Each medium has
# the substrings every match of its pattern contains: most attributions name no
# medium or one, and a few substring tests spare the patterns that cannot match.
_MEDIA: tuple[tuple[tuple[str, ...], str, Medium], ...] = (
    (
        ("تغريد", "غرد", "تويتر", "اكس"),
        r"تغريد\w*|تويتر|(?<!\w)[وف]?غرد(?:ت|وا)?(?!\w)|(?<!\w)(?:منص[ةت]|علي|عبر|في) اكس(?!\w)",
        Medium.TWEET,
    ),
    (
        ("تدوين", "فيس", "انستغرام", "انستجرام", "منشور", "التواصل"),
        r"تدوين\w*|فيسبوك|فيس بوك|انستغرام|انستجرام|(?<!\w)منشور|مواقع التواصل|وسائل التواصل",
        Medium.SOCIAL_POST,
    ),
    (("مؤتمر", "ندو"), r"(?:مؤتمر|ندو[ةت])\w*\s+(?:ال)?صحا?في", Medium.PRESS_CONFERENCE),
    (
        ("بيان", "بلاغ"),
        r"(?<!\w)(?:[وفل]?ب|[وفل])?(?:ال)?(?:بيان|بلاغ)(?:ا|ه|ها|هم|هما)?(?!\w)",
        Medium.STATEMENT,
    ),
    (
        ("تقرير", "دراس", "وكال"),
        r"(?<!\w)(?:[وفبل])?(?:ال)?(?:تقرير|دراس[ةت])(?:ا|ه|ها|هم|هما)?(?!\w)"
        # "تصريحات نقلتها الوكالة الرسمية": a news agency's report
        r"|(?:نقل|اورد|بث)(?:ته|تها|ه|ها) (?:ال)?وكال[ةت]",
        Medium.REPORT,
    ),
    (
        ("مقابل", "حوار", "لقاء", "حديث"),
        r"مقابل[ةت]\w*|(?<!\w)(?:[وفبل])?(?:ال)?حوار|(?<!\w)(?:[وفبل])?لقاء"
        r"|(?<!\w)حديث(?:ه|ها)? (?:ل|الي)",
        Medium.INTERVIEW,
    ),
    (
        ("تلفزيون", "متلفز", "قنا", "فضائي"),
        r"تلفزيون\w*|متلفز\w*|(?<!\w)(?:[وفبل])?(?:ال)?قنا[ةه](?!\w)|فضائي\w*",
        Medium.TELEVISION,
    ),
    (("اذاع", "راديو"), r"اذاع[ةي]\w*|راديو", Medium.RADIO),
    (("كلم", "خطاب"), r"(?<!\w)(?:في|خلال) (?:ال)?كلم[ةت]\w*|خطاب\w*", Medium.SPEECH),
    (("رسال",), r"رسال[ةت]\w*", Medium.LETTER),
)
_MEDIUM_RES = tuple((stems, re.compile(pattern), medium) for stems, pattern, medium in _MEDIA)

_RELATIVE_DAY_RE = re.compile(
    r"(?<!\w)(?P<before>اول )?(?P<word>امس|اليوم|" + "|".join(WEEKDAYS) + r")(?!\w)"
    r"(?P<after> (?:الماضي|المقبل|القادم))?"
)
_DIGIT_RE = re.compile("[0-9]")
# Quoted names ("برنامج "العالم اليوم"") hold no date of the statement.
_QUOTED_RE = re.compile(r"\"[^\"]*\"|«[^»]*»|“[^”]*”")
# Outlets and programmes named with اليوم: "روسيا اليوم", "المصري اليوم", "اليوم السابع".
_NAMED_TODAY_RE = re.compile(
    r"(?:روسيا|المصري|اخبار|العالم|فلسطين|تونس|الجزائر|سوريا|لبنان|العراق|ليبيا|السودان"
    r"|برنامج|نشرة|صحيفة|جريدة|قناة|لقناة|لصحيفة|لجريدة|موقع|لموقع) اليوم(?!\w)"
    r"|(?<!\w)اليوم (?:السابع|الثامن)(?!\w)"
)
# Substrings of every relative day word (weekdays, أمس, اليوم), normalised.
_DAY_STEMS = ("امس", "اليوم", "احد", "اثنين", "ثلاثاء", "اربعاء", "خميس", "جمعة", "سبت")


def find_medium(attribution: str) -> Medium:
    """The medium whose marker comes first in ``attribution`` (on a tie, the earlier
    in the list: "مؤتمر صحفي" before "بيان")."""
    found, earliest = Medium.UNKNOWN, len(attribution) + 1
    for stems, pattern, medium in _MEDIUM_RES:
        for stem in stems:
            if stem in attribution:
                match = pattern.search(attribution)
                if match is not None and match.start() < earliest:
                    found, earliest = medium, match.start()
                break
    return found


def _may_name_a_day(attribution: str) -> bool:
    """Most attributions name no day: a few substring tests spare the date patterns."""
    if _DIGIT_RE.search(attribution):
        return True
    return any(stem in attribution for stem in _DAY_STEMS)


def find_stated_on(attribution: str, published_at: dt.datetime | None) -> dt.date | None:
    """An explicit date in the attribution wins; else a day relative to publication.

    A bare weekday is the latest such day on or before publication (same
    weekday = same day); "الخميس الماضي" the latest one strictly before it;
    "الخميس المقبل" the next one after it.
    """
    if not _may_name_a_day(attribution):
        return None
    if '"' in attribution or "«" in attribution or "“" in attribution:
        attribution = _QUOTED_RE.sub(" ", attribution)
    if "اليوم" in attribution:
        attribution = _NAMED_TODAY_RE.sub(" ", attribution)
    default_year = published_at.year if published_at else None
    for match in TEXT_DATE_RE.finditer(attribution):
        date = parse_text_date(match, default_year=default_year)
        if date:
            return date
    if published_at is None:
        return None
    relative = _RELATIVE_DAY_RE.search(attribution)
    if relative is None:
        return None
    try:
        return _relative_day(relative, published_at.date())
    except OverflowError:  # "أمس" in a file dated 0001/01/01: no such day
        return None


def _relative_day(match: re.Match[str], published_on: dt.date) -> dt.date:
    word, after = match.group("word"), (match.group("after") or "").strip()
    if word == "امس":
        return published_on - dt.timedelta(days=2 if match.group("before") else 1)
    if word == "اليوم":
        return published_on
    back = (published_on.weekday() - WEEKDAYS[word]) % 7
    if after == "الماضي":
        return published_on - dt.timedelta(days=back or 7)
    if after:
        ahead = (WEEKDAYS[word] - published_on.weekday()) % 7
        return published_on + dt.timedelta(days=ahead or 7)
    return published_on - dt.timedelta(days=back)
