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
from typing import NamedTuple

from articles.parsing.claims.lexicon import (
    CHANNEL_RELATIVE,
    DEFINITE_VERBAL_NOUNS,
    EVIDENCE_VERBS,
    FEMININE,
    GENDER_OF_VERB,
    MASCULINE,
    MONTH_WORDS,
    NOT_BEFORE_VERBAL_NOUN,
    NOT_COMPLEMENTISER_AFTER,
    PREPOSITIONS,
    PRESENT_FORMS,
    RELAYING_VERBS,
    SOURCE_CONDITIONS,
    TIME_WORDS,
    VAGUE_SUBJECTS,
    VERBAL_NOUN_VERBS,
    VERBAL_NOUNS,
    is_verbal_noun,
)
from articles.parsing.claims.patterns import (
    AFTER_BREAK_RE,
    CLOSING_QUOTE,
    COLON_QUOTE_RE,
    COMPLEMENTISER_RE,
    CONTRAST_RE,
    HIS_SAYING_RE,
    MARKS_AFTER_FIRST_RE,
    NEGATION_BEFORE_RE,
    NEW_CLAUSE_BEFORE_RE,
    NEW_CLAUSE_WINDOW,
    OCCASION_NAMED_RE,
    OCCASION_PRONOUN_RE,
    OPENING_VERB_RE,
    OTHER_REPORT_RE,
    QUOTE_OPEN_RE,
    RELAY_FROM_RE,
    SAYING_RE,
    TOKEN_RE,
    TRAILING_NOMINAL_RE,
    VERB_RE,
    find_clause_start,
    find_sentence_end,
    find_sentence_start,
)
from articles.parsing.claims.speakers import (
    is_channel,
    is_document,
    looks_feminine,
    named_again,
    speaker_after_verb,
    subject_before_verb,
    subject_of_clause,
)
from articles.parsing.speaker_phrases import SpeakerPhrase
from articles.parsing.text import normalize_arabic, word_key, word_keys

# Words allowed between the verb and إن; further away the إن belongs elsewhere.
_MAX_ATTRIBUTION_WORDS = 20
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


class Verb(NamedTuple):
    """A reporting verb or participle in a paragraph."""

    start: int
    end: int
    key: str  # normalised form
    participle: bool
    # The comma before it when it opens a clause of its own; for verbs found when a
    # later verb of the same sentence is read (most verbs are alone in theirs).
    clause_break: int | None = None


def reporting_verbs(text: str) -> list[Verb]:
    """The reporting verbs of a paragraph: one scan, most paragraphs have none;
    participles only after a comma ("…، مشيراً إلى أن", قائلاً also after a space), a
    second scan anchored on it."""
    verbs = [
        Verb(match.start(), match.end(), key, False)
        for match in VERB_RE.finditer(text)
        if _is_reporting(text, match, key := word_key(match["verb"] or match["continued"]))
    ]
    opening = OPENING_VERB_RE.match(text)
    if opening is not None and _is_reporting(text, opening, key := word_key(opening["verb"])):
        verbs.append(Verb(opening.start("verb"), opening.end(), key, False))
    participles: dict[int, re.Match[str]] = {}
    for match in AFTER_BREAK_RE.finditer(text):
        if match["verb"]:
            if _is_reporting(text, match, key := word_key(match["verb"])):
                verbs.append(Verb(match.start("verb"), match.end(), key, False))
        elif text[match.start()] in "،,":
            participles[match.start("participle")] = match
    if "قائل" in text:
        participles.update((match.start("participle"), match) for match in SAYING_RE.finditer(text))
    verbs.extend(
        Verb(start, match.end(), word_key(match["participle"]), True, match.start())
        for start, match in participles.items()
        if not NEGATION_BEFORE_RE.search(text, max(0, start - 12), start)
    )
    verbs.sort()
    return verbs


