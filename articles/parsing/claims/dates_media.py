"""When and through what a statement was made, read from its attribution.

Both read the normalised words around the verb or marker ("قال … في بيان يوم
الخميس"): the earliest medium marker wins; an explicit date wins over a day
relative to publication. When the attribution names neither, a clause of the
same sentence may: one before the verb's ("وفي منشور على فيسبوك أمس، قالت …")
or a trailing "، وذلك في مقابلة …".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from articles.parsing.claims.lexicon import TIME_WORDS, YEAR_WORDS
from articles.parsing.claims.patterns import (
    OCCASION_NAMED_RE,
    OCCASION_PRONOUN_RE,
    VERB_RE,
    find_sentence_end,
)
from articles.parsing.dates import MONTHS, TEXT_DATE_RE, WEEKDAYS, parse_text_date
from articles.parsing.text import normalize_arabic, trie_pattern
from articles.parsing.types import Medium, ParsedClaim

# Words before "لوكالة" / "لصحيفة" that make the outlet part of a title ("المدير العام
# لوكالة الأنباء", "مراسل لصحيفة") or of a nominal marker ("وفقاً لـ"…""), not the
# addressee: "قال المدير لصحيفة …" is said to it.
_NOT_SAID_TO = (
    "مدير", "مديرة", "رئيس", "رئيسة", "العام", "العامة", "التنفيذي", "التنفيذية", "ممثل",
    "ممثلة", "مراسل", "مراسلة", "محرر", "محررة", "مؤسس", "مالك", "التابع", "التابعة", "تابع",
    "تابعة", "وفقا", "طبقا", "تبعا", "خلافا", "بالنسبة", "منسوب", "المنسوب", "ناطق", "متحدث",
    "مستشار", "مستشارة", "المنتمي", "المنتمية", "المنتمين", "الموالي", "الموالية", "الموالين",
)  # fmt: skip
# "قال لصحيفة …", "في تصريح لـ"…"": said to an outlet, an interview. The lookahead
# comes first: the lookbehinds are tried only where an outlet follows.
_SAID_TO_OUTLET = r"(?=ل(?:صحيف[ةت]|جريد[ةت]|مجل[ةت]|موقع|وكال[ةت]|[\"«“]))(?<!\w)" + "".join(
    f"(?<!(?<!\\w){normalize_arabic(word)} )" for word in _NOT_SAID_TO
)

# On normalised text; the earliest marker in the attribution wins. Each medium has
# the substrings every match of its pattern contains: most attributions name no
# medium or one, and a few substring tests spare the patterns that cannot match.
_MEDIA: tuple[tuple[tuple[str, ...], str, Medium], ...] = (
    (
        ("تغريد", "غرد", "تويتر", "اكس"),
        r"تغريد\w*|تويتر|(?<!\w)[وف]?غرد(?:ت|وا)?(?!\w)"
        r"|(?<!\w)(?:منص[ةت]|علي|عبر|في) [\"«“]?اكس(?!\w)",
        Medium.TWEET,
    ),
    (
        (
            "تدوين",
            "فيس",
            "انستغرام",
            "انستجرام",
            "منشور",
            "التواصل",
            "تيك",
            "لغرام",
            "ليغرام",
            "يوتيوب",
            "سناب",
        ),
        r"تدوين\w*|فيسبوك|فيس بوك|انستغرام|انستجرام|(?<!\w)منشور|مواقع التواصل|وسائل التواصل"
        r"|تيك ?توك|تي?لي?غرام|يوتيوب|سناب ?شات",
        Medium.SOCIAL_POST,
    ),
    (
        ("مؤتمر", "ندو", "احاط"),
        r"(?:مؤتمر|ندو[ةت]|احاط[ةت])\w*\s+(?:ال)?(?:صحا?في|اعلامي)",
        Medium.PRESS_CONFERENCE,
    ),
    (
        ("بيان", "بلاغ"),
        r"(?<!\w)(?:[وفل]?ب|[وفل])?(?:ال)?(?:بيان|بلاغ)(?:ا|ه|ها|هم|هما)?(?!\w)",
        Medium.STATEMENT,
    ),
    (
        ("تقرير", "دراس", "وكال", "لوكال", "تقديرات", "احصا", "نقل"),
        r"(?<!\w)(?:[وفبل])?(?:ال)?(?:تقرير|دراس[ةت]|تقديرات|احصا(?:ءات|ئيات))(?:ا|ه|ها|هم|هما)?(?!\w)"
        # "تصريحات نقلتها الوكالة الرسمية", "ونقلت وكالة الأنباء عن مسؤول": a news
        # agency's (or a newspaper's) report of the words
        r"|(?:نقل|اورد|بث)(?:ته|تها|ه|ها) (?:ال)?وكال[ةت]"
        r"|(?<!\w)[وف]?نقل(?:ت|وا)? (?:ال)?(?:وكال[ةت]|صحيف[ةت]|جريد[ةت])"
        # "وذكرت صحيفة الأيام نقلاً عن مصادر": a newspaper citing its sources
        r"|(?:وكال[ةت]|صحيف[ةت]|جريد[ةت])(?: \S+){0,4} نقلا عن",
        Medium.REPORT,
    ),
    (
        ("مقابل", "حوار", "لقاء", "حديث", "اتصال", "بودكاست"),
        # "في حلقة من بودكاست "…"": a guest answering a host
        r"مقابل[ةت]\w*|(?<!\w)(?:[وفبل])?(?:ال)?حوار|(?<!\w)(?:[وفبل])?لقاء|بودكاست"
        r"|(?<!\w)حديث(?:ه|ها)? (?:ل|الي(?!\w))"
        # "في اتصال هاتفي مع "…"": with an outlet; with a counterpart it is no interview
        r"|(?<!\w)(?:ب|ال)?اتصال (?:ال)?هاتفي (?:مع |ل)(?:[\"«“]|(?:ال)?(?:صحيف|جريد|مجل|موقع|وكال"
        r"|قنا|اذاع|تلفزيون))",
        Medium.INTERVIEW,
    ),
    (
        # "الوكالة" holds "لوكال": the stem scan does not overlap, so both are here
        ("لصحيف", "لجريد", "لمجل", "لموقع", "لوكال", 'ل"', "ل«", "ل“"),
        _SAID_TO_OUTLET,
        Medium.INTERVIEW,
    ),
    (
        ("تلفزيون", "متلفز", "قنا", "فضائي"),
        r"تلفزيون\w*|متلفز\w*|(?<!\w)(?:[وفبل])?(?:ال)?قنا[ةه](?!\w)|فضائي\w*",
        Medium.TELEVISION,
    ),
    (("اذاع", "راديو"), r"اذاع[ةي]\w*|راديو", Medium.RADIO),
    (
        ("كلم", "خطاب", "خطب", "حفل"),
        # "خلال حفل التوقيع": what is said at a ceremony is said from its rostrum; "في
        # خطبة الجمعة" from the pulpit
        r"(?<!\w)[وف]?(?:في|خلال) (?:ال)?(?:كلم[ةت]\w*|حفل|خطب[ةت]\w*)|خطاب\w*",
        Medium.SPEECH,
    ),
    (("رسال",), r"رسال[ةت]\w*", Medium.LETTER),
)
_MEDIUM_RES = tuple((re.compile(pattern), medium) for _, pattern, medium in _MEDIA)
_SOCIAL = next(index for index, (_, _, medium) in enumerate(_MEDIA) if medium is Medium.SOCIAL_POST)
# "عبر حسابه الرسمي", "على صفحتها": a post, unless the platform says more ("عبر حسابه
# على إكس" is a tweet), so only when no other medium is named.
_OWN_ACCOUNT_RE = re.compile(r"(?<!\w)(?:علي|عبر|في) (?:حساب|صفح[ةت])(?:ه|ها|هم)(?!\w)")
# One scan for the stems tells which media may match, and from where: a match begins
# at most _STEM_OFFSET characters before its stem ("في الكلمة", "نقلتها الوكالة").
# Most attributions name no medium and cost that scan alone.
_MEDIA_OF_STEM: dict[str, list[int]] = {}
for _index, (_stems, _, _) in enumerate(_MEDIA):
    for _stem in _stems:
        _MEDIA_OF_STEM.setdefault(_stem, []).append(_index)
_OWN_ACCOUNT = len(_MEDIA)  # "حسابه"، "صفحتها": only when no other medium is named
for _stem in ("حساب", "صفح"):
    _MEDIA_OF_STEM.setdefault(_stem, []).append(_OWN_ACCOUNT)
_MEDIUM_STEM_RE = re.compile(trie_pattern(_MEDIA_OF_STEM))
_STEM_OFFSET = 16
# A quoted name of two words or more ("برنامج "حديث اليوم"", "قناة "المال اليوم"")
# names a programme or an outlet: its words are no medium of their own.
_QUOTED_NAME_RE = re.compile(r"[\"«“][^\"«»“”]* [^\"«»“”]*[\"»”]")

_RELATIVE_DAY_RE = re.compile(
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
_QUOTED_RE = re.compile(r"\"[^\"]*\"|«[^»]*»|“[^”]*”")
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

# A clause before the verb's that frames it: a channel or a time ("وفي مقابلة مع …،",
# "ومساء السبت،"), with no statement of its own. Matched on the text as written
# (any hamza on alef, ى or ي) so that only such openings are normalised.
_FRAMING_WORDS = (
    "في", "خلال", "عبر", "علي", "من خلال", "يوم", "مساء", "صباح", "ظهر", "ليلة", "فجر",
    "عصر", "امس", "اليوم", "بتاريخ", *WEEKDAYS,
)  # fmt: skip


def _as_written(word: str) -> str:
    """A pattern for a normalised word as it may be written: ا with or without hamza."""
    return "".join(
        "[اأإآ]" if char == "ا" else "[يى]" if char == "ي" else re.escape(char) for char in word
    )


_FRAMING_CLAUSE_RE = re.compile(
    r"\s*[وف]?(?:" + "|".join(map(_as_written, _FRAMING_WORDS)) + r")(?!\w)(?!\s+حين)"
)
_FRAMING_CLAUSE_MAX = 120  # characters: a channel, its owner and a date
# Longer framing clauses count only when they name a channel: "وفي الحادث الذي وقع
# مساء الأحد، قال شهود" dates the event, "ومساء الأحد، قال" the statement.
_FRAMING_TIME_WORDS = 4
_STATEMENT_INSIDE_RE = re.compile(r"(?<!\w)ب?ان(?:ه|ها|هم)?(?!\w)")
# "…، وذلك في مقابلة مع …", and the next sentence's "جاء ذلك خلال مؤتمر صحفي …" or
# "جاءت تصريحات الوزير خلال زيارة ميدانية الأربعاء": the occasion of the statement,
# whose day is the statement's; a medium when it is a channel. Other words after
# the preposition ("في إشارة إلى بيان صدر الأحد", "في وقت …") tell of something else.
_CHANNELS = (
    "مقابل|مؤتمر|بيان|بلاغ|تغريد|تدوين|تصريح|حديث|كلم|خطاب|رسال|منشور|لقاء|حوار|اتصال|ندو"
    "|إحاط|احاط|حساب|صفح|تقرير|برنامج"
)
_OCCASIONS = (
    "زيار|جلس|اجتماع|جول|قم[ةت]|منتدى|ملتقى|حفل|احتفال|مراسم|افتتاح|مهرجان|تجمع|مسير|وقف[ةت]"
    "|اعتصام|ورش[ةت]|محاضر|خطب[ةت]|استقبال|ترؤس|حضور|تفقد|مشارك"
)
_OCCASION_AHEAD = (
    r"\s+(?:في|خلال|عبر|على|من خلال|أثناء|اثناء|لدى|على هامش)\s+(?:ال)?"
    rf"(?={_CHANNELS}|{_OCCASIONS})"
)
_CHANNEL_AHEAD_RE = re.compile(rf"(?:ال)?(?:{_CHANNELS})")
_TRAILING_OCCASION_RE = re.compile(r"[،,]\s*(?:وذلك|و?جاء ذلك)" + _OCCASION_AHEAD)
# "قال الوزير إن …، في تصريحات لقناة الوطن مساء الأربعاء.": the sentence's last clause,
# a channel right after its preposition.
_LAST_CLAUSE_CHANNEL_RE = re.compile(rf"\s*(?:في|خلال|عبر)\s+(?:ال)?(?:{_CHANNELS})")
_NEXT_SENTENCE_OCCASION_RE = re.compile(
    r"\s*و?جاء(?:ت)? (?:ذلك|هذا|هذه التصريحات|(?:ال)?تصريحات\w*(?: \S+){0,3}?|حديث\w*)"
    + _OCCASION_AHEAD
)
_CLAUSE_BREAK_RE = re.compile(r"[،,؛;:]")
_CLAUSE_MARKS = "،,؛;:"
_SENTENCE_MARKS = ".!?؟"
_AFTER_SENTENCE = frozenset("\"»”'")


def find_medium(attribution: str) -> Medium:
    """The medium whose marker comes first in ``attribution`` (on a tie, the earlier
    in the list: "مؤتمر صحفي" before "بيان")."""
    first = _MEDIUM_STEM_RE.search(attribution)
    if first is None:
        return Medium.UNKNOWN
    if '"' in attribution or "«" in attribution or "“" in attribution:
        attribution = _QUOTED_NAME_RE.sub('""', attribution)
    first_stem: dict[int, int] = {}
    for stem in _MEDIUM_STEM_RE.finditer(attribution):
        for index in _MEDIA_OF_STEM[stem.group()]:
            first_stem.setdefault(index, stem.start())
    found, earliest = Medium.UNKNOWN, len(attribution) + 1
    own_account = first_stem.pop(_OWN_ACCOUNT, None) is not None
    for index in sorted(first_stem):
        pattern, medium = _MEDIUM_RES[index]
        match = pattern.search(attribution, max(0, first_stem[index] - _STEM_OFFSET))
        if match is not None and match.start() < earliest:
            found, earliest = medium, match.start()
    if found is Medium.UNKNOWN and own_account and _OWN_ACCOUNT_RE.search(attribution):
        return Medium.SOCIAL_POST
    if found is Medium.LETTER and (_SOCIAL in first_stem or own_account):
        # "في رسالة نشرها عبر حسابه على إنستغرام": a letter posted is a post
        pattern, _ = _MEDIUM_RES[_SOCIAL]
        if pattern.search(attribution) or _OWN_ACCOUNT_RE.search(attribution):
            return Medium.SOCIAL_POST
    return found


def _without_clause_about_speaker(attribution: str) -> str:
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
        attribution = _QUOTED_RE.sub(" ", attribution)
    if "اليوم" in attribution:
        attribution = _NAMED_TODAY_RE.sub(" ", attribution)
    attribution = _without_clause_about_speaker(attribution)
    published_on = published_at.date() if published_at else None
    explicit = _explicit_date(attribution, published_on)
    if explicit is not None or published_on is None:
        return explicit
    relative = _RELATIVE_DAY_RE.search(attribution)
    if relative is None:
        return _days_ago(attribution, published_on) if "قبل " in attribution else None
    try:
        return _relative_day(relative, published_on)
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


def find_stated_on_and_medium(
    text: str,
    start: int,
    attribution: str,
    published_at: dt.datetime | None,
) -> tuple[dt.date | None, Medium]:
    """The date and medium of the statement at ``start`` in paragraph ``text``, whose
    attribution is ``attribution``; a framing or trailing clause fills what it lacks."""
    stated_on = find_stated_on(attribution, published_at)
    medium = find_medium(_without_clause_about_speaker(attribution))
    if stated_on is not None and medium is not Medium.UNKNOWN:
        return stated_on, medium
    for clause, needs_channel, names_channel in _neighbouring_clauses(text, start):
        channel = find_medium(clause) if names_channel else Medium.UNKNOWN
        if needs_channel and channel is Medium.UNKNOWN:
            continue
        if medium is Medium.UNKNOWN:
            medium = channel
        if stated_on is None:
            stated_on = find_stated_on(clause, published_at)
            if stated_on is not None and published_at and stated_on > published_at.date():
                stated_on = None  # "…، وذلك خلال زيارة الأحد المقبل": a plan, not the occasion
    return stated_on, medium


def _neighbouring_clauses(text: str, start: int) -> list[tuple[str, bool, bool]]:
    """Normalised clauses that may frame the statement at ``start``: the sentence's
    opening clause when a channel or a time opens it and no statement is in it,
    and a trailing "، وذلك في …" or a next sentence's "جاء ذلك خلال …". Each with
    whether it counts only when it names a channel, and whether a channel it names
    is the statement's."""
    clauses = []
    # A framing clause ends at a comma before the statement: most statements have none.
    has_comma = text.find("،", 0, start) != -1 or text.find(",", 0, start) != -1
    sentence_start = _sentence_start(text, start) if has_comma else 0
    if has_comma and _FRAMING_CLAUSE_RE.match(text, sentence_start):
        comma = _first_comma(text, sentence_start, start)
        if comma != -1 and comma - sentence_start <= _FRAMING_CLAUSE_MAX:
            opening = normalize_arabic(text[sentence_start:comma])
            if not _STATEMENT_INSIDE_RE.search(opening):
                clauses.append((opening, _framing_words(opening) > _FRAMING_TIME_WORDS, True))
    comma_after = text.find("،", start) != -1 or text.find(",", start) != -1
    if comma_after and not (text.find("ذلك ", start) != -1 or text.find("جاء", start) != -1):
        sentence_end = find_sentence_end(text, start)
        last_comma = max(text.rfind("،", start, sentence_end), text.rfind(",", start, sentence_end))
        if (
            last_comma != -1
            and _LAST_CLAUSE_CHANNEL_RE.match(text, last_comma + 1)
            # "قال إن الحكومة أعلنت الإغلاق، في بيان": the channel of the verb within
            and not VERB_RE.search(text, start, last_comma)
        ):
            clauses.append((normalize_arabic(text[last_comma + 1 : sentence_end]), True, True))
    elif text.find("ذلك ", start) != -1 or text.find("جاء", start) != -1:  # both forms do
        sentence_end = find_sentence_end(text, start)
        trailing = _TRAILING_OCCASION_RE.search(text, start, sentence_end)
        if trailing is None and sentence_end < len(text):
            trailing = _NEXT_SENTENCE_OCCASION_RE.match(text, sentence_end + 1)
            if trailing is not None:
                sentence_end = find_sentence_end(text, trailing.end())
        if trailing is not None:
            clause_end = _CLAUSE_BREAK_RE.search(text, trailing.end(), sentence_end)
            words = text[trailing.start() : clause_end.start() if clause_end else sentence_end]
            names_channel = _CHANNEL_AHEAD_RE.match(text, trailing.end()) is not None
            clauses.append((normalize_arabic(words.lstrip("،, ")), False, names_channel))
    return clauses


