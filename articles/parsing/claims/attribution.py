"""Verbal attribution: a reporting verb, its speaker and the statement it introduces.

The statement follows a complementiser (إن / أن / بأن), a colon with or without
a quotation, or a dated channel ("قالت X في تقرير نشرته يوم …" followed directly
by the statement). The speaker stands between the verb and the statement, or
before the verb ("كان فلان … قال"); a bare continuation verb (وأضاف / وقالت)
keeps the previous speaker of its gender. A negated verb is no attribution.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from articles.parsing.claims.lexicon import (
    CHANNEL_RELATIVE,
    FEMININE,
    GENDER_OF_VERB,
    MASCULINE,
    MONTH_WORDS,
    PREPOSITIONS,
    RELAYING_VERBS,
)
from articles.parsing.claims.patterns import (
    CLOSING_QUOTE,
    COLON_QUOTE_RE,
    COMPLEMENTISER_RE,
    CONTRAST_RE,
    HIS_SAYING_RE,
    NEGATION_BEFORE_RE,
    OTHER_REPORT_RE,
    RELAY_FROM_RE,
    TOKEN_RE,
    VERB_RE,
    find_clause_start,
    find_sentence_end,
)
from articles.parsing.claims.speakers import (
    is_channel,
    looks_feminine,
    speaker_after_verb,
    subject_before_verb,
)
from articles.parsing.speaker_phrases import SpeakerPhrase
from articles.parsing.text import normalize_arabic, word_key

# Words allowed between the verb and إن; further away the إن belongs elsewhere.
_MAX_ATTRIBUTION_WORDS = 20
_MIN_STATEMENT_WORDS = 2
_RELAY_WINDOW = 80


@dataclass
class Found:
    """A statement and who said it, before speakers are resolved across the article."""

    paragraph: int
    phrase: SpeakerPhrase
    gender: str
    start: int
    end: int
    is_quote: bool
    attribution: str  # normalised text around the verb: date and medium are read from it


def reporting_verbs(text: str) -> list[re.Match[str]]:
    """The reporting verbs of a paragraph: one scan, most paragraphs have none."""
    return [verb for verb in VERB_RE.finditer(text) if _is_reporting(text, verb)]


def verb_attributions(
    text: str,
    number: int,
    verbs: list[re.Match[str]],
    last_speaker: dict[str, SpeakerPhrase],
    taken: list[tuple[int, int]],
) -> list[Found]:
    """The statements ``verbs`` introduce in paragraph ``number``; their spans go to ``taken``."""
    found: list[Found] = []
    taken_until = 0
    for index, verb in enumerate(verbs):
        if verb.start() < taken_until:
            continue  # inside a statement already found
        if NEGATION_BEFORE_RE.search(text, max(0, verb.start() - 12), verb.start()):
            continue
        next_verb = verbs[index + 1].start() if index + 1 < len(verbs) else len(text)
        sentence_end = find_sentence_end(text, verb.end())
        statement = _find_statement(text, verb.end(), min(sentence_end, next_verb), sentence_end)
        if statement is None:
            continue
        intro_end, start, end, is_quote = statement
        verb_key = word_key(verb.group("verb") or verb["continued"])
        gender = GENDER_OF_VERB.get(verb_key, MASCULINE)
        clause_start = find_clause_start(text, verb.start())
        between = text[verb.end() : intro_end]
        if verb_key in RELAYING_VERBS:
            between = _relayed_speaker(between)
        speaker = speaker_after_verb(between)
        if speaker is None:
            speaker = subject_before_verb(text[clause_start : verb.start()])
            if speaker is not None and gender == MASCULINE and looks_feminine(speaker):
                gender = FEMININE
        if speaker is None:
            speaker = last_speaker.get(gender)
        if speaker is None:
            continue
        last_speaker[gender] = speaker
        found.append(
            Found(
                paragraph=number,
                phrase=speaker,
                gender=gender,
                start=start,
                end=end,
                is_quote=is_quote,
                attribution=normalize_arabic(text[min(clause_start, verb.start()) : intro_end]),
            )
        )
        taken.append((min(clause_start, verb.start()), end))
        taken_until = end
    return found


def _is_reporting(text: str, verb: re.Match[str]) -> bool:
    """Not a word in quotes ("«نقل»"), and نقل only as "نقل … عن" (not "نقل الجرحى")."""
    if verb.start() and text[verb.start() - 1] in '«"“':
        return False
    if verb.group("verb") and word_key(verb.group("verb")) in RELAYING_VERBS:
        return " عن " in text[verb.end() : verb.end() + _RELAY_WINDOW]
    return True


def _relayed_speaker(between: str) -> str:
    """For "الوكالة عن مصدر مطلع قوله" → "مصدر مطلع": the words are the source's."""
    parts = RELAY_FROM_RE.split(between, maxsplit=1)
    if len(parts) < 2:
        return between
    return HIS_SAYING_RE.sub("", parts[1].rstrip())