def verb_attributions(
    text: str,
    number: int,
    verbs: list[Verb],
    last_speaker: dict[str, SpeakerPhrase],
    taken: list[tuple[int, int]],
    *,
    nominal: bool,
) -> list[Found]:
    """The statements ``verbs`` introduce in paragraph ``number``; their spans go to
    ``taken``. ``nominal``: the paragraph may hold a nominal marker (بحسب …)."""
    found: list[Found] = []
    taken_until = 0
    for index, verb in enumerate(verbs):
        if verb.start < taken_until:
            continue  # inside a statement already found
        sentence_end = find_sentence_end(text, verb.end)
        later = [other for other in verbs[index + 1 :] if other.start < sentence_end]
        # The first later verb of the sentence bounds the search for a complementiser;
        # those that open a clause of their own ("…، فيما ذكر …") end the statement.
        next_verb = later[0].start if later else len(text)
        cuts = [
            cut
            for other in later
            if (cut := other.clause_break if other.participle else _clause_break(text, other.start))
            is not None
        ]
        if nominal:
            trailing = TRAILING_NOMINAL_RE.search(text, verb.end, sentence_end)
            if trailing is not None:
                cuts = sorted([*cuts, trailing.start()])
        statement = _find_statement(
            text, verb.end, min(sentence_end, next_verb), sentence_end, cuts, verb.key
        ) or _quote_before_verb(text, verb, min(sentence_end, next_verb), taken_until)
        if statement is None:
            continue
        intro_end, start, end, is_quote = statement
        gender = GENDER_OF_VERB.get(verb.key, MASCULINE)
        clause_start = find_clause_start(text, verb.start)
        attribution = normalize_arabic(text[min(clause_start, verb.start) : intro_end])
        speaker: SpeakerPhrase | None
        if verb.participle:
            # The speaker of the statement this participle follows, in the same sentence;
            # else the subject of the sentence's verb: "ونفت الإدارة ذلك، مؤكدة أن …".
            previous = found[-1] if found else None
            sentence_start = find_sentence_start(text, verb.start)
            if previous is not None and previous.end > sentence_start:
                speaker, gender = previous.phrase, previous.gender
                attribution = previous.attribution + " " + attribution
            else:
                opening = max(sentence_start, taken_until)
                assert verb.clause_break is not None
                clause = text[opening : verb.clause_break]
                speaker = named_again(clause, last_speaker.get(gender)) or subject_of_clause(clause)
                if speaker is None and len(clause.split()) == 1 and verbs[0].start < verb.start:
                    speaker = last_speaker.get(gender)  # "وتابع قائلاً إن …"
                if speaker is None:
                    continue
                attribution = normalize_arabic(text[opening:intro_end])
        else:
            between = text[verb.end : intro_end]
            if verb.key in EVIDENCE_VERBS and not is_document(between):
                continue  # "أظهرت الصور أن …": only data has an author to name
            if verb.key in RELAYING_VERBS or _CITING_RE.search(between):
                between = _relayed_speaker(between)  # "ذكرت الصحيفة نقلاً عن مصادر أن"
            back_to_occasion = _reference_to_occasion(between)
            if back_to_occasion != -1 and not between[:back_to_occasion].strip():
                # "وأصدرت الجمعية بياناً قالت فيه إن": the author of what "فيه" refers to;
                # "…ظهر اليوم. وقال في المؤتمر إن": the subject of the sentence before
                sentence_start = max(find_sentence_start(text, verb.start), taken_until)
                if text[sentence_start : verb.start].strip():
                    speaker = subject_of_clause(text[sentence_start : verb.start])
                    if speaker is None:
                        continue
                else:
                    speaker = _subject_of_sentence_before(text, sentence_start, taken_until)
            else:
                if back_to_occasion != -1:
                    between = between[:back_to_occasion]  # "…، فلان، خلالها"
                speaker = speaker_after_verb(between)
            if speaker is None:
                speaker = subject_before_verb(_subject_span(text, clause_start, verb.start))
                if speaker is not None and gender == MASCULINE and looks_feminine(speaker):
                    gender = FEMININE
            if speaker is not None and word_key(speaker.name.split()[0]) in VAGUE_SUBJECTS:
                continue  # "ويرى كثيرون أن …"
            if speaker is None and verb.key not in PRESENT_FORMS:
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
                attribution=attribution,
            )
        )
        taken.append((min(clause_start, verb.start, start), max(end, intro_end)))
        taken_until = max(end, intro_end)
    return found


def _reference_to_occasion(between: str) -> int:
    """Where words pointing back to an occasion ("فيه"، "خلالها"، "في المؤتمر") end
    ``between`` ("…، فلان، خلالها"), or -1: tried on its last word and its last two,
    not scanned for."""
    if "في" not in between and "خلال" not in between and "ثناء" not in between:
        return -1  # most: three C-level tests
    end = len(between.rstrip())
    last = between.rfind(" ", 0, end) + 1
    if between.startswith(_DURING, last) and OCCASION_PRONOUN_RE.fullmatch(between, last, end):
        return last
    if last < 2:
        return -1
    before = between.rfind(" ", 0, last - 1) + 1
    if between.startswith(_DURING, before) and OCCASION_NAMED_RE.fullmatch(between, before, end):
        return before
    return -1