def _framing_words(opening: str) -> int:
    """Words of a framing clause, "وقت سابق من" counted as none: "وفي وقت سابق من
    اليوم" is a time alone."""
    words = len(opening.split())
    if "وقت " in opening and (lead := _TIME_LEAD_RE.search(opening)) is not None:
        words -= len(lead.group().split())
    return words


_TIME_LEAD_RE = re.compile(r"(?<!\w)وقت (?:سابق|متاخر|مبكر) (?:من )?")


def _sentence_start(text: str, position: int) -> int:
    """Just after the last full stop (or ! ? ؟) before ``position`` that ends a
    sentence (followed by a space or a quotation mark, not "4.1"): C-level
    backward scans, cheaper than a regex over the paragraph's start."""
    start = 0
    for mark in _SENTENCE_MARKS:
        found = text.rfind(mark, 0, position)
        while found >= start:
            following = text[found + 1 : found + 2]
            if not following or following.isspace() or following in _AFTER_SENTENCE:
                start = found + 1
                break
            found = text.rfind(mark, 0, found)
    return start


def _first_comma(text: str, start: int, end: int) -> int:
    found = [at for mark in _CLAUSE_MARKS if (at := text.find(mark, start, end)) != -1]
    return min(found) if found else -1


def _explicit_date(attribution: str, published_on: dt.date | None) -> dt.date | None:
    """The first date spelled out in full: "3 مارس 2024", "الأول من أكتوبر", "2024/3/3"."""
    default_year = published_on.year if published_on else None
    for match in TEXT_DATE_RE.finditer(attribution):
        date = parse_text_date(match, default_year=default_year)
        if date:
            return _not_after(date, published_on, yearless=not match.group("year"))
    if _OF_A_MONTH in attribution:
        for match in _DAY_OF_MONTH_RE.finditer(attribution):
            date = _day_of_month(match, published_on)
            if date:
                return _not_after(date, published_on, yearless=not match.group("year"))
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
                return _not_after(date, published_on, yearless=True)
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