def _find_statement(
    text: str, after_verb: int, window_end: int, sentence_end: int
) -> tuple[int, int, int, bool] | None:
    """Return (end of the attribution, statement start, statement end, is quote)."""
    complementiser = COMPLEMENTISER_RE.search(text, after_verb, window_end)
    colon = text.find(":", after_verb, window_end)
    if colon != -1 and (complementiser is None or colon < complementiser.start()):
        if len(text[after_verb:colon].split()) > _MAX_ATTRIBUTION_WORDS:
            return None
        quote = COLON_QUOTE_RE.match(text, colon)
        if quote is not None and quote.group("open"):
            closing = text.find(CLOSING_QUOTE[quote.group("open")], quote.end())
            end = closing if closing != -1 else len(text)
            return trimmed(text, colon, quote.end(), end, is_quote=True)
        return trimmed(text, colon, colon + 1, sentence_end, is_quote=False)
    if complementiser is None or (
        len(text[after_verb : complementiser.start()].split()) > _MAX_ATTRIBUTION_WORDS
    ):
        return _statement_after_channel(text, after_verb, sentence_end)
    return trimmed(text, complementiser.start(), complementiser.end(), sentence_end, is_quote=False)


def _statement_after_channel(
    text: str, after_verb: int, sentence_end: int
) -> tuple[int, int, int, bool] | None:
    """For "قالت X في تقرير نشرته يوم الخميس 27 يناير 2022 <statement>": no إن, a dated channel."""
    tokens = list(
        itertools.islice(
            TOKEN_RE.finditer(text, after_verb, sentence_end), _MAX_ATTRIBUTION_WORDS + 1
        )
    )
    keys = [word_key(token.group()) for token in tokens[:_MAX_ATTRIBUTION_WORDS]]
    channel = next(
        (
            index
            for index, key in enumerate(keys[:-1])
            if key in PREPOSITIONS and is_channel(keys[index + 1])
        ),
        None,
    )
    if channel is None:
        return None
    index, dated = channel + 2, False
    while index < len(keys):
        key = keys[index]
        parts = [part for part in key.split("/") if part]
        if key[:1].isdigit() or (parts and all(p in MONTH_WORDS or p.isdigit() for p in parts)):
            dated = True
        elif key not in CHANNEL_RELATIVE:
            break
        index += 1
    if not dated or index >= len(keys):
        return None
    start = tokens[index].start()
    return trimmed(text, start, start, sentence_end, is_quote=False)


def _cut_at_contrast(text: str, start: int, end: int) -> int:
    contrast = CONTRAST_RE.search(text, start, end)
    if contrast is None:
        return end
    rest = text[contrast.end() : end]
    if OTHER_REPORT_RE.search(rest) or VERB_RE.search(rest):
        return contrast.start()
    return end


def trimmed(
    text: str, intro_end: int, start: int, end: int, *, is_quote: bool
) -> tuple[int, int, int, bool] | None:
    """The statement without its edge punctuation, cut at a contrast that reports
    someone else; None when fewer than two words are left."""
    if not is_quote:
        end = _cut_at_contrast(text, start, end)
    while start < end and (text[start].isspace() or text[start] in "،,:؛;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".،,:؛;"):
        end -= 1
    if len(text[start:end].split()) < _MIN_STATEMENT_WORDS:
        return None
    return intro_end, start, end, is_quote
