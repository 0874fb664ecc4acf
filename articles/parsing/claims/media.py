"""Through what a statement was made: the medium an attribution names.

``find_medium`` reads the normalised words around the verb or marker ("قال … في
بيان"): the earliest medium marker wins, and a quoted programme or outlet name
("برنامج "حديث اليوم"") names none.
"""

from __future__ import annotations

import re

from articles.parsing.text import normalize_arabic, trie_pattern
from articles.parsing.types import Medium

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
