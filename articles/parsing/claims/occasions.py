"""The occasion of a statement when its attribution leaves its day or medium untold.

``find_stated_on_and_medium`` reads the attribution, then the clauses of the
same sentence that frame the statement: one before the verb's ("وفي منشور على
فيسبوك أمس، قالت …"), a trailing "، وذلك في مقابلة …" or last "، في تصريحات
لقناة …", or the next sentence's "جاء ذلك خلال مؤتمر صحفي …".
``earlier_on_same_occasion`` finds the earlier claim whose occasion is named
again ("في المؤتمر ذاته"); ``occasion_told_before`` reads the sentence before the
statement's when the attribution points back to it ("وقال خلاله", "وقال في
المؤتمر").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from articles.parsing.claims.lexicon import TIME_WORDS, YEAR_WORDS
from articles.parsing.claims.media import find_medium
from articles.parsing.claims.patterns import (
    OCCASION_NAMED_RE,
    OCCASION_PRONOUN_RE,
    VERB_RE,
    find_sentence_end,
)
from articles.parsing.claims.stated_dates import find_stated_on, without_clause_about_speaker
from articles.parsing.dates import WEEKDAYS
from articles.parsing.text import normalize_arabic
from articles.parsing.types import Medium, ParsedClaim

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


def find_stated_on_and_medium(
    text: str,
    start: int,
    attribution: str,
    published_at: dt.datetime | None,
) -> tuple[dt.date | None, Medium]:
    """The date and medium of the statement at ``start`` in paragraph ``text``, whose
    attribution is ``attribution``; a framing or trailing clause fills what it lacks."""
    stated_on = find_stated_on(attribution, published_at)
    medium = find_medium(without_clause_about_speaker(attribution))
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
