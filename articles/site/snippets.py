"""Search results' snippets: the best paragraph of each result, the words that matched marked
in the text as the article wrote it.

PostgreSQL's ``ts_headline`` would mark positions in the *normalised* text (tashkeel and
tatweel dropped, و split off ال), which is not the text a reader sees. So the original
paragraph is cut into words here, and the database only decides, word by word, whether a
word stems to one of the query's lexemes: the same ``articles_normalize_arabic`` and
``arabic`` configuration as the stored search vector, so a word is marked exactly when the
search would have matched it. Work is bounded: only the page's rows, and only the words
that could match (a cheap test in Python) go to the database, in one query.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.parsing.text import normalize_arabic
from articles.search import SEARCH_CONFIG, spellings

# A word: letters and digits with the marks written on them (tashkeel, tatweel).
WORD = re.compile(r"[\w\u0640\u064B-\u0652\u0670]+")
# Web-search syntax that is not a word to look for: an excluded -word, quotes, OR.
EXCLUDED = re.compile(r'(?:^|(?<=\s))-[^\s"]+')
SNIPPET_WORDS = 36

# Letters the stemmer may fold, drop or keep (hamza seats, weak letters, ة/ه): the quick
# "could this text hold a match?" test skips them, and must never miss a word the database
# would match (a word let through that does not match only costs a row of that query).
_LOOSE_LETTERS = "اأإآٱءؤئىيوةه\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
_LOOSE = str.maketrans("", "", _LOOSE_LETTERS)
_SKIPPED = f"[{_LOOSE_LETTERS}]*"

# Arabic-Indic and Persian digits, which the stemmer writes as ASCII ones.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ANY_DIGIT = {str(n): f"[{n}{chr(0x660 + n)}{chr(0x6F0 + n)}]" for n in range(10)}


def _loose(word: str) -> str:
    return normalize_arabic(word).translate(_LOOSE).translate(_DIGITS)


def _loose_pattern(lexeme: str) -> re.Pattern | None:
    """Finds, in normalised text, the lexeme's letters with any loose letters between them:
    wherever ``_loose(lexeme)`` is in ``_loose(text)``, without loosening the text (a
    ``translate`` of a paragraph costs more than cutting it into words)."""
    part = _loose(lexeme)
    if not part:
        return None
    return re.compile(_SKIPPED.join(_ANY_DIGIT.get(char) or re.escape(char) for char in part))


LEXEMES_SQL = f"""
SELECT DISTINCT lexeme
FROM unnest(%s::text[]) AS spelling,
     unnest(tsvector_to_array(
         to_tsvector('{SEARCH_CONFIG}', articles_normalize_arabic(spelling))
     )) AS lexeme
"""

MATCHING_WORDS_SQL = f"""
SELECT word
FROM unnest(%s::text[]) AS word
WHERE tsvector_to_array(to_tsvector('{SEARCH_CONFIG}', articles_normalize_arabic(word)))
      && %s::text[]
"""


def query_lexemes(query: str) -> list[str]:
    """The lexemes a search for ``query`` looks for, in every spelling it tries."""
    kept = EXCLUDED.sub(" ", query).replace('"', " ")
    kept = re.sub(r"(?<!\S)OR(?!\S)", " ", kept)
    with connection.cursor() as cursor:
        cursor.execute(LEXEMES_SQL, [spellings(kept)])
        return [row[0] for row in cursor.fetchall()]


class _Lexemes:
    """The query's lexemes with the cheap test of whether a text could hold one of them."""

    def __init__(self, lexemes: list[str]):
        self.lexemes = lexemes
        self._tests = [(_loose_pattern(lexeme), lexeme) for lexeme in lexemes]

    def could_match(self, text: str) -> bool:
        """False only when no word of ``text`` can stem to a lexeme. A word that passes
        makes its paragraph pass: a paragraph that fails needs no cutting into words."""
        normalised = normalize_arabic(text)
        return any(
            (pattern is not None and pattern.search(normalised) is not None) or lexeme in text
            for pattern, lexeme in self._tests
        )


def matching_words(words: set[str], lexemes: _Lexemes) -> set[str]:
    """Those of ``words`` that stem to one of ``lexemes``: one query for them all."""
    candidates = [word for word in words if lexemes.could_match(word)]
    if not candidates:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(MATCHING_WORDS_SQL, [candidates, lexemes.lexemes])
        return {row[0] for row in cursor.fetchall()}


@dataclass
class Snippet:
    html: SafeString
    matches: int


def _best_paragraph(
    paragraphs: list[str], words: list[list[str]], matched: set[str]
) -> tuple[str, int]:
    """The paragraph with the most matched words (``words``: each paragraph's words)."""
    best, best_count = (paragraphs[0] if paragraphs else ""), 0
    for paragraph, its_words in zip(paragraphs, words, strict=True):
        count = sum(1 for word in its_words if word in matched)
        if count > best_count:
            best, best_count = paragraph, count
    return best, best_count


def _marked(text: str, matched: set[str]) -> SafeString:
    """``text`` cut to about SNIPPET_WORDS words around its first match, escaped, with every
    matched word in a <mark>."""
    words = list(WORD.finditer(text))
    first = next((index for index, word in enumerate(words) if word.group() in matched), 0)
    start_word = max(0, first - SNIPPET_WORDS // 3)
    end_word = min(len(words), start_word + SNIPPET_WORDS)
    start = words[start_word].start() if start_word else 0
    end = words[end_word - 1].end() if end_word < len(words) else len(text)
    pieces = ["… " if start else ""]
    position = start
    for word in words[start_word:end_word]:
        if word.group() in matched:
            pieces.append(escape(text[position : word.start()]))
            pieces.append(f"<mark>{escape(word.group())}</mark>")
            position = word.end()
    pieces.append(escape(text[position:end]))
    pieces.append(" …" if end < len(text) else "")
    # Safe: every piece of the text is escaped; the marks are the only markup.
    return mark_safe("".join(pieces))


def snippets(articles: list, query: str) -> dict[int, Snippet]:
    """For each article (with its ``body``), its best paragraph with the matches marked."""
    if not articles:
        return {}
    lexemes = _Lexemes(query_lexemes(query))
    paragraphs = {article.pk: article.paragraphs for article in articles}
    # Each paragraph that could hold a match split into words once, for the lookup and for
    # choosing the best one; most paragraphs of a result cannot, and are not split at all.
    split = {
        pk: [WORD.findall(text) if lexemes.could_match(text) else [] for text in texts]
        for pk, texts in paragraphs.items()
    }
    words = {word for texts in split.values() for its_words in texts for word in its_words}
    matched = matching_words(words, lexemes) if words else set()
    result = {}
    for pk, texts in paragraphs.items():
        paragraph, count = _best_paragraph(texts, split[pk], matched)
        result[pk] = Snippet(_marked(paragraph, matched), count)
    return result
