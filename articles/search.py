"""Arabic full-text search, identical for stored text and queries.

PostgreSQL's ``arabic`` configuration folds hamza forms, a final ة, Arabic-Indic
digits and presentation forms, but misses ى vs ي, alef wasla, invisible marks and a
و/ف before ال (see ARABIC.md). It folds tashkeel inside a word, but a vowel on a
prefix (اَلاشتباكات, بِالاشتباكات) changes the stem (اشتباكا, not اشتباك), so the
word went unfound. The SQL function ``articles_normalize_arabic`` fixes those,
tashkeel first, with replace() and regexps (translate() over a long character list
costs 0.8 ms per article, ten times as much). It runs on the stored title and body
inside the generated search vector and on every query, so both sides always see the
same normalisation; a change to it needs a migration that recomputes the stored
vectors (as 0007 does). A final ه typed for ة (or the reverse) is handled on the
query side, in ``search_query``.
"""

import datetime as dt
import re
import time

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, Func, TextField, Value

from articles.sql import AmongNewest, ComputedOnce, Matches

SEARCH_CONFIG = "arabic"

# Kept IMMUTABLE (and locale-independent) so it may feed a generated column.
NORMALIZE_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION articles_normalize_arabic(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(
    replace(
        replace(
            -- tashkeel, superscript alef, tatweel, invisible direction marks
            regexp_replace(
                value, '[\u064B-\u0652\u0670\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069]', '', 'g'
            ),
            'ى', 'ي'
        ),
        'ٱ', 'ا'
    ),
    -- split a leading و or ف off ال / لل, which the arabic stemmer leaves attached
    '(^|[^\u0600-\u06FF])([وف])(?=ال|لل)',
    '\1\2 ', 'g'
);
"""
DROP_NORMALIZE_FUNCTION_SQL = "DROP FUNCTION IF EXISTS articles_normalize_arabic(text);"


class NormalizeArabic(Func):
    function = "articles_normalize_arabic"
    output_field = TextField()


def article_search_vector():
    """The expression behind ``Article.search_vector``: headline weighs more than body."""
    body_text = Func(
        F("body"),
        template="(jsonb_path_query_array(%(expressions)s, '$[*].text'))::text",
        output_field=TextField(),
    )
    return SearchVector(
        NormalizeArabic(F("title")), config=SEARCH_CONFIG, weight="A"
    ) + SearchVector(NormalizeArabic(body_text), config=SEARCH_CONFIG, weight="B")


# The text of the body's first paragraph block (headings and images come before it at times).
FIRST_PARAGRAPH = '$[*] ? (@.type == "paragraph").text'


def article_rank_vector():
    """The expression behind ``Article.rank_vector``: what a search ranks its matches by.

    The headline and the lead paragraph, the two places a news article puts what
    it is about (in that order of weight). A search matches on the whole text
    (``search_vector``) but ranks every match, and ranking reads the vector of
    each: the whole text's is 5.5 kB, stored out of the row; this one is about
    0.7 kB and stays in it. Matches that share a rank (the word only in the rest
    of the body) come newest first.
    """
    lead_text = Func(
        F("body"),
        template=f"(jsonb_path_query_first(%(expressions)s, '{FIRST_PARAGRAPH}') #>> '{{}}')",
        output_field=TextField(),
    )
    return SearchVector(
        NormalizeArabic(F("title")), config=SEARCH_CONFIG, weight="A"
    ) + SearchVector(NormalizeArabic(lead_text), config=SEARCH_CONFIG, weight="B")


# A word ending in ه or ة (tatweel or tashkeel may follow): the two are often swapped in typing.
_FINAL_HA_OR_TA = re.compile(r"[هة](?=[\u0640\u064B-\u0652\u0670]*(?:[^\u0600-\u06FF]|$))")


# An excluded word in web-search syntax: -word, outside quotes.
_EXCLUDED_WORD = re.compile(r'(?:^|(?<=\s))-([^\s"]+)')


def _websearch(text: str) -> SearchQuery:
    return SearchQuery(NormalizeArabic(Value(text)), config=SEARCH_CONFIG, search_type="websearch")


def spellings(text: str) -> list[str]:
    """The text as typed, then with every final ه/ة written as ة, then as ه (if different)."""
    found = [text]
    for letter in ("ة", "ه"):
        variant = _FINAL_HA_OR_TA.sub(letter, text)
        if variant not in found:
            found.append(variant)
    return found


def search_query(text: str) -> ComputedOnce:
    """A web-search style query (quotes, OR, -word) normalised like the documents.

    The ``arabic`` stemmer strips a final ة but keeps a final ه (الحسكة -> حسك,
    الحسكه -> حسكه), so a query typed with either spelling also tries the other:
    the words as typed OR all final ه/ة as ة OR all as ه, and an excluded -word
    excludes every spelling. This is done on the query only, so the stored vectors
    and their index stay as they are.
    """
    excluded = _EXCLUDED_WORD.findall(text)
    kept = _EXCLUDED_WORD.sub(" ", text) if excluded else text
    typed = spellings(kept)
    query = _websearch(typed[0])
    for spelling in typed[1:]:
        query |= _websearch(spelling)
    if excluded:
        # Every spelling of every excluded word in one web-search query ("-a -b" is !a & !b),
        # each once: a chain of one AND per word nested as deep as the words were many
        # (150 words overflowed Python's recursion limit compiling it).
        unique = dict.fromkeys(spelling for word in excluded for spelling in spellings(word))
        query &= _websearch(" ".join(f"-{spelling}" for spelling in unique))
    return ComputedOnce(query)


def search_match(query: ComputedOnce) -> Matches:
    return Matches(F("search_vector"), query)


def search_rank(query: ComputedOnce) -> SearchRank:
    return SearchRank(F("rank_vector"), query)


# Where the windows a search reads its newest matches through begin: the newest 2%, 4%
# and 16% of the dated articles, then the rest (undated ones last). A window costs a scan
# of the word's GIN entry: of its every match (13 ms for 68,400 at a million articles), or
# of the newest articles' only (1.1 ms) when the window lies inside the recent-articles
# index (``recent_search_index.py``), which holds the newest 8%. Inside it, what a window
# costs grows with its width (the publication-date index's entries, the matches' rows),
# so the first is as narrow as lets a word in 7% of the articles fill the ranked matches
# alone (7% of 2% of a million: 1,400), and a word spread unevenly reads the second, also
# inside it. At a million articles the 2% first window took a search's median from 34.9 to
# 30.4 ms against 4% (48.8 ms without the index).
WINDOW_SHARES = (0.02, 0.04, 0.16)
# A page of matches newest first needs a page of rows, not the ranked matches: a narrower
# window first (the statistics place a window to about 1% of the articles).
PAGE_WINDOW_SHARES = (0.01, 0.04, 0.16)
# How long a process keeps those dates: they only steer the work, never the results.
WINDOW_SECONDS = 600
_windows: dict[str, tuple[float, list[dt.datetime]]] = {}


def histogram_bounds(model, using: str) -> list[dt.datetime]:
    """The statistics' histogram of publication dates, oldest first: 101 bounds (by
    default), each 1% of the dated rows from the next; none before the first ANALYZE."""
    column = model._meta.get_field("published_at").column
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT histogram_bounds::text::timestamptz[] FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s AND attname = %s "
            "LIMIT 1",
            [model._meta.db_table, column],
        )
        row = cursor.fetchone()
    return (row[0] if row else None) or []


def window_starts(
    model, using: str, shares: tuple[float, ...] = WINDOW_SHARES
) -> list[dt.datetime]:
    """The publication dates the windows begin at, newest first, from PostgreSQL's own
    statistics of the column (its histogram: 100 bounds, each a share of the rows); none
    before the table was first analysed, when a search reads all its matches in one go.
    The bounds are read once per process and database every ``WINDOW_SECONDS``."""
    kept = _windows.get(using)
    if kept is None or time.monotonic() - kept[0] >= WINDOW_SECONDS:
        kept = _windows[using] = (time.monotonic(), histogram_bounds(model, using))
    bounds = kept[1]
    starts: list[dt.datetime] = []
    for share in shares if len(bounds) > 2 else ():
        start = bounds[round((1 - share) * (len(bounds) - 1))]
        if not starts or start < starts[-1]:
            starts.append(start)
    return starts


def among_newest_matches(
    matches, limit: int, shares: tuple[float, ...] = WINDOW_SHARES, *, undated_first: bool = False
) -> AmongNewest:
    """Whether an article is among the ``limit`` newest of ``matches`` (annotated with
    ``recency``; newest by it, then id): what a search ranks. Inside a window PostgreSQL
    intersects the search's GIN index with the publication-date index, so it reads the
    rows of that window's matches only, not of every match."""
    starts = window_starts(matches.model, matches.db, shares)
    rows = matches.order_by().values("id", "published_at", "recency")
    return AmongNewest("pk", rows, starts=starts, limit=limit, undated_first=undated_first)
