"""Nominal attribution: بحسب، حسب، وفقاً لـ، طبقاً لـ، نقلاً عن، على حد قول.

"قتل 12 شخصاً، بحسب وزارة الصحة": the rest of the sentence is the statement;
"وبحسب المصدر، فإن …": what follows the comma (and فإن) is.
"""

from __future__ import annotations

import re

from articles.parsing.claims.attribution import Found, trimmed
from articles.parsing.claims.lexicon import OPENERS
from articles.parsing.claims.patterns import (
    CLAUSE_COMMA_RE,
    NOMINAL_RE,
    STATEMENT_OPENER_RE,
    find_sentence_end,
    find_sentence_start,
)
from articles.parsing.claims.speakers import speaker_after_verb, without_channel
from articles.parsing.text import normalize_arabic, word_key

_OPENER_SPLIT_RE = re.compile(r"[\s،,]+")


def may_attribute_nominally(text: str) -> bool:
    """Substrings every nominal marker contains: a paragraph without any needs no
    nominal pass (a few substring tests cost far less than a regex scan)."""
    return (
        "حسب" in text
        or "وفق" in text
        or "طبق" in text
        or "نقلا" in text
        or "نقلً" in text
        or "حد قول" in text
        or "حد تعبير" in text
    )


def nominal_attributions(text: str, number: int, taken: list[tuple[int, int]]) -> list[Found]:
    """The statements nominal markers attribute in paragraph ``number``, outside ``taken``."""
    found = []
    for marker in NOMINAL_RE.finditer(text):
        if any(start <= marker.start() < end for start, end in taken):
            continue
        sentence_start = find_sentence_start(text, marker.start())
        sentence_end = find_sentence_end(text, marker.end())
        comma = CLAUSE_COMMA_RE.search(text, marker.end(), sentence_end)
        phrase_end = comma.start() if comma else sentence_end
        speaker = speaker_after_verb(without_channel(text[marker.end() : phrase_end]))
        if speaker is None:
            continue
        before = text[sentence_start : marker.start()]
        if before.strip(" ،,") and not _only_openers(before):
            start, end = sentence_start, marker.start()
        elif comma:
            start, end = comma.end(), sentence_end
        else:
            continue
        statement = trimmed(text, marker.start(), start, end, is_quote=False)
        if statement is None:
            continue
        _, start, end, _ = statement
        opener = STATEMENT_OPENER_RE.match(text, start)
        if opener and opener.end() < end:
            start = opener.end()
        found.append(
            Found(
                paragraph=number,
                phrase=speaker,
                gender="",
                start=start,
                end=end,
                is_quote=False,
                attribution=normalize_arabic(text[marker.start() : phrase_end]),
            )
        )
        taken.append((min(start, marker.start()), max(end, phrase_end)))
    return found


def _only_openers(text: str) -> bool:
    return all(word_key(word) in OPENERS for word in _OPENER_SPLIT_RE.split(text) if word)
