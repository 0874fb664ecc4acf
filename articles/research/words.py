"""The words the articles matching a query use most: normalised Arabic, stop words left out.

Bounded work: at most ``SAMPLE_SIZE`` matching articles are read (a fixed pseudo-random
sample beyond that, the same for the same query while the archive is unchanged), and the
answer says whether it sampled. A word counts once per occurrence (``count``) and once per
article using it (``articles``; ``share`` = articles / articles read).

Normalisation is the search's (``articles/search.py``) spelled out for display: tashkeel,
tatweel and invisible marks removed, أ إ آ ٱ written ا, ى written ي, and a و or ف
attached before ال or لل split off. Words are not stemmed (الحكومة and حكومة are two
words, as a reader sees them). Only words in Arabic letters, of two letters or more.
"""

import heapq
import re
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, TextField, Value, Window
from django.db.models.functions import MD5, Cast, Concat

from articles.research.stopwords import STOP_WORDS_AS_TYPED

# Enough for the top words of a query to settle; reading 1,000 articles cost 0.3 s.
SAMPLE_SIZE = 500
MAX_WORDS = 200

# Tashkeel, superscript alef, tatweel and invisible direction marks: dropped.
_MARKS = re.compile("[\u064b-\u0652\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_ALEFS = ("أ", "إ", "آ", "ٱ")
# A و or ف written onto ال or لل at the start of a word: split off (one letter: no word).
_ATTACHED_CONJUNCTION = re.compile("(?<![\u0621-\u064a])([وف])(?=ال|لل)")
# Arabic letters (hamza to yeh, without tatweel, which folding removed); two or more.
_WORD = re.compile("[\u0621-\u063a\u0641-\u064a]{2,}")


def normalize(text: str) -> str:
    """The search's normalisation, for display: str.replace and one-pass regexps (a
    translate() table cost five times as much on a thousand articles)."""
    text = _MARKS.sub("", text)
    for alef in _ALEFS:
        text = text.replace(alef, "ا")
    return _ATTACHED_CONJUNCTION.sub(r"\1 ", text.replace("ى", "ي"))


def words_of(text: str) -> list[str]:
    """The text's Arabic words, normalised, in order (stop words included)."""
    return _WORD.findall(normalize(text))


STOP_WORDS: frozenset[str] = frozenset(
    word for typed in STOP_WORDS_AS_TYPED for word in words_of(typed)
)


@dataclass(frozen=True)
class Word:
    word: str
    count: int
    articles: int
    share: float


@dataclass(frozen=True)
class TopWords:
    matching: int  # articles matching the query
    read: int  # articles read: all of them, or the sample
    sampled: bool
    words: list[Word]


def article_text():
    """Headline and body as one string: the body's JSON as text, whose keys and block types
    are Latin letters (never words here) and whose quotes and commas fall between words.
    Picking the texts out with a JSON path first cost a third more."""
    return Concat(F("title"), Value(" "), Cast(F("body"), TextField()), output_field=TextField())


def sample_ids(matching, sample_size: int) -> tuple[list[int], int]:
    """Up to ``sample_size`` ids of ``matching`` articles and how many match, in one query.

    The sample is the first ids in the order of their md5: a spread that follows neither
    dates nor sources, and stays put while the matches do (so an answer can be cached and
    repeated). The count rides along as a window over the same scan."""
    rows = (
        matching.order_by(MD5(Cast("pk", TextField())))
        .annotate(matches=Window(Count("*")))
        .values_list("pk", "matches")[:sample_size]
    )
    rows = list(rows)
    return [pk for pk, _ in rows], (rows[0][1] if rows else 0)


def top_words(matching, *, limit: int = 50, sample_size: int = SAMPLE_SIZE) -> TopWords:
    """``matching``: the articles (any queryset of them). Two queries: the sample's ids
    with the count, then the text of the articles read (ids first: sorting rows that
    carried their text unpacked every match's body, 7,000 at 100,000 articles)."""
    ids, total = sample_ids(matching, sample_size)
    texts = (
        matching.model.objects.filter(pk__in=ids)
        .order_by()
        .annotate(text=article_text())
        .values_list("text", flat=True)
    )
    counts: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    read = 0
    for text in texts.iterator(chunk_size=500):
        read += 1
        found = words_of(text)
        counts.update(found)
        documents.update(set(found))
    for word in STOP_WORDS & counts.keys():
        del counts[word]
    # Most used first; equal counts: used by more articles, then alphabetical.
    ranked = heapq.nsmallest(
        limit, counts.items(), key=lambda item: (-item[1], -documents[item[0]], item[0])
    )
    words = [
        Word(word, count, documents[word], round(documents[word] / read, 4))
        for word, count in ranked
    ]
    return TopWords(matching=total, read=read, sampled=total > read, words=words)