def _not_after(date: dt.date, published_on: dt.date | None, *, yearless: bool) -> dt.date:
    """A yearless date after publication is of the year before ("في 28 ديسمبر" in January)."""
    if yearless and published_on is not None and date > published_on:
        try:
            return date.replace(year=date.year - 1)
        except ValueError:  # 29 February, or year 1
            return date
    return date


def _relative_day(match: re.Match[str], published_on: dt.date) -> dt.date:
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


# "وأوضح الوزير في المؤتمر ذاته"، "في البرنامج نفسه": the occasion of an earlier statement.
_SAME_OCCASION_RE = re.compile(
    r"(?<!\w)(?:في|خلال|عبر|علي) ال(?P<noun>\w{3,}?)[ةه]? (?:ذات|نفس)(?:ه|ها)(?!\w)"
)


def earlier_on_same_occasion(
    attribution: str, earlier: Sequence[ParsedClaim], paragraphs: Sequence[str]
) -> ParsedClaim | None:
    """For "وأوضح الوزير في المؤتمر ذاته": the latest of the ``earlier`` claims whose
    sentence names that occasion before its statement ("في مؤتمر صحفي اليوم"); None
    for a time ("في الوقت نفسه") or when no claim names it."""
    if "ذات" not in attribution and "نفس" not in attribution:
        return None
    match = _SAME_OCCASION_RE.search(attribution)
    if match is None:
        return None
    noun = match["noun"]
    if noun in TIME_WORDS or "ال" + noun in TIME_WORDS or "ال" + noun in YEAR_WORDS:
        return None
    for claim in reversed(earlier):
        text = paragraphs[claim.paragraph - 1]
        if noun in normalize_arabic(text[_sentence_start(text, claim.start) : claim.start]):
            return claim
    return None


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
    day = _not_after(day, published_on, yearless=not match.group("year"))
    if day == published_on:
        return published_at
    filed = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    if not dt.timedelta(0) < published_at - filed <= _DATELINE_NIGHT:
        return published_at
    return published_at.replace(year=day.year, month=day.month, day=day.day)


