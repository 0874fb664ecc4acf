"""Nominal attribution: بحسب، حسب، وفقاً لـ، طبقاً لـ، نقلاً عن، على حد قول.

"قتل 12 شخصاً، بحسب وزارة الصحة": the rest of the sentence is the statement;
"وبحسب المصدر، فإن …": what follows the comma (and فإن) is.
"""

from __future__ import annotations

import re

from articles.parsing.claims.attribution import Found, trimmed
from articles.parsing.claims.lexicon import OPENERS, RELATIVE_VERBS
from articles.parsing.claims.patterns import (
    CLAUSE_COMMA_RE,
    CLOSING_QUOTE,
    FA_INNA_RE,
    NOMINAL_RE,
    STATEMENT_OPENER_RE,
    VERB_RE,
    find_sentence_end,
    find_sentence_start,
)
from articles.parsing.claims.speakers import speaker_after_verb, without_channel
from articles.parsing.text import normalize_arabic, word_key, word_keys

_OPENER_SPLIT_RE = re.compile(r"[\s،,]+")
_RESUMPTIVE = word_keys("به", "بها", "بهم")


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


def nominal_attributions(
    text: str, number: int, taken: list[tuple[int, int]], verb_found: list[Found]
) -> list[Found]:
    """The statements nominal markers attribute in paragraph ``number``, outside ``taken``.

    ``verb_found`` are the paragraph's verbal attributions, in the order of
    ``taken``: a marker that frames one ("بحسب تصريحات نقلتها الوكالة، قالت
    الوزيرة إن …") or trails one ("…، وفق ما نقلت الإذاعة") is no claim of its
    own; its words go to that claim's attribution (its medium and date).
    """
    found = []
    for marker in NOMINAL_RE.finditer(text):
        if any(start <= marker.start() < end for start, end in taken):
            continue
        sentence_start = find_sentence_start(text, marker.start())
        if _inside_quotation(text, sentence_start, marker.start()):
            continue  # "«الخطة تسير وفق الجدول»": the speaker's words, no attribution
        sentence_end = find_sentence_end(text, marker.end())
        comma = CLAUSE_COMMA_RE.search(text, marker.end(), sentence_end)
        so = FA_INNA_RE.search(text, marker.end(), comma.start() if comma else sentence_end)
        phrase_end = so.start() if so else comma.start() if comma else sentence_end
        phrase = normalize_arabic(text[marker.end() : phrase_end])
        framed = _verb_claim_within(taken, verb_found, phrase_end, sentence_end)
        trailed = _verb_claim_within(taken, verb_found, sentence_start, marker.start())
        speaker = speaker_after_verb(
            without_channel(_without_relative_verb(text[marker.end() : phrase_end], marker))
        )
        if framed is not None or trailed is not None:
            claim = framed if framed is not None else trailed
            assert claim is not None
            second = _second_clause(text, claim, marker.start()) if framed is None else None
            if second is None or speaker is None:
                claim.attribution = phrase + " " + claim.attribution
                continue
            # "قال فلان إن …، فيما عُزلت ثلاث قرى، وفق مصادر محلية": the last clause
            # is the sources'; the claim before it ends at its comma.
            cut, sentence_start = second
            claim.end = len(text[claim.start : cut].rstrip(" ،,")) + claim.start
        if speaker is None:
            continue
        before = text[sentence_start : marker.start()]
        if so is not None:
            start, end = so.end(), sentence_end
        elif before.strip(" ،,") and not _only_openers(before):
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
        # «لن نسمح بتكرار ذلك»، بحسب المتحدث: a quotation and nothing else.
        is_quote = (
            text[start] in CLOSING_QUOTE
            and text[end - 1] == CLOSING_QUOTE[text[start]]
            and text.find(CLOSING_QUOTE[text[start]], start + 1) == end - 1
        )
        if is_quote:
            start, end = start + 1, end - 1
        found.append(
            Found(
                paragraph=number,
                phrase=speaker,
                gender="",
                start=start,
                end=end,
                is_quote=is_quote,
                attribution=phrase,
            )
        )
        taken.append((min(start, marker.start()), max(end, phrase_end)))
    return found


_SECOND_CLAUSE_RE = re.compile(r"[،,]\s*(?:فيما|بينما|في حين)\s+")


def _start(match: re.Match[str]) -> int:
    return match.start()


def _inside_quotation(text: str, start: int, end: int) -> bool:
    """Is ``end`` inside a quotation opened after ``start``?"""
    return text.count('"', start, end) % 2 == 1 or text.count("«", start, end) > text.count(
        "»", start, end
    )


def _second_clause(text: str, claim: Found, marker: int) -> tuple[int, int] | None:
    """The comma and the start of a clause of its own ("، فيما …") between a verbal
    claim's statement and a nominal marker that trails it."""
    clause = max(_SECOND_CLAUSE_RE.finditer(text, claim.start, marker), default=None, key=_start)
    if clause is None or VERB_RE.search(text, clause.end(), marker) is not None:
        return None  # "…، فيما قال المدير …" is that verb's own claim
    return clause.start(), clause.end()


def _verb_claim_within(
    taken: list[tuple[int, int]], verb_found: list[Found], start: int, end: int
) -> Found | None:
    """The verbal attribution whose span lies between ``start`` and ``end``, if any."""
    for (span_start, span_end), claim in zip(taken, verb_found, strict=False):
        if start <= span_start and span_end <= end:
            return claim
    return None


def _without_relative_verb(phrase: str, marker: re.Match[str]) -> str:
    """ "ما أعلنته الوزارة" → "الوزارة"; "للبنك الدولي" after وفقاً ل → "البنك الدولي"."""
    words = phrase.split()
    if words and word_key(words[0]) == "ما":
        words = words[1:]
    if words and (VERB_RE.fullmatch(words[0]) or word_key(words[0]) in RELATIVE_VERBS):
        words = words[1:]
        if words and word_key(words[0]) in _RESUMPTIVE:
            words = words[1:]  # "وفق ما أفاد به مراسلنا"
    if words and marker.group("marker").endswith("ل") and words[0].startswith("ل"):
        words[0] = "ا" + words[0]  # "وفقاً للبنك": the ل of the marker and of ال
    return " ".join(words)


def _only_openers(text: str) -> bool:
    return all(word_key(word) in OPENERS for word in _OPENER_SPLIT_RE.split(text) if word)
