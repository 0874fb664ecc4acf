"""The admin's search box, Arabic-aware: spelling variants find the same rows.

Each word of the query must occur in one of the fields (Django's rule), compared after
the normalisation the API's search uses: ``normalize_arabic`` on the query and on the
stored ``normalized_name`` columns (written in Python by the importer), and for free
text such as a statement the SQL function ``articles_normalize_arabic`` plus the folds
it leaves to the ``arabic`` stemmer (hamza forms of alef, Arabic-Indic digits), applied
to both the column and the query. Free-text fields are matched by a sequential scan:
see ``ClaimAdmin`` for the cost measured.
"""

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db.models import Func, Q, TextField, Value
from django.utils.text import smart_split, unescape_string_literal

from articles.models import normalized_speaker_name
from articles.search import NormalizeArabic

# What normalize_arabic folds and articles_normalize_arabic leaves to the stemmer.
_FOLD_FROM = "أإآ" + "٠١٢٣٤٥٦٧٨٩" + "۰۱۲۳۴۵۶۷۸۹"
_FOLD_TO = "ااا" + "0123456789" + "0123456789"


class MatchText(Func):
    """SQL: the text as the admin's search compares it."""

    template = f"translate(%(expressions)s, '{_FOLD_FROM}', '{_FOLD_TO}')"
    output_field = TextField()

    def __init__(self, expression):
        super().__init__(NormalizeArabic(expression))


def search_words(search_term: str) -> list[str]:
    words = []
    for word in smart_split(search_term):
        if word.startswith(('"', "'")) and word[0] == word[-1]:
            word = unescape_string_literal(word)
        word = normalized_speaker_name(word)
        if word:
            words.append(word)
    return words


def arabic_search(model_admin, queryset, search_term, *, text_fields=(), name_fields=()):
    """``get_search_results`` for Arabic: returns (queryset, may_have_duplicates).

    ``text_fields``: free text, normalised in SQL; ``name_fields``: columns holding
    ``normalized_speaker_name`` of a name, matched as they are.
    """
    words = search_words(search_term)
    if not words:
        return queryset, False
    annotations = {f"_match_{n}": MatchText(field) for n, field in enumerate(text_fields)}
    queryset = queryset.alias(**annotations)
    for word in words:
        condition = Q()
        for alias in annotations:
            condition |= Q(**{f"{alias}__icontains": MatchText(Value(word))})
        for field in name_fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    may_have_duplicates = any(
        lookup_spawns_duplicates(model_admin.opts, field) for field in (*text_fields, *name_fields)
    )
    return queryset, may_have_duplicates
