"""First-pass extraction of attributed statements (قال فلان إن …) from paragraphs.

Rules and word lists only: a reporting verb, then a complementiser (إن / أن /
بأن) or a colon with a quotation, within one sentence. The speaker is what
stands between the verb and the complementiser, or the subject before the verb.
Nominal attribution (بحسب, وفقاً لـ) is left for a later pass.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from articles.parsing.dates import TEXT_DATE_RE, WEEKDAYS, parse_text_date
from articles.parsing.text import normalize_arabic
from articles.parsing.types import Medium, ParsedClaim

# Tashkeel and tatweel may sit after any letter; matching the original text
# (not a normalised copy) keeps the offsets of the statement exact.
_MARKS = "[\u064b-\u0652\u0670\u0640]*"
_LETTER_CLASSES = {ch: "[اأإآٱ]" for ch in "اأإآٱ"} | {"ي": "[يى]", "ى": "[يى]"}
_NOT_LETTER_BEFORE = r"(?<![\w\u064b-\u0652\u0670\u0640])"
_NOT_LETTER_AFTER = r"(?!\w)"


def _fuzzy(word: str) -> str:
    """A pattern for ``word`` that ignores tashkeel and hamza spelling."""
    return "".join(_LETTER_CLASSES.get(ch, re.escape(ch)) + _MARKS for ch in word)


def _alternation(words: Sequence[str]) -> str:
    """A trie-shaped pattern for ``words``: at each position only one branch is tried,
    which is several times faster than a flat alternation of dozens of verbs."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in normalize_arabic(word):
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _first_letters(words: Sequence[str]) -> str:
    """A lookahead that rejects most positions before the costlier lookbehind runs."""
    letters = {ch for word in words for ch in _LETTER_CLASSES.get(word[0], word[0]).strip("[]")}
    return "(?=[" + "".join(sorted(letters)) + "])"