def _subject_of_sentence_before(
    text: str, sentence_start: int, taken_until: int
) -> SpeakerPhrase | None:
    """ "وعقد الوزير فلان مؤتمراً صحفياً. وقال في المؤتمر إن": the subject of the
    sentence before, when that sentence is in the paragraph and holds no statement."""
    if sentence_start < 2 or taken_until >= sentence_start:
        return None
    previous = find_sentence_start(text, sentence_start - 1)
    if previous < taken_until:
        return None
    return subject_of_clause(text[previous:sentence_start])


def _subject_span(text: str, clause_start: int, verb_start: int) -> str:
    """The words before the verb that may be its subject; before a source's condition
    when only that stands between them ("لكن مهندساً في الشركة، طلب عدم نشر اسمه، قال")."""
    before = text[clause_start:verb_start]
    if clause_start >= 2 and word_key(before.strip()) == _PLUPERFECT:
        # "وكان رئيس الرابطة، فلان الفلاني، قد قال": the subject between كان and قد
        sentence_start = find_sentence_start(text, clause_start)
        opening = text[sentence_start:verb_start].split(maxsplit=1)
        if opening and word_key(opening[0]) in _WAS:
            return text[sentence_start:verb_start]
    if clause_start < 2 or before.strip():
        return before
    if text.find("أما ", 0, clause_start) != -1 or text.find("اما ", 0, clause_start) != -1:
        sentence_start = find_sentence_start(text, clause_start)
        opening = text[sentence_start:clause_start].split(maxsplit=1)
        if opening and word_key(opening[0]) in _AS_FOR:
            return text[sentence_start:verb_start]  # "أما المرشح الخاسر، فلان، فقال"
    aside_start = find_clause_start(text, clause_start - 1)
    aside = text[aside_start : clause_start - 1].split()
    if aside_start < 2 or not aside or word_key(aside[0]) not in SOURCE_CONDITIONS:
        return before
    return text[find_clause_start(text, aside_start - 1) : aside_start - 1]


_PLUPERFECT = word_key("قد")
_DURING = ("في", "خلال", "أثناء", "اثناء")  # the first words OCCASION_*_RE match
_AS_FOR = word_keys("أما", "وأما")
_WAS = word_keys("كان", "وكان", "فكان", "كانت", "وكانت", "فكانت")


def _clause_break(text: str, position: int) -> int | None:
    """The comma before a verb that opens a clause of its own ("…، فيما ذكر …")."""
    window_start = max(0, position - NEW_CLAUSE_WINDOW)
    if "،" not in text[window_start:position] and "," not in text[window_start:position]:
        return None
    clause = NEW_CLAUSE_BEFORE_RE.search(text, window_start, position)
    return clause.start() if clause else None


def _is_reporting(text: str, verb: re.Match[str], key: str) -> bool:
    """Not a word in quotes ("«نقل»"), not negated, and نقل only as "نقل … عن" (not
    "نقل الجرحى")."""
    start = verb.start("verb") if verb.re is not VERB_RE else verb.start()
    if start and text[start - 1] in '«"“':
        return False
    if NEGATION_BEFORE_RE.search(text, max(0, start - 12), start):
        return False  # "لم يقل", "طلب عدم ذكر اسمه": and no bound for the verb before it
    if key in RELAYING_VERBS:
        return " عن " in text[verb.end() : verb.end() + _RELAY_WINDOW]
    return True


# "نقلاً عن" after the verb's subject: the words are those of whom it cites.
_CITING_RE = re.compile(r"(?<!\w)نقل[\u064b-\u0652]*ا?[\u064b-\u0652]*\s+عن\s")


def _relayed_speaker(between: str) -> str:
    """For "الوكالة عن مصدر مطلع قوله" → "مصدر مطلع": the words are the source's."""
    parts = RELAY_FROM_RE.split(between, maxsplit=1)
    if len(parts) < 2:
        return between
    return HIS_SAYING_RE.sub("", parts[1].rstrip())


