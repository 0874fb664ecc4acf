"""Who is speaking: a speaker phrase split into name, role, kind and aliases.

"فلان المتحدث باسم قوات كذا المعروفة باسم "ق"" gives the name فلان, the role
"المتحدث باسم قوات كذا" and the alias ق of "قوات كذا". Within one article a
definite description ("الصحيفة الأمريكية", "الوزارة") or a bare surname refers
back to the latest speaker it describes. Word lists only; no names.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from articles.parsing.text import normalize_arabic, word_key, word_keys
from articles.parsing.types import SpeakerKind

_TOKEN_RE = re.compile(r"\S+")
_EDGE = " \u00a0،,:؛;-\"'«»“”"


ROLE_NOUNS = frozenset(
    normalize_arabic(word)
    for stem in (
        "متحدث", "ناطق", "وزير", "رئيس", "مدير", "قائد", "مسؤول", "عضو", "مستشار", "سفير",
        "نائب", "أمين", "مندوب", "ممثل", "محافظ", "عميد", "منسق", "مراسل", "خبير", "أستاذ",
        "باحث", "مؤسس", "زعيم", "والي", "مدرب", "طبيب", "محلل", "محامي", "قاضي", "لاعب",
        "نقيب", "ولي", "عمدة", "مفتي", "قنصل", "مهاجم", "مدافع", "حارس",
    )
    for word in (stem, stem + "ة", "ال" + stem, "ال" + stem + "ة")
)  # fmt: skip

# Descriptions that follow a personal name: "فلان القيادي في …" is فلان, with that
# role (but "المكتب السياسي" is one name).
_DESCRIPTORS_AFTER_NAME = frozenset(
    normalize_arabic("ال" + stem + ending)
    for stem in (
        "قيادي", "ناشط", "كاتب", "صحفي", "صحافي", "إعلامي", "أكاديمي", "معارض", "حقوقي",
        "مرشح", "برلماني", "مبعوث", "مفوض", "مختص", "أخصائي", "ضابط", "نقيب", "مقرر",
        "وكيل", "محاضر", "مخرج", "فنان", "سياسي", "دبلوماسي", "اقتصادي",
    )
    for ending in ("", "ة")
)  # fmt: skip
# A relative or a representative speaks for someone else: in "محامي اللاعب فلان"
# the name is the player's, and the speaker is the lawyer.
ON_BEHALF_HEADS = word_keys(
    "محامي", "محامية", "محامو", "والد", "والدة", "شقيق", "شقيقة", "زوج", "زوجة", "ابن",
    "ابنة", "نجل", "نجلة", "عائلة", "أسرة", "ذوو", "ذوي", "أقارب", "وكيل", "وكيلة", "عم",
    "خال", "جد", "جدة", "صديق", "صديقة", "جيران", "زملاء",
)  # fmt: skip
# (Not مستشار or مساعد: in "مستشار الرئيس فلان" the name is the adviser's.)
# The person the relative or representative speaks for: "اللاعب", "المتهم", "الضحية".
_REPRESENTED = word_keys(
    "اللاعب", "اللاعبة", "المتهم", "المتهمة", "المتهمين", "الضحية", "الضحايا", "الطفل",
    "الطفلة", "الفتاة", "الشاب", "الشابة", "المعتقل", "المعتقلة", "الأسير", "الأسيرة",
    "السجين", "السجينة", "الفنان", "الفنانة", "المغني", "المغنية", "النجم", "النجمة",
    "الراحل", "الراحلة", "القتيل", "المصاب", "المفقود", "المفقودة", "الصحفي", "الصحفية",
    "الناشط", "الناشطة", "الرئيس", "الملاكم", "العداء", "العداءة", "البطل", "البطلة",
    "المدعى", "المرشح", "المرشحة", "الوزير", "الوزيرة", "المخرج", "الكاتب", "الكاتبة",
)  # fmt: skip

# Heads of an unnamed source: kept as the text gives them, never given a name.
UNNAMED_HEADS = word_keys(
    "مسؤول", "مسؤولة", "مسؤولون", "مسؤولين", "مسؤولو", "مصدر", "مصادر", "شهود", "شاهد",
    "سكان", "ناشطون", "ناشطين", "ناشط", "محللون", "محللين", "خبراء", "دبلوماسي",
    "دبلوماسيون", "دبلوماسيين", "مراقبون", "مراقبين", "متحدث", "متحدثة", "ضابط", "ضباط",
    "موظف", "موظفون", "مستخدمون", "مستخدمين", "مغردون", "مغردين", "أطباء", "طبيب", "عمال",
    "مقربون", "مصادر", "جهات", "أوساط", "أحد", "إحدى",
    "المسؤول", "المسؤولون", "المصدر", "المصادر", "الشهود", "السكان",
)  # fmt: skip
# Words that start an organisation's name.
ORGANISATION_HEADS = word_keys(
    "وزارة", "منظمة", "صحيفة", "جريدة", "وكالة", "قناة", "موقع", "مجلة", "إذاعة", "شبكة",
    "قوات", "جيش", "الجيش", "حركة", "حزب", "مجلس", "هيئة", "لجنة", "شركة", "حكومة",
    "الحكومة", "بنك", "البنك", "جمعية", "مكتب", "مركز", "الشرطة", "شرطة", "جامعة", "اتحاد",
    "مرصد", "المرصد", "الرئاسة", "السلطات", "سلطات", "رئاسة", "محكمة", "المحكمة", "نقابة",
    "مؤسسة", "برنامج", "صندوق", "مفوضية", "المفوضية", "الأمم", "البيت", "الكرملين", "الخارجية",
    "الداخلية", "الدفاع", "الصحة", "بلدية", "البلدية", "جماعة", "ائتلاف", "تحالف", "التحالف",
    "فصائل", "الفصائل", "كتائب", "مستشفى", "المستشفى", "النيابة", "نيابة", "الادعاء", "الدفاع",
    "الصليب", "الهلال", "إدارة", "جهاز", "الجهاز", "المكتب",
    "منصة", "مجموعة", "الشركة", "الوزارة", "المنظمة", "الهيئة", "الإدارة",
)  # fmt: skip
_STOP_SEARCH = word_keys("في", "من", "عن", "على", "لدى", "أمام", "داخل", "مع")
# Words between a role and a name that belong to neither: "مدير أحد المخيمات".
_NOT_NAME_STARTS = word_keys(
    "أحد", "إحدى", "بعض", "عدد", "باسم", "باسمه", "باسمها", "باسمهم", "في", "من", "عن", "و",
    "لدى", "أمام", "على", "إلى", "بلا", "بدون", "دون", "ضد", "حول", "بين", "أجل",
)  # fmt: skip
# Words that are given names as well as a role or a particle: "مدرب الاتحاد أمين صبري",
# "مدرب النجوم باسم الراعي". Each is a name after a role unless its other use is the one
# the words around it make: باسم after a spokesman, أمين before its complement.
_GIVEN_NAMES_TOO = word_keys("أمين", "باسم")
_SPOKESMEN = word_keys(
    "متحدث", "متحدثة", "المتحدث", "المتحدثة", "ناطق", "ناطقة", "الناطق", "الناطقة", "تحدث",
    "تحدثت", "وقع", "وقعت",
)  # fmt: skip
# "أمين عام الحزب"، "أمين سر اللجنة"، "أمين الصندوق": أمين as a title, with its complement.
_AMIN_COMPLEMENTS = word_keys(
    "عام", "عامة", "سر", "صندوق", "مال", "مكتبة", "مظالم", "عاصمة", "متحف", "مخازن",
)  # fmt: skip
# First words of names of three words: "عبد الفتاح دولة", "أبو علي الحسن".
_COMPOUND_NAME_STARTS = word_keys("عبد", "أبو", "أبي", "أم", "بن", "ابن", "ولد")
# Publishers' type nouns: "صحيفة X الأمريكية" is X.
MEDIA_HEADS = word_keys("صحيفة", "جريدة", "وكالة", "قناة", "موقع", "مجلة", "إذاعة", "شبكة")
# Definite descriptions that refer back: "الصحيفة", "الوزارة", "المنظمة" ….
_ANAPHORIC_HEADS = frozenset(
    "ال" + word for word in ORGANISATION_HEADS if not word.startswith("ال")
)
# Where an affiliation starts: "مسؤول في الوزارة", "المتحدث باسم الحركة فلان".
_AFFILIATION_STARTS = word_keys(
    "في", "من", "لدى", "داخل", "ب", "بـ", "عن", "على", "عبر", "مقرب", "مقربة"
)
_NOT_AFFILIATION = word_keys("على", "عبر", "عن")
# Titles before a name: "اللواء فلان"، "الدكتور فلان" (definite ones are definite anyway).
TITLES = word_keys(
    "د.", "م.", "الشيخ", "السيد", "السيدة", "اللواء", "العميد", "العقيد", "المقدم", "الدكتور",
    "الدكتورة", "المهندس", "المهندسة", "الأستاذ", "الأستاذة", "الفريق", "المستشار",
    "الرائد", "الملازم", "الرقيب", "المشير", "الحاج", "الحاجة", "القاضي", "القاضية",
)  # fmt: skip
# "الناطق باسمه فلان": the pronoun ends the role as a definite word would.
_ON_BEHALF_OF_IT = word_keys("باسمه", "باسمها", "باسمهم", "باسمهما")
# "ولية أمر تدعى سعاد"، "موظف يدعى فلان": the name after the verb of naming.
_NAMED_RE = re.compile(r"\s+(?:تدعى|يدعى|تُدعى|يُدعى|اسمها|اسمه)\s+(?P<name>\S.*)$")
_ALIAS_RE = re.compile(
    r"\s*[،,]?\s*(?:ال)?(?:معروف|معروفة|معروفين|معروفون|مسمى|مسماة|ملقب|ملقبة)"
    r"\s+(?:باسم|ب|بـ)\s*(?:[\"«“”']\s*(?P<quoted>[^\"«»“”']+?)\s*(?:[\"»”']|$)|(?P<bare>\S+))"
)
_ASIDE_RE = re.compile(r"\s*\([^()]{1,40}\)")
_PARENTHESIS_RE = re.compile(r"\s*\((?P<alias>[^()]{1,40})\)\s*$")
_ON_BEHALF = normalize_arabic("باسم")


_ALI = normalize_arabic("علي")


def token_key(token: str) -> str:
    """``word_key``, except that the name علي stays apart from the preposition على,
    which normalises to the same letters: "وزير الخارجية علي فلان", "أبو علي"."""
    key = word_key(token)
    return key + "\u200c" if key == _ALI and "ى" not in token else key


@dataclass(frozen=True)
class SpeakerPhrase:
    name: str
    role: str = ""
    kind: SpeakerKind = SpeakerKind.UNKNOWN
    # (entity, alias) pairs the phrase defines; the entity may be in the role.
    aliases: tuple[tuple[str, str], ...] = ()
    # The full phrase when it was shortened ("صحيفة X الأمريكية" → X).
    mention: str = ""
    anaphor: bool = False  # "الصحيفة الأمريكية": resolve against earlier speakers
    descriptors: tuple[str, ...] = field(default=())


# Speaker phrases recur ("قال مسؤولون", "وزارة الصحة"); the result is immutable.
@functools.lru_cache(maxsize=1 << 14)
def analyse_speaker(phrase: str) -> SpeakerPhrase | None:
    """Split a speaker phrase; None when nothing is left of it."""
    phrase = " ".join(phrase.split()).strip(_EDGE)
    if not phrase:
        return None
    aliases: list[tuple[str, str]] = []
    alias_match = _ALIAS_RE.search(phrase) if _may_define_alias(phrase) else None
    alias_of_role = ""
    if alias_match and alias_match.start() > 0:
        alias = (alias_match.group("quoted") or alias_match.group("bare")).strip(_EDGE)
        before = phrase[: alias_match.start()].strip(_EDGE)
        phrase = (before + " " + phrase[alias_match.end() :]).strip(_EDGE)
        alias_of_role = alias
        entity_text = before
    parenthesis = _PARENTHESIS_RE.search(phrase) if phrase.endswith(")") else None
    if parenthesis and parenthesis.start() > 0:
        alias = parenthesis.group("alias").strip(_EDGE)
        phrase = phrase[: parenthesis.start()].strip(_EDGE)
        if alias and not any(ch.isdigit() for ch in alias):
            aliases.append((phrase, alias))
    elif "(" in phrase:
        # "الأمين العام لحلف شمال الأطلسي (الناتو) مارك روته": the aside goes.
        phrase = _ASIDE_RE.sub("", phrase).strip(_EDGE) or phrase

    tokens = list(_TOKEN_RE.finditer(phrase))
    keys = [token_key(token.group()) for token in tokens]
    name, role = phrase, ""
    kind = SpeakerKind.PERSON
    named = _NAMED_RE.search(phrase) if len(tokens) > 2 else None
    if named is not None:
        # "ولية أمر تدعى سعاد", "شاهد عيان يدعى محمد": the name follows the verb of naming.
        name, role = named.group("name"), phrase[: named.start()]
    elif keys[0] in UNNAMED_HEADS and not _role_then_name(keys, phrase):
        # "مصدر في إدارة الميناء", "مصادر مقربة من اللاعب": the affiliation is all an
        # unnamed source has for a name; without it every source would be one speaker.
        kind = SpeakerKind.UNNAMED
        # "مستخدمون على مواقع التواصل": a platform or a channel is no affiliation.
        cut = next(
            (
                index
                for index, key in enumerate(keys[1:], 1)
                if key in _NOT_AFFILIATION or (key.startswith("ل") and not _is_definite(key))
            ),
            len(tokens),
        )  # "دبلوماسيون لرويترز": whom they spoke to is no affiliation either
        if cut < len(tokens):
            name = phrase[: tokens[cut].start()].strip(_EDGE)
    elif keys[0] in ON_BEHALF_HEADS and len(keys) > 1 and keys[1] in _REPRESENTED:
        pass  # "محامي اللاعب فلان": the lawyer speaks, the name is the player's
    elif _is_role_key(keys[0]) and keys[0] not in ORGANISATION_HEADS and len(tokens) > 1:
        # "وزير الطاقة فلان الفلاني": the name follows the role and its definite complement.
        start = _name_start(keys, phrase)
        if start is not None:
            name = phrase[tokens[start].start() :]
            role_end = start
            while role_end > 0 and keys[role_end - 1] in TITLES:
                if role_end > 1 and not _is_definite(keys[role_end - 2]):
                    break  # "مدرب الفريق فلان": the complement of مدرب, no rank
                role_end -= 1  # "… اللواء فلان": the title is neither role nor name
            role = phrase[: tokens[role_end].start()]  # "" for "الدكتور فلان"
    else:
        for index, token in enumerate(tokens[1:], 1):
            if index == len(tokens) - 1 and _is_definite(keys[index]):
                break  # "أحمد القاضي", "خليل الوزير": a family name, not a role
            if keys[index] in ROLE_NOUNS or (
                keys[index] in _DESCRIPTORS_AFTER_NAME and not _is_definite(keys[0])
            ):
                name, role = phrase[: token.start()].strip(_EDGE), phrase[token.start() :]
                break
        if keys[0] in ORGANISATION_HEADS or _is_organisation_key(keys[0]):
            kind = SpeakerKind.ORGANISATION
    if alias_of_role:
        # The alias names what stands right before it: the organisation after باسم, or the name.
        entity = entity_text
        if role and _ON_BEHALF in normalize_arabic(entity_text):
            entity = re.split(r"\s+باسم\s+", entity_text, maxsplit=1)[-1]
        elif role:
            entity = name
        aliases.append((entity.strip(_EDGE), alias_of_role))
    role = role.strip(_EDGE)

    mention, anaphor = "", False
    descriptors: tuple[str, ...] = ()
    name_tokens = name.split()
    name_keys = [word_key(t) for t in name_tokens]
    if len(name_keys) == 1 and name_keys[0] in ROLE_NOUNS and _is_definite(name_keys[0]):
        anaphor = True  # "الوزير" after "وزير الفلاحة فلان"
        descriptors = (name_keys[0],)
    elif (
        name_keys
        and name_keys[0] in _ANAPHORIC_HEADS
        and all(key.startswith("ال") for key in name_keys[1:3])
        and len(name_keys) <= 3
    ):
        anaphor = True
        descriptors = tuple(name_keys)
        kind = SpeakerKind.ORGANISATION
    elif (
        len(name_tokens) >= 2 and name_keys[0] in MEDIA_HEADS and not name_keys[1].startswith("ال")
    ):
        # "صحيفة X الأمريكية" is X: drop the type noun and the adjectives of origin.
        core = name_tokens[1:]
        while len(core) > 1 and _is_nisba(normalize_arabic(core[-1])):
            core.pop()
        mention, name = name, " ".join(core)
        kind = SpeakerKind.ORGANISATION
    return SpeakerPhrase(
        name=name,
        role=role,
        kind=kind,
        aliases=tuple(aliases),
        mention=mention,
        anaphor=anaphor,
        descriptors=descriptors,
    )


def _name_start(keys: list[str], phrase: str) -> int | None:
    """Where the name starts after a role: "رئيس نادي الشعلة | فلان الفلاني".

    A name starts with a proper word (not definite, not a particle, a role, an
    organisation or an adverb) right after a definite word or a title, and has
    at least two words; so "مدير برنامج مكافحة الأمراض" (مكافحة follows an
    indefinite word) and "مدير الوكالة الرسمية سانا" (one word) are not split.
    """
    for index in range(1, len(keys) - 1):
        key, previous = keys[index], keys[index - 1]
        if not (
            _is_definite(previous)
            or previous in TITLES
            or previous in _ON_BEHALF_OF_IT
            or _after_organisation_name(keys, index)
        ):
            continue
        if given_name_at(keys, index):
            return index
        if (
            (_is_definite(key) and not _hamza_first(phrase, index))
            or key in ORGANISATION_HEADS
            or key in ROLE_NOUNS
            or key in _NOT_NAME_STARTS
            or key in _STOP_SEARCH
            or key in _AFFILIATION_STARTS
            or key.startswith(('"', "«", "“"))
            or key.endswith(("اً", "ًا"))
            or (key.startswith("ل") and not _is_short_name_with_lam(key))
        ):
            continue
        if any(
            later in ORGANISATION_HEADS or later in _STOP_SEARCH or later in _NOT_NAME_STARTS
            for later in keys[index + 1 :]
        ):
            continue  # "… لمكتب الأمم المتحدة": what follows is no name
        return index
    return None


def given_name_at(keys: list[str], index: int) -> bool:
    """Does a name such as أمين or باسم start at ``index``, with its surname the
    last word ("رئيس الحزب أمين الناصر"; not "المتحدث باسم الحزب", "أمين عام الحزب")?"""
    key = keys[index]
    if key not in _GIVEN_NAMES_TOO or len(keys) - index != 2:
        return False
    following = keys[index + 1]
    if key == _BASIM:  # "المتحدث العسكري باسم الحوثيين": on behalf of, after a spokesman
        return not any(earlier in _SPOKESMEN for earlier in keys[:index]) and not (
            following in ORGANISATION_HEADS or _is_organisation_key(following)
        )
    return (
        following.removeprefix("ال") not in _AMIN_COMPLEMENTS
        and following not in ORGANISATION_HEADS
        and not _is_organisation_key(following)
    )


_BASIM = word_key("باسم")


def _role_then_name(keys: list[str], phrase: str) -> bool:
    """ "طبيب الأطفال فلان الفلاني": a role noun that may head an unnamed source, its
    complement and a name (not "مسؤول في إحدى الجماعات شبه العسكرية")."""
    if keys[0] not in ROLE_NOUNS:
        return False
    start = _name_start(keys, phrase)
    return start is not None and not any(
        key in _STOP_SEARCH or key in _AFFILIATION_STARTS or key in _NOT_NAME_STARTS
        for key in keys[1:start]
    )


def _hamza_first(phrase: str, index: int) -> bool:
    """Is word ``index`` of ``phrase`` written with إل/أل ("إلياس", "إلهام"), which the
    article ال never is?"""
    return phrase.split()[index].startswith(("إل", "أل"))


def _after_organisation_name(keys: list[str], index: int) -> bool:
    """ "المتحدث باسم حركة حماس | حازم قاسم": an organisation's one-word proper name
    ends the role when a name of two words (three with عبد/أبو …) is all that is left."""
    head = keys[index - 2] if index >= 2 else ""
    if head.startswith("ل") and head[1:] in ORGANISATION_HEADS:
        head = head[1:]  # "عضو المكتب السياسي لحركة X فلان"
    if head not in ORGANISATION_HEADS or _is_definite(keys[index - 1]):
        return False
    left = len(keys) - index
    return left == 2 or (
        left == 3 and (keys[index] in _COMPOUND_NAME_STARTS or _is_definite(keys[index + 1]))
    )


def _is_short_name_with_lam(key: str) -> bool:
    """Names such as "لمى"، "لبنى"، "لؤي"; not ل + a complement, "لشؤون"، "لنقابة"."""
    return len(key) <= 4 and key.endswith(("ى", "ي", "ا"))


def _is_definite(key: str) -> bool:
    return key.startswith(("ال", "لل", "وال", "بال"))


def _is_role_key(key: str) -> bool:
    """A role or a description of a person: "وزير", "المتحدث", "الطبيب", "الخبير"."""
    return key in ROLE_NOUNS or (
        _is_definite(key) and key not in ORGANISATION_HEADS and key not in UNNAMED_HEADS
    )


def _is_proper_start(key: str) -> bool:
    return key not in _NOT_NAME_STARTS and not key.startswith(('"', "«", "“"))


def _may_define_alias(phrase: str) -> bool:
    return "معروف" in phrase or "مسما" in phrase or "مسمى" in phrase or "ملقب" in phrase


def _is_nisba(key: str) -> bool:
    return key.startswith("ال") and (key.endswith("ية") or key.endswith("ي"))


def _is_organisation_key(key: str) -> bool:
    return key.startswith("ال") and key[2:] in ORGANISATION_HEADS


def mention_matches(descriptors: tuple[str, ...], earlier_mention: str) -> bool:
    """Does "الصحيفة الأمريكية" describe "صحيفة X الأمريكية"? Type noun and adjectives agree."""
    words = [word_key(word) for word in earlier_mention.split()]
    if not words:
        return False
    head = descriptors[0][2:]  # without ال
    first = words[0].removeprefix("ال")
    if first != head:
        return False
    return all(adjective in words for adjective in descriptors[1:])
