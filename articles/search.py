"""Arabic full-text search, identical for stored text and queries.

PostgreSQL's ``arabic`` configuration already folds tashkeel, tatweel, hamza
forms, ة/ه, Arabic-Indic digits and presentation forms, but misses ى vs ي,
alef wasla, invisible marks and a و/ف before ال (see ARABIC.md). The SQL
function ``articles_normalize_arabic`` (created in migration 0001) fixes just
those, with replace() and regexps (translate() over a long character list costs
0.8 ms per article, ten times as much). It runs on the stored title and body
inside the generated search vector and on every query, so both sides always see
the same normalisation.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, Func, TextField, Value

SEARCH_CONFIG = "arabic"

# Kept IMMUTABLE (and locale-independent) so it may feed a generated column.
NORMALIZE_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION articles_normalize_arabic(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(
    replace(
        replace(
            regexp_replace(value, '[\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069]', '', 'g'),
            'ى', 'ي'
        ),
        'ٱ', 'ا'
    ),
    -- split a leading و or ف off ال / لل, which the arabic stemmer leaves attached
    '(^|[^\u0600-\u06FF])([وف])(?=[\u064B-\u0652]*(ا[\u064B-\u0652]*ل|ل[\u064B-\u0652]*ل))',
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


def search_query(text: str) -> SearchQuery:
    """A web-search style query (quotes, OR, -word) normalised like the documents."""
    return SearchQuery(NormalizeArabic(Value(text)), config=SEARCH_CONFIG, search_type="websearch")


def search_rank(query: SearchQuery) -> SearchRank:
    return SearchRank(F("search_vector"), query)
