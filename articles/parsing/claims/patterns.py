"""Compiled patterns and sentence boundaries of claim extraction.

Patterns run on the original text (not a normalised copy), so that the
statement's offsets stay exact: tashkeel and tatweel may sit after any letter,
and hamza forms of alef and ى/ي are matched alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from articles.parsing.claims.lexicon import (
    CLAUSE_INITIAL_FORMS,
    COMPLEMENTISERS,
    CONTINUATION_FORMS,
    DURING,
    OCCASION_NOUNS,
    PARTICIPLE_FORMS,
    SAYING_FORMS,
    VERB_FORMS,
)
from articles.parsing.text import normalize_arabic, trie_pattern

MARKS = "[\u064b-\u0652\u0670\u0640]*"
_LETTER_CLASSES = {ch: "[اأإآٱ]" for ch in "اأإآٱ"} | {"ي": "[يى]", "ى": "[يى]"}
NOT_LETTER_BEFORE = r"(?<![\w\u064b-\u0652\u0670\u0640])"
NOT_LETTER_AFTER = r"(?!\w)"
# The first letter of a word and the marks on it: the ب of "بِإغلاق".
MARKS_AFTER_FIRST_RE = re.compile(r".[\u064b-\u0652\u0670\u0640]*")


def fuzzy_letter(ch: str) -> str:
    """A pattern for one letter that ignores the tashkeel after it and hamza spelling."""
    return _LETTER_CLASSES.get(ch, re.escape(ch)) + MARKS


def alternation(words: Sequence[str]) -> str:
    """A trie-shaped, tashkeel- and hamza-blind pattern for ``words``."""
    return trie_pattern((normalize_arabic(word) for word in words), fuzzy_letter)


def first_letters(words: Sequence[str]) -> str:
    """A lookahead that rejects the word starts no word of ``words`` begins with.

    Patterns put it after the lookbehind for "no letter before": that test rejects
    every position inside a word at once, and is cheaper than this set of letters
    (the verb scan runs 15% faster that way round, same matches)."""
    letters = {ch for word in words for ch in _LETTER_CLASSES.get(word[0], word[0]).strip("[]")}
    return "(?=[" + "".join(sorted(letters)) + "])"


_VERBS = [form for forms in VERB_FORMS for form in forms]
_INITIAL = [form for forms in CLAUSE_INITIAL_FORMS for form in forms]
VERB_RE = re.compile(
    NOT_LETTER_BEFORE
    + first_letters(["و", "ف", *_VERBS])
    + rf"(?:(?:[وف]{MARKS})?(?P<verb>{alternation(_VERBS)})"
    + rf"|[وف]{MARKS}(?P<continued>"
    + alternation([form for forms in CONTINUATION_FORMS for form in forms])
    + "))"
    + NOT_LETTER_AFTER
)
# Those verbs without و/ف, at the start of a sentence or a clause: "اقتصادياً، توقع
# الصندوق أن …" (anchored on the break: most of their first letters are common).
_INITIAL_VERB = "(?P<verb>" + alternation(_INITIAL) + ")" + NOT_LETTER_AFTER
OPENING_VERB_RE = re.compile(r"\s*" + _INITIAL_VERB)  # the paragraph's first word
# What may stand between a clause break and a verb that starts a new attribution:
# "…، فيما ذكر مدير الدفاع المدني أن …", "…، غير أنها أقرت …".
_NEW_CLAUSE = (
    r"[،,؛;]\s*(?:(?:فيما|بينما|في حين|كما|ثم|حيث|إذ|اذ|وقد|فقد|بدوره|بدورها|و?لكن\w*"
    r"|(?:غير|إلا|الا|بيد) [أا]ن\w*)\s+)?"
)
NEW_CLAUSE_BEFORE_RE = re.compile(_NEW_CLAUSE + "$")
NEW_CLAUSE_WINDOW = 24
# A participle after a comma adds a statement to the one before it: "…، مشيراً إلى أن".
# (Tanween may sit on its last letter or before its alef: "مشيراً", "مشيرًا".)
# One scan of the clause breaks finds both (a participle after a comma only).
AFTER_BREAK_RE = re.compile(
    r"[.!?؟،,:؛;]\s*(?:(?P<participle>"
    + alternation([form for forms in PARTICIPLE_FORMS for form in forms])
    + ")|"
    + _INITIAL_VERB
    + ")"
    + NOT_LETTER_AFTER
)
# قائلاً needs no comma: "وردت الوزارة قائلة إن …".
SAYING_RE = re.compile(r"\s(?P<participle>" + alternation(SAYING_FORMS) + ")" + NOT_LETTER_AFTER)
COMPLEMENTISER_RE = re.compile(
    NOT_LETTER_BEFORE
    + first_letters(COMPLEMENTISERS)
    + f"(?:{alternation(COMPLEMENTISERS)})"
    + NOT_LETTER_AFTER
)
COLON_QUOTE_RE = re.compile(r":\s*(?P<open>[\"«“”]?)")
CLOSING_QUOTE = {'"': '"', "«": "»", "“": "”", "”": "”"}
QUOTE_OPEN_RE = re.compile(r"[\"«“]")
# "خلاله"، "فيه"، "في المؤتمر"، "خلال الزيارة": words that point back to an occasion.
_DURING = "(?:" + alternation(DURING) + ")"
OCCASION_PRONOUN_RE = re.compile(NOT_LETTER_BEFORE + _DURING + "(?:ه|ها|هما)" + NOT_LETTER_AFTER)
OCCASION_NAMED_RE = re.compile(
    NOT_LETTER_BEFORE
    + _DURING
    + r"\s+ال(?P<noun>"
    + alternation(OCCASION_NOUNS)
    + ")"
    + NOT_LETTER_AFTER
)
SENTENCE_END_RE = re.compile(r"[.!?؟](?=[\s\"»”']|$)")
CLAUSE_COMMA_RE = re.compile(r"[،,]")
TOKEN_RE = re.compile(r"\S+")

# Negation right before a verb: "لم يقل"، "لا تؤكد"، "دون أن يوضح".
NEGATION_BEFORE_RE = re.compile(
    r"(?:(?<!\w)[وف]?(?:لم|لا|لن)|(?<!\w)ب?دون [اأ]ن|(?<!\w)عدم)[\u064b-\u0652]*\s+$"
)
RELAY_FROM_RE = re.compile(r"\s+عن\s+")
# "عن الوزير قوله الأربعاء": what follows قوله (a time, a channel) is no part of the name.
HIS_SAYING_RE = re.compile(r"\s+(?:قوله|قولها|قولهم|تاكيده|تاكيدها)(?!\w).*$", re.DOTALL)

# A nominal marker after a comma closes the statement before it:
# "…، وفق ما نقلت الإذاعة", "…، حسب وزارة الصحة".
TRAILING_NOMINAL_RE = re.compile(
    rf"[،,]\s*[وف]?(?:بحسب|حسبما|حسب|وفق{MARKS}(?:ا{MARKS}\s*ل|\s)|طبق{MARKS}ا{MARKS}\s*ل"
    rf"|نقل{MARKS}ا{MARKS}\s+عن|على\s+حد\s+(?:قول|تعبير))"
)
NOMINAL_RE = re.compile(
    "(?=[وفبحطنع])"
    + NOT_LETTER_BEFORE
    + rf"(?P<prefix>[وف]{MARKS})?(?P<marker>بحسب|حسبما|حسب"
    + rf"|وفق{MARKS}(?:ا{MARKS}\s*ل(?:ـ)?|(?=\s))"
    + rf"|طبق{MARKS}ا{MARKS}\s*ل(?:ـ)?|نقل{MARKS}ا{MARKS}\s+عن|على\s+حد\s+(?:قول|تعبير))"
    + r"(?:ه|ها|هم)?\s*"
)
# "وبحسب المصدر، فإن …": the statement starts after فإن.
STATEMENT_OPENER_RE = re.compile(r"ف[اأإ]ن[\u064b-\u0652]*\s+")
# "وحسب المصدر فإن …" without a comma: فإن ends the speaker phrase.
FA_INNA_RE = re.compile(r"(?<!\w)ف[اأإ][\u064b-\u0652]*ن[\u064b-\u0652]*(?:ه|ها|هم)?\s+")

# "…، لكن سكاناً اشتكوا من …": a contrast that reports someone else ends the statement.
CONTRAST_RE = re.compile(r"[،,]\s*(?:و?لكن|غير [أا]ن|إلا [أا]ن|الا [أا]ن|بينما|في حين)\s")
OTHER_REPORT_RE = re.compile(r"(?<!\w)(?:اشتك\w*|تقارير|ترد|ذكرت|أفادت|افادت)(?!\w)")


def find_sentence_end(text: str, position: int) -> int:
    match = SENTENCE_END_RE.search(text, position)
    return match.start() if match else len(text)


def find_sentence_start(text: str, position: int) -> int:
    start = 0
    for match in SENTENCE_END_RE.finditer(text, 0, position):
        start = match.end()
    return start


def find_clause_start(text: str, position: int) -> int:
    """Just after the last clause break (.!?؟،,:؛;) before ``position``: one C-level
    scan per character, backwards, instead of a regex over the whole paragraph; the
    rarer marks only back to the last comma or full stop."""
    start = max(
        text.rfind("،", 0, position), text.rfind(".", 0, position), text.rfind(",", 0, position)
    )
    after = start + 1
    return (
        max(
            start,
            text.rfind(":", after, position),
            text.rfind("؟", after, position),
            text.rfind("?", after, position),
            text.rfind("!", after, position),
            text.rfind("؛", after, position),
            text.rfind(";", after, position),
        )
        + 1
    )
