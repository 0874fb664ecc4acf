"""Extraction of attributed statements from paragraphs: rules and word lists only.

Three families:

- a reporting verb, then a complementiser (إن / أن / بأن), a colon with a
  quotation, or a channel and its date ("قالت X في تقرير نشرته يوم …" followed
  directly by the statement); the speaker stands between the verb and the
  complementiser, or before the verb ("كان فلان … قال");
- a bare continuation verb (وأضاف / وقالت) keeps the previous speaker of its gender;
- nominal attribution (بحسب، وفقاً لـ، نقلاً عن، على حد قول): the rest of the
  sentence is the statement.

A negated verb (لم يقل، لا تؤكد) is no attribution. Within one article a
definite description ("الصحيفة الأمريكية") or a bare surname refers back to
the speaker it describes, and names given with المعروف باسم / (…) are aliases.
Every paragraph is first screened by one combined pattern, so text without any
attribution costs a single regex scan.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from articles.parsing.dates import MONTHS, TEXT_DATE_RE, WEEKDAYS, parse_text_date
from articles.parsing.figures import extract_figures
from articles.parsing.speaker_phrases import (
    ROLE_NOUNS as _ROLE_HEADS,
)
from articles.parsing.speaker_phrases import (
    SpeakerPhrase,
    analyse_speaker,
    mention_matches,
)
from articles.parsing.text import normalize_arabic
from articles.parsing.types import Medium, ParsedClaim, SpeakerKind

# Tashkeel and tatweel may sit after any letter; matching the original text
# (not a normalised copy) keeps the offsets of the statement exact.
_MARKS = "[\u064b-\u0652\u0670\u0640]*"
_LETTER_CLASSES = {ch: "[اأإآٱ]" for ch in "اأإآٱ"} | {"ي": "[يى]", "ى": "[يى]"}
_NOT_LETTER_BEFORE = r"(?<![\w\u064b-\u0652\u0670\u0640])"
_NOT_LETTER_AFTER = r"(?!\w)"


def _fuzzy(word: str) -> str:
    """A pattern for ``word`` that ignores tashkeel and hamza spelling."""
    return "".join(_LETTER_CLASSES.get(ch, re.escape(ch)) + _MARKS for ch in word)


# A trie of words: a letter to the rest of the trie; "" marks the end of a word.
_TrieNode = dict[str, "_TrieNode"]


def _alternation(words: Sequence[str]) -> str:
    """A trie-shaped pattern for ``words``: at each position only one branch is tried,
    which is several times faster than a flat alternation of dozens of verbs."""
    trie: _TrieNode = {}
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


def _trie_pattern(node: _TrieNode) -> str:
    branches = [_fuzzy(ch) + _trie_pattern(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Longer words first: an optional tail is tried before stopping here.
    return f"(?:{body})?" if "" in node else body


# Words recur across paragraphs and articles: normalise each spelling once.
_key = functools.lru_cache(maxsize=1 << 16)(normalize_arabic)

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
    ("وصفه", "وصفته", "وصفوه"),  # "بما وصفته X بأنه …"
    ("نقل", "نقلت", "نقلوا"),
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
        "و", "ف", "كان", "وكان", "فكان", "كانت", "وكانت", "فكانت", "لكن", "ولكن", "بينما",
        "فيما", "حيث", "كما", "وكما", "كذلك", "وقد", "فقد", "قد", "لقد", "ثم", "بدوره",
        "بدورها", "أيضاً", "أيضا",
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
# "قال فلان أمام البرلمان"، "قال لـ"الصحيفة"": the speaker phrase ends here.
_SPEAKER_ENDS = frozenset(normalize_arabic(w) for w in ("أمام", "ل", "لـ", "خلال"))
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
        "بلاغ", "دراسة", "دراست", "ندوة", "ندوت",
    )
)  # fmt: skip
# On normalised text; the earliest marker in the attribution wins (one scan).
_MEDIUM_PATTERNS: tuple[tuple[str, Medium], ...] = (
    (r"تغريد\w*|تويتر|(?<!\w)منصة اكس(?!\w)|(?<!\w)(?:على|عبر) اكس(?!\w)", Medium.TWEET),
    (
        r"تدوين\w*|فيسبوك|فيس بوك|انستغرام|انستجرام|(?<!\w)منشور|مواقع التواصل|وسائل التواصل",
        Medium.SOCIAL_POST,
    ),
    (r"(?:مؤتمر|ندو[ةت])\w*\s+صحا?في", Medium.PRESS_CONFERENCE),
    (
        r"(?<!\w)(?:[وفل]?ب|[وفل])?(?:ال)?(?:بيان|بلاغ)(?:ا|ه|ها|هم|هما)?(?!\w)",
        Medium.STATEMENT,
    ),
    (r"(?<!\w)(?:[وفبل])?(?:ال)?(?:تقرير|دراس[ةت])(?:ا|ه|ها|هم|هما)?(?!\w)", Medium.REPORT),
    (
        r"مقابل[ةت]\w*|(?<!\w)(?:[وفبل])?(?:ال)?حوار|(?<!\w)(?:[وفبل])?لقاء"
        r"|(?<!\w)حديث(?:ه|ها)? (?:ل|الي)",
        Medium.INTERVIEW,
    ),
    (r"تلفزيون\w*|متلفز\w*|(?<!\w)(?:[وفبل])?(?:ال)?قنا[ةه](?!\w)", Medium.TELEVISION),
    (r"اذاع[ةي]\w*|راديو", Medium.RADIO),
    (r"(?<!\w)(?:في|خلال) (?:ال)?كلم[ةت]\w*|خطاب\w*", Medium.SPEECH),
    (r"رسال[ةت]\w*", Medium.LETTER),
)
_MEDIUM_RE = re.compile(
    "|".join(f"(?P<m{index}>{pattern})" for index, (pattern, _) in enumerate(_MEDIUM_PATTERNS))
)

_RELATIVE_DAY_RE = re.compile(
    r"(?<!\w)(?P<before>اول )?(?P<word>امس|اليوم|" + "|".join(WEEKDAYS) + r")(?!\w)"
    r"(?P<after> (?:الماضي|المقبل|القادم))?"
)

# Negation right before a verb: "لم يقل"، "لا تؤكد"، "دون أن يوضح".
_NEGATION_BEFORE_RE = re.compile(
    r"(?:(?<!\w)[وف]?(?:لم|لا|لن)|(?<!\w)ب?دون [اأ]ن)[\u064b-\u0652]*\s+$"
)

# A verb whose speaker passes on someone else's words: "نقلت الوكالة عن مصدر أن …".
_RELAYING_VERBS = frozenset(normalize_arabic(w) for w in ("نقل", "نقلت", "نقلوا"))
_RELAY_FROM_RE = re.compile(r"\s+عن\s+")
_HIS_SAYING_RE = re.compile(r"\s+(?:قوله|قولها|قولهم|تاكيده|تاكيدها)$")

# After "في تقرير نشرته": what may stand between the channel and a statement
# that follows without إن (relative verb, time, date).
_CHANNEL_RELATIVE = frozenset(
    normalize_arabic(w)
    for w in (
        "نشرته", "نشره", "نشرها", "أصدرته", "أصدره", "أصدرها", "بثته", "بثه", "بثها",
        "له", "لها", "لهم", "صدر", "صادر", "الصادر", "نشر", "نشرت", "أمس", "اليوم", "يوم",
        "صباح", "مساء", "الماضي", "المقبل", "من", "عام", "سنة", "أعدها", "أعده", "أعدته",
        "أعدتها", "حديث", "حديثة", "جديد", "جديدة", "رسمي", "رسمية",
    )
) | frozenset(WEEKDAYS)  # fmt: skip
_CHANNEL_RELATIVE_OR_FROM = _CHANNEL_RELATIVE | {"عن", "صادر", "الصادر", "الصادرة", "صادرة"}
_MONTH_WORDS = frozenset(word for name in MONTHS for word in name.split())

_NOMINAL_MARKERS = [
    "بحسب", "حسب", "حسبما", "وفقا ل", "وفقاً ل", "وفقاً لـ", "وفقا لـ", "وفق", "طبقا ل",
    "طبقاً ل", "نقلا عن", "نقلاً عن", "على حد قول", "على حد تعبير",
]  # fmt: skip
_NOMINAL_RE = re.compile(
    "(?=[وفبحطنع])"
    + _NOT_LETTER_BEFORE
    + rf"(?P<prefix>[وف]{_MARKS})?(?P<marker>بحسب|حسبما|حسب"
    + rf"|وفق{_MARKS}(?:ا{_MARKS}\s*ل(?:ـ)?|(?=\s))"
    + rf"|طبق{_MARKS}ا{_MARKS}\s*ل(?:ـ)?|نقل{_MARKS}ا{_MARKS}\s+عن|على\s+حد\s+(?:قول|تعبير))"
    + r"(?:ه|ها|هم)?\s*"
)


def _may_attribute_nominally(text: str) -> bool:
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


# The same for the medium patterns, on normalised attribution text.
_MEDIUM_STEMS = (
    "تغريد", "تويتر", "اكس", "تدوين", "التواصل", "فيس", "انستغرام", "انستجرام", "منشور", "مؤتمر",
    "بيان", "بلاغ", "تقرير", "دراس", "ندو", "مقابل", "حوار", "لقاء", "حديث", "تلفزيون",
    "متلفز", "قنا", "كلم", "خطاب", "رسال", "اذاع", "راديو",
)  # fmt: skip
# "وبحسب المصدر، فإن …": the statement starts after فإن.
_STATEMENT_OPENER_RE = re.compile(r"ف[اأإ]ن[\u064b-\u0652]*\s+")


@dataclass
class _Found:
    """A statement and who said it, before speakers are resolved across the article."""

    paragraph: int
    phrase: SpeakerPhrase
    gender: str
    start: int
    end: int
    is_quote: bool
    attribution: str  # normalised text around the verb: date and medium are read from it


@dataclass
class _Article:
    """What one article has said so far about its speakers."""

    speakers: list[tuple[str, str, SpeakerPhrase]]  # (name, mention, phrase), in order
    aliases: dict[str, str]  # normalised alias → canonical name
    names: dict[str, list[str]]  # canonical name → its aliases as printed

    def resolve(self, phrase: SpeakerPhrase) -> SpeakerPhrase:
        for entity, alias in phrase.aliases:
            canonical = self.aliases.get(_key(entity), entity)
            self.aliases.setdefault(_key(alias), canonical)
            self.names.setdefault(canonical, [])
            if alias not in self.names[canonical]:
                self.names[canonical].append(alias)
        name, kind = phrase.name, phrase.kind
        key = _key(name)
        if phrase.anaphor:
            for earlier_name, mention, earlier in reversed(self.speakers):
                if earlier.kind is not SpeakerKind.UNNAMED and mention_matches(
                    phrase.descriptors, mention
                ):
                    name, kind = earlier_name, earlier.kind
                    break
        elif key in self.aliases or key.removeprefix("ال") in self.aliases:
            name = self.aliases.get(key) or self.aliases[key.removeprefix("ال")]
            kind = SpeakerKind.ORGANISATION if kind is SpeakerKind.UNKNOWN else kind
        elif " " not in name:
            # A bare surname: "العلي" after "سامر العلي".
            for earlier_name, _, earlier in reversed(self.speakers):
                words = earlier_name.split()
                if earlier.kind is SpeakerKind.PERSON and len(words) > 1 and _key(words[-1]) == key:
                    name = earlier_name
                    break
        if phrase.mention:
            self.aliases.setdefault(_key(phrase.mention), name)
            self.names.setdefault(name, [])
            if phrase.mention not in self.names[name]:
                self.names[name].append(phrase.mention)
        resolved = SpeakerPhrase(name=name, role=phrase.role, kind=kind)
        mention = phrase.mention or f"{phrase.role} {phrase.name}".strip()
        self.speakers.append((name, mention, resolved))
        return resolved


def extract_claims(
    paragraphs: Sequence[str], *, published_at: dt.datetime | None = None
) -> tuple[ParsedClaim, ...]:
    """Find attributed statements in ``paragraphs``.

    ``published_at`` resolves "يوم الخميس" / "أمس" to dates and supplies the
    year of yearless dates. Statements without any speaker are skipped.
    """
    found: list[_Found] = []
    # "وأضاف" with no subject continues the last speaker of the same gender.
    last_speaker: dict[str, SpeakerPhrase] = {}
    for number, text in enumerate(paragraphs, 1):
        # One scan screens the paragraph: a reporting verb, else a nominal marker.
        verbs = [verb for verb in _VERB_RE.finditer(text) if _is_reporting(text, verb)]
        nominal = _may_attribute_nominally(text)
        if verbs or nominal:
            found.extend(_extract_from_paragraph(text, number, verbs, nominal, last_speaker))
    if not found:
        return ()
    article = _Article(speakers=[], aliases={}, names={})
    resolved = [(item, article.resolve(item.phrase)) for item in found]
    claims = []
    for item, speaker in resolved:
        text = paragraphs[item.paragraph - 1]
        statement = text[item.start : item.end]
        claims.append(
            ParsedClaim(
                paragraph=item.paragraph,
                speaker=speaker.name,
                speaker_role=speaker.role,
                statement=statement,
                start=item.start,
                end=item.end,
                is_direct_quote=item.is_quote,
                stated_on=_find_stated_on(item.attribution, published_at),
                medium=_find_medium(item.attribution),
                figures=extract_figures(statement),
                speaker_kind=speaker.kind,
                speaker_aliases=tuple(article.names.get(speaker.name, ())),
                speaker_gender=item.gender,
            )
        )
    return tuple(claims)


def _extract_from_paragraph(
    text: str,
    number: int,
    verbs: list[re.Match[str]],
    nominal: bool,
    last_speaker: dict[str, SpeakerPhrase],
) -> list[_Found]:
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    taken_until = 0
    for index, verb in enumerate(verbs):
        if verb.start() < taken_until:
            continue  # inside a statement already found
        if _NEGATION_BEFORE_RE.search(text, max(0, verb.start() - 12), verb.start()):
            continue
        next_verb = verbs[index + 1].start() if index + 1 < len(verbs) else len(text)
        sentence_end = _find_sentence_end(text, verb.end())
        statement = _find_statement(text, verb.end(), min(sentence_end, next_verb), sentence_end)
        if statement is None:
            continue
        intro_end, start, end, is_quote = statement
        verb_key = _key(verb.group("verb") or verb["continued"])
        gender = _GENDER_OF_VERB.get(verb_key, MASCULINE)
        clause_start = _find_clause_start(text, verb.start())
        between = text[verb.end() : intro_end]
        if verb_key in _RELAYING_VERBS:
            between = _relayed_speaker(between)
        speaker = _speaker_after_verb(between)
        if speaker is None:
            speaker = _subject_before_verb(text[clause_start : verb.start()])
            if speaker is not None and gender == MASCULINE and _looks_feminine(speaker):
                gender = FEMININE
        if speaker is None:
            speaker = last_speaker.get(gender)
        if speaker is None:
            continue
        last_speaker[gender] = speaker
        found.append(
            _Found(
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
    if nominal:
        found.extend(_nominal_attributions(text, number, taken))
    found.sort(key=lambda item: item.start)
    return found


_RELAY_WINDOW = 80


def _is_reporting(text: str, verb: re.Match[str]) -> bool:
    """Not a word in quotes ("«نقل»"), and نقل only as "نقل … عن" (not "نقل الجرحى")."""
    if verb.start() and text[verb.start() - 1] in '«"“':
        return False
    if verb.group("verb") and _key(verb.group("verb")) in _RELAYING_VERBS:
        return " عن " in text[verb.end() : verb.end() + _RELAY_WINDOW]
    return True


def _looks_feminine(speaker: SpeakerPhrase) -> bool:
    first = normalize_arabic(speaker.name.split()[0]) if speaker.name else ""
    return first.endswith("ة")


def _relayed_speaker(between: str) -> str:
    """For "الوكالة عن مصدر مطلع قوله" → "مصدر مطلع": the words are the source's."""
    parts = _RELAY_FROM_RE.split(between, maxsplit=1)
    if len(parts) < 2:
        return between
    return _HIS_SAYING_RE.sub("", parts[1].rstrip())


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
        if quote is not None and quote.group("open"):
            closing = text.find(_CLOSING_QUOTE[quote.group("open")], quote.end())
            end = closing if closing != -1 else len(text)
            return _trimmed(text, colon, quote.end(), end, is_quote=True)
        return _trimmed(text, colon, colon + 1, sentence_end, is_quote=False)
    if complementiser is None or (
        len(text[after_verb : complementiser.start()].split()) > _MAX_ATTRIBUTION_WORDS
    ):
        return _statement_after_channel(text, after_verb, sentence_end)
    return _trimmed(
        text, complementiser.start(), complementiser.end(), sentence_end, is_quote=False
    )


