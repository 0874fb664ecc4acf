"""The day of an event a statement was made at, told elsewhere in the article.

``event_stated_on`` dates "في المؤتمر الصحفي عقب المباراة" or "خلال حفل التوقيع"
by the first sentence before the statement that tells of that event and names a
day; a match, a session or a meeting the report is about by its lead.
"""

from __future__ import annotations

import datetime as dt
import re

from articles.parsing.claims.lexicon import TIME_WORDS, YEAR_WORDS
from articles.parsing.claims.stated_dates import (
    QUOTED_RE,
    RELATIVE_DAY_RE,
    find_stated_on,
    relative_day,
)
from articles.parsing.text import normalize_arabic

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
        relative = RELATIVE_DAY_RE.search(QUOTED_RE.sub(" ", sentences[0]))
        if relative is not None:
            try:
                return relative_day(relative, published_at.date())
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
