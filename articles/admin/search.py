"""The admin's search box, Arabic-aware: spelling variants find the same rows.

Each word of the query must occur in one of the fields (Django's rule), compared after
the normalisation the API's search uses: ``normalize_arabic`` (Python) for the stored
``normalized_name`` columns and the query, and for free text such as a statement
``MatchText`` (``articles_normalize_arabic`` in SQL, plus the folds it leaves to the
stemmer) on both the column and the query word. Tashkeel, tatweel, hamza forms of
alef, ى/ي and Arabic-Indic digits make no difference.
"""

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db.models import Q, Value
from django.utils.text import smart_split, unescape_string_literal

from articles.models import normalized_speaker_name
from articles.text_match import MatchText


def search_words(search_term: str) -> list[str]:
    """The query's words ("quoted phrases" kept whole), normalised as names are."""
    words = []
    for word in smart_split(search_term):
        if word[0] in "\"'" and word[0] == word[-1] and len(word) > 1:
            word = unescape_string_literal(word)
        word = normalized_speaker_name(word)
        if word:
            words.append(word)
    return words


def text_match(field: str, word: str) -> Q:
    """``word`` occurs in ``field``, a column holding ``MatchText`` of some text."""
    return Q(**{f"{field}__contains": MatchText(Value(word))})


def name_match(field: str, word: str) -> Q:
    """``word`` occurs in ``field``, a column holding ``normalized_speaker_name`` values."""
    return Q(**{f"{field}__contains": word})


def arabic_search(model_admin, queryset, search_term, *, name_fields=()):
    """``get_search_results`` over names: (queryset, may_have_duplicates).

    ``name_fields``: lookups of columns holding ``normalized_speaker_name`` values
    (e.g. ``aliases__normalized_name``).
    """
    for word in search_words(search_term):
        condition = Q()
        for field in name_fields:
            condition |= name_match(field, word)
        queryset = queryset.filter(condition)
    may_have_duplicates = any(
        lookup_spawns_duplicates(model_admin.opts, field) for field in name_fields
    )
    return queryset, may_have_duplicates
