"""Figures a statement asserts: "200 على الأقل", "45 ألف شخص", "مليون نسمة", "30%".

Matching runs on a copy of the text normalised character for character (alef
forms, ى, Arabic-Indic digits), so every match indexes the original as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from articles.parsing.dates import MONTHS
from articles.parsing.text import trie_pattern
from articles.parsing.types import Figure, Qualifier

# One character in, one character out: offsets stay valid in the original.
_SAME_LENGTH = str.maketrans(
    {
        **{ch: "ا" for ch in "أإآٱ"},
        "ى": "ي",
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "٫": ".",
        "٬": ",",
        "٪": "%",
    }
)

_NUMBER_WORDS: dict[str, float] = {
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "ثلاثة": 3, "ثلاث": 3,
    "اربعة": 4, "اربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "سبعة": 7, "ثمانية": 8, "ثماني": 8,
    "تسعة": 9, "عشرة": 10, "عشر": 10, "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30,
    "اربعين": 40, "اربعون": 40, "خمسين": 50, "خمسون": 50, "مئة": 100, "مائة": 100,
    "مئتي": 200, "مئتين": 200, "مائتي": 200, "مائتين": 200, "الف": 1000,
    "الفي": 2000, "الفين": 2000, "مليون": 1e6, "مليوني": 2e6, "مليونين": 2e6,
    "مليار": 1e9,
}  # fmt: skip
_MULTIPLIERS: dict[str, float] = {
    "الف": 1e3, "الفا": 1e3, "الاف": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9, "مليارات": 1e9,
}  # fmt: skip
_QUALIFIERS: dict[str, Qualifier] = {
    "ما لا يقل عن": Qualifier.AT_LEAST,
    "لا يقل عن": Qualifier.AT_LEAST,
    "اكثر من": Qualifier.MORE_THAN,
    "ما يزيد على": Qualifier.MORE_THAN,
    "ما يزيد عن": Qualifier.MORE_THAN,
    "ما يربو على": Qualifier.MORE_THAN,
    "ما يصل الي": Qualifier.UP_TO,
    "ما يصل الى": Qualifier.UP_TO,
    "اقل من": Qualifier.LESS_THAN,
    "ما يقرب من": Qualifier.ABOUT,
    "نحو": Qualifier.ABOUT,
    "حوالي": Qualifier.ABOUT,
    "قرابة": Qualifier.ABOUT,
    "زهاء": Qualifier.ABOUT,
}
# Spelled as the folded text spells them (ى → ي).
_QUALIFIERS_BEFORE = {words.translate(_SAME_LENGTH): q for words, q in _QUALIFIERS.items()}
_AT_LEAST_AFTER = "على الأقل".translate(_SAME_LENGTH)


def _words(words: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


# The number itself; what may stand before and after it is checked around each match.
# Digits and number words are found by two simple scans: each lets the regex
# engine skip ahead by its first character, which one combined pattern cannot.
_DIGITS_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*(?!\w)")
_NUMBER_WORD_RE = re.compile(rf"(?:{trie_pattern(_NUMBER_WORDS)})(?!\w)")
_TAIL_RE = re.compile(
    rf"(?:\s*(?P<multiplier>{_words(_MULTIPLIERS)})(?!\w))?"
    r"(?P<percent>\s*(?:%|في الم[ئا]ئ?ة|بالم[ئا]ئ?ة))?"
    rf"(?:\s+(?P<after>{_AT_LEAST_AFTER}))?"
    r"(?:\s+(?:من\s+)?(?P<unit>[^\s0-9،,.:؛;!?؟\"«»“”()]+))?"
    # "ثلاثة لاعبين على الأقل", "300 مكتب اقتراع على الأقل"
    rf"(?:(?:\s+[^\s0-9،,.:؛;]+)?\s+(?P<late>{_AT_LEAST_AFTER}))?"
)
_LONGEST_QUALIFIER = max(len(words.split()) for words in _QUALIFIERS_BEFORE)
# The last words of the qualifiers: a number after any other word has none.
_QUALIFIER_ENDS = frozenset(words.split()[-1] for words in _QUALIFIERS_BEFORE)
# The word before a year: "عام 2021", "3 مارس/آذار 2021".
_YEAR_WORDS = frozenset(["عام", "سنة", "العام"]) | frozenset(
    word for name in MONTHS for word in name.split()
)
_MONTH_FIRST_WORDS = frozenset(name.split()[0] for name in MONTHS)
_BOUNDARY = frozenset(' \t\n("«“/-\u00a0')
_PREFIXES = frozenset(["", "و", "ب", "ل", "ال", "وال", "بال", "لل", "ول"])
# Letters are folded with str.replace (fast when absent); digits, rarer, by translate.
_LETTER_FOLDS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"))
# One scan finds the first digit of any script: text without digits is common, and
# Arabic-Indic or Persian digits (folded to ASCII) are rare.
_ANY_DIGIT_RE = re.compile("[0-9\u0660-\u066c\u06f0-\u06f9]")
_ASCII_DIGITS = frozenset("0123456789")
_OTHER_DIGITS_RE = re.compile("[\u0660-\u066c\u06f0-\u06f9]")
# Words that follow a number without being what it counts.
_NOT_UNITS = frozenset(
    ("هذا", "هذه", "ذلك", "تلك", "في", "خلال", "منذ", "حتي", "الي", "علي", "عن", "مع", "او",
     "و", "فقط", "تقريبا", "امس", "اليوم")
)  # fmt: skip


def extract_figures(text: str) -> tuple[Figure, ...]:
    """Numbers in ``text`` with their qualifier and unit, in reading order."""
    folded = text
    for char, replacement in _LETTER_FOLDS:
        if char in folded:
            folded = folded.replace(char, replacement)
    digit = _ANY_DIGIT_RE.search(folded)
    if digit is not None and (
        digit.group() not in _ASCII_DIGITS
        or _OTHER_DIGITS_RE.search(folded, digit.end()) is not None
    ):
        folded = folded.translate(_SAME_LENGTH)
    figures: list[Figure] = []
    taken_until = 0
    matches = list(_DIGITS_RE.finditer(folded, digit.start())) if digit is not None else []
    words = list(_NUMBER_WORD_RE.finditer(folded))
    if words:
        matches = sorted(matches + words, key=lambda match: match.start())
    for match in matches:
        start, number = match.start(), match.group()
        if start < taken_until:
            continue  # the "ألف" of "45 ألف"
        space = folded.rfind(" ", 0, start)
        word_start = max(space, folded.rfind("\u00a0", space + 1, start)) + 1
        prefix = folded[word_start:start]
        if prefix not in _PREFIXES and prefix[-1] not in _BOUNDARY:
            continue  # inside a word: "عشرات", "خمسينيات"
        before = folded[max(0, start - 40) : word_start].split()
        if number[0].isdigit():
            after = folded[match.end() : match.end() + 16].split()
            previous = before[-1].replace("/", " ").split() if before else []
            if (previous and previous[-1] in _YEAR_WORDS) or (
                after and after[0].split("/")[0] in _MONTH_FIRST_WORDS
            ):
                continue  # a date, not a figure
            value = _parse_digits(number)
            if value is None:
                continue
        else:
            value = _NUMBER_WORDS[number]
        tail = _TAIL_RE.match(folded, match.end())
        assert tail is not None  # every part of it is optional: it always matches
        if tail.group("multiplier"):
            value *= _MULTIPLIERS[tail.group("multiplier")]
        qualifier = Qualifier.EXACT
        start = match.start()
        if before and before[-1][:1] in "بو" and before[-1][1:] in _QUALIFIERS_BEFORE:
            before[-1] = before[-1][1:]  # "بنحو 70%"
        longest = _LONGEST_QUALIFIER if before and before[-1] in _QUALIFIER_ENDS else 0
        for size in range(min(longest, len(before)), 0, -1):
            words_before = " ".join(before[-size:])
            if words_before in _QUALIFIERS_BEFORE:
                qualifier = _QUALIFIERS_BEFORE[words_before]
                start = folded.rfind(words_before, 0, word_start)
                break
        else:
            if tail.group("after") or tail.group("late"):
                qualifier = Qualifier.AT_LEAST
        if tail.group("percent"):
            unit = "%"
        elif tail.group("unit") and tail.group("unit") in _NOT_UNITS:
            unit = ""
        else:
            unit = text[tail.start("unit") : tail.end("unit")] if tail.group("unit") else ""
        named = ("multiplier", "percent", "after")
        end = max([match.end(), *(tail.end(name) for name in named if tail.group(name))])
        taken_until = end
        figures.append(Figure(value, text[start:end].strip(), qualifier, unit))
    return tuple(figures)


_THOUSANDS_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")


def _parse_digits(number: str) -> float | None:
    if _THOUSANDS_RE.fullmatch(number):
        return float(number.replace(",", ""))
    try:
        return float(number.replace(",", "."))
    except ValueError:
        return None