# "في المؤتمر الصحفي عقب المباراة"، "خلال حفل التوقيع": the statement is dated by an
# event the article has told of, when the sentence telling of it gives its day.
_EVENT_WORDS = ("عقب", "بعد", "خلال", "اثناء", "اثر", "ختام", "هامش")
_EVENT_RE = re.compile(
    r"(?<!\w)(?:عقب|بعد|خلال|اثناء|اثر|اختتام|ختام|هامش)\s+(?:حفل\s+)?ال(?P<event>\w{3,})"
)
_TAF_IL_RE = re.compile(r"ت(.)(.)ي(.)")  # "توقيع" is told by "وقّعت", "تتويج" by "توّج"
# "افتتاح" is told by "افتتح", "اجتماع" by "اجتمع", "استقبال" by "استقبل": the verb
# is the noun without the alef before its last letter.
_IFTI_AL_RE = re.compile(r"(ا\w{3,4})ا(\w)")


def event_stated_on(
    attribution: str, before: str, published_at: dt.datetime | None
) -> dt.date | None:
    """The day of the event that ``attribution`` refers to ("عقب المباراة"), from the
    first sentence of ``before`` (the article up to the statement) that tells of that
    event and names a day; None when no sentence does."""
    if not any(word in attribution for word in _EVENT_WORDS):
        return None
    event = _EVENT_RE.search(attribution)
    if event is None:
        return None
    noun = event["event"]
    if "ال" + noun in TIME_WORDS or noun in TIME_WORDS or "ال" + noun in YEAR_WORDS:
        return None  # "خلال الأسبوع"، "بعد الظهر": a time, no event
    verbal = _TAF_IL_RE.fullmatch(noun) or _IFTI_AL_RE.fullmatch(noun)
    root = "".join(verbal.groups()) if verbal else None
    sentences = _SENTENCE_SPLIT_RE.split(normalize_arabic(before))
    for sentence in sentences:
        if any(_tells_of(word, noun, root) for word in sentence.split()):
            day = find_stated_on(sentence, published_at)
            if day is not None:
                return day
    if noun in _GATHERINGS and published_at is not None:
        # "عقب المباراة" after a lead "فاز الفريق … مساء اليوم الخميس": the match, the
        # session or the meeting the report is about, dated by its lead relative to
        # publication (a date spelled out there is more often the next session's).
        relative = _RELATIVE_DAY_RE.search(_QUOTED_RE.sub(" ", sentences[0]))
        if relative is not None:
            try:
                return _relative_day(relative, published_at.date())
            except OverflowError:
                return None
    return None