def _trie_pattern(node: dict[str, dict]) -> str:
    branches = [_fuzzy(ch) + _trie_pattern(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Longer words first: an optional tail is tried before stopping here.
    return f"(?:{body})?" if "" in node else body


MASCULINE, FEMININE, PLURAL = "m", "f", "p"

# (masculine, feminine, plural) past forms; a verb stays singular before a
# plural subject, so the form says the gender of a *following* subject only.
_VERB_FORMS: tuple[tuple[str, ...], ...] = (
    ("قال", "قالت", "قالوا"),
    ("أكد", "أكدت", "أكدوا"),
    ("أضاف", "أضافت", "أضافوا"),
    ("أعلن", "أعلنت", "أعلنوا"),
    ("ذكر", "ذكرت", "ذكروا"),
    ("أوضح", "أوضحت", "أوضحوا"),
    ("صرح", "صرحت", "صرحوا"),
    ("أفاد", "أفادت", "أفادوا"),
    ("نفى", "نفت", "نفوا"),
    ("زعم", "زعمت", "زعموا"),
    ("اعتبر", "اعتبرت", "اعتبروا"),
    ("أشار", "أشارت", "أشاروا"),
    ("كشف", "كشفت", "كشفوا"),
    ("لفت", "لفتت", "لفتوا"),
    ("شدد", "شددت", "شددوا"),
    ("حذر", "حذرت", "حذروا"),
    ("رأى", "رأت", "رأوا"),
    ("اتهم", "اتهمت", "اتهموا"),
    ("أورد", "أوردت", "أوردوا"),
    ("أجاب", "أجابت", "أجابوا"),
    ("يقول", "تقول", "يقولون"),
    ("يؤكد", "تؤكد", "يؤكدون"),
)
# Also adjectives or nouns on their own ("تابع للتحالف"): verbs only after و/ف.
_CONTINUATION_FORMS: tuple[tuple[str, ...], ...] = (
    ("تابع", "تابعت", "تابعوا"),
    ("أردف", "أردفت", "أردفوا"),
)

_GENDER_OF_VERB: dict[str, str] = {
    normalize_arabic(form): gender
    for forms in _VERB_FORMS + _CONTINUATION_FORMS
    for form, gender in zip(forms, (MASCULINE, FEMININE, PLURAL), strict=True)
}

_VERB_RE = re.compile(
    _first_letters(["و", "ف"] + [f for fs in _VERB_FORMS for f in fs])
    + _NOT_LETTER_BEFORE
    + rf"(?:(?:[وف]{_MARKS})?(?P<verb>{_alternation([f for fs in _VERB_FORMS for f in fs])})"
    + rf"|[وف]{_MARKS}(?P<continued>"
    + _alternation([f for fs in _CONTINUATION_FORMS for f in fs])
    + "))"
    + _NOT_LETTER_AFTER
)

_COMPLEMENTISERS = [
    prefix + "ان" + suffix
    for prefix in ("", "ب")
    for suffix in ("", "ه", "ها", "هم", "هما", "هن", "نا", "ني", "ي")
]
_COMPLEMENTISER_RE = re.compile(
    _first_letters(_COMPLEMENTISERS)
    + _NOT_LETTER_BEFORE
    + f"(?:{_alternation(_COMPLEMENTISERS)})"
    + _NOT_LETTER_AFTER
)
_COLON_QUOTE_RE = re.compile(r":\s*(?P<open>[\"«“”]?)")
_CLOSING_QUOTE = {'"': '"', "«": "»", "“": "”", "”": "”"}
_SENTENCE_END_RE = re.compile(r"[.!?؟](?=[\s\"»”']|$)")
_CLAUSE_BREAK_RE = re.compile(r"[.!?؟،,:؛;]")
_TOKEN_RE = re.compile(r"\S+")

# Words allowed between the verb and إن; further away the إن belongs elsewhere.
_MAX_ATTRIBUTION_WORDS = 20
_MAX_SUBJECT_WORDS = 15
_MIN_STATEMENT_WORDS = 2

# Discourse openers before a fronted subject: "لكن الصحيفة قالت".
_OPENERS = frozenset(
    normalize_arabic(word)
    for word in (
        "و", "ف", "كان", "وكان", "فكان", "لكن", "ولكن", "بينما", "فيما", "حيث", "كما",
        "وكما", "كذلك", "وقد", "فقد", "قد", "لقد", "ثم", "بدوره", "بدورها", "أيضاً", "أيضا",
        "في", "حين", "غير", "إلا", "أن",
    )
)  # fmt: skip
# Words that end a speaker phrase after the verb: a time ("قال مسؤول يوم الخميس").
_TIME_WORDS = frozenset(
    normalize_arabic(word)
    for word in (
        "يوم", "اليوم", "أمس", "الأمس", "مساء", "صباح", "ظهر", "ليلة", "مساء", "صباحا",
        "مساءً", "صباحاً", "أول", "خلال", "لاحقا", "لاحقاً", "سابقا", "سابقاً",
    )
) | frozenset(WEEKDAYS)  # fmt: skip
_PREPOSITIONS = frozenset(normalize_arabic(w) for w in ("في", "عبر", "على", "ل", "لـ", "من"))
_TRAILING_PREPOSITIONS = frozenset(
    normalize_arabic(w) for w in ("إلى", "الى", "على", "عن", "من", "ب", "في")
)
# Stems of a channel after a preposition ("في تغريدة", "عبر حسابه"), or with ل
# attached ("لوكالة"): they end the speaker phrase as well.
_CHANNEL_STEMS = tuple(
    normalize_arabic(stem)
    for stem in (
        "تغريد", "تدوين", "بيان", "تقرير", "مؤتمر", "مقابل", "حوار", "تصريح", "كلمة",
        "كلمته", "كلمتها", "خطاب", "رسال", "حساب", "صفح", "منشور", "حديث", "لقاء", "تسجيل",
        "فيديو", "مقطع", "وكالة", "قناة", "صحيفة", "موقع", "تلفزيون", "إذاعة", "برنامج",
    )
)  # fmt: skip
_ROLE_NOUNS = frozenset(
    normalize_arabic(word)
    for stem in (
        "متحدث", "ناطق", "وزير", "رئيس", "مدير", "قائد", "مسؤول", "عضو", "مستشار", "سفير",
        "نائب", "أمين", "مندوب", "ممثل",
    )
    for word in (stem, stem + "ة", "ال" + stem, "ال" + stem + "ة")
)  # fmt: skip

# On normalised text; the earliest marker in the attribution wins.
_MEDIUM_PATTERNS: tuple[tuple[re.Pattern[str], Medium], ...] = tuple(
    (re.compile(pattern), medium)
    for pattern, medium in (
        (r"تغريد\w*|تويتر|(?<!\w)منصة اكس(?!\w)|(?<!\w)(?:على|عبر) اكس(?!\w)", Medium.TWEET),
        (r"تدوين\w*|فيسبوك|فيس بوك|انستغرام|انستجرام|(?<!\w)منشور", Medium.SOCIAL_POST),
        (r"مؤتمر\w*\s+صحا?في", Medium.PRESS_CONFERENCE),
        (r"(?<!\w)(?:[وفل]?ب|[وفل])?(?:ال)?بيان(?:ه|ها|هم|هما)?(?!\w)", Medium.STATEMENT),
        (r"(?<!\w)(?:[وفبل])?(?:ال)?تقرير(?:ه|ها|هم|هما)?(?!\w)", Medium.REPORT),
        (r"مقابل[ةت]\w*|(?<!\w)(?:[وفبل])?(?:ال)?حوار|(?<!\w)(?:[وفبل])?لقاء", Medium.INTERVIEW),
        (r"تلفزيون\w*|متلفز\w*|(?<!\w)(?:[وفبل])?(?:ال)?قنا[ةه](?!\w)", Medium.TELEVISION),
        (r"(?<!\w)(?:في|خلال) (?:ال)?كلم[ةت]\w*|خطاب\w*", Medium.SPEECH),
        (r"رسال[ةت]\w*", Medium.LETTER),
    )
)

_RELATIVE_DAY_RE = re.compile(
    r"(?<!\w)(?P<before>اول )?(?P<word>امس|اليوم|" + "|".join(WEEKDAYS) + r")(?!\w)"
    r"(?P<after> (?:الماضي|المقبل|القادم))?"
)


@dataclass(frozen=True)
class _Speaker:
    name: str
    role: str


def extract_claims(
    paragraphs: Sequence[str], *, published_at: dt.datetime | None = None
) -> tuple[ParsedClaim, ...]:
    """Find statements introduced by reporting verbs in ``paragraphs``.

    ``published_at`` resolves "يوم الخميس" / "أمس" to dates and supplies the
    year of yearless dates. Claims without any speaker are skipped.
    """
    claims: list[ParsedClaim] = []
    # "وأضاف" with no subject continues the last speaker of the same gender.
    last_speaker: dict[str, _Speaker] = {}
    for number, text in enumerate(paragraphs, 1):
        claims.extend(_extract_from_paragraph(text, number, published_at, last_speaker))
    return tuple(claims)


def _extract_from_paragraph(
    text: str,
    number: int,
    published_at: dt.datetime | None,
    last_speaker: dict[str, _Speaker],
) -> list[ParsedClaim]:
    claims: list[ParsedClaim] = []
    verbs = list(_VERB_RE.finditer(text))
    taken_until = 0
    for index, verb in enumerate(verbs):
        if verb.start() < taken_until:
            continue  # inside a statement already found
        next_verb = verbs[index + 1].start() if index + 1 < len(verbs) else len(text)
        sentence_end = _find_sentence_end(text, verb.end())
        found = _find_statement(text, verb.end(), min(sentence_end, next_verb), sentence_end)
        if found is None:
            continue
        intro_end, start, end, is_quote = found
        gender = _GENDER_OF_VERB.get(normalize_arabic(verb.group("verb") or verb["continued"]))
        clause_start = _find_clause_start(text, verb.start())
        speaker = _speaker_after_verb(text[verb.end() : intro_end])
        if speaker is None:
            speaker = _subject_before_verb(text[clause_start : verb.start()])
        if speaker is None:
            speaker = last_speaker.get(gender or MASCULINE)
        if speaker is None:
            continue
        last_speaker[gender or MASCULINE] = speaker
        attribution = normalize_arabic(text[min(clause_start, verb.start()) : intro_end])
        claims.append(
            ParsedClaim(
                paragraph=number,
                speaker=speaker.name,
                speaker_role=speaker.role,
                statement=text[start:end],
                start=start,
                end=end,
                is_direct_quote=is_quote,
                stated_on=_find_stated_on(attribution, published_at),
                medium=_find_medium(attribution),
            )
        )
        taken_until = end
    return claims


def _find_statement(
    text: str, after_verb: int, window_end: int, sentence_end: int
) -> tuple[int, int, int, bool] | None:
    """Return (end of the attribution, statement start, statement end, is quote)."""
    complementiser = _COMPLEMENTISER_RE.search(text, after_verb, window_end)
    colon = text.find(":", after_verb, window_end)
    if colon != -1 and (complementiser is None or colon < complementiser.start()):
        if len(text[after_verb:colon].split()) > _MAX_ATTRIBUTION_WORDS:
            return None
        quote = _COLON_QUOTE_RE.match(text, colon)
        opening = quote.group("open") if quote else ""
        if opening:
            closing = text.find(_CLOSING_QUOTE[opening], quote.end())
            end = closing if closing != -1 else len(text)
            return _trimmed(text, colon, quote.end(), end, is_quote=True)
        return _trimmed(text, colon, colon + 1, sentence_end, is_quote=False)
    if complementiser is None:
        return None
    if len(text[after_verb : complementiser.start()].split()) > _MAX_ATTRIBUTION_WORDS:
        return None
    return _trimmed(
        text, complementiser.start(), complementiser.end(), sentence_end, is_quote=False
    )


def _trimmed(
    text: str, intro_end: int, start: int, end: int, *, is_quote: bool
) -> tuple[int, int, int, bool] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".،,:؛;"):
        end -= 1
    if len(text[start:end].split()) < _MIN_STATEMENT_WORDS:
        return None
    return intro_end, start, end, is_quote


def _find_sentence_end(text: str, position: int) -> int:
    match = _SENTENCE_END_RE.search(text, position)
    return match.start() if match else len(text)


def _find_clause_start(text: str, position: int) -> int:
    start = 0
    for match in _CLAUSE_BREAK_RE.finditer(text, 0, position):
        start = match.end()
    return start


def _speaker_after_verb(between: str) -> _Speaker | None:
    """The subject in "قال <subject> في بيان إن": words up to a comma, time or channel."""
    between = between.split("،", 1)[0].split(",", 1)[0]
    tokens = [(m.start(), m.group()) for m in _TOKEN_RE.finditer(between)]
    keys = [normalize_arabic(token) for _, token in tokens]
    cut = len(tokens)
    for index, key in enumerate(keys):
        following = keys[index + 1] if index + 1 < len(keys) else ""
        if (
            key in _TIME_WORDS
            or key[:1].isdigit()
            or (key in _PREPOSITIONS and _is_channel(following))
            or (key.startswith("ل") and _is_channel(key[1:]))
        ):
            cut = index
            break
    while cut and keys[cut - 1] in _TRAILING_PREPOSITIONS:
        cut -= 1
    if cut == 0:
        return None
    end = tokens[cut - 1][0] + len(tokens[cut - 1][1])
    return _split_role(between[:end].strip(" ،,:\u00a0"))


def _subject_before_verb(span: str) -> _Speaker | None:
    """The fronted subject in "<subject> قال إن", without openers like لكن or كان."""
    tokens = [(m.start(), m.group()) for m in _TOKEN_RE.finditer(span)]
    first, last = 0, len(tokens)
    while first < last and normalize_arabic(tokens[first][1]) in _OPENERS:
        first += 1
    while last > first and normalize_arabic(tokens[last - 1][1]) in _OPENERS:
        last -= 1  # "كان فلان قد قال"
    if first == last or last - first > _MAX_SUBJECT_WORDS:
        return None
    end = tokens[last - 1][0] + len(tokens[last - 1][1])
    subject = span[tokens[first][0] : end].strip(" ،,:\u00a0")
    return _split_role(subject) if subject else None


def _split_role(phrase: str) -> _Speaker | None:
    """Split a role noun off the name: "فلان المتحدث باسم …" → "فلان", "المتحدث باسم …"."""
    if not phrase:
        return None
    tokens = list(_TOKEN_RE.finditer(phrase))
    for token in tokens[1:]:
        if normalize_arabic(token.group()) in _ROLE_NOUNS:
            return _Speaker(phrase[: token.start()].strip(), phrase[token.start() :].strip())
    return _Speaker(phrase, "")


def _is_channel(key: str) -> bool:
    key = key.removeprefix("ال")
    return bool(key) and key.startswith(_CHANNEL_STEMS)


def _find_medium(attribution: str) -> Medium:
    best: tuple[int, Medium] | None = None
    for pattern, medium in _MEDIUM_PATTERNS:
        match = pattern.search(attribution)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), medium)
    return best[1] if best else Medium.UNKNOWN


def _find_stated_on(attribution: str, published_at: dt.datetime | None) -> dt.date | None:
    """An explicit date in the attribution wins; else a day relative to publication."""
    default_year = published_at.year if published_at else None
    for match in TEXT_DATE_RE.finditer(attribution):
        date = parse_text_date(match, default_year=default_year)
        if date:
            return date
    if published_at is None:
        return None
    published_on = published_at.date()
    for match in _RELATIVE_DAY_RE.finditer(attribution):
        word = match.group("word")
        if match.group("after"):
            return None  # "الخميس الماضي" is read two ways; leave it to a later pass
        if word == "امس":
            return published_on - dt.timedelta(days=2 if match.group("before") else 1)
        if word == "اليوم":
            return published_on
        # The latest such weekday on or before publication (same weekday = same day).
        return published_on - dt.timedelta(days=(published_on.weekday() - WEEKDAYS[word]) % 7)
    return None