def _find_statement(
    text: str,
    after_verb: int,
    window_end: int,
    sentence_end: int,
    cuts: list[int],
    verb_key: str,
) -> tuple[int, int, int, bool] | None:
    """Return (end of the attribution, statement start, statement end, is quote)."""
    complementiser = _complementiser(text, after_verb, window_end)
    colon = text.find(":", after_verb, window_end)
    quote = _quote_without_colon(text, after_verb, window_end, complementiser, colon)
    if quote is not None:
        return quote
    if colon != -1 and (complementiser is None or colon < complementiser.start()):
        if len(text[after_verb:colon].split()) > _MAX_ATTRIBUTION_WORDS:
            return None
        opening = COLON_QUOTE_RE.match(text, colon)
        if opening is not None and opening.group("open"):
            closing = text.find(CLOSING_QUOTE[opening.group("open")], opening.end())
            end = closing if closing != -1 else len(text)
            return trimmed(text, colon, opening.end(), end, is_quote=True)
        return trimmed(text, colon, colon + 1, _cut(cuts, colon, sentence_end), is_quote=False)
    if complementiser is None or (
        len(text[after_verb : complementiser.start()].split()) > _MAX_ATTRIBUTION_WORDS
    ):
        if verb_key in VERBAL_NOUN_VERBS:
            verbal_noun = _verbal_noun_object(text, after_verb, window_end)
            if verbal_noun is not None:
                end = _cut(cuts, verbal_noun, sentence_end)
                return trimmed(text, verbal_noun, verbal_noun, end, is_quote=False)
        return _statement_after_channel(text, after_verb, sentence_end)
    quotation = _whole_quotation(text, complementiser.end())
    if quotation is not None:
        return trimmed(text, complementiser.start(), *quotation, is_quote=True)
    end = _cut(cuts, complementiser.end(), sentence_end)
    return trimmed(text, complementiser.start(), complementiser.end(), end, is_quote=False)


_QUOTATION_FIRST_RE = re.compile(r"\s*(?P<open>[\"«“])")
_AFTER_QUOTATION_RE = re.compile(r"\s*(?:[.!?؟،,؛;]|$)")


def _whole_quotation(text: str, start: int) -> tuple[int, int] | None:
    """ "قال إن "الجدول متفائل جداً"": the statement is a quotation from its first
    word to the end of its clause; its span without the quotation marks."""
    opening = _QUOTATION_FIRST_RE.match(text, start)
    if opening is None:
        return None
    closing = text.find(CLOSING_QUOTE[opening.group("open")], opening.end())
    if closing == -1 or _AFTER_QUOTATION_RE.match(text, closing + 1) is None:
        return None
    return opening.end(), closing


_MAX_SPEAKER_WORDS_AFTER_QUOTE = 10
_CLOSING_BEFORE_VERB_RE = re.compile(r"[»\"”]\s*[،,]?\s*$")
_OPENING_OF = {"»": "«", '"': '"', "”": "“"}


def _quote_before_verb(
    text: str, verb: Verb, window_end: int, taken_until: int
) -> tuple[int, int, int, bool] | None:
    """«لن نسمح بتكرار ذلك»، قال المتحدث: the quotation just before the verb, when
    only the speaker (and a channel or time) follows the verb in the sentence."""
    closing = _CLOSING_BEFORE_VERB_RE.search(text, max(0, verb.start - 4), verb.start)
    if closing is None or verb.participle:
        return None
    if len(text[verb.end : window_end].split()) > _MAX_SPEAKER_WORDS_AFTER_QUOTE:
        return None
    close_at = closing.start()
    open_at = text.rfind(_OPENING_OF[text[close_at]], 0, close_at)
    if open_at == -1 or open_at < taken_until:
        return None
    statement = trimmed(text, window_end, open_at + 1, close_at, is_quote=True)
    if statement is None or len(text[open_at + 1 : close_at].split()) < _MIN_QUOTE_WORDS:
        return None
    return statement


def _cut(cuts: list[int], start: int, sentence_end: int) -> int:
    return next((cut for cut in cuts if cut > start), sentence_end)