# The events a report is about without always naming them in its lead.
_GATHERINGS = frozenset(
    normalize_arabic(word)
    for word in ("مباراة", "مباراه", "جلسة", "جلسه", "اجتماع", "لقاء", "قمة", "قمه", "مواجهة")
)


def _tells_of(word: str, noun: str, root: str | None) -> bool:
    """ "المباراة" tells of المباراة; "وقعت" (the root in a short word) of التوقيع."""
    return word.endswith(noun) or (
        root is not None and root in word and len(word) <= len(root) + _VERB_AFFIXES
    )


_VERB_AFFIXES = 3
_SENTENCE_SPLIT_RE = re.compile(r"[.!?؟\n]+\s*")


# "وعقد الوزير مؤتمراً صحفياً ظهر اليوم. وقال في المؤتمر إن …"، "وأكد خلاله"، "وأضاف
# فيه"، "وقال خلال الزيارة": the occasion the sentence before told of, by a pronoun or
# by its name; a visit is told by its verb ("وزار الوزير …").
_OCCASION_VERBS = {"زيارة": "زار"}


def refers_to_occasion(attribution: str) -> bool:
    """Does the attribution point back to an occasion ("خلاله", "في المؤتمر")? Most
    attributions hold neither a pronoun after في/خلال nor a definite noun after them:
    substring tests spare the patterns."""
    if (
        "فيه" in attribution or "خلاله" in attribution or "اثناءه" in attribution
    ) and OCCASION_PRONOUN_RE.search(attribution):
        return True
    if "في ال" in attribution or "خلال ال" in attribution or "اثناء ال" in attribution:
        return OCCASION_NAMED_RE.search(attribution) is not None
    return False