def _statement_after_channel(
    text: str, after_verb: int, sentence_end: int
) -> tuple[int, int, int, bool] | None:
    """For "قالت X في تقرير نشرته يوم الخميس 27 يناير 2022 <statement>": no إن, a dated channel."""
    tokens = list(
        itertools.islice(
            _TOKEN_RE.finditer(text, after_verb, sentence_end), _MAX_ATTRIBUTION_WORDS + 1
        )
    )
    keys = [_key(token.group()) for token in tokens[:_MAX_ATTRIBUTION_WORDS]]
    channel = next(
        (
            index
            for index, key in enumerate(keys[:-1])
            if key in _PREPOSITIONS and _is_channel(keys[index + 1])
        ),
        None,
    )
    if channel is None:
        return None
    index, dated = channel + 2, False
    while index < len(keys):
        key = keys[index]
        parts = [part for part in key.split("/") if part]
        if key[:1].isdigit() or (parts and all(p in _MONTH_WORDS or p.isdigit() for p in parts)):
            dated = True
        elif key not in _CHANNEL_RELATIVE:
            break
        index += 1
    if not dated or index >= len(keys):
        return None
    start = tokens[index].start()
    return _trimmed(text, start, start, sentence_end, is_quote=False)


def _nominal_attributions(text: str, number: int, taken: list[tuple[int, int]]) -> list[_Found]:
    """For "قتل 12 شخصاً، بحسب وزارة الصحة" and "وبحسب المصدر، فإن …"."""
    found = []
    for marker in _NOMINAL_RE.finditer(text):
        if any(start <= marker.start() < end for start, end in taken):
            continue
        sentence_start = _find_sentence_start(text, marker.start())
        sentence_end = _find_sentence_end(text, marker.end())
        comma = _CLAUSE_COMMA_RE.search(text, marker.end(), sentence_end)
        phrase_end = comma.start() if comma else sentence_end
        speaker = _speaker_after_verb(_without_channel(text[marker.end() : phrase_end]))
        if speaker is None:
            continue
        before = text[sentence_start : marker.start()]
        if before.strip(" ،,") and not _only_openers(before):
            start, end = sentence_start, marker.start()
        elif comma:
            start, end = comma.end(), sentence_end
        else:
            continue
        trimmed = _trimmed(text, marker.start(), start, end, is_quote=False)
        if trimmed is None:
            continue
        _, start, end, _ = trimmed
        opener = _STATEMENT_OPENER_RE.match(text, start)
        if opener and opener.end() < end:
            start = opener.end()
        found.append(
            _Found(
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


_CLAUSE_COMMA_RE = re.compile(r"[،,]")
_OPENER_SPLIT_RE = re.compile(r"[\s،,]+")


def _only_openers(text: str) -> bool:
    return all(_key(word) in _OPENERS for word in _OPENER_SPLIT_RE.split(text) if word)


# Channels that stand for their author: "بحسب بيان لوزارة الصحة", "تقريراً نشرته منصة".
_DOCUMENT_STEMS = tuple(
    normalize_arabic(stem)
    for stem in ("بيان", "بلاغ", "تقرير", "دراس", "تغريد", "تدوين", "منشور", "رسال", "إحصاء")
)


def _without_channel(phrase: str) -> str:
    """For "بيان لوزارة الصحة" / "تقرير صادر عن المنظمة" → the speaker's words."""
    tokens = phrase.split()
    if tokens and _key(tokens[0]).removeprefix("ال").startswith(_DOCUMENT_STEMS):
        rest = tokens[1:]
        while rest and _key(rest[0]) in _CHANNEL_RELATIVE_OR_FROM:
            rest = rest[1:]
        if rest and rest[0].startswith("ل") and len(rest[0]) > 2 and len(rest) == len(tokens) - 1:
            rest = [rest[0].removeprefix("لـ").removeprefix("ل"), *rest[1:]]  # "لوزارة"
        return " ".join(rest)
    return phrase


# "…، لكن سكاناً اشتكوا من …": a contrast that reports someone else ends the statement.
_CONTRAST_RE = re.compile(r"[،,]\s*(?:و?لكن|غير [أا]ن|إلا [أا]ن|الا [أا]ن|بينما|في حين)\s")
_OTHER_REPORT_RE = re.compile(r"(?<!\w)(?:اشتك\w*|تقارير|ترد|ذكرت|أفادت|افادت)(?!\w)")


def _cut_at_contrast(text: str, start: int, end: int) -> int:
    contrast = _CONTRAST_RE.search(text, start, end)
    if contrast is None:
        return end
    rest = text[contrast.end() : end]
    if _OTHER_REPORT_RE.search(rest) or _VERB_RE.search(rest):
        return contrast.start()
    return end


def _trimmed(
    text: str, intro_end: int, start: int, end: int, *, is_quote: bool
) -> tuple[int, int, int, bool] | None:
    if not is_quote:
        end = _cut_at_contrast(text, start, end)
    while start < end and (text[start].isspace() or text[start] in "،,:؛;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".،,:؛;"):
        end -= 1
    if len(text[start:end].split()) < _MIN_STATEMENT_WORDS:
        return None
    return intro_end, start, end, is_quote


def _find_sentence_end(text: str, position: int) -> int:
    match = _SENTENCE_END_RE.search(text, position)
    return match.start() if match else len(text)


def _find_sentence_start(text: str, position: int) -> int:
    start = 0
    for match in _SENTENCE_END_RE.finditer(text, 0, position):
        start = match.end()
    return start


def _find_clause_start(text: str, position: int) -> int:
    start = 0
    for match in _CLAUSE_BREAK_RE.finditer(text, 0, position):
        start = match.end()
    return start


def _speaker_after_verb(between: str) -> SpeakerPhrase | None:
    """The subject in "قال <subject> في بيان إن": words up to a comma, time or channel.

    "قالت المحللة في مؤسسة كذا، فلانة الفلانية، إن": a short name after the comma
    is the speaker and what comes before it the role.
    """
    parts = _COMMA_SPLIT_RE.split(between, maxsplit=2)
    if len(parts) > 1:
        apposition = _apposition(parts[0], parts[1])
        if apposition is not None:
            return apposition
    between = parts[0]
    tokens = [(m.start(), m.group()) for m in _TOKEN_RE.finditer(between)]
    keys = [_key(token) for _, token in tokens]
    cut = len(tokens)
    for index, key in enumerate(keys):
        following = keys[index + 1] if index + 1 < len(keys) else ""
        if (
            key in _TIME_WORDS
            or key in _SPEAKER_ENDS
            or key.startswith(('ل"', "ل«", "ل“"))
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
    return analyse_speaker(between[:end])


_COMMA_SPLIT_RE = re.compile(r"\s*[،,]\s*")
_MAX_NAME_WORDS = 4


def _apposition(role: str, name: str) -> SpeakerPhrase | None:
    words, role_words = name.split(), role.split()
    if not words or not role_words or len(words) > _MAX_NAME_WORDS:
        return None
    first = _key(words[0])
    if first.startswith(("و", "ال")) or first in _TIME_WORDS or _is_channel(first):
        return None
    described = analyse_speaker(role)
    if described is None or described.kind is not SpeakerKind.PERSON or described.role:
        return None
    head = _key(role_words[0])
    if not (head.startswith("ال") or head in _ROLE_HEADS):
        return None
    named = analyse_speaker(name)
    if named is None:  # nothing but punctuation between the commas
        return None
    return SpeakerPhrase(name=named.name, role=role.strip(), kind=SpeakerKind.PERSON)


def _subject_before_verb(span: str) -> SpeakerPhrase | None:
    """The fronted subject in "<subject> قال إن", without openers like لكن or كان."""
    tokens = [(m.start(), m.group()) for m in _TOKEN_RE.finditer(span)]
    first, last = 0, len(tokens)
    while first < last and _key(tokens[first][1]) in _OPENERS:
        first += 1
    while last > first and _key(tokens[last - 1][1]) in _OPENERS:
        last -= 1  # "كان فلان قد قال"
    if first == last or last - first > _MAX_SUBJECT_WORDS:
        return None
    end = tokens[last - 1][0] + len(tokens[last - 1][1])
    subject = span[tokens[first][0] : end]
    return analyse_speaker(_without_channel(subject))


def _is_channel(key: str) -> bool:
    key = key.removeprefix("ال")
    return bool(key) and key.startswith(_CHANNEL_STEMS)


def _find_medium(attribution: str) -> Medium:
    for stem in _MEDIUM_STEMS:
        if stem in attribution:
            break
    else:
        return Medium.UNKNOWN
    match = _MEDIUM_RE.search(attribution)
    if match is None or match.lastgroup is None:  # every alternative is a named group
        return Medium.UNKNOWN
    return _MEDIUM_PATTERNS[int(match.lastgroup[1:])][1]


_DIGIT_RE = re.compile("[0-9]")
# Substrings of every relative day word (weekdays, أمس, اليوم), normalised.
_DAY_STEMS = ("امس", "اليوم", "احد", "اثنين", "ثلاثاء", "اربعاء", "خميس", "جمعة", "سبت")


def _may_name_a_day(attribution: str) -> bool:
    """Most attributions name no day: a few substring tests spare the date patterns."""
    if _DIGIT_RE.search(attribution):
        return True
    return any(stem in attribution for stem in _DAY_STEMS)


def _find_stated_on(attribution: str, published_at: dt.datetime | None) -> dt.date | None:
    """An explicit date in the attribution wins; else a day relative to publication.

    A bare weekday is the latest such day on or before publication (same
    weekday = same day); "الخميس الماضي" the latest one strictly before it;
    "الخميس المقبل" the next one after it.
    """
    if not _may_name_a_day(attribution):
        return None
    default_year = published_at.year if published_at else None
    for match in TEXT_DATE_RE.finditer(attribution):
        date = parse_text_date(match, default_year=default_year)
        if date:
            return date
    if published_at is None:
        return None
    published_on = published_at.date()
    for match in _RELATIVE_DAY_RE.finditer(attribution):
        word, after = match.group("word"), (match.group("after") or "").strip()
        if word == "امس":
            return published_on - dt.timedelta(days=2 if match.group("before") else 1)
        if word == "اليوم":
            return published_on
        back = (published_on.weekday() - WEEKDAYS[word]) % 7
        if after == "الماضي":
            return published_on - dt.timedelta(days=back or 7)
        if after:
            ahead = (WEEKDAYS[word] - published_on.weekday()) % 7
            return published_on + dt.timedelta(days=ahead or 7)
        return published_on - dt.timedelta(days=back)
    return None