def _complementiser(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first إن / أن / بأن that is the verb's, not "بعد أن" or "رغم أن"."""
    for match in COMPLEMENTISER_RE.finditer(text, start, end):
        before = text[max(start, match.start() - 12) : match.start()].split()
        if before and _is_cnn_letter(text, match):
            continue  # "لشبكة سي إن إن إن …": the channel's letters
        if not before or word_key(before[-1]) not in NOT_COMPLEMENTISER_AFTER:
            return match
    return None


_CNN_SECOND_RE = re.compile(r"(?<!\w)سي $")
_CNN_THIRD_RE = re.compile(r"(?<!\w)سي [إا]ن $")
_CNN_NEXT_RE = re.compile(r" [إا]ن(?!\w)")


def _is_cnn_letter(text: str, match: re.Match[str]) -> bool:
    """Is this إن the second or third letter of "سي إن إن" (not "بي بي سي إن …")?"""
    start = match.start()
    if _CNN_THIRD_RE.search(text, max(0, start - 7), start):
        return True
    return bool(
        _CNN_SECOND_RE.search(text, max(0, start - 4), start)
        and _CNN_NEXT_RE.match(text, match.end())
    )


_MIN_QUOTE_WORDS = 3
_MAX_WORDS_BEFORE_QUOTE = 12


def _quote_without_colon(
    text: str,
    after_verb: int,
    window_end: int,
    complementiser: re.Match[str] | None,
    colon: int,
) -> tuple[int, int, int, bool] | None:
    """ "وأضاف المتحدث "لن نسمح بتكرار ذلك"", "وقال الوزير، «…»", "قائلاً «…»".

    A quotation opened before any colon or complementiser, of three words or more,
    with no colon or complementiser after it: a short one ("قالت حركة "النهضة" إن")
    is a name."""
    opening = QUOTE_OPEN_RE.search(text, after_verb, window_end)
    if opening is None or (
        opening.start() > 0
        and not text[opening.start() - 1].isspace()
        and text[opening.start() - 1] not in "،,"
    ):
        return None  # a quotation mark inside a word is no quotation
    open_at = opening.start()
    if (colon != -1 and colon < open_at) or (
        complementiser is not None and complementiser.start() < open_at
    ):
        return None
    if len(text[after_verb:open_at].split()) > _MAX_WORDS_BEFORE_QUOTE:
        return None
    closing = text.find(CLOSING_QUOTE[opening.group()], open_at + 1)
    if closing == -1:
        return None
    if (colon != -1 and colon > closing) or (
        complementiser is not None and complementiser.start() > closing
    ):
        return None  # the quotation is part of a name, the statement comes after it
    if len(text[open_at + 1 : closing].split()) < _MIN_QUOTE_WORDS:
        return None
    return trimmed(text, open_at, open_at + 1, closing, is_quote=True)


_MAX_WORDS_BEFORE_VERBAL_NOUN = 8


def _verbal_noun_object(text: str, after_verb: int, window_end: int) -> int | None:
    """Where the verbal noun object of "أعلنت الوزارة إغلاق المعبر" starts: after a
    speaker of one word or more, within a few words of the verb."""
    tokens = itertools.islice(
        TOKEN_RE.finditer(text, after_verb, window_end), _MAX_WORDS_BEFORE_VERBAL_NOUN + 1
    )
    previous, accusative = "", False
    for position, token in enumerate(tokens):
        word = token.group()
        if word[-1] in "،,:؛;.":
            # "أعلنت الوزارة، الخميس، توقيف …": a time or a channel between commas
            return _verbal_noun_after_aside(text, token.end(), window_end)
        key = word_key(word)
        if key in DEFINITE_VERBAL_NOUNS:
            key = key[2:]  # "أعلنت الشرطة القبض على …"
        if (
            position
            and previous not in NOT_BEFORE_VERBAL_NOUN
            and (key in VERBAL_NOUNS or (is_verbal_noun(key) and not _broken_plural(word)))
            and not (word.startswith("ال") and key == word_key(word))  # "الرأي العام"
        ):
            if key.startswith("ب") and not (key in VERBAL_NOUNS or is_verbal_noun(key, bare=True)):
                if accusative:
                    return None  # "طالب الاتحاد الحكومةَ بتزويد …": a demand of someone
                prefix = MARKS_AFTER_FIRST_RE.match(word)
                return token.start() + (prefix.end() if prefix else 1)  # "بإغلاق"
            return token.start()
        previous = key
        accusative = position > 0 and word.endswith(_ACCUSATIVE_ENDINGS)
    return None


def _verbal_noun_after_aside(text: str, aside_start: int, window_end: int) -> int | None:
    """ "أعلن الجيش، أمس الأربعاء، إغلاق المعبر"، "…، في بيان صدر اليوم، توقيف …": the
    verbal noun right after an aside between commas that tells when or how."""
    if text[aside_start - 1] not in "،,":
        return None
    aside_end = _first_of(text, "،,", aside_start, min(window_end, aside_start + _ASIDE_MAX))
    words = text[aside_start:aside_end].split()
    if aside_end == -1 or not words or not _tells_when_or_how(words):
        return None
    following = TOKEN_RE.search(text, aside_end + 1, window_end)
    if following is None or text[aside_end + 1 : following.start()].strip():
        return None
    if word_key(following.group()) == _ABOUT:  # "كشفت مصادر، الأربعاء، عن توقيف …"
        following = TOKEN_RE.search(text, following.end(), window_end)
        if following is None:
            return None
    word = following.group()
    key = word_key(word)
    if key in DEFINITE_VERBAL_NOUNS:
        key = key[2:]
    if (
        key in VERBAL_NOUNS or (is_verbal_noun(key, bare=True) and not _broken_plural(word))
    ) and not (word.startswith("ال") and key == word_key(word)):
        return following.start()
    return None


_ASIDE_MAX = 60  # characters: a day, or a channel and its day
_ABOUT = word_key("عن")


def _tells_when_or_how(words: list[str]) -> bool:
    first = word_key(words[0])
    if first in TIME_WORDS:
        return True
    # "، في بيان صدر اليوم،"، "، في ساعة متأخرة من مساء الأربعاء،"
    return (
        len(words) > 1
        and first in PREPOSITIONS
        and (is_channel(second := word_key(words[1])) or second in TIME_WORDS)
    )


def _first_of(text: str, marks: str, start: int, end: int) -> int:
    found = [at for mark in marks if (at := text.find(mark, start, end)) != -1]
    return min(found) if found else -1


# "الحكومةَ"، "الأطرافَ"، "جهاتٍ": a noun marked as an object after the subject.
_ACCUSATIVE_ENDINGS = ("\u064e", "\u064b", "\u064bا", "ا\u064b")


def _broken_plural(word: str) -> bool:
    """ "أرواح", "أطفال": أفعال plurals share the letters of إفعال nouns (إغلاق) but
    not their hamza."""
    return word.startswith("أ") and len(word_key(word)) == _AF_AL_LETTERS


_AF_AL_LETTERS = 5


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
    if _SPACE_RE.search(text, start, end) is None:  # one word: the edges are no space
        return None
    return intro_end, start, end, is_quote


_SPACE_RE = re.compile(r"\s")


def speaker_before_colon(
    text: str, verbs: list[Verb], last_speaker: dict[str, SpeakerPhrase]
) -> Found | None:
    """ "وقال المتحدث باسم الوزارة:" at the end of a paragraph: the quotation that
    opens the next one is his. The speaker and attribution, with no span yet."""
    stripped = text.rstrip()
    if not stripped.endswith(":") or not verbs:
        return None
    verb = verbs[-1]
    colon = len(stripped) - 1
    if find_clause_start(text, colon) > verb.start or len(text[verb.end : colon].split()) > 12:
        return None
    gender = GENDER_OF_VERB.get(verb.key, MASCULINE)
    clause_start = find_clause_start(text, verb.start)
    speaker = speaker_after_verb(text[verb.end : colon]) or subject_before_verb(
        text[clause_start : verb.start]
    )
    if speaker is None and verb.key not in PRESENT_FORMS:
        speaker = last_speaker.get(gender)
    if speaker is None:
        return None
    attribution = normalize_arabic(text[min(clause_start, verb.start) : colon])
    return Found(0, speaker, gender, 0, 0, True, attribution)


def opening_quotation(text: str, number: int, introduced: Found) -> Found | None:
    """The quotation a paragraph opens with, said by the speaker ``introduced`` at the
    end of the paragraph before."""
    start = len(text) - len(text.lstrip())
    if text[start : start + 1] not in ('"', "«", "“"):
        return None
    closing = text.find(CLOSING_QUOTE[text[start]], start + 1)
    statement = trimmed(
        text, start, start + 1, closing if closing != -1 else len(text), is_quote=True
    )
    if statement is None:
        return None
    _, begin, end, _ = statement
    return Found(
        number, introduced.phrase, introduced.gender, begin, end, True, introduced.attribution
    )