def occasion_told_before(
    attribution: str,
    sentence_before: str,
    earlier: ParsedClaim | None,
    published_at: dt.datetime | None,
) -> tuple[dt.date | None, Medium]:
    """For "وقال خلاله" / "وقال في المؤتمر": the day and medium of the occasion the
    sentence before the statement's told of (``sentence_before``, normalised), or of
    the ``earlier`` claim made in that sentence; nothing when the attribution points
    back to no occasion or that sentence names another."""
    if OCCASION_PRONOUN_RE.search(attribution) is None:
        named = OCCASION_NAMED_RE.search(attribution)
        if named is None:
            return None, Medium.UNKNOWN
        noun = named["noun"]
        stem = noun[:-1] if noun.endswith(("ة", "ه")) else noun
        verb = _OCCASION_VERBS.get(noun)
        if stem not in sentence_before and not (
            verb is not None and any(word.endswith(verb) for word in sentence_before.split())
        ):
            return None, Medium.UNKNOWN
    if earlier is not None:
        return earlier.stated_on, earlier.medium
    stated_on = find_stated_on(sentence_before, published_at)
    if stated_on is not None and published_at is not None and stated_on > published_at.date():
        stated_on = None  # "ويزور الوزير المدينة الأحد المقبل": a plan
    return stated_on, find_medium(sentence_before)


def sentence_before(text: str, start: int) -> tuple[int, int]:
    """The span of the sentence before the one holding ``start`` in ``text``; (0, 0)
    when that sentence opens the paragraph."""
    opening = _sentence_start(text, start)
    if not text[:opening].strip():
        return 0, 0
    return _sentence_start(text, opening - 1), opening
